package access

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// mergeInvitation moves the grants of an invitation row onto the account of
// the person who presented its key, then removes the row. Each grant moves
// only if its granter could give it to that account now (mayActOn, as the
// granter): an invitation by national number must not become a way for a
// manager to reach an admin, an adviser or another institution's staff
// (O14). It returns the grants it refused, as role@institution:reason.
func (s *Service) mergeInvitation(ctx context.Context, tx bun.Tx, account *User, inv User) ([]string, error) {
	var refused []string
	for _, g := range inv.Grants {
		if account.HoldsGrant(g.Role, g.Institution) {
			continue
		}
		granter, err := s.granterOf(ctx, tx, g)
		if err == nil {
			err = mayActOn(audit.WithActor(ctx, granter), *account)
		}
		if err != nil {
			refused = append(refused, fmt.Sprintf("%s@%s:%s", g.Role, g.Institution, refusalCode(err)))
			continue
		}
		if _, err := tx.NewUpdate().Model((*Grant)(nil)).Set("user_id = ?", account.ID).Where("id = ?", g.ID).Exec(ctx); err != nil {
			return nil, fmt.Errorf("move grant: %w", err)
		}
		g.UserID = account.ID
		account.Grants = append(account.Grants, g)
	}
	return refused, deleteInvitation(ctx, tx, inv.ID)
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
