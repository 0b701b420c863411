package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// reviewedRun is a closed run whose 59 random items were all justified,
// with 2 hard-rule hits and 6 flagged items reviewed beside them, one of
// each unjustified, and its conclusion as the caller words it.
func reviewedRun() (Run, []Item) {
	var items []Item
	add := func(why string, n int, verdict func(i int) string) {
		for i := range n {
			items = append(items, Item{ID: int64(len(items) + 1), ConsultationID: int64(9000 + len(items)), Why: why, Verdict: verdict(i)})
		}
	}
	firstUnjustified := func(i int) string {
		if i == 0 {
			return "not_justified"
		}
		return "justified"
	}
	add("random", 59, func(int) string { return "justified" })
	add("hard_rule", 2, firstUnjustified)
	add("flagged", 6, firstUnjustified)
	run := testRun()
	run.Statement = "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified. " +
		"Outside the random sample and not counted in it, hard-rule hits reviewed: 2, of which unjustified: 1; flagged items reviewed: 6, of which unjustified: 1"
	run.Reviewed, run.Unjustified = 67, 2
	return run, items
}

// TestSummaryCountsTheRandomSampleApart: the Summary counts the random
// sample its conclusion rests on apart from the hard-rule hits and the
// flagged items chosen beside it, then every item, and ends with the
// conclusion.
func TestSummaryCountsTheRandomSampleApart(t *testing.T) {
	t.Parallel()
	run, items := reviewedRun()
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, run, slices.Values(items), nil, "en"))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	rows, err := f.GetRows(sheetSummary)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]] = r[1]
	}
	for label, want := range map[string]string{
		"Sample size":             "59",
		"Random sample: reviewed": "59", "Random sample: unjustified": "0",
		"Hard-rule hits outside the sample: reviewed": "2", "Hard-rule hits outside the sample: unjustified": "1",
		"Flagged items outside the sample: reviewed": "6", "Flagged items outside the sample: unjustified": "1",
		"All items: reviewed": "67", "All items: unjustified": "2",
		"Conclusion": run.Statement,
	} {
		require.Equal(t, want, got[label], label)
	}
	require.Equal(t, "Conclusion", rows[len(rows)-1][0], "the conclusion comes last")
}

// TestCSVCarriesTheConclusion: every row of the CSV ends with the run's
// conclusion, so that the sample never travels without it.
func TestCSVCarriesTheConclusion(t *testing.T) {
	t.Parallel()
	run, items := reviewedRun()
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, run, slices.Values(items), "fr"))
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(utf8BOM)))).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+len(items))
	require.Equal(t, "Conclusion de la campagne", records[0][len(records[0])-1])
	for _, r := range records[1:] {
		require.Equal(t, run.Statement, r[len(r)-1])
	}
}
