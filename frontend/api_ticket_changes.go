package frontend

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/tickets"
)

// ticketChange binds a JSON body and applies one change to a ticket.
func ticketChange[T any](s *Server, apply func(ctx context.Context, ref string, body T) (tickets.Ticket, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body T
		if c.Request.ContentLength != 0 {
			if err := decodeJSON(c, &body); err != nil {
				s.fail(c, err)
				return
			}
		}
		t, err := apply(c.Request.Context(), c.Param("ref"), body)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, t)
	}
}

type noteBody struct {
	Text      string `json:"text"`
	Confirmed bool   `json:"confirmed"`
}

// reasonBody is a hand-back or a reopening: the reason is guarded like a
// note (§5), and confirmed answers the guard's warning.
type reasonBody struct {
	Reason    string `json:"reason"`
	Confirmed bool   `json:"confirmed"`
}

type assignBody struct {
	Institution string `json:"institution"`
	Reason      string `json:"reason"`
	Confirmed   bool   `json:"confirmed"`
}

// answerBody records an answer. Whether it held personal data decides
// which channels are allowed (O7, §7), so the client must say it: an
// omitted contains_personal_data is refused, never read as false.
type answerBody struct {
	Channel              tickets.AnswerChannel `json:"channel"`
	ContainsPersonalData *bool                 `json:"contains_personal_data"`
	Summary              string                `json:"summary"`
	Confirmed            bool                  `json:"confirmed"`
}

// errPersonalDataUnsaid refuses an answer that does not say whether it
// held personal data.
var errPersonalDataUnsaid = &tickets.ValidationError{Field: "contains_personal_data", Code: "personal_data_required",
	Message: "say whether the answer holds personal data: true or false (personal data never go by phone, §7)"}

func (b answerBody) answer() (tickets.Answer, error) {
	if b.ContainsPersonalData == nil {
		return tickets.Answer{}, errPersonalDataUnsaid
	}
	return tickets.Answer{Channel: b.Channel, ContainsPersonalData: *b.ContainsPersonalData, Summary: b.Summary, Confirmed: b.Confirmed}, nil
}

type verifyBody struct {
	QuestionsPut int  `json:"questions_put"`
	Passed       bool `json:"passed"`
}

type statusBody struct {
	Status tickets.Status `json:"status"`
}

type empty struct{}

// ticketOperations are the path suffixes of ticketChanges, in the order
// the routes list them.
var ticketOperations = []string{"notes", "take", "verify", "status", "assign", "hand-back", "answer", "close", "reopen"}

// ticketChanges are the JSON operations on one ticket, by path suffix.
func (s *Server) ticketChanges() map[string]gin.HandlerFunc {
	t := s.tickets
	return map[string]gin.HandlerFunc{
		"notes": ticketChange(s, func(ctx context.Context, ref string, b noteBody) (tickets.Ticket, error) {
			return t.AddNote(ctx, ref, b.Text, b.Confirmed)
		}),
		"assign": ticketChange(s, func(ctx context.Context, ref string, b assignBody) (tickets.Ticket, error) {
			return t.Assign(ctx, ref, b.Institution, b.Reason, b.Confirmed)
		}),
		"hand-back": ticketChange(s, func(ctx context.Context, ref string, b reasonBody) (tickets.Ticket, error) {
			return t.HandBack(ctx, ref, b.Reason, b.Confirmed)
		}),
		"answer": ticketChange(s, func(ctx context.Context, ref string, b answerBody) (tickets.Ticket, error) {
			in, err := b.answer()
			if err != nil {
				return tickets.Ticket{}, err
			}
			return t.RecordAnswer(ctx, ref, in)
		}),
		"verify": ticketChange(s, func(ctx context.Context, ref string, b verifyBody) (tickets.Ticket, error) {
			return t.VerifyIdentity(ctx, ref, tickets.ControlCheck{Put: b.QuestionsPut, Passed: b.Passed})
		}),
		"status": ticketChange(s, func(ctx context.Context, ref string, b statusBody) (tickets.Ticket, error) {
			return t.SetStatus(ctx, ref, b.Status)
		}),
		"take": ticketChange(s, func(ctx context.Context, ref string, _ empty) (tickets.Ticket, error) {
			return t.Take(ctx, ref)
		}),
		"close": ticketChange(s, func(ctx context.Context, ref string, _ empty) (tickets.Ticket, error) {
			return t.Close(ctx, ref)
		}),
		"reopen": ticketChange(s, func(ctx context.Context, ref string, b reasonBody) (tickets.Ticket, error) {
			return t.Reopen(ctx, ref, b.Reason, b.Confirmed)
		}),
	}
}
