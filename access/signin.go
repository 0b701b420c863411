package access

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Identity is what a verified ID token says of the person signing in.
// Its strings come from a signed ID token, not from a person's typing, so
// the free-text guard does not apply to them.
type Identity struct {
	Subject        string `freetext:"-"`
	Name           string `freetext:"-"`
	NationalNumber string `freetext:"-"` // from the configured claim; empty if the provider gave none
	Email          string `freetext:"-"`
	EmailVerified  bool   // the provider vouches for the address: only then may it claim an invitation
}

// SignedIn is the outcome of a sign-in: the session's token for the cookie,
// and the session itself.
type SignedIn struct {
	Token   string
	Session Session
	User    User
}

// SignIn opens a new session for a verified identity, in one transaction with
// its access-log entry. The person's one account is found, or made, from
// every key they may be known by (findOrBind). A user with one active
// grant works in it at once; a user with several chooses the role for the
// session (ChooseRole), never the application for them; a user with none
// gets a session that opens only the "no access" page; a disabled user
// gets none.
func (s *Service) SignIn(ctx context.Context, id Identity) (SignedIn, error) {
	var out SignedIn
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, discarded, err := s.findOrBind(ctx, tx, id)
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
		return audit.Record(withSessionActor(ctx, out.Session), tx, audit.Entry{Action: "sign_in", Detail: signInDetail(out, discarded)})
	})
	if err != nil {
		return SignedIn{}, fmt.Errorf("access: sign in: %w", err)
	}
	return out, nil
}

// signInDetail says what the sign-in entry adds to who and when: that a
// role is still to be chosen, and the invitations the binding refused.
func signInDetail(in SignedIn, discarded []string) string {
	var parts []string
	if in.Session.Role == "" && len(in.User.ActiveGrants(in.Session.CreatedAt)) > 1 {
		parts = append(parts, "role=to_choose")
	}
	if len(discarded) > 0 {
		parts = append(parts, "invitations_refused="+strings.Join(discarded, ","))
	}
	return strings.Join(parts, " ")
}

// withSessionActor makes the new session's user the actor, keeping the
// request id and client address the request already put in ctx.
func withSessionActor(ctx context.Context, sess Session) context.Context {
	a, _ := audit.ActorFrom(ctx)
	a.UserID, a.Role, a.Institution = sess.UserID, sess.Role, sess.Institution
	return audit.WithActor(ctx, a)
}

// findOrBind finds the one account of the person signing in from every key
// they may be known by: the provider's subject (once they signed in, or
// when the command line named it), their national number and their
// verified e-mail address (invitations). Rows known by those keys and not
// yet bound to a subject are invitations: their grants move to the account
// (each checked as if its granter gave it to the account now, bind.go) and
// the rows go, so that one person is one row. A key already bound to
// another subject is a conflict (ErrIdentityConflict): two people's access
// is never merged. It returns the invitations it refused, for the log.
func (s *Service) findOrBind(ctx context.Context, tx bun.Tx, id Identity) (User, []string, error) {
	found, err := accountsOf(ctx, tx, id)
	if err != nil {
		return User{}, nil, err
	}
	found, discarded, err := s.dropCancelled(ctx, tx, found)
	if err != nil {
		return User{}, nil, err
	}
	if len(found) == 0 {
		u := User{Subject: &id.Subject, CreatedAt: s.now()}
		if _, err := tx.NewInsert().Model(&u).Exec(ctx); err != nil {
			return u, nil, err
		}
		return u, discarded, s.refreshProfile(ctx, tx, &u, id)
	}
	account := found[0]
	refused, err := s.bindInvitations(ctx, tx, &account, found)
	if err != nil {
		return account, nil, err
	}
	discarded = append(discarded, refused...)
	account.Subject = &id.Subject
	return account, discarded, s.refreshProfile(ctx, tx, &account, id)
}

// accountsOf loads, in one query, the rows the identity's keys name, the
// one bound to its subject first. A row bound to another subject is a
// conflict when it holds the national number (a person's identity); one
// that only shares the e-mail address is left alone (an address may be
// shared, and only ever binds invitations).
func accountsOf(ctx context.Context, tx bun.Tx, id Identity) ([]User, error) {
	email := ""
	if id.EmailVerified {
		email = strings.ToLower(id.Email)
	}
	var rows []User
	err := tx.NewSelect().Model(&rows).Relation("Grants").
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			q = q.WhereOr("?TableAlias.subject = ?", id.Subject)
			if id.NationalNumber != "" {
				q = q.WhereOr("?TableAlias.national_number = ?", id.NationalNumber)
			}
			if email != "" {
				q = q.WhereOr("?TableAlias.email = ?", email)
			}
			return q
		}).OrderExpr("?TableAlias.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("access: accounts of a sign-in: %w", err)
	}
	var found []User
	for _, u := range rows {
		switch {
		case u.Subject != nil && *u.Subject == id.Subject:
			found = append([]User{u}, found...)
		case u.Subject == nil:
			found = append(found, u)
		case id.NationalNumber != "" && u.NationalNumber != nil && *u.NationalNumber == id.NationalNumber:
			return nil, fmt.Errorf("national_number: %w", ErrIdentityConflict)
		}
	}
	return found, nil
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
	_, err := tx.NewUpdate().Model(u).Column("subject", "display_name", "national_number", "email", "last_sign_in_at", "disabled_at").
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
	// One grant: no question asked. Several: the user chooses; the
	// application never guesses which of them the person came to use.
	if grants := u.ActiveGrants(now); len(grants) == 1 {
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
