package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// envRequireAll is internal/browsertest's switch, set by scripts/test: a
// test that would skip for a missing program fails instead.
const envRequireAll = "CONTACTD_TEST_REQUIRE_ALL"

// allSheetsCSV asks LibreOffice (7.2 or later) for one UTF-8 CSV per sheet,
// FILE-SHEET.csv: comma, double quote, UTF-8 (76), from line 1, default
// column formats, cells as shown (token 9), and sheet -1 for all.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

// TestXLSXOpensInLibreOffice: a real spreadsheet program opens the
// workbook, and reads the same Summary and Sample that excelize wrote.
func TestXLSXOpensInLibreOffice(t *testing.T) {
	t.Parallel()
	office := findLibreOffice(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.xlsx")
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, testRun(), testItems(300), testAgents(), "fr"))
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o600))

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	// A profile of its own, so that parallel runs do not share a lock.
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "lo-profile")}
	out := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, office, "--headless", "--norestore",
		"-env:UserInstallation="+profile.String(), "--convert-to", allSheetsCSV, "--outdir", out, file)
	cmd.WaitDelay = 10 * time.Second
	output, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", output)

	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	for _, sheet := range []string{sheetSummary, sheetSample} {
		want, err := f.GetRows(sheet)
		require.NoError(t, err)
		got := readCSV(t, filepath.Join(out, "report-"+sheet+".csv"))
		require.Equal(t, want[0], got[0], "%s: first row", sheet)
		require.Equal(t, len(want), len(got), "%s: rows", sheet)
		for i := range want {
			require.Equal(t, want[i], got[i], "%s: row %d", sheet, i+1)
		}
	}
}

// findLibreOffice returns the LibreOffice program, or skips the test.
func findLibreOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(envRequireAll) != "" {
		t.Fatal("no libreoffice or soffice on PATH; ./scripts/test installs it (libreoffice-calc-nogui)")
	}
	t.Skip("no libreoffice or soffice on PATH; ./scripts/test installs it (libreoffice-calc-nogui)")
	return ""
}

// readCSV reads a CSV that LibreOffice wrote, each row without the empty
// cells that end it (excelize leaves them out).
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(utf8BOM))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	for i, row := range rows {
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		rows[i] = row
	}
	return rows
}
