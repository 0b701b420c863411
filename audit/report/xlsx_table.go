package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// table streams one sheet laid out as a table: a header row that stays in
// view when scrolling and carries an autofilter, then one row per value.
// It keeps no rows in memory; excelize spills them to a temporary file.
type table struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	st    styles
	sheet string
	cols  int
	rows  int // data rows written, the header not counted
}

// frozenHeader keeps row 1 in view.
var frozenHeader = excelize.Panes{
	Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
}

// openTable starts sheet with the headers and widths of cols. Widths and
// panes must be set before the first row: a stream cannot go back.
func openTable[T any](f *excelize.File, st styles, sheet string, cols []column[T]) (*table, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("report: sheet %s: %w", sheet, err)
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("report: sheet %s: %w", sheet, err)
		}
	}
	if err := sw.SetPanes(&frozenHeader); err != nil {
		return nil, fmt.Errorf("report: sheet %s: %w", sheet, err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{Value: Escape(c.header), StyleID: st.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("report: sheet %s: %w", sheet, err)
	}
	return &table{f: f, sw: sw, st: st, sheet: sheet, cols: len(cols)}, nil
}

// add writes one row of column values (see column), as cells.
func (t *table) add(values []any) error {
	for i, v := range values {
		values[i] = t.st.cell(v)
	}
	t.rows++
	ref, err := excelize.CoordinatesToCellName(1, t.rows+1)
	if err == nil {
		err = t.sw.SetRow(ref, values)
	}
	if err != nil {
		return fmt.Errorf("report: sheet %s row %d: %w", t.sheet, t.rows+1, err)
	}
	return nil
}

// close puts the autofilter on the table's range and ends the sheet. The
// filter goes first: once flushed, the sheet can no longer be changed.
func (t *table) close() error {
	last, err := excelize.CoordinatesToCellName(t.cols, t.rows+1)
	if err == nil {
		err = t.f.AutoFilter(t.sheet, "A1:"+last, nil)
	}
	if err == nil {
		err = t.sw.Flush()
	}
	if err != nil {
		return fmt.Errorf("report: sheet %s: %w", t.sheet, err)
	}
	return nil
}
