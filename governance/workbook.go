package governance

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"contactd/audit"
	"contactd/audit/report"
)

// WriteXLSX writes the report as a workbook of five sheets — roles, grants
// ending soon, inactive users, retention, audit chain — with the headers
// and sheet names t translates (every string is in the page's catalogue,
// under the keys named here). Text goes through report.Escape, so that a
// user's display name can never run as a formula; dates are real dates in
// Brussels time.
func WriteXLSX(w io.Writer, r Report, t func(key string) string) (err error) {
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	if err != nil {
		return err
	}
	format := "yyyy-mm-dd hh:mm"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	sheets := []struct {
		name string
		head []string
		rows [][]any
	}{
		{"gov.tab.roles", []string{"gov.institution", "gov.role", "gov.users"}, roleRows(r, t)},
		{"gov.tab.ending", []string{"gov.user", "gov.role", "gov.institution", "gov.ends_at"}, endingRows(r, t)},
		{"gov.tab.inactive", []string{"gov.user", "gov.institution", "gov.last_sign_in", "gov.invited_at"}, inactiveRows(r)},
		{"gov.tab.retention", []string{"gov.category", "gov.period", "gov.applies"}, retentionRows(r, t)},
		{"gov.tab.audit", []string{"gov.log", "gov.verified_at", "gov.outcome", "gov.entries", "gov.seals", "gov.checkpoints",
			"gov.checkpoint", "gov.checkpoint_signed", "gov.witnessed_size", "gov.witnessed_at", "gov.lag", "gov.problem"}, auditRows(r, t)},
	}
	for i, sh := range sheets {
		name := sheetName(t(sh.name))
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("governance: sheet: %w", err)
		}
		head := make([]any, len(sh.head))
		for j, k := range sh.head {
			head[j] = t(k)
		}
		if err := writeRow(f, name, 1, head, header, date); err != nil {
			return err
		}
		for j, row := range sh.rows {
			if err := writeRow(f, name, j+2, row, 0, date); err != nil {
				return err
			}
		}
		_ = f.SetColWidth(name, "A", "I", 22)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("governance: write xlsx: %w", err)
	}
	return nil
}

// writeRow writes one row: text escaped, times as dates in Brussels time,
// numbers as numbers, nil as an empty cell.
func writeRow(f *excelize.File, sheet string, row int, values []any, style, date int) error {
	for i, v := range values {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		switch x := v.(type) {
		case nil:
			continue
		case string:
			v = report.Escape(x)
		case time.Time:
			v = excelTime(x)
			if err := f.SetCellStyle(sheet, cell, cell, date); err != nil {
				return err
			}
		}
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			return fmt.Errorf("governance: cell %s: %w", cell, err)
		}
		if style != 0 {
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

// excelTime is t on the Brussels wall clock, as a zone-less time: Excel
// dates have no zone, and the reader is in Belgium.
func excelTime(t time.Time) time.Time {
	b := t.In(audit.Brussels)
	return time.Date(b.Year(), b.Month(), b.Day(), b.Hour(), b.Minute(), b.Second(), 0, time.UTC)
}

// sheetName fits a translated name in Excel's rules: at most 31
// characters, none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

func roleRows(r Report, t func(string) string) [][]any {
	var rows [][]any
	for _, c := range r.Roles {
		rows = append(rows, []any{c.Institution, t("role." + string(c.Role)), c.Users})
	}
	return rows
}

func endingRows(r Report, t func(string) string) [][]any {
	var rows [][]any
	for _, g := range r.EndingGrants {
		rows = append(rows, []any{g.User, t("role." + string(g.Role)), g.Institution, g.EndsAt})
	}
	return rows
}

func inactiveRows(r Report) [][]any {
	var rows [][]any
	for _, u := range r.Inactive {
		var last any
		if u.LastSignInAt != nil {
			last = *u.LastSignInAt
		}
		rows = append(rows, []any{u.User, strings.Join(u.Institutions, ", "), last, u.InvitedAt})
	}
	return rows
}

func retentionRows(r Report, t func(string) string) [][]any {
	var rows [][]any
	for _, rule := range r.Retention {
		rows = append(rows, []any{t("gov.retention." + rule.Category), rule.Period, t("gov.retention." + rule.Category + ".applies")})
	}
	if run := r.LastRetention; run != nil {
		rows = append(rows, nil, []any{t("gov.last_run"), run.StartedAt})
		for _, c := range []struct {
			key string
			n   int64
		}{{"gov.retention.tickets", run.TicketsErased}, {"gov.retention.quarantine", run.QuarantineDeleted},
			{"gov.retention.sessions", run.SessionsDeleted}, {"gov.retention.access_log", run.AccessLogRemoved},
			{"gov.retention.consultations", run.ConsultationsRemoved}} {
			rows = append(rows, []any{t(c.key), c.n})
		}
	}
	return rows
}

func auditRows(r Report, t func(string) string) [][]any {
	var rows [][]any
	for _, v := range r.Verifications {
		outcome := t("gov.verified_ok")
		if !v.OK {
			outcome = t("gov.verified_failed")
		}
		var cp, cpAt any
		if v.CheckpointID != nil {
			cp, cpAt = *v.CheckpointID, *v.CheckpointAt
		}
		var witnessedAt, lag any
		if v.WitnessedAt != nil {
			witnessedAt = *v.WitnessedAt
		}
		if k := v.LagKind(); k != "" {
			lag = t("gov.lag." + k)
		}
		rows = append(rows, []any{t("gov.log." + string(v.Log)), v.VerifiedAt, outcome, v.Entries, v.Seals, v.Checkpoints, cp, cpAt,
			v.WitnessedSize, witnessedAt, lag, v.Problem})
	}
	return rows
}
