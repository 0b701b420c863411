package tickets

import (
	"context"
	"strings"

	"contactd/audit"
)

// Answer is the record that an answer was sent — not the answer's content
// when it carries personal data, which goes to the citizen's eBox, online
// dossier or official address (O7).
type Answer struct {
	Channel              AnswerChannel `freetext:"-"` // one of AnswerChannels
	ContainsPersonalData bool
	Summary              string `freetext:"summary"` // optional, guarded like a note
	Confirmed            bool
}

// RecordAnswer records that the citizen was answered. Personal data are
// never communicated by phone (O7, §7): such an answer on the phone is
// refused.
func (s *Service) RecordAnswer(ctx context.Context, ref string, ans Answer) (Ticket, error) {
	return s.update(ctx, ref, "answer", func(a audit.Actor, t *Ticket) (Action, error) {
		if err := oneOf(ans.Channel, AnswerChannels, "channel"); err != nil {
			return Action{}, err
		}
		if ans.Channel == AnswerPhone && ans.ContainsPersonalData {
			return Action{}, &ValidationError{Field: "channel", Message: "personal data are never communicated by phone: send them to the eBox, the online dossier or the official postal address (§7)", Code: "no_personal_data_by_phone"}
		}
		if strings.TrimSpace(ans.Summary) != "" {
			if err := checkFreeText("summary", ans.Summary, t.NationalNumber(), maxNote, ans.Confirmed); err != nil {
				return Action{}, err
			}
		}
		if err := moveTo(t, StatusAnswered); err != nil {
			return Action{}, err
		}
		return Action{Kind: ActionAnswerSent, Channel: ans.Channel, Text: strings.TrimSpace(ans.Summary)}, nil
	})
}

// Close closes a ticket.
func (s *Service) Close(ctx context.Context, ref string) (Ticket, error) {
	return s.update(ctx, ref, "close", func(a audit.Actor, t *Ticket) (Action, error) {
		if err := moveTo(t, StatusClosed); err != nil {
			return Action{}, err
		}
		closed := t.UpdatedAt
		t.ClosedAt = &closed
		return Action{Kind: ActionClosed}, nil
	})
}

// Reopen reopens a closed ticket, with a reason guarded like Assign's; it
// comes back to the contact centre in progress.
func (s *Service) Reopen(ctx context.Context, ref, reason string, confirmed bool) (Ticket, error) {
	return s.update(ctx, ref, "reopen", func(a audit.Actor, t *Ticket) (Action, error) {
		if t.Status != StatusClosed {
			return Action{}, ErrTransition
		}
		if err := checkFreeText("reason", reason, t.NationalNumber(), maxNote, confirmed); err != nil {
			return Action{}, err
		}
		t.Status, t.ClosedAt, t.Institution = StatusInProgress, nil, ContactCentre
		return Action{Kind: ActionReopened, FromStatus: StatusClosed, ToStatus: StatusInProgress, Institution: ContactCentre, Text: strings.TrimSpace(reason)}, nil
	})
}

// SetStatus moves a ticket to another status when that makes sense.
func (s *Service) SetStatus(ctx context.Context, ref string, next Status) (Ticket, error) {
	return s.update(ctx, ref, "status", func(a audit.Actor, t *Ticket) (Action, error) {
		if err := oneOf(next, Statuses, "status"); err != nil {
			return Action{}, err
		}
		if next == StatusAssigned || next == StatusClosed {
			return Action{}, &ValidationError{Field: "status", Message: "assign or close the ticket with its own action", Code: "status_own_action"}
		}
		if err := moveTo(t, next); err != nil {
			return Action{}, err
		}
		return Action{Kind: ActionStatusChanged}, nil
	})
}
