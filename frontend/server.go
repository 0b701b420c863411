// Package frontend is the application's HTTP face: the server-rendered pages
// of each role, the JSON API, OpenID Connect sign-in, server-side sessions,
// CSRF protection, security headers and the mapping of domain errors to
// statuses. It speaks HTTP; the domain packages decide.
package frontend

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"contactd/access"
	"contactd/governance"
	"contactd/internal/database"
	"contactd/lookup"
	"contactd/retention"
	"contactd/tickets"
)

// Config is what the HTTP layer needs to know of its deployment.
type Config struct {
	BaseURL        string   // public base URL; https makes cookies Secure and __Host- prefixed
	TrustedProxies []string // proxies whose X-Forwarded-For gives the client address
	OIDC           OIDCConfig
	API            APIConfig
	BodyLimit      int64  // bytes a request body may carry; 1 MiB when zero
	SignInLimit    int    // sign-in starts per client address per 10 minutes; DefaultSignInLimit when zero, none when negative
	Dev            bool   // marks pages as the development instance
	Version        string // shown in the footer and /healthz
}

// Deps are the services the handlers call.
type Deps struct {
	DB      *database.DB
	Access  *access.Service
	Tickets *tickets.Service
	Lookups *lookup.Service
	Jobs    JobInserter // River: the adviser's on-demand sampling runs
	// Governance builds the admin's and the adviser's governance report.
	Governance *governance.Service
	// Retention handles an admin's erasure or rectification at a
	// citizen's request.
	Retention *retention.Service
	Logger    *slog.Logger
	Metrics   prometheus.Registerer // nil: a registry of the server's own
}

// JobInserter queues a River job (a *river.Client).
type JobInserter interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Server holds the handlers' shared state. It keeps nothing a second replica
// would need: sessions live in the database.
type Server struct {
	cfg     Config
	base    *url.URL
	secure  bool
	db      *database.DB
	access  *access.Service
	tickets *tickets.Service
	lookups *lookup.Service
	jobs    JobInserter
	log     *slog.Logger

	governance *governance.Service
	retention  *retention.Service
	oidc       *oidcClient
	api        *apiAuth
	pages      *pages
	csrf       *http.CrossOriginProtection
	signIns    *throttle // sign-in starts per client address
	metrics    *metrics
	engine     *gin.Engine
}

// New builds the server; templates and static files are parsed and checked
// here, so a broken one stops the start instead of a page.
func New(cfg Config, deps Deps) (*Server, error) {
	base, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, errors.New("frontend: base URL must be absolute (e.g. https://contactd.example.org)")
	}
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 1 << 20
	}
	s := &Server{cfg: cfg, base: base, secure: base.Scheme == "https", db: deps.DB, access: deps.Access,
		tickets: deps.Tickets, lookups: deps.Lookups, jobs: deps.Jobs, log: deps.Logger,
		governance: deps.Governance, retention: deps.Retention}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	s.oidc = newOIDCClient(cfg.OIDC, base)
	s.api = newAPIAuth(cfg.API)
	s.csrf = http.NewCrossOriginProtection()
	if cfg.SignInLimit == 0 {
		cfg.SignInLimit = DefaultSignInLimit
	}
	s.signIns = newThrottle(cfg.SignInLimit, signInPeriod, throttleAddresses, time.Now)
	var audited []prometheus.Collector
	if s.db != nil {
		audited = append(audited, newAuditCollector(s.db.Bun))
	}
	s.metrics = newMetrics(deps.Metrics, audited...)
	s.engine = s.routes()
	// Without trusted proxies the client address is the connection's own:
	// a forged X-Forwarded-For must not reach the access log.
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("frontend: trusted proxies: %w", err)
	}
	return s, nil
}

// Handler is the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }
