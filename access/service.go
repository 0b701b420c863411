package access

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"

	"contactd/internal/database"
)

// Options are the session rules. The defaults follow common practice for
// applications that handle personal data: 30 minutes idle, 10 hours at most
// (a working day), after which the agent signs in with their eID again.
type Options struct {
	SessionKey      []byte // keys the hashes under which session tokens are stored
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// InactiveAfter is how long a user who may work can go without signing
	// in before their local manager sees them flagged.
	InactiveAfter time.Duration
	Now           func() time.Time
}

// Default session timeouts.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 10 * time.Hour
	// DefaultInactiveAfter is the social-security portal's habit: an
	// account unused for three months is one to question.
	DefaultInactiveAfter = 90 * 24 * time.Hour
)

// Service manages users, grants and sessions.
type Service struct {
	db  *database.DB
	opt Options

	institutionsMu sync.Mutex
	institutions   []Institution
}

// NewService returns a Service on db with opt, filling in defaults.
func NewService(db *database.DB, opt Options) *Service {
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.AbsoluteTimeout <= 0 {
		opt.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	if opt.InactiveAfter <= 0 {
		opt.InactiveAfter = DefaultInactiveAfter
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Service{db: db, opt: opt}
}

func (s *Service) now() time.Time { return s.opt.Now().UTC() }

// hashToken is how a session token is stored: a keyed hash, so that a copy
// of the sessions table opens no session.
func (s *Service) hashToken(token string) string {
	m := hmac.New(sha256.New, s.opt.SessionKey)
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

// randomToken returns 256 bits from the system's secure generator.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
