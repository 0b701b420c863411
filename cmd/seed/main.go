// Command seed fills an empty contactd database with synthetic tickets and
// access-log entries, for the large-table benchmarks of docs/BENCHMARKS.md
// (a million tickets, ten million entries: a contact centre after years of
// work). It migrates the database first, refuses a database that already
// holds tickets, and refuses a PostgreSQL that is not on loopback: it is a
// bench tool, never pointed at a real contact centre's data.
//
//	go run ./cmd/seed -database-url postgres://postgres@127.0.0.1:5432/bench -tickets 1000000 -log-entries 10000000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"contactd/internal/database"
	"contactd/internal/loopback"
	"contactd/internal/seed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run seeds and returns the exit code: 0 when done, 1 when seeding failed,
// 2 for a usage mistake or a database it must not touch.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbURL := fs.String("database-url", "", "the database to fill: postgres://… on loopback, or sqlite:PATH")
	tickets := fs.Int("tickets", 1_000_000, "synthetic tickets to insert")
	entries := fs.Int("log-entries", 10_000_000, "synthetic access-log entries to append")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := checkTarget(*dbURL); err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 2
	}
	if *tickets < 0 || *entries < 0 {
		fmt.Fprintln(stderr, "seed: -tickets and -log-entries must be 0 or more")
		return 2
	}
	db, err := database.Open(ctx, *dbURL)
	if err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	n, err := db.Bun.NewSelect().Table("tickets").Count(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	if n > 0 {
		fmt.Fprintf(stderr, "seed: the database already holds %d tickets; seed fills an empty one\n", n)
		return 2
	}
	steps := []struct {
		what string
		n    int
		fill func(context.Context, *database.DB, int) error
	}{{"tickets", *tickets, seed.Tickets}, {"access-log entries", *entries, seed.AccessLog}}
	for _, s := range steps {
		start := time.Now()
		if err := s.fill(ctx, db, s.n); err != nil {
			fmt.Fprintf(stderr, "seed: %v\n", err)
			return 1
		}
		took := time.Since(start)
		fmt.Fprintf(stdout, "%d %s in %.1f s (%.0f/s)\n", s.n, s.what, took.Seconds(), float64(s.n)/took.Seconds())
	}
	return 0
}

// checkTarget refuses anything but SQLite and a PostgreSQL on loopback.
func checkTarget(dbURL string) error {
	switch {
	case dbURL == "":
		return errors.New("-database-url is required")
	case strings.HasPrefix(dbURL, "sqlite:"):
		return nil
	case !strings.HasPrefix(dbURL, "postgres://") && !strings.HasPrefix(dbURL, "postgresql://"):
		return errors.New("-database-url must be postgres://… or sqlite:PATH")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return fmt.Errorf("-database-url: %w", err)
	}
	host := u.Hostname()
	if !loopback.Host(host) {
		return fmt.Errorf("-database-url: %q is not a loopback address; seed only fills a local bench database", host)
	}
	return nil
}
