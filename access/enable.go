package access

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Enable lets a disabled user sign in again; the reason is required and
// logged. Who may is who may disable (disableTarget): a mistaken or
// malicious disabling is never final — the admin and the command line may
// always undo it. The user's grants are as they were; sessions ended by
// the disabling stay ended.
func (s *Service) Enable(ctx context.Context, ref UserRef, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &ValidationError{Field: "reason", Message: "say why the user may sign in again", Code: "reason_required"}
	}
	if err := guardReason(reason); err != nil {
		return err
	}
	detail := fmt.Sprintf("user=%d reason=%s", ref.ID, reason)
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.enableTarget(ctx, tx, ref)
		if u.ID != 0 {
			detail = fmt.Sprintf("user=%d reason=%s", u.ID, reason)
		}
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(&u).Set("disabled_at = NULL").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user_enable", Detail: detail})
	})
	if err != nil {
		s.recordRefusal(ctx, "user_enable", detail, err)
		return fmt.Errorf("access: enable: %w", err)
	}
	return nil
}

// enableTarget loads a disabled user and checks the actor may enable them.
func (s *Service) enableTarget(ctx context.Context, tx bun.Tx, ref UserRef) (User, error) {
	u, err := userToChange(ctx, tx, ref)
	if err == nil && u.DisabledAt == nil {
		err = &ValidationError{Field: "user", Message: "the user is not disabled", Code: "not_disabled"}
	}
	return u, err
}
