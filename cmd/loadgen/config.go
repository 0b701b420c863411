package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"contactd/internal/loopback"
)

// Config is one load run, read from the command line.
type Config struct {
	BaseURL   string        // a running contactd, on loopback only
	Agents    int           // simulated agents, each a browser session of its own
	Duration  time.Duration // the run stops after this long (0: no time bound)
	Requests  int           // ... or after this many requests in all (0: no count bound)
	Think     time.Duration // mean think time between two actions of an agent; 0 flat out
	Seed      uint64        // seeds think times and the citizens chosen
	Mix       Mix           // how many agents of each role
	Scenario  string        // "mix" (the day's work); "create", "letter" or "view" (one operation, for the ratio to pgbench)
	Timeout   time.Duration // one request's limit
	Format    string        // "text" or "json" on standard output
	JSONFile  string        // also write the JSON report here
	AckedFile string        // write the references of acknowledged tickets here, one a line
}

// defaults are the flags' values: a human-paced minute of 20 agents
// against `contactd dev` on its usual address.
func defaults() Config {
	return Config{
		BaseURL: "http://127.0.0.1:8080", Agents: 20, Duration: time.Minute,
		Think: 3 * time.Second, Seed: 1, Mix: Mix{Front: 7, Back: 2, Adviser: 1}, Scenario: "mix",
		Timeout: 10 * time.Second, Format: "text",
	}
}

// parseConfig reads the flags; a mistake is reported on stderr and
// returned, for exit code 2.
func parseConfig(args []string, stderr io.Writer) (Config, error) {
	c := defaults()
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs) }
	fs.StringVar(&c.BaseURL, "url", c.BaseURL, "base URL of the running contactd (loopback only)")
	fs.IntVar(&c.Agents, "agents", c.Agents, "simulated agents, each signed in on a session of its own")
	fs.DurationVar(&c.Duration, "duration", c.Duration, "stop after this long; 0 for no time bound (then -requests is required)")
	fs.IntVar(&c.Requests, "requests", c.Requests, "stop after this many requests in all; 0 for no count bound")
	fs.DurationVar(&c.Think, "think", c.Think, "mean think time between two actions of an agent (exponential); 0 for flat out")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the think times and of the citizens chosen")
	fs.Var(&c.Mix, "mix", "agents by role, as weights: front=F,back=B,adviser=A")
	fs.StringVar(&c.Scenario, "scenario", c.Scenario, "mix (the day's work by role), create (front office registering phone contacts, with their identity lookup, only), letter (registering letters without a lookup only) or view (each agent opening its own ticket)")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "limit of one request")
	fs.StringVar(&c.Format, "format", c.Format, "report on standard output as text or json")
	fs.StringVar(&c.JSONFile, "json", "", "also write the JSON report to this file")
	fs.StringVar(&c.AckedFile, "acked", "", "write the references of the tickets whose creation was acknowledged to this file, one a line (for a crash drill)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.Validate()
}

func usage(fs *flag.FlagSet) {
	fmt.Fprint(fs.Output(), `usage: loadgen [flags]

Drives simulated agents of a running contactd on loopback (start it with
"contactd dev --consult-limit 0") and reports each operation's count,
errors, requests/s and p50/p95/p99. Exit code 0 without errors, 1 with
any, 2 for a usage mistake.

`)
	fs.PrintDefaults()
}

// Validate says exactly what is wrong with the configuration.
func (c Config) Validate() error {
	var errs []error
	if err := checkLoopback(c.BaseURL); err != nil {
		errs = append(errs, err)
	}
	if c.Agents < 1 {
		errs = append(errs, errors.New("-agents must be at least 1"))
	}
	if c.Duration < 0 || c.Requests < 0 || c.Think < 0 {
		errs = append(errs, errors.New("-duration, -requests and -think cannot be negative"))
	}
	if c.Duration == 0 && c.Requests == 0 {
		errs = append(errs, errors.New("give -duration or -requests: a run must be bounded"))
	}
	if c.Timeout <= 0 {
		errs = append(errs, errors.New("-timeout must be positive"))
	}
	if c.Format != "text" && c.Format != "json" {
		errs = append(errs, errors.New("-format must be text or json"))
	}
	if !slices.Contains([]string{"mix", "create", "letter", "view"}, c.Scenario) {
		errs = append(errs, errors.New("-scenario must be mix, create, letter or view"))
	}
	if c.Mix.total() == 0 {
		errs = append(errs, errors.New("-mix must give at least one role a weight above 0"))
	}
	return errors.Join(errs...)
}

// errNotLoopback refuses a target off this machine: the load tool never
// sends a request over a network.
var errNotLoopback = errors.New("loadgen runs against loopback only (127.0.0.0/8, ::1 or localhost)")

// checkLoopback accepts an http(s) base URL whose host is a loopback
// address or "localhost".
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("-url %q is not an http(s) base URL", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return fmt.Errorf("-url %q must be a bare base URL (no path, query or credentials)", raw)
	}
	if !loopback.Host(u.Hostname()) {
		return fmt.Errorf("-url %q: %w", raw, errNotLoopback)
	}
	return nil
}

// Mix weighs the roles of the simulated agents.
type Mix struct{ Front, Back, Adviser int }

func (m Mix) total() int { return m.Front + m.Back + m.Adviser }

// String writes the mix as the flag takes it.
func (m *Mix) String() string {
	return fmt.Sprintf("front=%d,back=%d,adviser=%d", m.Front, m.Back, m.Adviser)
}

// Set reads "front=7,back=2,adviser=1"; a role left out weighs 0.
func (m *Mix) Set(s string) error {
	*m = Mix{}
	for part := range strings.SplitSeq(s, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return fmt.Errorf("%q: a weight is a whole number of 0 or more", part)
		}
		switch name {
		case "front":
			m.Front = n
		case "back":
			m.Back = n
		case "adviser":
			m.Adviser = n
		default:
			return fmt.Errorf("%q: the roles are front, back and adviser", part)
		}
	}
	return nil
}

// roles deals n agents their roles in proportion to the weights, spread
// evenly (smooth weighted round robin), so any prefix of the agents holds
// about the same mix.
func (m Mix) roles(n int) []role {
	weights := []struct {
		r role
		w int
	}{{roleFront, m.Front}, {roleBack, m.Back}, {roleAdviser, m.Adviser}}
	current := make([]int, len(weights))
	out := make([]role, n)
	for i := range out {
		best := 0
		for k, w := range weights {
			current[k] += w.w
			if current[k] > current[best] {
				best = k
			}
		}
		current[best] -= m.total()
		out[i] = weights[best].r
	}
	return out
}
