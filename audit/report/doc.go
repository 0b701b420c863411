// Package report exports a sampling run (O12, §15) for the security adviser:
// an XLSX workbook with the run, the sample with its verdicts, the automatic
// findings, the risk flags and a per-agent view, or the sample alone as CSV,
// each row carrying the run's conclusion. Like the conclusion, the Summary
// counts the random sample apart from the items chosen beside it (§16):
// only the random sample speaks for the period.
//
// It carries only what the run holds: the metadata of each consultation
// (who consulted which national number, when and why), never the data that
// was shown. Every text cell goes through Escape, so a value typed by an
// agent or a citizen cannot become a formula in the adviser's spreadsheet.
package report
