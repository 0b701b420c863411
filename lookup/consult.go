package lookup

import (
	"context"
	"errors"

	"contactd/audit"
	"contactd/internal/insz"
	"contactd/tickets"
)

// Result is what a consultation shows: its record, and the data of its
// kind — exactly one of Identity, Career and Pension is set. The data live
// only in memory for the time of one response (O7).
type Result struct {
	Record   audit.Consultation    `json:"-"`
	Identity *Identity             `json:"identity,omitempty"`
	Career   *Career               `json:"career,omitempty"`
	Pension  *SupplementaryPension `json:"supplementary_pension,omitempty"`
}

// ErrIdentityOnIdentification refuses the identity kind on the
// consultation panel: the identity is looked up when a ticket is created
// or identified (§4), and the ticket keeps it.
var ErrIdentityOnIdentification = &tickets.ValidationError{Field: "kind",
	Message: "the identity is looked up when the ticket is created or identified, and the ticket shows it", Code: "identity_on_identification"}

// Consult shows the actor one kind of data of the citizen of ticket ref,
// for reason (O8, O9). In order:
//
//  1. the rules of §9: the ticket exists, the actor may handle it, it is
//     open, it names its citizen and was created before now; only the
//     front office consults careers and pensions (§10), and only within
//     its hourly allowance;
//  2. the source is asked for the ticket's citizen — the agent never types
//     a number here, so the consultation cannot concern anyone else — and
//     told the reason, which the registry checks and logs;
//  3. the record (who, role, when, ticket, citizen, kind, reason, outcome,
//     latency, request id) is committed with the ticket's timeline action;
//  4. only then are the data returned. If the record cannot be written,
//     nothing is returned.
//
// Every refusal and failure is recorded too.
func (s *Service) Consult(ctx context.Context, ref string, kind Kind, reason Reason) (Result, error) {
	a, ok := audit.ActorFrom(ctx)
	if !ok {
		return Result{}, tickets.ErrForbidden
	}
	if !kind.Valid() {
		return Result{}, &tickets.ValidationError{Field: "kind", Message: "choose what to consult: career or supplementary_pension", Code: "choose_kind"}
	}
	if _, err := ParseReason(string(reason)); err != nil {
		return Result{}, &tickets.ValidationError{Field: "reason", Message: "choose why you consult from the list", Code: "choose_reason"}
	}
	rec := audit.Consultation{TicketRef: audit.Clip(ref, 40), Kind: string(kind), Reason: string(reason)}
	t, err := s.tickets.ConsultationTicket(ctx, ref)
	if t.ID != 0 {
		id := t.ID
		rec.TicketID, rec.INSZ = &id, t.NationalNumber()
	}
	if err == nil {
		err = s.mayConsult(ctx, a, kind)
	}
	if err != nil {
		return Result{}, s.refuse(ctx, &rec, err)
	}
	res, err := s.ask(ctx, &rec, kind, insz.Number(rec.INSZ))
	if recErr := s.tickets.RecordConsultation(context.WithoutCancel(ctx), t, &rec); recErr != nil {
		return Result{}, recErr
	}
	if err != nil {
		return Result{}, err
	}
	res.Record = rec
	return res, nil
}

// mayConsult applies the role rules and the rate limit.
func (s *Service) mayConsult(ctx context.Context, a audit.Actor, kind Kind) error {
	if kind == KindIdentity {
		return ErrIdentityOnIdentification
	}
	if a.Role != audit.RoleFrontOffice {
		// The back office consults through its own institution's
		// procedure (§10); the adviser never sees consulted data (O12).
		return tickets.ErrForbidden
	}
	return s.allow(ctx, a, s.tickets.Now())
}

// refuse records a refusal, or returns a failure of our own unrecorded.
func (s *Service) refuse(ctx context.Context, rec *audit.Consultation, err error) error {
	if !isRefusal(err) {
		return err
	}
	rec.Outcome, rec.Detail = audit.Denied, refusalCode(err)
	return s.log(ctx, rec, err)
}

// ask calls the source of kind for n, telling it the record's reason, so
// that the registry's log and ours state the same one.
func (s *Service) ask(ctx context.Context, rec *audit.Consultation, kind Kind, n insz.Number) (Result, error) {
	ctx = WithReason(ctx, Reason(rec.Reason))
	var res Result
	err := s.timed(rec, func() error {
		switch kind {
		case KindCareer:
			if s.src.Career == nil {
				return ErrUnavailable
			}
			c, err := s.src.Career.Career(ctx, n)
			if err == nil && c.INSZ == n {
				res.Career = &c
			}
			return sameCitizen(err, c.INSZ, n)
		case KindSupplementaryPension:
			if s.src.Pension == nil {
				return ErrUnavailable
			}
			p, err := s.src.Pension.SupplementaryPension(ctx, n)
			if err == nil && p.INSZ == n {
				res.Pension = &p
			}
			return sameCitizen(err, p.INSZ, n)
		}
		return ErrUnavailable
	})
	return res, err
}

// errWrongCitizen is a source answering about someone else: nothing of it
// may be shown.
var errWrongCitizen = errors.New("lookup: the source answered about another person")

// sameCitizen turns an answer about another person into a failure.
func sameCitizen(err error, got, asked insz.Number) error {
	if err == nil && got != asked {
		return errors.Join(ErrUnavailable, errWrongCitizen)
	}
	return err
}
