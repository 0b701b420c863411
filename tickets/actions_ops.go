package tickets

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/insz"
)

// AddNote appends an agent's note. Notes are free text and are guarded: no
// other citizen's number, a warning on what looks like consulted data (§5).
func (s *Service) AddNote(ctx context.Context, ref, text string, confirmed bool) (Ticket, error) {
	return s.update(ctx, ref, "note", func(a audit.Actor, t *Ticket) (Action, error) {
		if t.Status == StatusClosed {
			return Action{}, ErrTransition
		}
		if err := checkFreeText("note", text, t.NationalNumber(), maxNote, confirmed); err != nil {
			return Action{}, err
		}
		if t.Status == StatusNew {
			t.Status = StatusInProgress
		}
		return Action{Kind: ActionNote, Text: strings.TrimSpace(text)}, nil
	})
}

// Take makes the acting agent the ticket's owner, for their "mine" queue.
func (s *Service) Take(ctx context.Context, ref string) (Ticket, error) {
	return s.update(ctx, ref, "take", func(a audit.Actor, t *Ticket) (Action, error) {
		if t.Status == StatusClosed {
			return Action{}, ErrTransition
		}
		t.OwnerID = userID(a)
		if t.Status == StatusNew {
			t.Status = StatusInProgress
		}
		return Action{Kind: ActionStatusChanged, Text: "taken"}, nil
	})
}

// CheckIdentify refuses, and logs the refusal of, what Identify would
// refuse, before the caller asks the register anything: the register is
// asked only for a ticket that will take the answer. It returns the number
// in canonical form, and the ticket's id for the lookup's record.
func (s *Service) CheckIdentify(ctx context.Context, ref, number string) (insz.Number, int64, error) {
	var n insz.Number
	var id int64
	err := s.read(ctx, audit.Entry{Action: "ticket_update", TicketRef: ref, Detail: "identify"}, func(ctx context.Context, db bun.IDB) error {
		a, err := actor(ctx)
		if err != nil {
			return err
		}
		t, err := loadTicket(ctx, db, ref, false)
		if err != nil {
			return err
		}
		if !canHandle(a, t) {
			return ErrForbidden
		}
		id = t.ID
		n, err = identifiable(a, t, number)
		return err
	})
	if err != nil {
		return "", 0, fmt.Errorf("tickets: identify %s: %w", ref, err)
	}
	return n, id, nil
}

// identifiable applies Identify's rules. Only the front office identifies
// (the back office consults through its own procedure, §10).
func identifiable(a audit.Actor, t Ticket, number string) (insz.Number, error) {
	if a.Role != audit.RoleFrontOffice {
		return "", ErrForbidden
	}
	if t.Identified() {
		return "", &ValidationError{Field: "insz", Message: "the ticket is already identified", Code: "already_identified"}
	}
	if t.Status == StatusClosed {
		return "", ErrTransition
	}
	n, err := insz.Parse(number)
	if err != nil {
		return "", InvalidNumber(err)
	}
	return n, nil
}

// Identify names the citizen of a ticket that arrived unidentified (e-mail,
// post) with the identity the register returned (O3), and records that
// lookup against the ticket in the same transaction (O9).
func (s *Service) Identify(ctx context.Context, ref string, c Citizen, lookup *audit.Consultation) (Ticket, error) {
	return s.update(ctx, ref, "identify", func(a audit.Actor, t *Ticket) (Action, error) {
		if _, err := identifiable(a, *t, citizenOf(&c)); err != nil {
			return Action{}, err
		}
		now := s.now()
		t.Citizen, t.IdentifiedAt = c, &now
		return Action{Kind: ActionIdentified, consultation: lookup}, nil
	})
}

// VerifyIdentity records the control questions put to a caller (O4).
func (s *Service) VerifyIdentity(ctx context.Context, ref string, check ControlCheck) (Ticket, error) {
	return s.update(ctx, ref, "verify_identity", func(a audit.Actor, t *Ticket) (Action, error) {
		if t.Status == StatusClosed {
			return Action{}, ErrTransition
		}
		if !t.Identified() {
			return Action{}, &ValidationError{Field: "insz", Message: "identify the citizen first", Code: "identify_first"}
		}
		if check.Put < 1 || check.Put > 10 {
			return Action{}, &ValidationError{Field: "questions_put", Message: "put between 1 and 10 control questions", Code: "questions_put"}
		}
		return Action{Kind: ActionIdentityVerified, QuestionsPut: check.Put, QuestionsPassed: &check.Passed}, nil
	})
}

// Assign hands a ticket to a back-office institution with a reason (O8).
// From then on only that institution's staff (and the front office, to
// inform the citizen) see it. The reason is on the timeline, so it is
// guarded like a note (§5); confirmed says the agent confirmed, after the
// warning, that it holds no consulted data.
func (s *Service) Assign(ctx context.Context, ref, institution, reason string, confirmed bool) (Ticket, error) {
	known, err := s.isBackOffice(ctx, institution)
	if err != nil {
		return Ticket{}, err
	}
	return s.update(ctx, ref, "assign", func(a audit.Actor, t *Ticket) (Action, error) {
		if !known {
			return Action{}, &ValidationError{Field: "institution", Message: "choose a back-office institution from the list", Code: "choose_back_office"}
		}
		if err := checkFreeText("reason", reason, t.NationalNumber(), maxNote, confirmed); err != nil {
			return Action{}, err
		}
		if err := moveTo(t, StatusAssigned); err != nil {
			return Action{}, err
		}
		t.Institution, t.OwnerID = institution, nil
		return Action{Kind: ActionAssigned, Institution: institution, Text: strings.TrimSpace(reason)}, nil
	})
}

// HandBack returns an assigned ticket to the contact centre with a reason,
// guarded like Assign's.
func (s *Service) HandBack(ctx context.Context, ref, reason string, confirmed bool) (Ticket, error) {
	return s.update(ctx, ref, "hand_back", func(a audit.Actor, t *Ticket) (Action, error) {
		if a.Role != audit.RoleBackOffice || t.Status != StatusAssigned {
			return Action{}, ErrTransition
		}
		if err := checkFreeText("reason", reason, t.NationalNumber(), maxNote, confirmed); err != nil {
			return Action{}, err
		}
		t.Status, t.Institution, t.OwnerID = StatusInProgress, ContactCentre, nil
		return Action{Kind: ActionHandedBack, Institution: ContactCentre, Text: strings.TrimSpace(reason)}, nil
	})
}

// isBackOffice says whether an institution code names a back office.
func (s *Service) isBackOffice(ctx context.Context, code string) (bool, error) {
	n, err := s.db.Bun.NewSelect().Table("institutions").Where("code = ? AND kind = 'back_office'", code).Count(ctx)
	return n == 1, err
}
