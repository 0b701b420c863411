// Package apptest runs the whole web application in a test: the frontend on
// a real database, the development OpenID Connect provider on the same
// server, and demo users seeded — so tests sign in through the production
// code path, as a browser would.
package apptest

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/frontend"
	"contactd/governance"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/devidp"
	"contactd/internal/insz"
	"contactd/lookup"
	"contactd/retention"
	"contactd/tickets"
)

// App is a running application.
type App struct {
	URL      string
	DB       *database.DB
	Access   *access.Service
	Tickets  *tickets.Service
	Registry *lookup.Demo // the synthetic population
	Lookups  *lookup.Service
	// Retention applies the retention policy on the test's clock.
	Retention *retention.Service
	IDP       *devidp.Provider
	Clock     *Clock
	Logs      *SyncBuffer // everything the application logged
	// Routes is the application's route table, for tests that must cover
	// every route (the authorization matrix).
	Routes gin.RoutesInfo
}

// New starts the application on db for the duration of the test.
func New(t testing.TB, db *database.DB) *App { return NewWith(t, db, nil) }

// NewWith starts the application with its configuration changed by tune.
func NewWith(t testing.TB, db *database.DB, tune func(*frontend.Config)) *App {
	t.Helper()
	return NewWithOptions(t, db, Options{Frontend: tune})
}

// Options change the application a test starts.
type Options struct {
	Frontend func(*frontend.Config) // nil: the defaults
	Lookup   lookup.Options         // e.g. no rate limit for benchmarks
	// Sources answer the consultations instead of the demo population,
	// e.g. the real registry client on a test registry; a nil source
	// falls back to the demo population.
	Sources lookup.Sources
}

// NewWithOptions starts the application with opt.
func NewWithOptions(t testing.TB, db *database.DB, opt Options) *App {
	t.Helper()
	tune := opt.Frontend
	a := &App{DB: db, Clock: &Clock{}, Logs: &SyncBuffer{}}
	log := slog.New(slog.NewJSONHandler(a.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a.Access = access.NewService(db, access.Options{SessionKey: bytes.Repeat([]byte{7}, 32), Now: a.Clock.Now})
	a.Tickets = tickets.NewService(db, tickets.Options{})
	a.Registry = lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize)
	a.Lookups = lookup.NewService(db, a.Tickets, a.sources(opt.Sources), opt.Lookup)
	a.Retention = retention.NewService(db, retention.Options{Sessions: a.Access, Now: a.Clock.Now})
	if err := demo.Seed(context.Background(), a.Access); err != nil {
		t.Fatalf("apptest: seed: %v", err)
	}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	a.URL = srv.URL
	idp, err := demo.Provider(srv.URL, log)
	if err != nil {
		t.Fatalf("apptest: provider: %v", err)
	}
	a.IDP = idp
	cfg := frontend.Config{
		BaseURL: srv.URL, Version: "test",
		OIDC: frontend.OIDCConfig{
			Issuer: idp.Issuer(), ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
			Scopes: []string{"profile"}, ACRLevels: frontend.BelgianACRLevels,
			MinACR: "urn:be:fedict:iam:fas:Level500", NationalNumberClaim: "egovNRN",
		},
		API: frontend.APIConfig{Issuer: idp.Issuer(), Audience: demo.APIAudience},
	}
	if tune != nil {
		tune(&cfg)
	}
	jobs := startRiver(t, db, log, a.Retention)
	front, err := frontend.New(cfg, frontend.Deps{DB: db, Access: a.Access, Tickets: a.Tickets, Lookups: a.Lookups, Jobs: jobs, Logger: log,
		Governance: governance.NewService(db, a.Access, a.Retention), Retention: a.Retention})
	if err != nil {
		t.Fatalf("apptest: frontend: %v", err)
	}
	if engine, ok := front.Handler().(*gin.Engine); ok {
		a.Routes = engine.Routes()
	}
	handler = demo.WithProvider(idp.Handler(), front.Handler())
	return a
}

// sources fills the sources src leaves nil with the demo population.
func (a *App) sources(src lookup.Sources) lookup.Sources {
	if src.Identity == nil {
		src.Identity = a.Registry
	}
	if src.Career == nil {
		src.Career = a.Registry
	}
	if src.Pension == nil {
		src.Pension = a.Registry
	}
	return src
}

// Clock is the application's time, which a test can move forward to expire
// sessions without waiting.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the real time plus the offset.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// SyncBuffer is a bytes.Buffer safe for the concurrent writes of a server.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Stranger is a valid synthetic national number that the demo register does
// not know: born in 1932, before anyone of the synthetic population.
func (a *App) Stranger() string {
	born := time.Date(1932, 3, 4, 0, 0, 0, 0, time.UTC)
	return insz.Generate(rand.New(rand.NewPCG(7, 7)), insz.GenerateOptions{Born: born}).String()
}
