package tickets

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/freetext"
	"contactd/tickets/mailparse"
)

// MaxEmailBytes is the largest message the intake accepts: a mail server
// delivers bigger ones back to their sender with the refusal.
const MaxEmailBytes = 10 << 20

// Ingested is what became of a delivered e-mail: a new ticket, a message
// added to an existing ticket, or a place in the quarantine.
type Ingested struct {
	Ticket      Ticket
	NewTicket   bool
	Quarantined int64 // id in the quarantine, when the message could not be parsed
}

// Quarantined is an e-mail that could not be read, kept whole so that an
// agent can deal with it by hand: a delivered message is never lost.
type Quarantined struct {
	bun.BaseModel `bun:"table:mail_quarantine"`

	ID         int64      `bun:"id,pk,autoincrement" json:"id"`
	ReceivedAt time.Time  `bun:"received_at,notnull" json:"received_at"`
	Reason     string     `bun:"reason,notnull" json:"reason"`
	Size       int        `bun:"size,notnull" json:"size"`
	Raw        []byte     `bun:"raw,notnull" json:"-"`
	ResolvedAt *time.Time `bun:"resolved_at" json:"resolved_at,omitempty"`
	ResolvedBy *int64     `bun:"resolved_by" json:"-"`
}

// IngestEmail turns a delivered message into a ticket (O1). A reply — the
// ticket's reference in the subject, or In-Reply-To naming a message we
// hold — is added to its ticket instead of opening a new one. A message
// that cannot be parsed goes to the quarantine. Only a message over the
// size limit is refused, so the mail server can return it to its sender.
func (s *Service) IngestEmail(ctx context.Context, portal Portal, raw []byte) (Ingested, error) {
	a, err := actor(ctx)
	if err == nil && a.System == "" {
		err = ErrForbidden
	}
	if err == nil {
		err = oneOf(portal, Portals, "portal")
	}
	if err == nil && len(raw) > MaxEmailBytes {
		err = &ValidationError{Field: "message", Message: fmt.Sprintf("the message is larger than %d bytes", MaxEmailBytes)}
	}
	if err != nil {
		return Ingested{}, s.inTx(ctx, audit.Entry{Action: "email_intake"}, func(context.Context, bun.Tx) error { return err })
	}
	// Reading the message and writing its text happen before the
	// transaction: a message of many parts takes time, and SQLite holds
	// every other writer while a transaction writes.
	msg, err := mailparse.Parse(bytes.NewReader(raw), MaxEmailBytes)
	if err != nil {
		return s.quarantine(ctx, raw, err)
	}
	request := emailRequest(msg)
	var out Ingested
	err = s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		t, found, err := s.ticketRepliedTo(ctx, tx, msg)
		if err != nil {
			return err
		}
		if found {
			out.Ticket, err = s.addMessage(ctx, tx, a, t, msg, request)
			return err
		}
		out.Ticket, out.NewTicket = s.ticketFromEmail(a, portal, msg, request), true
		if err := insertTicket(ctx, tx, &out.Ticket); err != nil {
			return err
		}
		act := Action{TicketID: out.Ticket.ID, At: out.Ticket.CreatedAt, ActorRole: roleOf(a), Kind: ActionCreated, ToStatus: StatusNew, Institution: ContactCentre}
		if err := insertAction(ctx, tx, act); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "ticket_create", TicketRef: out.Ticket.Ref, Detail: "email"})
	})
	if err != nil {
		return Ingested{}, fmt.Errorf("tickets: ingest e-mail: %w", err)
	}
	return out, nil
}

// ticketFromEmail builds a new, unidentified ticket from a message: the
// sender, the subject and the text (request, from emailRequest) are the
// citizen's request.
func (s *Service) ticketFromEmail(a audit.Actor, portal Portal, msg mailparse.Message, request string) Ticket {
	in := NewTicket{Portal: portal, Channel: ChannelEmail, Purpose: PurposeOther, Subject: emailSubject(msg.Subject),
		Request: request, Sender: emailSender(msg), MessageID: msg.MessageID}
	if !msg.Date.IsZero() && msg.Date.Before(s.now()) {
		in.ReceivedAt = msg.Date
	}
	return s.newTicket(a, in)
}

// emailSender is who an e-mail says it is from, as the ticket keeps it.
// The display name is free text that nobody checked: when it names a
// national number or looks like consulted data, only the address is kept
// (O5, §5) — refusing the message would lose the citizen's request.
func emailSender(msg mailparse.Message) string {
	name := strings.TrimSpace(msg.FromName)
	if name != "" && freetext.Check("sender", name, "", maxSender, false) != nil {
		name = ""
	}
	return strings.TrimSpace(name + " <" + msg.From + ">")
}

func emailSubject(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "(no subject)"
	}
	if utf8.RuneCountInString(s) > maxSubject {
		s = string([]rune(s)[:maxSubject-1]) + "…"
	}
	return s
}

// maxListed bounds the attachments a ticket's text names one by one; the
// others are counted. The size limit admits some 70,000 one-byte
// attachments, which named one by one made a long text slowly (issue 14).
const maxListed = 100

// emailRequest is a message's text for its ticket: the text, then the
// first maxListed attachments and the count of the others, within
// maxRequest bytes. It takes time linear in the message.
func emailRequest(msg mailparse.Message) string {
	text := msg.Text
	if len(text) > maxRequest {
		text = text[:maxRequest]
	}
	var b strings.Builder
	b.WriteString(text)
	for i, at := range msg.Attachments {
		if i == maxListed || b.Len() >= maxRequest {
			writeMore(&b, len(msg.Attachments)-i)
			break
		}
		fmt.Fprintf(&b, "\n[attachment: %s, %s, %d bytes]", at.Filename, at.ContentType, at.Size)
	}
	text = b.String()
	if len(text) > maxRequest {
		text = text[:maxRequest]
	}
	return strings.ToValidUTF8(text, "")
}

// writeMore counts the attachments left unnamed.
func writeMore(b *strings.Builder, n int) {
	if n == 1 {
		b.WriteString("\n[and 1 more attachment]")
		return
	}
	fmt.Fprintf(b, "\n[and %d more attachments]", n)
}

// ticketRepliedTo finds the ticket a message answers: by the message ids it
// replies to, or by the reference in its subject when it comes from the
// ticket's own sender. References are sequential, so a reference alone from
// another address opens a new ticket (which quotes it) rather than writing
// into, or reopening, somebody else's.
func (s *Service) ticketRepliedTo(ctx context.Context, tx bun.Tx, msg mailparse.Message) (Ticket, bool, error) {
	if len(msg.InReplyTo) > 0 {
		t, found, err := firstTicket(ctx, tx.NewSelect().Where("message_id IN (?)", bun.In(msg.InReplyTo)).OrderExpr("id DESC"))
		if found || err != nil {
			return t, found, err
		}
	}
	ref := mailparse.ReferenceIn(msg.Subject)
	if ref == "" {
		return Ticket{}, false, nil
	}
	t, found, err := firstTicket(ctx, tx.NewSelect().Where("ref = ?", ref))
	if found && !strings.Contains(strings.ToLower(t.Sender), "<"+msg.From+">") {
		return Ticket{}, false, nil
	}
	return t, found, err
}

