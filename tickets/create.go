package tickets

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
)

// NewTicket is a contact to register.
//
// The fields a person writes carry the free-text guard's tag (O5, §5);
// the others say with "-" why they are not free text.
type NewTicket struct {
	Portal     Portal    `freetext:"-"` // one of Portals
	Channel    Channel   `freetext:"-"` // one of Channels
	Purpose    Purpose   `freetext:"-"` // one of Purposes
	Subject    string    `freetext:"subject"`
	Request    string    `freetext:"request"` // the citizen's own words (e-mail text, form text, letter summary)
	ReceivedAt time.Time // zero: now
	Sender     string    `freetext:"sender"` // post: as written on the letter; e-mail: the address
	Citizen    *Citizen  // nil: unidentified (e-mail, post)
	Check      *ControlCheck
	// Confirmed says the agent confirmed that the subject, the request and
	// the sender hold no consulted data after a warning.
	Confirmed bool
	// Lookup is the consultation of the register that gave Citizen: it is
	// recorded against the new ticket, in its transaction, and shown on
	// its timeline (O3, O9). Nil when the identity was not looked up.
	Lookup         *audit.Consultation
	IdempotencyKey string `freetext:"-"` // portal: a retried post with the same key makes no second ticket; a system client's, never shown
	MessageID      string `freetext:"-"` // e-mail: the Message-ID, set by the mail intake, never by a person
}

// ControlCheck is the outcome of the control questions put to a caller
// (O4): how many were put and whether they were passed — never the answers.
type ControlCheck struct {
	Put    int
	Passed bool
}

const maxRequest = 100_000

// CheckNew refuses, and logs the refusal of, a contact that Create would
// refuse, before the caller asks the national register anything: the
// register is consulted only for a contact that will be registered.
func (s *Service) CheckNew(ctx context.Context, in NewTicket) error {
	_, err := s.checkNew(ctx, &in)
	return err
}

func (s *Service) checkNew(ctx context.Context, in *NewTicket) (audit.Actor, error) {
	a, err := actor(ctx)
	if err == nil && !canCreate(a) {
		err = ErrForbidden
	}
	if err == nil {
		err = s.validateNew(in)
	}
	if err == nil && in.Request != "" {
		// The portal's request is the citizen's own words about their own
		// data: no warning, but never another person's number (§5).
		err = checkFreeText("request", in.Request, citizenOf(in.Citizen), maxRequest, in.Confirmed || !a.IsUser())
	}
	if err == nil && in.IdempotencyKey != "" {
		// A system client's keys are its own: two clients never collide.
		in.IdempotencyKey = a.System + ":" + in.IdempotencyKey
		if dup, found, dupErr := s.byIdempotencyKey(ctx, s.db.Bun, in.IdempotencyKey); dupErr != nil {
			return a, dupErr
		} else if found {
			err = &DuplicateError{Ref: dup.Ref}
		}
	}
	if err != nil {
		refusal := audit.Entry{Action: "ticket_create", Citizen: citizenOf(in.Citizen)}
		return a, s.inTx(ctx, refusal, func(context.Context, bun.Tx) error { return err })
	}
	return a, nil
}

// Create registers a contact as a new ticket: the ticket, its first
// actions and the access-log entry in one transaction (O1, O5).
func (s *Service) Create(ctx context.Context, in NewTicket) (Ticket, error) {
	var t Ticket
	a, err := s.checkNew(ctx, &in)
	if err != nil {
		return t, err
	}
	refusal := audit.Entry{Action: "ticket_create", Citizen: citizenOf(in.Citizen)}
	if t, ok, err := s.createAtOnce(ctx, a, in); ok {
		if err != nil {
			return t, fmt.Errorf("tickets: create: %w", s.logRefusal(ctx, refusal, err))
		}
		return t, nil
	}
	err = s.inTx(ctx, refusal, func(ctx context.Context, tx bun.Tx) error {
		if dup, found, err := s.byIdempotencyKey(ctx, tx, in.IdempotencyKey); err != nil {
			return err
		} else if found {
			t = dup
			return &DuplicateError{Ref: dup.Ref}
		}
		t = s.newTicket(a, in)
		if err := insertTicket(ctx, tx, &t); err != nil {
			if in.IdempotencyKey != "" && database.IsUniqueViolation(err) {
				return &DuplicateError{cause: err} // a retry arrived at the same time
			}
			return err
		}
		if in.Lookup != nil {
			in.Lookup.At, in.Lookup.TicketID, in.Lookup.TicketRef = t.CreatedAt, &t.ID, t.Ref
			if err := audit.RecordConsultation(ctx, tx, in.Lookup); err != nil {
				return err
			}
		}
		first := s.firstActions(a, t, in)
		if _, err := tx.NewInsert().Model(&first).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "ticket_create", TicketRef: t.Ref, Citizen: t.NationalNumber(), Detail: string(t.Channel)})
	})
	if err != nil {
		return t, fmt.Errorf("tickets: create: %w", err)
	}
	return t, nil
}

func citizenOf(c *Citizen) string {
	if c == nil || c.INSZ == nil {
		return ""
	}
	return *c.INSZ
}

