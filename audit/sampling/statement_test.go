package sampling_test

import (
	"math"
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
	require.Equal(t, "No consultation was reviewed: nothing can be said about the period's consultations", none.Text("en"))
	require.Contains(t, none.Text("fr"), "Aucune consultation")
	require.Contains(t, none.Text("nl"), "geen enkele raadpleging")
}

func TestSummaryRefusesImpossibleInput(t *testing.T) {
	t.Parallel()
	_, err := sampling.Summary(5, 4, 0.95)
	require.ErrorIs(t, err, sampling.ErrInvalidArgument)
	_, err = sampling.Summary(0, 59, 1)
	require.ErrorIs(t, err, sampling.ErrInvalidArgument)
}
