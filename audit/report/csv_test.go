package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCSV: the CSV starts with a byte order mark, ends lines with CRLF, has
// the Sample sheet's columns then the run's conclusion, escapes text,
// writes dates in ISO 8601 UTC and leaves missing ones empty.
func TestCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, testRun(), testItems(4), "nl"))
	body, ok := bytes.CutPrefix(buf.Bytes(), []byte(utf8BOM))
	require.True(t, ok, "starts with a BOM")
	require.True(t, bytes.HasSuffix(body, []byte("\r\n")), "CRLF line ends")

	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+4)
	header, hostile, unreviewed := records[0], records[1], records[2]
	require.Len(t, header, len(sampleColumns(testRun(), labelsNL))+1)
	require.Equal(t, "Rijksregisternummer (INSZ)", header[13])
	require.Equal(t, "Conclusie van de ronde", header[20])

	require.Equal(t, []string{"42", "7", "7007", "'=why", "2026-01-05T09:12:30Z",
		`'=HYPERLINK("http://evil.example","x")`, "3", "'+role", "'-inst", "'@SUM(A1)", "'\tTAB",
		"'\nCR", "T-1\uFFFDNUL\uFFFD", "85073100123", "'=finding", "'-flag, Hoog volume",
		"Niet gerechtvaardigd", "ok\nsecond line", "'@adviser", "2026-02-02T09:00:00Z", testRun().Statement}, hostile)
	require.Equal(t, "Willekeurige trekking", unreviewed[3])
	require.Empty(t, unreviewed[16], "no verdict yet")
	require.Empty(t, unreviewed[19], "not reviewed yet")
	for _, r := range records[1:] {
		for _, field := range r {
			require.False(t, strings.ContainsAny(field[:min(1, len(field))], "=+-@\t\r\n"), "%q", field)
		}
	}
}

// TestCSVStopsOnWriteError: a failing writer fails the export.
func TestCSVStopsOnWriteError(t *testing.T) {
	t.Parallel()
	err := WriteCSV(failingWriter{}, testRun(), testItems(10), "en")
	require.ErrorIs(t, err, errWrite)
}
