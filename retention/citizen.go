package retention

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/insz"
)

// CitizenResult is what a citizen's request changed: how many tickets,
// which, and what the law keeps.
type CitizenResult struct {
	Tickets  int      `json:"tickets"`
	Refs     []string `json:"refs"`
	Fields   []string `json:"fields,omitempty"`
	LogsKept string   `json:"logs_kept"`
}

// maxReason bounds the reason an admin gives; it goes to the access log.
const maxReason = 500

// EraseCitizen erases, at the citizen's request (GDPR art. 17), the
// identity and free text of every closed ticket of one national number,
// within the rules of a retention run. It refuses while any ticket of the
// citizen is open: the request is still being handled. The access and
// consultation logs are kept by law and say so. Admin only; one
// transaction with its access-log entry; a refusal is logged too.
func (s *Service) EraseCitizen(ctx context.Context, nationalNumber, reason string) (CitizenResult, error) {
	var out CitizenResult
	n, reason, err := checkRequest(ctx, nationalNumber, reason)
	if err == nil {
		err = s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			rows, err := citizenTickets(ctx, tx, n)
			if err != nil {
				return err
			}
			var open []string
			for _, t := range rows {
				if t.Status != "closed" {
					open = append(open, t.Ref)
				}
			}
			if len(open) > 0 {
				return &OpenTicketsError{Refs: open}
			}
			out = result(rows, nil)
			if len(rows) > 0 {
				if err := eraseTickets(ctx, tx, rows, s.now(), WhyCitizen); err != nil {
					return err
				}
			}
			return audit.Record(ctx, tx, audit.Entry{Action: "citizen_erase", Citizen: n,
				Detail: fmt.Sprintf("tickets=%d; reason: %s; logs kept by law", len(rows), reason)})
		})
	}
	return out, s.refusal(ctx, "citizen_erase", n, err)
}

// Rectification holds the identity fields an admin corrects; nil fields
// stay as they are.
//
// Each field an admin writes carries the free-text guard's tag; they are
// the citizen's identity, guarded against national numbers (freetext.Numbers).
type Rectification struct {
	LastName   *string `json:"last_name,omitempty" freetext:"last_name"`
	FirstName  *string `json:"first_name,omitempty" freetext:"first_name"`
	Sex        *string `json:"sex,omitempty" freetext:"sex"`
	BirthDate  *string `json:"birth_date,omitempty" freetext:"birth_date"`
	BirthPlace *string `json:"birth_place,omitempty" freetext:"birth_place"`
	Address    *string `json:"address,omitempty" freetext:"address"`
}

// RectifyCitizen corrects, at the citizen's request (GDPR art. 16), the
// identity held on every ticket of one national number that was not
// erased. The access log records which fields changed, not their values.
// Admin only; one transaction with its access-log entry.
func (s *Service) RectifyCitizen(ctx context.Context, nationalNumber string, fields Rectification, reason string) (CitizenResult, error) {
	var out CitizenResult
	n, reason, err := checkRequest(ctx, nationalNumber, reason)
	var sets []change
	if err == nil {
		sets, err = fields.changes()
	}
	if err == nil {
		err = s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			rows, err := citizenTickets(ctx, tx, n)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				return ErrNoTickets
			}
			q := tx.NewUpdate().Table("tickets").Where("insz = ? AND erased_at IS NULL", n)
			var names []string
			for _, c := range sets {
				q = q.Set("? = ?", bun.Ident(c.column), c.value)
				names = append(names, c.column)
			}
			if _, err := q.Exec(ctx); err != nil {
				return err
			}
			out = result(rows, names)
			return audit.Record(ctx, tx, audit.Entry{Action: "citizen_rectify", Citizen: n,
				Detail: fmt.Sprintf("tickets=%d fields=%s; reason: %s", len(rows), strings.Join(names, ","), reason)})
		})
	}
	return out, s.refusal(ctx, "citizen_rectify", n, err)
}

// checkRequest checks who asks, the national number and the reason.
func checkRequest(ctx context.Context, nationalNumber, reason string) (string, string, error) {
	if a, ok := audit.ActorFrom(ctx); !ok || a.Role != audit.RoleAdmin {
		return "", "", ErrForbidden
	}
	n, err := insz.Parse(nationalNumber)
	if err != nil {
		return "", "", &ValidationError{Field: "insz", Message: err.Error()}
	}
	reason = audit.Clip(strings.TrimSpace(reason), maxReason)
	if reason == "" {
		return "", "", &ValidationError{Field: "reason", Message: "say why: the citizen's request and its date"}
	}
	if err := guardReason(reason, n.String()); err != nil {
		return "", "", err
	}
	return n.String(), reason, nil
}

// citizenTickets reads the citizen's tickets that were not erased.
func citizenTickets(ctx context.Context, tx bun.Tx, n string) ([]ticketRow, error) {
	var rows []ticketRow
	err := tx.NewSelect().Model(&rows).Column("id", "ref", "status").Where("insz = ? AND erased_at IS NULL", n).OrderExpr("id").Scan(ctx)
	return rows, err
}

func result(rows []ticketRow, fields []string) CitizenResult {
	out := CitizenResult{Tickets: len(rows), Refs: []string{}, Fields: fields, LogsKept: LogsKept}
	for _, t := range rows {
		out.Refs = append(out.Refs, t.Ref)
	}
	return out
}

// refusal writes a refused request to the access log in a transaction of
// its own, since the refused one rolled back.
func (s *Service) refusal(ctx context.Context, action, citizen string, err error) error {
	var ve *ValidationError
	code := ""
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrForbidden):
		code = "forbidden"
	case errors.Is(err, ErrOpenTickets):
		code = "open_tickets"
	case errors.Is(err, ErrNoTickets):
		code = "no_tickets"
	case errors.As(err, &ve):
		code = "invalid_" + ve.Field
	default:
		return fmt.Errorf("retention: %s: %w", action, err)
	}
	logErr := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: action, Outcome: audit.Refused, Citizen: citizen, Detail: code})
	})
	if logErr != nil {
		return fmt.Errorf("%w (and the refusal could not be logged: %v)", err, logErr)
	}
	return err
}
