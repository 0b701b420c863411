package governance

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/retention"
)

// ErrForbidden refuses the report to anyone but the admin and the
// security adviser.
var ErrForbidden = errors.New("governance: only the admin and the security adviser see the governance report")

// EndingSoon is how far ahead a grant's end date shows on the report: a
// local manager has a month to renew what is still needed.
const EndingSoon = 30 * 24 * time.Hour

// Report is the governance report at one moment.
type Report struct {
	At                time.Time            `json:"at"`
	Roles             []RoleCount          `json:"roles"`
	EndingGrants      []EndingGrant        `json:"ending_grants"`
	Inactive          []InactiveUser       `json:"inactive_users"`
	InactiveAfterDays int                  `json:"inactive_after_days"`
	Retention         []retention.Rule     `json:"retention_policy"`
	LastRetention     *retention.RunRecord `json:"last_retention_run"`
	Verifications     []audit.Verification `json:"audit_verifications"`
}

// RoleCount is how many users hold a role in force within an institution
// (disabled users excluded).
type RoleCount struct {
	Role        audit.Role `json:"role"`
	Institution string     `json:"institution"`
	Users       int        `json:"users"`
}

// EndingGrant is a grant in force whose end date falls within EndingSoon.
type EndingGrant struct {
	UserID      int64      `json:"user_id"`
	User        string     `json:"user"`
	Role        audit.Role `json:"role"`
	Institution string     `json:"institution"`
	EndsAt      time.Time  `json:"ends_at"`
}

// InactiveUser is a user who may work but has not signed in for the
// inactivity period; LastSignInAt is nil for an invitation never used.
type InactiveUser struct {
	UserID       int64      `json:"user_id"`
	User         string     `json:"user"`
	Institutions []string   `json:"institutions"`
	LastSignInAt *time.Time `json:"last_sign_in_at,omitempty"`
	InvitedAt    time.Time  `json:"invited_at"`
}

// Service builds the report from the services that own its parts.
type Service struct {
	db        *database.DB
	access    *access.Service
	retention *retention.Service
}

// NewService returns a Service.
func NewService(db *database.DB, acc *access.Service, ret *retention.Service) *Service {
	return &Service{db: db, access: acc, retention: ret}
}

// Report builds the report for an admin or a security adviser, and logs
// the access (action is governance_view or governance_export).
func (s *Service) Report(ctx context.Context, action string) (Report, error) {
	a, _ := audit.ActorFrom(ctx)
	if a.Role != audit.RoleAdmin && a.Role != audit.RoleSecurityAdviser {
		s.record(ctx, audit.Entry{Action: action, Outcome: audit.Refused, Detail: "forbidden"})
		return Report{}, ErrForbidden
	}
	now := s.access.Now()
	r := Report{At: now, InactiveAfterDays: int(s.access.InactiveAfter() / (24 * time.Hour)), Retention: s.retention.Policy().Rules()}
	users, err := s.access.Users(ctx, "")
	if err != nil {
		return Report{}, fmt.Errorf("governance: %w", err)
	}
	r.Roles, r.EndingGrants, r.Inactive = summarise(users, now, s.access.Inactive)
	switch last, err := s.retention.LastRun(ctx); {
	case err == nil:
		r.LastRetention = &last
	case !errors.Is(err, retention.ErrNoRun):
		return Report{}, fmt.Errorf("governance: %w", err)
	}
	if r.Verifications, err = audit.LastVerifications(ctx, s.db.Bun); err != nil {
		return Report{}, fmt.Errorf("governance: %w", err)
	}
	if err := s.record(ctx, audit.Entry{Action: action}); err != nil {
		return Report{}, err
	}
	return r, nil
}

// record writes the report's access-log entry (O6): the report names staff
// and is itself an access worth accounting for.
func (s *Service) record(ctx context.Context, e audit.Entry) error {
	if err := audit.Record(ctx, s.db.Bun, e); err != nil {
		return fmt.Errorf("governance: %w", err)
	}
	return nil
}

// summarise counts the grants in force per role and institution of users
// who are not disabled, and lists the grants ending within EndingSoon and
// the users inactive is true of.
func summarise(users []access.User, now time.Time, inactive func(access.User) bool) ([]RoleCount, []EndingGrant, []InactiveUser) {
	counts := map[RoleCount]int{}
	roles, ending, idle := []RoleCount{}, []EndingGrant{}, []InactiveUser{}
	for _, u := range users {
		if u.DisabledAt != nil {
			continue
		}
		var institutions []string
		for _, g := range u.Grants {
			if !g.Active(now) {
				continue
			}
			counts[RoleCount{Role: g.Role, Institution: g.Institution}]++
			if !slices.Contains(institutions, g.Institution) {
				institutions = append(institutions, g.Institution)
			}
			if g.EndsAt != nil && g.EndsAt.Sub(now) <= EndingSoon {
				ending = append(ending, EndingGrant{UserID: u.ID, User: u.Label(), Role: g.Role, Institution: g.Institution, EndsAt: *g.EndsAt})
			}
		}
		if inactive(u) {
			idle = append(idle, InactiveUser{UserID: u.ID, User: u.Label(), Institutions: institutions, LastSignInAt: u.LastSignInAt, InvitedAt: u.CreatedAt})
		}
	}
	for k, n := range counts {
		k.Users = n
		roles = append(roles, k)
	}
	slices.SortFunc(roles, func(x, y RoleCount) int {
		return cmp.Or(cmp.Compare(x.Institution, y.Institution), cmp.Compare(slices.Index(audit.Roles, x.Role), slices.Index(audit.Roles, y.Role)))
	})
	slices.SortFunc(ending, func(x, y EndingGrant) int { return x.EndsAt.Compare(y.EndsAt) })
	return roles, ending, idle
}
