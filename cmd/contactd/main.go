// Command contactd is the contact-centre application of the mypension and
// mycareer support desks: one binary for the one-command development instance
// (`contactd dev`), production (`serve`, `worker`) and operations
// (`migrate`, `users`).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // working hours and weeks are Brussels time, even in a bare container
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: what it does and how to run it.
type command struct {
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
	flags   func(m *Main) func(*flag.FlagSet) // the command's own flags, if any
}

func commands() map[string]command {
	return map[string]command{
		"dev":       {"run everything on SQLite with the built-in sign-in provider and demo users", runDev, nil},
		"serve":     {"serve the web application in production (PostgreSQL, external OpenID Connect)", runServe, nil},
		"worker":    {"run the River background workers alone", runWorker, nil},
		"migrate":   {"migrate up | status: apply or list database migrations", runMigrate, nil},
		"users":     {"users grant | revoke | list | disable | enable: manage roles from the command line", runUsers, userFlagsOf},
		"mail":      {"mail ingest --portal P < message.eml: file a delivered e-mail as a ticket", runMail, mailFlagsOf},
		"audit":     {"audit verify | export --out F | seal | keygen | witness | prove --entry N | check-receipt --receipt F | matching: the logs' tamper evidence, witnesses and receipts", runAudit, auditFlagsOf},
		"retention": {"retention plan | run: show, or apply, what the retention policy erases", runRetention, nil},
		"version":   {"print the version", runVersion, nil},
		"help":      {"list commands and settings", nil, nil},
	}
}

// run executes a command line and returns the exit code: 0 done, 1 failed,
// 2 usage or configuration mistake.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return (&Main{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr}).Run(ctx, args)
}

// Run executes a command line with m's outputs and hooks.
func (m *Main) Run(ctx context.Context, args []string) int {
	stdout, stderr := m.Stdout, m.Stderr
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "contactd: unknown command %q (see `contactd help`)\n", args[0])
		return 2
	}
	var extra []func(*flag.FlagSet)
	if cmd.flags != nil {
		extra = append(extra, cmd.flags(m))
	}
	rest, err := m.Config.parse(args[0], args[1:], extra...)
	if err == nil {
		err = cmd.run(ctx, m, rest)
	}
	m.Close()
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "contactd: %s: %s\n", args[0], trimUsage(err))
		return 2
	default:
		fmt.Fprintf(stderr, "contactd: %s: %v\n", args[0], err)
		return 1
	}
}

func trimUsage(err error) string {
	s := err.Error()
	if p := "usage: "; len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func runVersion(_ context.Context, m *Main, _ []string) error {
	fmt.Fprintln(m.Stdout, "contactd", version)
	return nil
}
