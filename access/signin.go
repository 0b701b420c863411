package access

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Identity is what a verified ID token says of the person signing in.
type Identity struct {
	Subject        string
	Name           string
	NationalNumber string // from the configured claim; empty if the provider gave none
	Email          string
	EmailVerified  bool // the provider vouches for the address: only then may it claim an invitation
}

// SignedIn is the outcome of a sign-in: the session's token for the cookie,
// and the session itself.
type SignedIn struct {
	Token   string
	Session Session
	User    User
}

// SignIn opens a new session for a verified identity, in one transaction with
// its access-log entry. The user is found by subject; on a first sign-in an
// invitation made by national number or e-mail binds to the subject; a person
// nobody invited gets a user row without roles, so that their local manager
// can find and grant them. A user without an active role gets a session that
// opens only the "no access" page; a disabled user gets none.
func (s *Service) SignIn(ctx context.Context, id Identity) (SignedIn, error) {
	var out SignedIn
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.findOrBind(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return ErrDisabled
		}
		out, err = s.openSession(ctx, tx, u)
		if err != nil {
			return err
		}
		return audit.Record(withSessionActor(ctx, out.Session), tx, audit.Entry{Action: "sign_in"})
	})
	if err != nil {
		return SignedIn{}, fmt.Errorf("access: sign in: %w", err)
	}
	return out, nil
}

// withSessionActor makes the new session's user the actor, keeping the
// request id and client address the request already put in ctx.
func withSessionActor(ctx context.Context, sess Session) context.Context {
	a, _ := audit.ActorFrom(ctx)
	a.UserID, a.Role, a.Institution = sess.UserID, sess.Role, sess.Institution
	return audit.WithActor(ctx, a)
}

func (s *Service) findOrBind(ctx context.Context, tx bun.Tx, id Identity) (User, error) {
	u, err := userWhere(ctx, tx, "subject", id.Subject)
	if err == nil {
		return u, s.refreshProfile(ctx, tx, &u, id)
	}
	if !errors.Is(err, ErrNotFound) {
		return u, err
	}
	invitations := [][2]string{{"national_number", id.NationalNumber}}
	if id.EmailVerified {
		invitations = append(invitations, [2]string{"email", strings.ToLower(id.Email)})
	}
	for _, inv := range invitations {
		if inv[1] == "" {
			continue
		}
		u, err = userWhere(ctx, tx, inv[0], inv[1])
		if err == nil && u.Subject == nil {
			u.Subject = &id.Subject
			return u, s.refreshProfile(ctx, tx, &u, id)
		}
	}
	u = User{Subject: &id.Subject, CreatedAt: s.now()}
	if _, err := tx.NewInsert().Model(&u).Exec(ctx); err != nil {
		return u, err
	}
	return u, s.refreshProfile(ctx, tx, &u, id)
}

// refreshProfile keeps the name and national number the provider vouches for.
func (s *Service) refreshProfile(ctx context.Context, tx bun.Tx, u *User, id Identity) error {
	now := s.now()
	u.LastSignInAt = &now
	if id.Name != "" {
		u.DisplayName = id.Name
	}
	if id.NationalNumber != "" {
		u.NationalNumber = &id.NationalNumber
	}
	if email := strings.ToLower(id.Email); email != "" && id.EmailVerified {
		u.Email = &email
	}
	_, err := tx.NewUpdate().Model(u).Column("subject", "display_name", "national_number", "email", "last_sign_in_at").
		WherePK().Exec(ctx)
	return err
}

func (s *Service) openSession(ctx context.Context, tx bun.Tx, u User) (SignedIn, error) {
	now := s.now()
	token := randomToken()
	sess := Session{
		IDHash: s.hashToken(token), UserID: u.ID, CSRFToken: randomToken(),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opt.AbsoluteTimeout),
	}
	if grants := u.ActiveGrants(now); len(grants) > 0 {
		sess.Role, sess.Institution = grants[0].Role, grants[0].Institution
	}
	if _, err := tx.NewInsert().Model(&sess).Exec(ctx); err != nil {
		return SignedIn{}, err
	}
	sess.User = &u
	return SignedIn{Token: token, Session: sess, User: u}, nil
}

// RecordRefusedSignIn writes a refused sign-in to the access log. The reason
// is a short code (state_mismatch, nonce_mismatch, acr_too_low, …); the
// request id and client address come from the actor in ctx.
func (s *Service) RecordRefusedSignIn(ctx context.Context, reason string) error {
	return s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "sign_in", Outcome: audit.Refused, Detail: reason})
	})
}
