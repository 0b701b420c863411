package report

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// writeTestXLSX writes a report of n items and opens it again.
func writeTestXLSX(t *testing.T, n int, lang string) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, testRun(), testItems(n), testAgents(), lang))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f, buf.Bytes()
}

// TestXLSXEscapesText: every text cell a spreadsheet could run as a formula
// is stored with its leading quote, in every sheet, and what XML cannot
// carry is replaced.
func TestXLSXEscapesText(t *testing.T) {
	t.Parallel()
	f, _ := writeTestXLSX(t, 3, "en")
	want := map[string]map[string]string{
		sheetSummary: {"B5": `'=cmd|' /C calc'!A0`},
		sheetSample: {"D2": "'=why", "F2": `'=HYPERLINK("http://evil.example","x")`, "H2": "'+role",
			"I2": "'-inst", "J2": "'@SUM(A1)", "K2": "'\tTAB", "L2": "'\nCR", "M2": "T-1\uFFFDNUL\uFFFD",
			"N2": "85073100123", "O2": "'=finding", "P2": "'-flag, High volume", "Q2": "Not justified",
			"R2": "ok\nsecond line", "S2": "'@adviser"},
		sheetFindings: {"D2": `'=HYPERLINK("http://evil.example","x")`, "F2": "'=finding"},
		sheetFlags:    {"F2": "'-flag", "F3": "High volume"},
		sheetAgents:   {"A2": "'+Agent Plus", "A3": "Agent 1"},
	}
	for sheet, cells := range want {
		for ref, value := range cells {
			got, err := f.GetCellValue(sheet, ref)
			require.NoError(t, err)
			require.Equal(t, value, got, "%s!%s", sheet, ref)
		}
	}
}

// TestXLSXDates: dates are Excel date numbers with a date-time format, in
// UTC, not strings; numbers are numbers.
func TestXLSXDates(t *testing.T) {
	t.Parallel()
	f, _ := writeTestXLSX(t, 3, "en")
	dates := map[string]map[string]time.Time{
		sheetSummary:  {"B3": testRun().PeriodStart, "B20": *testRun().ClosedAt},
		sheetSample:   {"E2": hostileItem().At, "T2": *hostileItem().ReviewedAt},
		sheetFindings: {"C2": hostileItem().At},
	}
	for sheet, cells := range dates {
		for ref, when := range cells {
			requireDateCell(t, f, sheet, ref, when)
		}
	}
	raw, err := f.GetCellValue(sheetSample, "C2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Equal(t, "7007", raw)
	typ, err := f.GetCellType(sheetSample, "C2")
	require.NoError(t, err)
	require.NotEqual(t, excelize.CellTypeInlineString, typ)
}

func requireDateCell(t *testing.T, f *excelize.File, sheet, ref string, when time.Time) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	serial, err := strconv.ParseFloat(raw, 64)
	require.NoError(t, err, "%s!%s holds a number, not %q", sheet, ref, raw)
	back, err := excelize.ExcelDateToTime(serial, false)
	require.NoError(t, err)
	require.WithinDuration(t, when.UTC(), back, time.Second, "%s!%s in UTC", sheet, ref)

	id, err := f.GetCellStyle(sheet, ref)
	require.NoError(t, err)
	style, err := f.GetStyle(id)
	require.NoError(t, err)
	require.NotNil(t, style.CustomNumFmt, "%s!%s has a date format", sheet, ref)
	require.Equal(t, dateTimeFormat, *style.CustomNumFmt)

	shown, err := f.GetCellValue(sheet, ref)
	require.NoError(t, err)
	require.Equal(t, when.UTC().Format("2006-01-02 15:04:05"), shown)
}

// TestXLSXLayout: the sheets come in order, Summary first; each table has
// its header frozen, an autofilter over its rows and set column widths;
// Findings and Risk flags have one row per rule and per flag.
func TestXLSXLayout(t *testing.T) {
	t.Parallel()
	f, file := writeTestXLSX(t, 21, "en")
	require.Equal(t, []string{sheetSummary, sheetSample, sheetFindings, sheetFlags, sheetAgents}, f.GetSheetList())
	require.Equal(t, 0, f.GetActiveSheetIndex())

	rows := map[string]int{sheetSample: 21, sheetFindings: 1 + 2, sheetFlags: 2 + 2*4, sheetAgents: 2}
	firstWidth := map[string]float64{sheetSample: 8, sheetFindings: 10, sheetFlags: 10, sheetAgents: 24}
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for sheet, n := range rows {
		got, err := f.GetRows(sheet)
		require.NoError(t, err)
		require.Len(t, got, n+1, sheet)
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		require.True(t, panes.Freeze, sheet)
		require.Equal(t, 1, panes.YSplit, sheet)
		last, err := excelize.CoordinatesToCellName(len(got[0]), n+1, true)
		require.NoError(t, err)
		require.Equal(t, "'"+sheet+"'!$A$1:"+last, filters[sheet])
		width, err := f.GetColWidth(sheet, "A")
		require.NoError(t, err)
		require.Equal(t, firstWidth[sheet], width, sheet)
	}
	require.Equal(t, 4, strings.Count(worksheetXML(t, file), "<autoFilter ref="), "one filter per table")
	summary, err := f.GetRows(sheetSummary)
	require.NoError(t, err)
	require.Equal(t, []string{"Sampling run", "42"}, summary[0])
	require.Equal(t, []string{"Conclusion", testRun().Statement}, summary[len(summary)-1])
}

// worksheetXML returns the XML of all the workbook's sheets, concatenated.
func worksheetXML(t *testing.T, file []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	var all strings.Builder
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		require.NoError(t, err)
		_, err = io.Copy(&all, rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
	}
	return all.String()
}

// TestXLSXLanguages: headers and codes follow lang; an unknown language or
// a regional tag falls back as it should.
func TestXLSXLanguages(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string][]string{
		"fr-BE": {"Campagne", "Élément", "Consultation", "Motif de sélection"},
		"nl":    {"Ronde", "Item", "Raadpleging", "Reden van selectie"},
		"de":    {"Run", "Item", "Consultation", "Why sampled"},
	} {
		f, _ := writeTestXLSX(t, 2, lang)
		rows, err := f.GetRows(sheetSample)
		require.NoError(t, err)
		require.Equal(t, want, rows[0][:4], lang)
		require.True(t, slices.Contains(rows[0], labelsFor(lang).INSZ), lang)
	}
}

// TestXLSXEmpty: a run without items or agents still makes a workbook whose
// tables are a header row each.
func TestXLSXEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, Run{ID: 1}, testItems(0), nil, "en"))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	rows, err := f.GetRows(sheetSample)
	require.NoError(t, err)
	require.Len(t, rows, 1)
}
