package tickets

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"contactd/internal/insz"
)

// Limits of free text: a subject is a line, a note a few paragraphs.
const (
	maxSubject = 200
	maxNote    = 4000
)

// Free text is where consulted data leak into a ticket (O5, §5). These
// patterns catch what career and pension screens show: amounts with a
// currency, salary-like figures, and runs of dates such as career periods.
var leakPatterns = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)(€|\beur\b|\beuros?\b)\s*\d|\d[\d .,]*\s*(€|\beur\b|\beuros?\b)`), "an amount of money"},
	{regexp.MustCompile(`\b\d{1,3}(?:[. ]\d{3})+(?:,\d{1,2})?\b|\b\d{4,},\d{2}\b`), "a salary-like figure"},
	{regexp.MustCompile(`(?i)\b(salaire|loon|salary|gehalt|brut|bruto|rémunération|bezoldiging|réserve acquise|verworven reserve)\b`), "a word for pay or pension reserves"},
	{regexp.MustCompile(`(?s)(\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b).*(\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b)`), "a run of dates, like career periods"},
}

// checkFreeText guards what an agent writes on a ticket. It refuses text
// that names another citizen's national number than the ticket's own, and
// warns on text that looks like consulted data unless the agent confirmed
// it does not hold any.
func checkFreeText(field, text, own string, limit int, confirmed bool) error {
	if strings.TrimSpace(text) == "" {
		return &ValidationError{Field: field, Message: "this field cannot be empty", Code: "empty"}
	}
	if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return &ValidationError{Field: field, Message: "the text is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(text); n > limit {
		return &ValidationError{Field: field, Message: fmt.Sprintf("the text is too long: %d characters, at most %d", n, limit), Code: "too_long"}
	}
	for _, n := range insz.FindAll(text) {
		if n.String() != own {
			return &ValidationError{Field: field, Message: "the text names another person's national number; a ticket may only name its own citizen", Code: "other_insz"}
		}
	}
	if confirmed {
		return nil
	}
	for _, p := range leakPatterns {
		if p.re.MatchString(text) {
			return &WarningError{Field: field, Message: "the text seems to contain " + p.why +
				". Consulted career or pension data must never be written on a ticket (deliberation 16/046, §5): rephrase, or confirm that it holds no consulted data", Code: "looks_consulted"}
		}
	}
	return nil
}
