// Package freetext is the one guard on what a person writes into contactd
// (O5; deliberation 16/046, §5): consulted personal data — career periods,
// salaries, pension amounts — are never written on a ticket or anywhere in
// the database, and a text never names another citizen than the one it is
// about. Every domain package that stores free text calls Check (or
// Numbers, for identity values) before it writes; the package imports
// nothing of the domain, so any of them may import it.
//
// The fields a person fills are marked on the input structs with the
// struct tag `freetext:"<field>"` (or `freetext:"-"` with the reason the
// field is not free text), so that a test can find them by reflection and
// a new field cannot escape the guard.
package freetext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Tag is the struct tag that registers a field a person fills: its value
// is the field's name as the API and the forms know it, or "-" for a
// string field that is not free text.
const Tag = "freetext"

// The codes of the guard's answers, stable keys that pages translate.
const (
	CodeEmpty          = "empty"
	CodeNotText        = "not_text"
	CodeTooLong        = "too_long"
	CodeOtherNumber    = "other_insz"
	CodeLooksConsulted = "looks_consulted"
)

// Error is the guard's answer. A refusal (Warning false) cannot be
// overridden; a warning says the text looks like consulted data, and the
// writer may rephrase, or confirm that it holds none and send it again.
type Error struct {
	Field   string
	Message string // in English, for the API and the logs
	Code    string
	Warning bool
}

func (e *Error) Error() string { return e.Field + ": " + e.Message }

// Free text is where consulted data leak (§5). These patterns catch what
// career and pension screens show — amounts with a currency, salary-like
// figures, words for pay, and runs of dates such as career periods — in
// the text as normalise folds it, in the four languages of the country.
var leakPatterns = []struct {
	re    *regexp.Regexp
	why   string
	money bool // what staff text may never hold either (Staff)
}{
	{regexp.MustCompile(`(?i)(€|\beur(?:os?)?)\s*\d|\d[\d .,]*\s*(€|\beur(?:os?)?\b)`), "an amount of money", true},
	{regexp.MustCompile(`\b\d{1,3}(?:[. ]\d{3})+(?:,\d{1,2})?\b|\b\d{4,},\d{2}\b|\b\d{3,}[.,]\d{2}\b`), "a salary-like figure", false},
	{regexp.MustCompile(`(?i)\b(salaire|traitement|rémunération|loon|salaris|wedde|bezoldiging|inkomen|salary|wages?|earnings|gehalt|lohn|einkommen|brut|bruto|réserve acquise|verworven reserve)\b`), "a word for pay or pension reserves", true},
	{periodPattern, "a period between two dates, like a career period", false},
	{regexp.MustCompile(`(?is)(` + dateLike + `).*(` + dateLike + `).*(` + dateLike + `)`), "a run of dates, like career periods", false},
}

// rangeWord joins the two dates of a period: 1985-03-24 tot 2003-11-23,
// du … au …, von … bis …, from … to ….
const rangeWord = `(?:-|/|tot(?: en met)?|t/m|tem|à|a|au|jusqu'au|jusqu’au|bis|to|till|until)`

// phoneNumber is a phone number — international (+32 470 12 34 56) or
// Belgian (02 345 67 89, 0470 12 34 56) — or an enterprise number
// (0403.170.701), whose groups would otherwise read as a figure with
// thousands.
var phoneNumber = regexp.MustCompile(`\+\d{1,3}(?:[ .]?\d){6,12}|\b0\d{1,3}(?:[ ./]\d{2,3}){2,4}\b|\b(?:BE ?)?0\d{3}[. ]\d{3}[. ]\d{3}\b`)

// dateLike is one date as people write it: 24/03/1985, 24.3.85,
// 1985-03-24, 1985/03/24, 24 maart 1985, 03.1985.
const dateLike = `\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b|\b\d{1,2}[./]\d{4}\b|` +
	`\b\d{1,2}\.? ?(?:` + monthNames + `)\.? \d{2,4}\b`