// firstTicket runs a ticket query for at most one row.
func firstTicket(ctx context.Context, q *bun.SelectQuery) (Ticket, bool, error) {
	var t Ticket
	err := q.Model(&t).Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

// addMessage adds a citizen's reply to its ticket; a reply to an answered
// or closed ticket brings it back to the contact centre in progress.
func (s *Service) addMessage(ctx context.Context, tx bun.Tx, a audit.Actor, t Ticket, msg mailparse.Message, request string) (Ticket, error) {
	from := t.Status
	t.UpdatedAt = s.now()
	if t.Status == StatusAnswered || t.Status == StatusClosed {
		t.Status, t.ClosedAt = StatusInProgress, nil
		if from == StatusClosed {
			t.Institution = ContactCentre
		}
	}
	if _, err := tx.NewUpdate().Model(&t).WherePK().Exec(ctx); err != nil {
		return t, err
	}
	// The sender is shown with the message: a reply naming the reference may
	// come from another address than the ticket's, and the agent must see it.
	text := "From: " + msg.From + "\n" + emailSubject(msg.Subject) + "\n\n" + request
	act := Action{TicketID: t.ID, At: t.UpdatedAt, ActorRole: roleOf(a), Kind: ActionMessage, Text: text}
	if from != t.Status {
		act.FromStatus, act.ToStatus = from, t.Status
	}
	if err := insertAction(ctx, tx, act); err != nil {
		return t, err
	}
	return t, audit.Record(ctx, tx, audit.Entry{Action: "ticket_update", TicketRef: t.Ref, Citizen: t.NationalNumber(), Detail: "email_reply"})
}

// quarantine keeps a message that could not be parsed, whole.
func (s *Service) quarantine(ctx context.Context, raw []byte, why error) (Ingested, error) {
	q := Quarantined{ReceivedAt: s.now(), Reason: why.Error(), Size: len(raw), Raw: raw}
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&q).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "email_intake", Outcome: audit.Refused, Detail: fmt.Sprintf("quarantined %d: %s", q.ID, q.Reason)})
	})
	if err != nil {
		return Ingested{}, fmt.Errorf("tickets: quarantine e-mail: %w", err)
	}
	return Ingested{Quarantined: q.ID}, nil
}

// Quarantine lists the unresolved quarantined messages for the front office.
func (s *Service) Quarantine(ctx context.Context) ([]Quarantined, error) {
	var out []Quarantined
	err := s.read(ctx, audit.Entry{Action: "email_quarantine_list"}, func(ctx context.Context, db bun.IDB) error {
		if a, err := actor(ctx); err != nil || a.Role != audit.RoleFrontOffice {
			return ErrForbidden
		}
		err := db.NewSelect().Model(&out).ExcludeColumn("raw").Where("resolved_at IS NULL").OrderExpr("id").Limit(200).Scan(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, db, audit.Entry{Action: "email_quarantine_list"})
	})
	return out, err
}

// ResolveQuarantined marks a quarantined message as dealt with by the
// acting agent (who registered it by hand, or judged it not a request).
func (s *Service) ResolveQuarantined(ctx context.Context, id int64) error {
	return s.inTx(ctx, audit.Entry{Action: "email_quarantine_resolve", Detail: fmt.Sprint(id)}, func(ctx context.Context, tx bun.Tx) error {
		a, err := actor(ctx)
		if err != nil || a.Role != audit.RoleFrontOffice {
			return ErrForbidden
		}
		res, err := tx.NewUpdate().Model((*Quarantined)(nil)).Set("resolved_at = ?, resolved_by = ?", s.now(), userID(a)).
			Where("id = ? AND resolved_at IS NULL", id).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "email_quarantine_resolve", Detail: fmt.Sprint(id)})
	})
}

// QuarantinedRaw returns a quarantined message as it arrived, for the
// front office, and logs the access.
func (s *Service) QuarantinedRaw(ctx context.Context, id int64) ([]byte, error) {
	var q Quarantined
	err := s.inTx(ctx, audit.Entry{Action: "email_quarantine_view", Detail: fmt.Sprint(id)}, func(ctx context.Context, tx bun.Tx) error {
		a, err := actor(ctx)
		if err != nil || a.Role != audit.RoleFrontOffice {
			return ErrForbidden
		}
		err = tx.NewSelect().Model(&q).Where("id = ?", id).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "email_quarantine_view", Detail: fmt.Sprint(id)})
	})
	return q.Raw, err
}
