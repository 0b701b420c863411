package audit

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
)

// Role is what a signed-in user may do; a user holds a role within one
// institution (the local-manager model, O14).
type Role string

// The roles of the application.
const (
	RoleFrontOffice     Role = "front_office"
	RoleBackOffice      Role = "back_office"
	RoleSecurityAdviser Role = "security_adviser"
	RoleLocalManager    Role = "local_manager"
	RoleAdmin           Role = "admin"
)

// Roles lists every role in the order a sign-in prefers them when a user
// holds several.
var Roles = []Role{RoleFrontOffice, RoleBackOffice, RoleSecurityAdviser, RoleLocalManager, RoleAdmin}

// Valid says whether r is one of the application's roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// Actor is who is acting on a request: a signed-in user in one role, a
// system client (the citizen portal, the mail server), or an operator at the
// command line. Every request carries one in its context so that the
// services can authorise per record and the access log can say who did it.
type Actor struct {
	UserID      int64  // 0 for system clients and the command line
	Name        string // display name, for pages; never written to application logs
	Role        Role
	Institution string // institution code the role is held in
	System      string // client id of a system client, or "cli"
	RequestID   string
	ClientAddr  string
	// Trail counts the access-log entries written for the request, so
	// that the web layer can write one for a request that wrote none
	// (O6: every access, refusals included). Nil outside requests.
	Trail *Trail
}

// Trail counts a request's access-log entries and remembers the tickets
// they name.
type Trail struct {
	n       atomic.Int32
	mu      sync.Mutex
	tickets []string
}

// Written says how many entries the request has written.
func (t *Trail) Written() int { return int(t.n.Load()) }

func (t *Trail) add(ticketRef string) {
	t.n.Add(1)
	if ticketRef == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.tickets) < 8 {
		t.tickets = append(t.tickets, ticketRef)
	}
}

// Logged says whether the request in ctx already wrote an entry naming the
// ticket: a refused form shown again with its ticket is one access, and
// its refusal's entry already says who looked at which ticket when.
func Logged(ctx context.Context, ticketRef string) bool {
	a, ok := ActorFrom(ctx)
	if !ok || a.Trail == nil {
		return false
	}
	a.Trail.mu.Lock()
	defer a.Trail.mu.Unlock()
	for _, r := range a.Trail.tickets {
		if strings.EqualFold(r, ticketRef) {
			return true
		}
	}
	return false
}

// IsUser says whether the actor is a signed-in person.
func (a Actor) IsUser() bool { return a.UserID != 0 }

type actorKey struct{}

// WithActor returns a context that carries the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor a context carries, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}
