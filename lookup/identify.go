package lookup

import (
	"context"
	"errors"

	"contactd/audit"
	"contactd/internal/insz"
	"contactd/tickets"
)

// ErrUnknownPerson answers an identity lookup for a number the register
// does not know: the agent checks the number with the caller.
var ErrUnknownPerson = &tickets.ValidationError{Field: "insz",
	Message: "the national register knows no person with this number: check it with the caller", Code: "unknown_person"}

// CreateTicket registers a contact (O1). With a national number, it first
// has the ticket service check everything it can — role, input, the number
// itself — so that the register is never asked for a contact that will be
// refused; then looks the identity up (O3); then creates the ticket with
// the identity, recording the lookup against it in the same transaction
// (§4, O9). A lookup that finds no one or fails is recorded on its own.
func (s *Service) CreateTicket(ctx context.Context, in tickets.NewTicket, number string) (tickets.Ticket, error) {
	if number == "" {
		return s.tickets.Create(ctx, in)
	}
	n, err := insz.Parse(number)
	if err != nil {
		if checkErr := s.tickets.CheckNew(ctx, withNumber(in, number)); checkErr != nil {
			return tickets.Ticket{}, checkErr
		}
		return tickets.Ticket{}, tickets.InvalidNumber(err)
	}
	if err := s.tickets.CheckNew(ctx, withNumber(in, n.String())); err != nil {
		return tickets.Ticket{}, err
	}
	rec := &audit.Consultation{INSZ: n.String(), Kind: string(KindIdentity), Reason: string(ReasonIdentification)}
	citizen, err := s.identity(ctx, rec, n)
	if err != nil {
		return tickets.Ticket{}, err
	}
	in.Citizen, in.Lookup = &citizen, rec
	t, err := s.tickets.Create(ctx, in)
	if err != nil {
		rec.TicketID, rec.TicketRef = nil, ""
		return t, s.unstored(ctx, rec, err)
	}
	return t, nil
}

// IdentifyTicket names the citizen of a ticket that arrived unidentified
// (O3): the ticket's rules are checked first, then the register is asked,
// then the identity and its lookup are committed together.
func (s *Service) IdentifyTicket(ctx context.Context, ref, number string) (tickets.Ticket, error) {
	n, ticketID, err := s.tickets.CheckIdentify(ctx, ref, number)
	if err != nil {
		return tickets.Ticket{}, err
	}
	rec := &audit.Consultation{TicketID: &ticketID, TicketRef: ref, INSZ: n.String(), Kind: string(KindIdentity), Reason: string(ReasonIdentification)}
	citizen, err := s.identity(ctx, rec, n)
	if err != nil {
		return tickets.Ticket{}, err
	}
	t, err := s.tickets.Identify(ctx, ref, citizen, rec)
	if err != nil {
		return t, s.unstored(ctx, rec, err)
	}
	return t, nil
}

// identity asks the register within the rate limit. On success the record
// is left for the caller to commit with the ticket; a refusal, a person not
// found or a failure is recorded here.
func (s *Service) identity(ctx context.Context, rec *audit.Consultation, n insz.Number) (tickets.Citizen, error) {
	a, _ := audit.ActorFrom(ctx)
	if a.System != "" && a.Institution == "" {
		// The portal files its citizen's ticket with the contact centre:
		// the citizen sees that institution in "who consulted my data".
		rec.Institution = tickets.ContactCentre
	}
	if err := s.allow(ctx, a, s.tickets.Now()); err != nil {
		return tickets.Citizen{}, s.refuse(ctx, rec, err)
	}
	var id Identity
	err := s.timed(rec, func() error {
		if s.src.Identity == nil {
			return ErrUnavailable
		}
		var err error
		id, err = s.src.Identity.Identity(ctx, n)
		return sameCitizen(err, id.INSZ, n)
	})
	switch {
	case errors.Is(err, ErrNotFound):
		return tickets.Citizen{}, s.log(ctx, rec, ErrUnknownPerson)
	case err != nil:
		return tickets.Citizen{}, s.log(ctx, rec, err)
	}
	return citizenOf(id), nil
}

func withNumber(in tickets.NewTicket, number string) tickets.NewTicket {
	in.Citizen = &tickets.Citizen{INSZ: &number}
	return in
}

// citizenOf is the identity as a ticket keeps it (§4).
func citizenOf(id Identity) tickets.Citizen {
	n := id.INSZ.String()
	return tickets.Citizen{INSZ: &n, LastName: id.LastName, FirstName: id.FirstName, Sex: id.Sex.String(),
		BirthDate: id.BirthDate, BirthPlace: id.BirthPlace, Address: id.Address.String()}
}