func (s *Service) validateNew(in *NewTicket) error {
	in.Subject = strings.TrimSpace(in.Subject)
	for _, err := range []error{
		oneOf(in.Portal, Portals, "portal"), oneOf(in.Channel, Channels, "channel"), oneOf(in.Purpose, Purposes, "purpose"),
	} {
		if err != nil {
			return err
		}
	}
	if in.Citizen != nil {
		if err := validateCitizen(in.Citizen); err != nil {
			return err
		}
	}
	if in.Channel == ChannelPhone && in.Citizen == nil {
		return &ValidationError{Field: "insz", Message: "a phone contact starts by asking the caller's national number (§4)", Code: "phone_needs_insz"}
	}
	if len(in.Request) > maxRequest {
		return &ValidationError{Field: "request", Message: fmt.Sprintf("the request text is longer than %d bytes", maxRequest)}
	}
	for field, v := range map[string]string{"request": in.Request, "sender": in.Sender} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return &ValidationError{Field: field, Message: "the text holds characters that are not text", Code: "not_text"}
		}
	}
	if in.ReceivedAt.After(s.now().Add(5 * time.Minute)) {
		return &ValidationError{Field: "received_at", Message: "the reception date is in the future", Code: "received_future"}
	}
	if in.Check != nil && (in.Check.Put < 1 || in.Check.Put > 10) {
		return &ValidationError{Field: "questions_put", Message: "put between 1 and 10 control questions", Code: "questions_put"}
	}
	if err := checkFreeText("subject", in.Subject, citizenOf(in.Citizen), maxSubject, in.Confirmed); err != nil {
		return err
	}
	return checkSender(in)
}

// checkSender guards the sender an agent copies from a letter or an
// e-mail: it is shown on the ticket and kept with it, so it names no other
// citizen and, unless confirmed, nothing that looks like consulted data
// (§5) — a sender is a name and an address.
func checkSender(in *NewTicket) error {
	in.Sender = strings.TrimSpace(in.Sender)
	if in.Sender == "" {
		return nil
	}
	return checkFreeText("sender", in.Sender, citizenOf(in.Citizen), maxSender, in.Confirmed)
}

func validateCitizen(c *Citizen) error {
	n, err := insz.Parse(citizenOf(c))
	if err != nil {
		return InvalidNumber(err)
	}
	canonical := n.String()
	c.INSZ = &canonical
	return nil
}

func (s *Service) newTicket(a audit.Actor, in NewTicket) Ticket {
	now := s.now()
	received := in.ReceivedAt.UTC()
	if received.IsZero() {
		received = now
	}
	t := Ticket{
		Ref: "new-" + randomHex(8), Sender: in.Sender, Portal: in.Portal, Channel: in.Channel, Purpose: in.Purpose,
		Subject: in.Subject, Request: in.Request, ReceivedAt: received, Status: StatusNew, Institution: ContactCentre,
		DueAt: received.Add(s.opt.DueIn), CreatedAt: now, CreatedBy: userID(a), UpdatedAt: now,
	}
	if in.Citizen != nil {
		t.Citizen, t.IdentifiedAt = *in.Citizen, &now
	}
	if a.Role == audit.RoleFrontOffice {
		t.OwnerID, t.Status = userID(a), StatusInProgress
	}
	if in.IdempotencyKey != "" {
		t.IdempotencyKey = &in.IdempotencyKey
	}
	if in.MessageID != "" {
		t.MessageID = &in.MessageID
	}
	return t
}

func (s *Service) firstActions(a audit.Actor, t Ticket, in NewTicket) []Action {
	base := Action{TicketID: t.ID, At: t.CreatedAt, ActorID: userID(a), ActorRole: roleOf(a)}
	created := base
	created.Kind, created.ToStatus, created.Institution = ActionCreated, t.Status, t.Institution
	out := []Action{created}
	if in.Lookup != nil {
		l := base
		l.Kind, l.ConsultationRef = ActionConsultation, ConsultationRef(in.Lookup)
		out = append(out, l)
	}
	if in.Check != nil {
		v := base
		v.Kind, v.QuestionsPut, v.QuestionsPassed = ActionIdentityVerified, in.Check.Put, &in.Check.Passed
		out = append(out, v)
	}
	return out
}

// insertTicket inserts the ticket and gives it its reference, built from
// its id so it is unique and never reused: CC-<year>-<number>.
func insertTicket(ctx context.Context, tx bun.Tx, t *Ticket) error {
	if _, err := tx.NewInsert().Model(t).Returning("id").Exec(ctx); err != nil {
		return err
	}
	t.Ref = fmt.Sprintf("CC-%d-%06d", t.CreatedAt.Year(), t.ID)
	_, err := tx.NewUpdate().Model(t).Column("ref").WherePK().Exec(ctx)
	return err
}

func insertAction(ctx context.Context, tx bun.Tx, act Action) error {
	_, err := tx.NewInsert().Model(&act).Exec(ctx)
	return err
}

// byIdempotencyKey finds the ticket an earlier post with the same key made.
func (s *Service) byIdempotencyKey(ctx context.Context, tx bun.IDB, key string) (Ticket, bool, error) {
	var t Ticket
	if key == "" {
		return t, false, nil
	}
	err := tx.NewSelect().Model(&t).Where("idempotency_key = ?", key).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
