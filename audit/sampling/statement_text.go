package sampling

import (
	"fmt"
	"strconv"
	"strings"
)

// nbsp keeps French numbers attached to their "%" and ":" as French
// typography requires, so a line break never strands them.
const nbsp = "\u00a0"

// statementText is one language's wording of a statement: the conclusion
// drawn from the random sample — a bound, no bound at all (every reviewed
// item unjustified), nothing reviewed — then what the chosen items showed
// beside it. The verbs are fixed, never inflected by count, so one template
// serves every number.
type statementText struct {
	bound, noBound, empty string
	// beside leads the chosen items' counts, which hits and flagged word,
	// joined by and.
	beside, hits, flagged, and string
}

var statementTexts = map[string]statementText{
	"en": {
		bound:   "%d of %d unjustified: with %s%% confidence fewer than %s%% of the period's consultations were unjustified",
		noBound: "%d of %d unjustified: the sample sets no bound below 100%% on the period's unjustified consultations",
		empty:   "No consultation of the random sample was reviewed: nothing can be said about the period's consultations",
		beside:  ". Outside the random sample and not counted in it, ",
		hits:    "hard-rule hits reviewed: %d, of which unjustified: %d",
		flagged: "flagged items reviewed: %d, of which unjustified: %d",
		and:     "; ",
	},
	"fr": {
		bound:   "Consultations injustifiées" + nbsp + ": %d sur %d" + nbsp + "; avec un niveau de confiance de %s" + nbsp + "%%, moins de %s" + nbsp + "%% des consultations de la période étaient injustifiées",
		noBound: "Consultations injustifiées" + nbsp + ": %d sur %d" + nbsp + "; l'échantillon ne permet aucune borne inférieure à 100" + nbsp + "%% pour les consultations injustifiées de la période",
		empty:   "Aucune consultation de l'échantillon aléatoire n'a été contrôlée" + nbsp + ": rien ne peut être affirmé sur les consultations de la période",
		beside:  ". Hors de l'échantillon aléatoire et sans y être comptées, ",
		hits:    "infractions aux règles strictes examinées" + nbsp + ": %d, dont injustifiées" + nbsp + ": %d",
		flagged: "consultations signalées examinées" + nbsp + ": %d, dont injustifiées" + nbsp + ": %d",
		and:     nbsp + "; ",
	},
	"nl": {
		bound:   "%d van %d ongerechtvaardigd: met %s%% betrouwbaarheid waren minder dan %s%% van de raadplegingen van de periode ongerechtvaardigd",
		noBound: "%d van %d ongerechtvaardigd: de steekproef geeft geen bovengrens onder 100%% voor de ongerechtvaardigde raadplegingen van de periode",
		empty:   "Er werd geen enkele raadpleging uit de willekeurige steekproef gecontroleerd: over de raadplegingen van de periode kan niets worden gezegd",
		beside:  ". Buiten de willekeurige steekproef en niet erin meegeteld, ",
		hits:    "beoordeelde overtredingen van harde regels: %d, waarvan ongerechtvaardigd: %d",
		flagged: "beoordeelde gesignaleerde raadplegingen: %d, waarvan ongerechtvaardigd: %d",
		and:     "; ",
	},
}

// Text renders the statement in lang ("en", "fr", "nl"; a region such as
// "fr-BE" is accepted), falling back to English for any other language, so
// that a report is never left without its conclusion. The chosen items
// follow the conclusion, each kind only when some were reviewed.
func (s Statement) Text(lang string) string {
	lang = baseLanguage(lang)
	texts, ok := statementTexts[lang]
	if !ok {
		lang, texts = "en", statementTexts["en"]
	}
	return s.conclusion(texts, lang) + s.beside(texts)
}

// conclusion is what the random sample says about the period.
func (s Statement) conclusion(texts statementText, lang string) string {
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

// beside is what the chosen items showed, or nothing when none was
// reviewed.
func (s Statement) beside(texts statementText) string {
	var parts []string
	if t := s.HardRuleHits; t.Reviewed > 0 {
		parts = append(parts, fmt.Sprintf(texts.hits, t.Reviewed, t.Unjustified))
	}
	if t := s.Flagged; t.Reviewed > 0 {
		parts = append(parts, fmt.Sprintf(texts.flagged, t.Reviewed, t.Unjustified))
	}
	if len(parts) == 0 {
		return ""
	}
	return texts.beside + strings.Join(parts, texts.and)
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
