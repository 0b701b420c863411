package report

import "strings"

// labels are the words a report is written in: column headers, the
// Summary sheet's row labels, and the codes of the sampling run (why an
// item is in the sample, verdicts, statuses, hard rules and risk flags).
// Sheet names stay in English whatever the language, so that links and
// macros that name a sheet work on every adviser's export.
type labels struct {
	// Columns of the Sample, Findings and Risk flags sheets.
	Run, Item, Consultation, Why, At, Agent, AgentID, Role, Institution string
	Kind, Reason, Outcome, Ticket, INSZ, Findings, Flags, Finding, Flag string
	Verdict, Comment, ReviewedBy, ReviewedAt                            string

	// Columns of the Per agent sheet not named above.
	Consultations, Sampled, Flagged, Unjustified string

	// Rows of the Summary sheet not named above. Random… count the random
	// sample the conclusion rests on, Hits… and Flagged… the items chosen
	// beside it, All… every item whatever why it is in the run.
	SamplingRun, Status, PeriodStart, PeriodEnd, Scope, Seed, Confidence  string
	TolerableRate, Population, SampleSize, CreatedAt, ClosedAt, Statement string
	RandomReviewed, RandomUnjustified, HitsReviewed, HitsUnjustified      string
	FlaggedReviewed, FlaggedUnjustified, AllReviewed, AllUnjustified      string

	// RunConclusion heads the CSV's last column: the run's conclusion,
	// repeated on each row, since a CSV has no Summary sheet.
	RunConclusion string

	// Codes maps the run's codes to words; a code it lacks is shown as is.
	Codes map[string]string
}

// labelsFor returns the labels of lang ("en", "fr" or "nl", as in an
// Accept-Language tag such as "fr-BE"), English for any other.
func labelsFor(lang string) labels {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "fr":
		return labelsFR
	case "nl":
		return labelsNL
	}
	return labelsEN
}

// code returns the words for a code of the run.
func (l labels) code(c string) string {
	if w, ok := l.Codes[c]; ok {
		return w
	}
	return c
}

// codes returns the words for a list of codes, in one cell.
func (l labels) codes(cs []string) string {
	words := make([]string, len(cs))
	for i, c := range cs {
		words[i] = l.code(c)
	}
	return strings.Join(words, ", ")
}
