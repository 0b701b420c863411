package tickets

import "contactd/audit"

// canView says whether an actor may see a ticket. The front office sees
// every ticket (to spare the citizen repeating themselves, O2); the security
// adviser reads them to check consultations (O12); a back office sees only
// the tickets its institution holds (O8, O13: access limited). A ticket an
// actor may not see is, to them, not there (loadTicket).
func canView(a audit.Actor, t Ticket) bool {
	switch a.Role {
	case audit.RoleFrontOffice, audit.RoleSecurityAdviser:
		return true
	case audit.RoleBackOffice:
		return t.Institution == a.Institution
	}
	return false
}

// canHandle says whether an actor may change a ticket: the front office the
// tickets the contact centre holds, a back office those its institution
// holds, and any closed ticket (to reopen it when the citizen comes back).
// The adviser only reads.
func canHandle(a audit.Actor, t Ticket) bool {
	switch a.Role {
	case audit.RoleFrontOffice:
		return t.Institution == ContactCentre || t.Status == StatusClosed
	case audit.RoleBackOffice:
		return t.Institution == a.Institution
	}
	return false
}

// canCreate says whether an actor may open tickets: the front office, and
// the system clients that file them (the portal, the mail server).
func canCreate(a audit.Actor) bool {
	return a.Role == audit.RoleFrontOffice || (a.Role == "" && a.System != "")
}
