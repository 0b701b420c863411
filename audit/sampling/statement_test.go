package sampling_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

func TestSummaryStatesTheBound(t *testing.T) {
	t.Parallel()
	s, err := sampling.Summary(0, 59, 0.95)
	require.NoError(t, err)
	require.Equal(t, 0, s.Unjustified)
	require.Equal(t, 59, s.Reviewed)
	require.Equal(t, 0.95, s.Confidence)
	// 1 - 0.05^(1/59) = 0.0495076…: at 4.95% finding nothing in 59 still has
	// a 5.002% chance, so the honest two-decimal statement is 4.96%, not the
	// 4.95% often quoted.
	require.InDelta(t, 0.0495076, s.Upper, 1e-7)
	require.Equal(t, 4.96, s.UpperPercent)
}

func TestSummaryTextInEachLanguage(t *testing.T) {
	t.Parallel()
	s, err := sampling.Summary(0, 59, 0.95)
	require.NoError(t, err)
	english := "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified"
	for lang, want := range map[string]string{
		"en":    english,
		"fr":    "Consultations injustifiées\u00a0: 0 sur 59\u00a0; avec un niveau de confiance de 95\u00a0%, moins de 4,96\u00a0% des consultations de la période étaient injustifiées",
		"fr-BE": "Consultations injustifiées\u00a0: 0 sur 59\u00a0; avec un niveau de confiance de 95\u00a0%, moins de 4,96\u00a0% des consultations de la période étaient injustifiées",
		"nl":    "0 van 59 ongerechtvaardigd: met 95% betrouwbaarheid waren minder dan 4,96% van de raadplegingen van de periode ongerechtvaardigd",
		"NL_be": "0 van 59 ongerechtvaardigd: met 95% betrouwbaarheid waren minder dan 4,96% van de raadplegingen van de periode ongerechtvaardigd",
		"de":    english,
		"":      english,
	} {
		require.Equal(t, want, s.Text(lang), "language %q", lang)
	}
}

func TestSummaryTextKeepsDecimalsOfConfidence(t *testing.T) {
	t.Parallel()
	s, err := sampling.Summary(2, 200, 0.995)
	require.NoError(t, err)
	require.Contains(t, s.Text("en"), "with 99.5% confidence")
	require.Contains(t, s.Text("nl"), "met 99,5% betrouwbaarheid")
	require.Contains(t, s.Text("fr"), "confiance de 99,5\u00a0%")
}

func TestSummaryNeverUnderstatesTheBound(t *testing.T) {
	t.Parallel()
	for reviewed := 1; reviewed <= 300; reviewed += 7 {
		for unjustified := 0; unjustified < reviewed; unjustified += 1 + reviewed/10 {
			s, err := sampling.Summary(unjustified, reviewed, 0.95)
			require.NoError(t, err)
			require.Greater(t, s.UpperPercent, 100*s.Upper, "%d of %d", unjustified, reviewed)
			require.LessOrEqual(t, s.UpperPercent-100*s.Upper, 0.01+1e-12, "%d of %d: rounded by more than a hundredth", unjustified, reviewed)
			require.Equal(t, s.UpperPercent, math.Round(s.UpperPercent*100)/100, "two decimals")
		}
	}
}

func TestSummaryWithoutABound(t *testing.T) {
	t.Parallel()
	all, err := sampling.Summary(3, 3, 0.95)
	require.NoError(t, err)
	require.Equal(t, 1.0, all.Upper)
	require.Equal(t, 100.0, all.UpperPercent)
	require.Equal(t, "3 of 3 unjustified: the sample sets no bound below 100% on the period's unjustified consultations", all.Text("en"))
	require.Contains(t, all.Text("fr"), "3 sur 3")
	require.Contains(t, all.Text("nl"), "3 van 3 ongerechtvaardigd: de steekproef geeft geen bovengrens")

	none, err := sampling.Summary(0, 0, 0.95)
	require.NoError(t, err)
	require.Equal(t, "No consultation of the random sample was reviewed: nothing can be said about the period's consultations", none.Text("en"))
	require.Contains(t, none.Text("fr"), "Aucune consultation de l'échantillon aléatoire")
	require.Contains(t, none.Text("nl"), "geen enkele raadpleging uit de willekeurige steekproef")
}

// TestSummaryTextReportsChosenItemsBeside: hard-rule hits and flagged items
// are counted after the conclusion, in every language, and change neither
// its "x of n" nor its bound.
func TestSummaryTextReportsChosenItemsBeside(t *testing.T) {
	t.Parallel()
	s, err := sampling.Summary(0, 59, 0.95)
	require.NoError(t, err)
	s.HardRuleHits = sampling.Tally{Reviewed: 2, Unjustified: 2}
	s.Flagged = sampling.Tally{Reviewed: 6, Unjustified: 1}
	require.Equal(t, 4.96, s.UpperPercent)
	for lang, want := range map[string]string{
		"en": "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified. " +
			"Outside the random sample and not counted in it, hard-rule hits reviewed: 2, of which unjustified: 2; flagged items reviewed: 6, of which unjustified: 1",
		"fr": "Consultations injustifiées\u00a0: 0 sur 59\u00a0; avec un niveau de confiance de 95\u00a0%, moins de 4,96\u00a0% des consultations de la période étaient injustifiées. " +
			"Hors de l'échantillon aléatoire et sans y être comptées, infractions aux règles strictes examinées\u00a0: 2, dont injustifiées\u00a0: 2\u00a0; " +
			"consultations signalées examinées\u00a0: 6, dont injustifiées\u00a0: 1",
		"nl": "0 van 59 ongerechtvaardigd: met 95% betrouwbaarheid waren minder dan 4,96% van de raadplegingen van de periode ongerechtvaardigd. " +
			"Buiten de willekeurige steekproef en niet erin meegeteld, beoordeelde overtredingen van harde regels: 2, waarvan ongerechtvaardigd: 2; " +
			"beoordeelde gesignaleerde raadplegingen: 6, waarvan ongerechtvaardigd: 1",
	} {
		require.Equal(t, want, s.Text(lang), "language %q", lang)
	}

	s.HardRuleHits = sampling.Tally{}
	require.True(t, strings.HasSuffix(s.Text("en"), "were unjustified. Outside the random sample and not counted in it, flagged items reviewed: 6, of which unjustified: 1"),
		"a kind none of which was reviewed is left out: %s", s.Text("en"))

	chosenOnly, err := sampling.Summary(0, 0, 0.95)
	require.NoError(t, err)
	chosenOnly.Flagged = sampling.Tally{Reviewed: 3, Unjustified: 1}
	require.Equal(t, "No consultation of the random sample was reviewed: nothing can be said about the period's consultations. "+
		"Outside the random sample and not counted in it, flagged items reviewed: 3, of which unjustified: 1", chosenOnly.Text("en"))
}

// TestTallyCounts: a tally counts every final verdict and the unjustified
// among them.
func TestTallyCounts(t *testing.T) {
	t.Parallel()
	var tally sampling.Tally
	tally.Count(false)
	tally.Count(true)
	tally.Count(false)
	require.Equal(t, sampling.Tally{Reviewed: 3, Unjustified: 1}, tally)
}

func TestSummaryRefusesImpossibleInput(t *testing.T) {
	t.Parallel()
	_, err := sampling.Summary(5, 4, 0.95)
	require.ErrorIs(t, err, sampling.ErrInvalidArgument)
	_, err = sampling.Summary(0, 59, 1)
	require.ErrorIs(t, err, sampling.ErrInvalidArgument)
}
