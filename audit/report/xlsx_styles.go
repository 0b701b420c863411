package report

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// dateTimeFormat shows dates the same way in every language: the adviser's
// Excel may be French, Dutch or English, and ISO order reads in all three.
const dateTimeFormat = "yyyy-mm-dd hh:mm:ss"

// styles are the cell styles of a workbook, registered once.
type styles struct {
	header, label, dateTime, percent, paragraph int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	format := dateTimeFormat
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		}},
		{&st.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.dateTime, excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&st.percent, excelize.Style{NumFmt: 10, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&st.paragraph, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return st, fmt.Errorf("report: style: %w", err)
		}
		*d.id = id
	}
	return st, nil
}

// cell turns a column's value into an XLSX cell: dates become real Excel
// dates (a number with a date style, in UTC), numbers stay numbers, and
// everything else is text that goes through Escape. A missing value is nil,
// which leaves the cell empty.
func (st styles) cell(v any) any {
	switch v := v.(type) {
	case string:
		return text(v)
	case paragraph:
		if v == "" {
			return nil
		}
		return excelize.Cell{Value: Escape(string(v)), StyleID: st.paragraph}
	case int, int64, float64:
		return v
	case percent:
		return excelize.Cell{Value: float64(v), StyleID: st.percent}
	case time.Time, *time.Time:
		if t, ok := utc(v); ok {
			return excelize.Cell{Value: t, StyleID: st.dateTime}
		}
		return nil
	}
	return text(fmt.Sprint(v))
}

// text is an escaped text cell, or nil for an empty one.
func text(s string) any {
	if s == "" {
		return nil
	}
	return Escape(s)
}
