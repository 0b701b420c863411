// Command loadgen drives simulated contact-centre agents against a running
// contactd on loopback — front office, back office and security adviser,
// each signed in like a browser through the development provider that
// `contactd dev` mounts, on a session of its own —
// and reports each operation's throughput, latency percentiles and errors
// (issue 7). Start the server with `contactd dev --consult-limit 0`: the
// demo agents share one user, whose hourly consultation limit would
// otherwise stop the run.
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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one load run and returns the exit code: 0 without errors,
// 1 if any request failed, 2 for a usage or configuration mistake.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 2
	}
	rep := Run(ctx, cfg)
	write := writeText
	if cfg.Format == "json" {
		write = writeJSON
	}
	if err := write(stdout, rep); err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 1
	}
	if cfg.JSONFile != "" {
		if err := writeJSONFile(cfg.JSONFile, rep); err != nil {
			fmt.Fprintf(stderr, "loadgen: %v\n", err)
			return 1
		}
	}
	if cfg.AckedFile != "" {
		if err := writeAcked(cfg.AckedFile, rep.Acked); err != nil {
			fmt.Fprintf(stderr, "loadgen: %v\n", err)
			return 1
		}
	}
	if rep.Total.Errors > 0 {
		fmt.Fprintf(stderr, "loadgen: %d of %d requests failed\n", rep.Total.Errors, rep.Total.Count)
		return 1
	}
	return 0
}
