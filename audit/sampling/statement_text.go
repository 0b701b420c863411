package sampling

import (
	"fmt"
	"strconv"
	"strings"
)

// nbsp keeps French numbers attached to their "%" and ":" as French
// typography requires, so a line break never strands them.
const nbsp = "\u00a0"

// statementTexts holds, per language, the three ways a statement can read:
// a bound, no bound at all (every reviewed item unjustified), nothing
// reviewed. The verbs are fixed, never inflected by count, so one template
// serves every number.
var statementTexts = map[string]struct{ bound, noBound, empty string }{
	"en": {
		bound:   "%d of %d unjustified: with %s%% confidence fewer than %s%% of the period's consultations were unjustified",
		noBound: "%d of %d unjustified: the sample sets no bound below 100%% on the period's unjustified consultations",
		empty:   "No consultation was reviewed: nothing can be said about the period's consultations",
	},
	"fr": {
		bound:   "Consultations injustifiées" + nbsp + ": %d sur %d" + nbsp + "; avec un niveau de confiance de %s" + nbsp + "%%, moins de %s" + nbsp + "%% des consultations de la période étaient injustifiées",
		noBound: "Consultations injustifiées" + nbsp + ": %d sur %d" + nbsp + "; l'échantillon ne permet aucune borne inférieure à 100" + nbsp + "%% pour les consultations injustifiées de la période",
		empty:   "Aucune consultation n'a été contrôlée" + nbsp + ": rien ne peut être affirmé sur les consultations de la période",
	},
	"nl": {
		bound:   "%d van %d ongerechtvaardigd: met %s%% betrouwbaarheid waren minder dan %s%% van de raadplegingen van de periode ongerechtvaardigd",
		noBound: "%d van %d ongerechtvaardigd: de steekproef geeft geen bovengrens onder 100%% voor de ongerechtvaardigde raadplegingen van de periode",
		empty:   "Er werd geen enkele raadpleging gecontroleerd: over de raadplegingen van de periode kan niets worden gezegd",
	},
}

// Text renders the statement in lang ("en", "fr", "nl"; a region such as
// "fr-BE" is accepted), falling back to English for any other language, so
// that a report is never left without its conclusion.
func (s Statement) Text(lang string) string {
	lang = baseLanguage(lang)
	texts, ok := statementTexts[lang]
	if !ok {
		lang, texts = "en", statementTexts["en"]
	}
	switch {
	case s.Reviewed == 0:
		return texts.empty
	case s.Unjustified >= s.Reviewed:
		return fmt.Sprintf(texts.noBound, s.Unjustified, s.Reviewed)
	}
	confidence := formatNumber(confidencePercent(s.Confidence), -1, lang)
	upper := formatNumber(s.UpperPercent, 2, lang)
	return fmt.Sprintf(texts.bound, s.Unjustified, s.Reviewed, confidence, upper)
}

// baseLanguage reduces a tag such as "nl-BE" or "fr_BE" to "nl" or "fr".
func baseLanguage(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// formatNumber prints v with the given decimals (-1: as few as needed), with
// the decimal comma French and Dutch use.
func formatNumber(v float64, decimals int, lang string) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
