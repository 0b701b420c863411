package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// statementHeight gives the conclusion, which wraps, room for a few lines:
// Excel does not grow a row to fit wrapped text it did not type itself.
const statementHeight = 48

// writeSummary writes the Summary sheet: the run's parameters and counts as
// label and value rows, ending with its conclusion. It is a form, not a
// table, so it has neither frozen header nor filter.
func writeSummary(f *excelize.File, st styles, rows []summaryRow) error {
	sw, err := f.NewStreamWriter(sheetSummary)
	if err != nil {
		return fmt.Errorf("report: summary: %w", err)
	}
	if err := sw.SetColWidth(1, 1, 32); err != nil {
		return fmt.Errorf("report: summary: %w", err)
	}
	if err := sw.SetColWidth(2, 2, 90); err != nil {
		return fmt.Errorf("report: summary: %w", err)
	}
	for i, r := range rows {
		var opts []excelize.RowOpts
		if _, ok := r.value.(paragraph); ok {
			opts = append(opts, excelize.RowOpts{Height: statementHeight})
		}
		row := []any{excelize.Cell{Value: Escape(r.label), StyleID: st.label}, st.cell(r.value)}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, row, opts...); err != nil {
			return fmt.Errorf("report: summary row %d: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("report: summary: %w", err)
	}
	return nil
}
