package testdb

import (
	"fmt"
	"path/filepath"
	"testing"
)

// Server is a throwaway PostgreSQL of one test's own, which the test may
// stop and start again: the database outage drill takes it away under a
// running application. Unlike the shared test server it keeps PostgreSQL's
// durable defaults (synchronous commit), so a commit it acknowledged
// survives even an immediate stop, as on a real server.
type Server struct {
	srv *server
}

// StartServer starts a dedicated server on a free loopback port, removed
// with its data when the test ends. Tests that only need a database use
// Postgres instead: this one costs an initdb.
func StartServer(t testing.TB) *Server {
	t.Helper()
	srv, err := startServerWith("")
	if err != nil {
		t.Fatalf("testdb: dedicated server: %v", err)
	}
	t.Cleanup(srv.stop)
	return &Server{srv: srv}
}

// URL is the superuser URL of the server's postgres database.
func (s *Server) URL() string { return s.srv.url }

// Stop stops the server with pg_ctl's mode ("fast" disconnects clients and
// shuts down cleanly; "immediate" aborts, as a crash would) and waits
// until it is down.
func (s *Server) Stop(mode string) error {
	if err := s.srv.run("pg_ctl", "-D", filepath.Join(s.srv.dir, "data"), "-m", mode, "-w", "stop"); err != nil {
		return fmt.Errorf("testdb: stop: %w", err)
	}
	return nil
}

// Start starts the stopped server again on the same port and waits until
// it accepts connections (after crash recovery, for an immediate stop).
func (s *Server) Start() error {
	if err := s.srv.start(); err != nil {
		return fmt.Errorf("testdb: start: %w", err)
	}
	return nil
}
