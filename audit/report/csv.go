package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"
)

// utf8BOM starts the CSV file: without it Excel reads UTF-8 as the local
// code page and garbles accented names.
const utf8BOM = "\uFEFF"

// WriteCSV writes the Sample sheet of WriteXLSX as CSV (RFC 4180, CRLF line
// ends, UTF-8 with a byte order mark), each row ending with the run's
// conclusion, with headers in lang ("en", "fr" or "nl"; English otherwise)
// and dates in ISO 8601 UTC. Rows are written as
// items yields them, so any number of items takes little memory; items has
// no error of its own, so a caller whose query fails part-way must fail
// the export itself (e.g. abort the response).
func WriteCSV(w io.Writer, run Run, items iter.Seq[Item], lang string) error {
	cols := csvColumns(run, labelsFor(lang))
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	record := make([]string, len(cols))
	for i, c := range cols {
		record[i] = Escape(c.header)
	}
	if err := cw.Write(record); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	for it := range items {
		for i, c := range cols {
			record[i] = csvField(c.value(it))
		}
		if err := cw.Write(record); err != nil {
			return fmt.Errorf("report: write csv item %d: %w", it.ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	return nil
}

// csvField writes one value of a column as CSV text. Whatever is not a
// number or a date is text and goes through Escape.
func csvField(v any) string {
	switch v := v.(type) {
	case string:
		return Escape(v)
	case paragraph:
		return Escape(string(v))
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case percent:
		return strconv.FormatFloat(float64(v), 'f', -1, 64)
	case time.Time, *time.Time:
		if t, ok := utc(v); ok {
			return t.Format(time.RFC3339)
		}
		return ""
	}
	return Escape(fmt.Sprint(v))
}