// monthNames are the months in French, Dutch, German and English, with
// their usual abbreviations.
const monthNames = `janv(?:ier)?|januari|januar|january|jan|févr(?:ier)?|fevr(?:ier)?|februari|februar|february|feb|mars|maart|märz|march|mar|avr(?:il)?|april|apr|mai|mei|may|juin|juni|june|jun|juil(?:let)?|juli|july|jul|août|aout|augustus|august|aug|sept(?:embre|ember)?|sep|oct(?:obre|ober)?|okt(?:ober)?|nov(?:embre|ember)?|déc(?:embre)?|dec(?:ember)?|dez(?:ember)?`

// Check guards prose a person writes: it must not be empty, must be text
// of at most limit characters, and must name no national number but own
// (the citizen the text is about; "" when it is about no citizen). Text
// that looks like consulted data is a warning unless confirmed is set: the
// writer said, after the warning, that it holds none.
func Check(field, text, own string, limit int, confirmed bool) error {
	if strings.TrimSpace(text) == "" {
		return &Error{Field: field, Message: "this field cannot be empty", Code: CodeEmpty}
	}
	if err := Numbers(field, text, own); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(text); n > limit {
		return &Error{Field: field, Message: fmt.Sprintf("the text is too long: %d characters, at most %d", n, limit), Code: CodeTooLong}
	}
	if confirmed {
		return nil
	}
	if why := LooksConsulted(text); why != "" {
		return &Error{Field: field, Code: CodeLooksConsulted, Warning: true, Message: "the text seems to contain " + why +
			". Consulted career or pension data must never be written down (deliberation 16/046, §5): rephrase, or confirm that it holds no consulted data"}
	}
	return nil
}

// Staff guards what staff write about staff — the reason for a change of
// access — which the access log keeps ten years and no form confirms: no
// national number at all, and no amount or word for pay, both refused
// outright. Dates and figures are not refused: "contract ended on
// 30/06/2026" is what such a reason says.
func Staff(field, text string, limit int) error {
	if err := Check(field, text, "", limit, true); err != nil {
		return err
	}
	why := looksConsulted(text, true)
	if why == "" && oldPeriod(normalise(text), time.Now().Year()) {
		why = "a period of years ago, like a career period"
	}
	if why != "" {
		return &Error{Field: field, Code: CodeLooksConsulted, Message: "the text seems to contain " + why +
			": a reason about staff holds no citizen's data (deliberation 16/046, §5)"}
	}
	return nil
}

// oldPeriod says whether text holds a period between two dates that began
// more than two years before thisYear: a contract's dates are recent, a
// career's are not.
func oldPeriod(text string, thisYear int) bool {
	for _, m := range periodPattern.FindAllString(text, -1) {
		for _, y := range fourDigitYear.FindAllString(m, -1) {
			if year, _ := strconv.Atoi(y); year < thisYear-2 {
				return true
			}
		}
	}
	return false
}

var (
	periodPattern = regexp.MustCompile(`(?is)(` + dateLike + `)\s*` + rangeWord + `\s*(` + dateLike + `)`)
	fourDigitYear = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)
)

// Numbers guards a value that is not prose but is still written by a
// person — a name, a place, an address: it must be text and name no
// national number but own. Such values are the citizen's identity, which a
// ticket holds (§4), not consulted data, so the warning does not apply.
func Numbers(field, text, own string) error {
	if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return &Error{Field: field, Message: "the text holds characters that are not text", Code: CodeNotText}
	}
	for _, n := range numbersIn(text) {
		if n.String() != own {
			return &Error{Field: field, Code: CodeOtherNumber,
				Message: "the text names another person's national number; write only about the citizen concerned, and never another's number"}
		}
	}
	return nil
}

// LooksConsulted says what in text looks like consulted data, or "".
func LooksConsulted(text string) string {
	return looksConsulted(text, false)
}

func looksConsulted(text string, moneyOnly bool) string {
	folded := phoneNumber.ReplaceAllString(normalise(text), " ")
	for _, p := range leakPatterns {
		if moneyOnly && !p.money {
			continue
		}
		if p.re.MatchString(folded) {
			return p.why
		}
	}
	return ""
}
