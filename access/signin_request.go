package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// SignInRequest is a sign-in under way: what the callback must find again
// to accept the provider's answer. It is kept server-side, under the hash of
// its state, and taken (deleted) by the first callback that presents that
// state, so a replayed state finds nothing.
type SignInRequest struct {
	bun.BaseModel `bun:"table:sign_in_requests"`

	StateHash    string    `bun:"state_hash,pk"`
	Nonce        string    `bun:"nonce,notnull"`
	CodeVerifier string    `bun:"code_verifier,notnull"`
	ReturnTo     string    `bun:"return_to,notnull"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
	ExpiresAt    time.Time `bun:"expires_at,notnull"`
}

// signInWindow is how long a person may take at the provider's page.
const signInWindow = 10 * time.Minute

// ErrUnknownState reports a callback whose state matches no sign-in under
// way: forged, replayed or expired.
var ErrUnknownState = errors.New("unknown, replayed or expired sign-in state")

// MaxReturnTo bounds the return path stored with a sign-in under way: a
// start is unauthenticated, so what it may make the database hold is
// bounded here whatever the caller checked.
const MaxReturnTo = 512

// StartSignIn stores a new sign-in request and returns its state, nonce and
// PKCE verifier for the redirect to the provider. A return path longer than
// MaxReturnTo becomes the home page.
func (s *Service) StartSignIn(ctx context.Context, returnTo string) (state string, req SignInRequest, err error) {
	if len(returnTo) > MaxReturnTo {
		returnTo = "/"
	}
	state = randomToken()
	now := s.now()
	req = SignInRequest{
		StateHash: s.hashToken(state), Nonce: randomToken(), CodeVerifier: randomToken() + randomToken(),
		ReturnTo: returnTo, CreatedAt: now, ExpiresAt: now.Add(signInWindow),
	}
	if _, err := s.db.Bun.NewInsert().Model(&req).Exec(ctx); err != nil {
		return "", req, fmt.Errorf("access: start sign-in: %w", err)
	}
	return state, req, nil
}

// TakeSignIn returns and deletes the sign-in request of a state, once.
func (s *Service) TakeSignIn(ctx context.Context, state string) (SignInRequest, error) {
	var req SignInRequest
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewSelect().Model(&req).Where("state_hash = ?", s.hashToken(state)).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrUnknownState
		}
		if err != nil {
			return err
		}
		res, err := tx.NewDelete().Model(&req).WherePK().Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrUnknownState // another callback took it first
		}
		return nil
	})
	if err != nil {
		return req, fmt.Errorf("access: take sign-in: %w", err)
	}
	if !s.now().Before(req.ExpiresAt) {
		return req, fmt.Errorf("access: take sign-in: %w", ErrUnknownState)
	}
	return req, nil
}
