package report

import "time"

// column is one column of a sheet of Ts: its header, its width in Excel's
// character units, and the value it shows for a row. A value is a string,
// an int, an int64, a float64, a time.Time, a *time.Time (nil when there is
// none yet), a percent or a paragraph; cellValue and csvField turn it into
// a cell of each format, escaping every string on the way.
type column[T any] struct {
	header string
	width  float64
	value  func(T) any
}

// percent is a fraction shown as a percentage (0.95 as 95.00%).
type percent float64

// paragraph is text long enough to be wrapped inside its cell.
type paragraph string

// rowValues returns the values of v, one per column.
func rowValues[T any](cols []column[T], v T) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = c.value(v)
	}
	return out
}

// sampleColumns are the columns of the Sample sheet and of the CSV export:
// every item with its verdict. The run's number leads each row so that
// rows pasted together from several runs still say where they come from.
func sampleColumns(run Run, l labels) []column[Item] {
	return []column[Item]{
		{l.Run, 8, func(Item) any { return run.ID }},
		{l.Item, 10, func(it Item) any { return it.ID }},
		{l.Consultation, 14, func(it Item) any { return it.ConsultationID }},
		{l.Why, 20, func(it Item) any { return l.code(it.Why) }},
		{l.At, 20, func(it Item) any { return it.At }},
		{l.Agent, 24, func(it Item) any { return it.Agent }},
		{l.AgentID, 11, func(it Item) any { return it.AgentID }},
		{l.Role, 16, func(it Item) any { return it.Role }},
		{l.Institution, 14, func(it Item) any { return it.Institution }},
		{l.Kind, 18, func(it Item) any { return it.Kind }},
		{l.Reason, 30, func(it Item) any { return it.Reason }},
		{l.Outcome, 12, func(it Item) any { return it.Outcome }},
		{l.Ticket, 16, func(it Item) any { return it.TicketRef }},
		{l.INSZ, 16, func(it Item) any { return it.INSZ }},
		{l.Findings, 32, func(it Item) any { return l.codes(it.Findings) }},
		{l.Flags, 32, func(it Item) any { return l.codes(it.Flags) }},
		{l.Verdict, 18, func(it Item) any { return l.code(it.Verdict) }},
		{l.Comment, 40, func(it Item) any { return it.Comment }},
		{l.ReviewedBy, 20, func(it Item) any { return it.ReviewedBy }},
		{l.ReviewedAt, 20, func(it Item) any { return it.ReviewedAt }},
	}
}

// csvColumns are the Sample sheet's columns and, last, the run's
// conclusion: a CSV has no Summary sheet, and its rows must not travel
// without the statement they were reviewed for.
func csvColumns(run Run, l labels) []column[Item] {
	return append(sampleColumns(run, l), column[Item]{l.RunConclusion, 60, func(Item) any { return paragraph(run.Statement) }})
}

// occurrence is one hard rule an item breaks, or one risk it shows: a row
// of the Findings or the Risk flags sheet.
type occurrence struct {
	item Item
	code string
}

// occurrenceColumns are the columns of the Findings and Risk flags sheets,
// codeHeader naming the rule or the flag. They leave the national number
// out: the consultation's number leads to it in the Sample sheet, and a
// sheet of suspicions is better without it.
func occurrenceColumns(l labels, codeHeader string) []column[occurrence] {
	return []column[occurrence]{
		{l.Item, 10, func(o occurrence) any { return o.item.ID }},
		{l.Consultation, 14, func(o occurrence) any { return o.item.ConsultationID }},
		{l.At, 20, func(o occurrence) any { return o.item.At }},
		{l.Agent, 24, func(o occurrence) any { return o.item.Agent }},
		{l.AgentID, 11, func(o occurrence) any { return o.item.AgentID }},
		{codeHeader, 34, func(o occurrence) any { return l.code(o.code) }},
		{l.Verdict, 18, func(o occurrence) any { return l.code(o.item.Verdict) }},
		{l.Comment, 40, func(o occurrence) any { return o.item.Comment }},
	}
}

// agentColumns are the columns of the Per agent sheet.
func agentColumns(l labels) []column[AgentRow] {
	return []column[AgentRow]{
		{l.Agent, 24, func(a AgentRow) any { return a.Agent }},
		{l.AgentID, 11, func(a AgentRow) any { return a.AgentID }},
		{l.Consultations, 15, func(a AgentRow) any { return a.Consultations }},
		{l.Sampled, 12, func(a AgentRow) any { return a.Sampled }},
		{l.Findings, 14, func(a AgentRow) any { return a.Findings }},
		{l.Flagged, 12, func(a AgentRow) any { return a.Flagged }},
		{l.Unjustified, 14, func(a AgentRow) any { return a.Unjustified }},
	}
}

// summaryRow is one label/value row of the Summary sheet.
type summaryRow struct {
	label string
	value any
}

// summaryRows describe the run: what was sampled, how, and what it shows —
// the random sample the conclusion rests on, then the items chosen beside
// it, then every item, each counted from t.
func summaryRows(run Run, t tally, l labels) []summaryRow {
	return []summaryRow{
		{l.SamplingRun, run.ID},
		{l.Status, l.code(run.Status)},
		{l.PeriodStart, run.PeriodStart},
		{l.PeriodEnd, run.PeriodEnd},
		{l.Scope, run.Scope},
		{l.Seed, run.Seed},
		{l.Confidence, percent(run.Confidence)},
		{l.TolerableRate, percent(run.TolerableRate)},
		{l.Population, run.Population},
		{l.SampleSize, run.SampleSize},
		{l.RandomReviewed, t.random.reviewed},
		{l.RandomUnjustified, t.random.unjustified},
		{l.HitsReviewed, t.hits.reviewed},
		{l.HitsUnjustified, t.hits.unjustified},
		{l.FlaggedReviewed, t.flagged.reviewed},
		{l.FlaggedUnjustified, t.flagged.unjustified},
		{l.AllReviewed, run.Reviewed},
		{l.AllUnjustified, run.Unjustified},
		{l.CreatedAt, run.CreatedAt},
		{l.ClosedAt, run.ClosedAt},
		{l.Statement, paragraph(run.Statement)},
	}
}

// utc returns t in UTC, the zone every exported date is written in, and
// whether there is a date at all.
func utc(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return t.UTC(), !t.IsZero()
	}
	return time.Time{}, false
}
