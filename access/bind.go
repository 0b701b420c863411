package access

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// bindInvitations gives the account the grants of the invitation rows its
// person's keys named — the account's own included, when it is itself an
// invitation — then removes the other rows. Each invited grant is kept only
// if its granter could give it now to the person as they will be, holding
// every other grant found (mayActOn, as the granter): whatever the order
// the invitations were made in, a manager's invitation never reaches an
// admin, an adviser, another institution's staff or the manager themselves
// (O14). A grant the account already holds is renewed with the
// invitation's end date. It returns the grants it refused, as
// role@institution:reason.
func (s *Service) bindInvitations(ctx context.Context, tx bun.Tx, account *User, found []User) ([]string, error) {
	var all []Grant
	for _, u := range found {
		all = append(all, u.Grants...)
	}
	var refused []string
	var kept []Grant
	for _, u := range found {
		for _, g := range u.Grants {
			if u.Subject != nil {
				kept = append(kept, g) // the person's own, given before
				continue
			}
			others := User{ID: account.ID, Grants: slices.DeleteFunc(slices.Clone(all), func(o Grant) bool { return o.ID == g.ID })}
			granter, err := s.granterOf(ctx, tx, g)
			if err == nil {
				err = mayActOn(audit.WithActor(ctx, granter), others)
			}
			if err != nil {
				refused = append(refused, fmt.Sprintf("%s@%s:%s", g.Role, g.Institution, refusalCode(err)))
				continue
			}
			kept = append(kept, g)
		}
	}
	if err := s.keepGrants(ctx, tx, account, found, kept); err != nil {
		return nil, err
	}
	for _, u := range found {
		if u.ID != account.ID {
			if err := deleteInvitation(ctx, tx, u.ID); err != nil {
				return nil, err
			}
		}
	}
	return refused, nil
}

// keepGrants makes kept the account's grants: the invited ones move to it
// (one per role and institution, the latest end date winning), and every
// other grant of the rows found goes.
func (s *Service) keepGrants(ctx context.Context, tx bun.Tx, account *User, found []User, kept []Grant) error {
	byKey := map[[2]string]Grant{}
	for _, g := range kept {
		k := [2]string{string(g.Role), g.Institution}
		if prev, ok := byKey[k]; !ok || laterEnd(g, prev) {
			byKey[k] = g
		}
	}
	keep := map[int64]bool{}
	account.Grants = nil
	for _, g := range byKey {
		keep[g.ID] = true
		g.UserID = account.ID
		account.Grants = append(account.Grants, g)
	}
	for _, u := range found {
		for _, g := range u.Grants {
			if !keep[g.ID] {
				if _, err := tx.NewDelete().Model((*Grant)(nil)).Where("id = ?", g.ID).Exec(ctx); err != nil {
					return fmt.Errorf("drop grant: %w", err)
				}
			}
		}
	}
	for _, g := range account.Grants {
		if _, err := tx.NewUpdate().Model((*Grant)(nil)).Set("user_id = ?", account.ID).Where("id = ?", g.ID).Exec(ctx); err != nil {
			return fmt.Errorf("move grant: %w", err)
		}
	}
	return nil
}

// laterEnd says whether grant a holds longer than b (no end is longest).
func laterEnd(a, b Grant) bool {
	switch {
	case b.EndsAt == nil:
		return false
	case a.EndsAt == nil:
		return true
	}
	return a.EndsAt.After(*b.EndsAt)
}

// granterOf is who gave grant g, as the actor they would be to give it
// today: the command line when nobody is named, an admin, or a local
// manager of the grant's institution. Anyone else — or a granter who lost
// the role since — is forbidden.
func (s *Service) granterOf(ctx context.Context, tx bun.Tx, g Grant) (audit.Actor, error) {
	if g.GrantedBy == nil {
		return audit.Actor{System: "cli"}, nil
	}
	u, err := userWhere(ctx, tx, "id", *g.GrantedBy)
	if err != nil {
		return audit.Actor{}, ErrForbidden
	}
	now := s.now()
	for _, held := range u.ActiveGrants(now) {
		if held.Role == audit.RoleAdmin {
			return audit.Actor{UserID: u.ID, Role: audit.RoleAdmin, Institution: held.Institution}, nil
		}
	}
	for _, held := range u.ActiveGrants(now) {
		if held.Role == audit.RoleLocalManager && held.Institution == g.Institution {
			return audit.Actor{UserID: u.ID, Role: audit.RoleLocalManager, Institution: held.Institution}, nil
		}
	}
	return audit.Actor{}, ErrForbidden
}

// dropCancelled removes, from the rows a sign-in found, the invitations
// that were disabled before anyone signed in with them (an older version
// disabled instead of withdrawing them): they bind nothing — neither their
// grants nor their being disabled, which a manager could otherwise have
// pinned on an adviser or an admin by inviting their number and disabling
// the invitation. The person's own account, bound to their subject, keeps
// whatever it is.
func (s *Service) dropCancelled(ctx context.Context, tx bun.Tx, found []User) ([]User, []string, error) {
	var kept []User
	var dropped []string
	for _, u := range found {
		if u.Subject != nil || u.DisabledAt == nil {
			kept = append(kept, u)
			continue
		}
		if err := deleteInvitation(ctx, tx, u.ID); err != nil {
			return nil, nil, err
		}
		dropped = append(dropped, fmt.Sprintf("invitation_%d:disabled", u.ID))
	}
	return kept, dropped, nil
}

// deleteInvitation removes an invitation — a user nobody signed in as —
// with its grants.
func deleteInvitation(ctx context.Context, tx bun.Tx, userID int64) error {
	if _, err := tx.NewDelete().Model((*Grant)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		return fmt.Errorf("drop invitation grants: %w", err)
	}
	if _, err := tx.NewDelete().Model((*User)(nil)).Where("id = ? AND subject IS NULL", userID).Exec(ctx); err != nil {
		return fmt.Errorf("drop invitation: %w", err)
	}
	return nil
}
