package report

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/xuri/excelize/v2"
)

// The workbook's sheets, in order. Their names stay in English in every
// language (see labels).
const (
	sheetSummary  = "Summary"
	sheetSample   = "Sample"
	sheetFindings = "Findings"
	sheetFlags    = "Risk flags"
	sheetAgents   = "Per agent"
)

// WriteXLSX writes the run as an Excel workbook to w, with headers in lang
// ("en", "fr" or "nl"; English otherwise): Summary (the run, the random
// sample's counts and the chosen items' apart, and its conclusion), Sample
// (every item with its verdict), Findings (one row per hard rule broken),
// Risk flags (one row per flag) and Per agent (agents).
//
// Items is ranged over exactly once: the Sample, Findings and Risk flags
// sheets are streamed side by side, and the Summary written last from what
// they counted, so the caller's query runs once and all four sheets show
// the same items even while advisers keep recording verdicts. Every sheet
// is streamed through excelize's StreamWriter, which spills rows to
// temporary files, so memory does not grow with the number of items; the
// finished, compressed workbook is held in memory once, when it is written
// to w at the end.
//
// Nothing reaches w before items is exhausted. Items has no error of its
// own, so a caller whose query fails part-way must record that and refuse
// to send the result, e.g. through a w whose Write returns the error.
func WriteXLSX(w io.Writer, run Run, items iter.Seq[Item], agents []AgentRow, lang string) (err error) {
	l := labelsFor(lang)
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := addSheets(f); err != nil {
		return err
	}
	counted, err := writeItemSheets(f, st, run, items, l)
	if err != nil {
		return err
	}
	if err := writeSummary(f, st, summaryRows(run, counted, l)); err != nil {
		return err
	}
	if err := writeAgentSheet(f, st, agents, l); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: write xlsx: %w", err)
	}
	return nil
}

// addSheets names the new workbook's sheet Summary and adds the others
// after it, so that Summary is the one a spreadsheet opens on.
func addSheets(f *excelize.File) error {
	if err := f.SetSheetName(f.GetSheetName(0), sheetSummary); err != nil {
		return fmt.Errorf("report: sheets: %w", err)
	}
	for _, name := range []string{sheetSample, sheetFindings, sheetFlags, sheetAgents} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("report: sheet %s: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	return nil
}

// writeItemSheets streams Sample, Findings and Risk flags in one pass over
// items (see WriteXLSX), and counts the reviewed items for the Summary.
func writeItemSheets(f *excelize.File, st styles, run Run, items iter.Seq[Item], l labels) (tally, error) {
	var counted tally
	sampleCols := sampleColumns(run, l)
	findingCols := occurrenceColumns(l, l.Finding)
	flagCols := occurrenceColumns(l, l.Flag)
	sample, err := openTable(f, st, sheetSample, sampleCols)
	if err != nil {
		return counted, err
	}
	findings, err := openTable(f, st, sheetFindings, findingCols)
	if err != nil {
		return counted, err
	}
	flags, err := openTable(f, st, sheetFlags, flagCols)
	if err != nil {
		return counted, err
	}
	for it := range items {
		counted.add(it)
		if err := sample.add(rowValues(sampleCols, it)); err != nil {
			return counted, err
		}
		for _, code := range it.Findings {
			if err := findings.add(rowValues(findingCols, occurrence{it, code})); err != nil {
				return counted, err
			}
		}
		for _, code := range it.Flags {
			if err := flags.add(rowValues(flagCols, occurrence{it, code})); err != nil {
				return counted, err
			}
		}
	}
	return counted, errors.Join(sample.close(), findings.close(), flags.close())
}

// writeAgentSheet writes the Per agent sheet.
func writeAgentSheet(f *excelize.File, st styles, agents []AgentRow, l labels) error {
	cols := agentColumns(l)
	t, err := openTable(f, st, sheetAgents, cols)
	if err != nil {
		return err
	}
	for _, a := range agents {
		if err := t.add(rowValues(cols, a)); err != nil {
			return err
		}
	}
	return t.close()
}
