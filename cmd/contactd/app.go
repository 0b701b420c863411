package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"golang.org/x/mod/sumdb/note"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/devidp"
	"contactd/lookup"
	"contactd/tickets"
)

// Main holds what a command wires together, so that Close can take it down
// in the right order whatever the command got to.
type Main struct {
	Config Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	Logger *slog.Logger
	DB     *database.DB
	Access *access.Service
	River  *river.Client[*sql.Tx]
	DevIDP *devidp.Provider // dev only: tests tamper with its next token

	Tickets *tickets.Service
	// Sources answer consultations: the demo population in dev, the
	// upstream registry in serve.
	Sources lookup.Sources
	Lookups *lookup.Service

	// OnListen, when set, learns the address the server listens on (tests
	// listen on port 0).
	OnListen func(addr string)

	auditSigner note.Signer   // signs the logs' checkpoints (worker, dev)
	auditCheck  note.Verifier // checks them in the daily verification (worker, dev)
	// auditVerifierKey is auditCheck's key, published to witness directories.
	auditVerifierKey string
	witnesses        []audit.Witness // where checkpoints are witnessed (--audit-witness)
	riverStarted     bool
	users            userFlags  // the flags of `contactd users`
	mailPortal       string     // the flag of `contactd mail ingest`
	audit            auditFlags // the flags of `contactd audit`
}

// Close stops River and closes the database.
func (m *Main) Close() {
	if m.River != nil && m.riverStarted {
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		defer cancel()
		if err := m.River.Stop(ctx); err != nil && m.Logger != nil {
			m.Logger.Warn("river did not stop cleanly", "error", err.Error())
		}
	}
	if m.DB != nil {
		m.DB.Close()
	}
}

// setupLogger builds the application log: JSON for machines in production,
// text for people in dev.
func (m *Main) setupLogger(defaultFormat string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(m.Config.LogLevel)); err != nil {
		return settingError("log-level", "must be debug, info, warn or error")
	}
	format := m.Config.LogFormat
	if format == "" {
		format = defaultFormat
	}
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "json":
		m.Logger = slog.New(slog.NewJSONHandler(m.Stderr, opts))
	case "text":
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, opts))
	default:
		return settingError("log-format", "must be text or json")
	}
	return nil
}

// openDB opens the database and the services on it.
func (m *Main) openDB(ctx context.Context, url string) error {
	db, err := database.Open(ctx, url)
	if err != nil {
		return err
	}
	m.DB = db
	return nil
}

// setupAccess builds the access and ticket services with the session rules.
func (m *Main) setupAccess(key []byte) {
	m.Access = access.NewService(m.DB, access.Options{
		SessionKey: key, IdleTimeout: m.Config.SessionIdle, AbsoluteTimeout: m.Config.SessionMax,
		InactiveAfter: m.Config.InactiveAfter,
	})
	m.Tickets = tickets.NewService(m.DB, tickets.Options{DueIn: m.Config.TicketDue})
}

// setupLookups builds the consultation service on the sources set.
func (m *Main) setupLookups(failureCode func(error) string) {
	limit := m.Config.ConsultLimit
	if limit == 0 {
		limit = -1 // the setting's 0 means no limit
	}
	m.Lookups = lookup.NewService(m.DB, m.Tickets, m.Sources, lookup.Options{RateLimit: limit, FailureCode: failureCode})
}

// rescueStuckJobsAfter is how long a job may run before River takes it for
// the job of a dead worker and runs it again: longer than any worker's
// timeout (the longest, retention's and the daily verification's, is 15
// minutes), and short enough that a worker killed in the middle of the
// retention or a sampling run is replaced within the half hour instead of
// River's default hour (internal/drill shows the job then completes once,
// with the result of an undisturbed run).
const rescueStuckJobsAfter = 20 * time.Minute

// setupRiver builds the River client on the database's own driver. With
// work set it runs the workers and the periodic jobs (River elects one
// leader among replicas for those); without, it only inserts jobs.
func (m *Main) setupRiver(work bool) error {
	cfg := &river.Config{
		Logger:               m.Logger.With("component", "river"),
		Workers:              workers(m),
		RescueStuckJobsAfter: rescueStuckJobsAfter,
	}
	if work {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: m.Config.Workers}}
		cfg.PeriodicJobs = periodicJobs()
	}
	client, err := river.NewClient(m.DB.RiverDriver(), cfg)
	if err != nil {
		return fmt.Errorf("river: %w", err)
	}
	m.River = client
	return nil
}

func (m *Main) startRiver(ctx context.Context) error {
	if err := m.River.Start(ctx); err != nil {
		return fmt.Errorf("river: %w", err)
	}
	m.riverStarted = true
	return nil
}

// serveHTTP listens on the configured address, builds the handler for the
// address it got (dev derives its URLs from it), serves until ctx ends, then
// drains the requests under way for at most the shutdown timeout.
func (m *Main) serveHTTP(ctx context.Context, build func(addr string) (http.Handler, error)) error {
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return settingError("addr", fmt.Sprintf("cannot listen: %v", err))
	}
	defer ln.Close()
	h, err := build(ln.Addr().String())
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if m.OnListen != nil {
		m.OnListen(ln.Addr().String())
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	m.Logger.Info("shutting down", "timeout", m.Config.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
