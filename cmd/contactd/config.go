package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"contactd/access"
	"contactd/frontend"
	"contactd/lookup"
	"contactd/retention"
)

// Config is every setting of every subcommand, read from flags and, for a
// flag not given, from its CONTACTD_* environment variable.
type Config struct {
	Addr               string
	Data               string
	DatabaseURL        string
	BaseURL            string
	OIDCIssuer         string
	OIDCClientID       string
	OIDCClientSecret   string
	OIDCScopes         string
	OIDCACRLevels      string
	OIDCMinACR         string
	OIDCNRNClaim       string
	APIAudience        string
	SessionKey         string
	SessionIdle        time.Duration
	SessionMax         time.Duration
	InactiveAfter      time.Duration
	AllowInsecureHTTP  bool
	TrustedProxies     string
	BodyLimit          int64
	SignInLimit        int
	Workers            int
	LogFormat          string
	LogLevel           string
	ShutdownTimeout    time.Duration
	TicketDue          time.Duration
	ConsultLimit       int
	RegistryURL        string
	RegistryCert       string
	RegistryKey        string
	RegistryCA         string
	RegistryTimeout    time.Duration
	RegistryContext    string
	AuditKey           string
	AuditWitness       string
	SamplingConfidence float64
	SamplingTolerable  float64
	WorkingHours       string

	// The retention periods (O13), as retention.Policy holds them.
	RetainClosedTickets retention.Period
	RetainQuarantine    retention.Period
	RetainLogs          retention.Period
}

// flagSet declares every setting on a new FlagSet; the usage strings are
// what `contactd help` prints.
func (c *Config) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.Data, "data", "./data", "dev: folder of the SQLite database and the session key")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "postgres://… (serve, worker) or sqlite:PATH; default for dev, migrate and users: sqlite in --data")
	fs.StringVar(&c.BaseURL, "base-url", "", "public base URL, e.g. https://contactd.example.org (dev: http://ADDR)")
	fs.StringVar(&c.OIDCIssuer, "oidc-issuer", "", "OpenID Connect issuer, exact string")
	fs.StringVar(&c.OIDCClientID, "oidc-client-id", "", "OpenID Connect client id")
	fs.StringVar(&c.OIDCClientSecret, "oidc-client-secret", "", "OpenID Connect client secret")
	fs.StringVar(&c.OIDCScopes, "oidc-scopes", "profile", "scopes to ask for besides openid, comma-separated")
	fs.StringVar(&c.OIDCACRLevels, "oidc-acr-levels", strings.Join(frontend.BelgianACRLevels, ","), "the provider's acr values, weakest first, comma-separated")
	fs.StringVar(&c.OIDCMinACR, "oidc-min-acr", "urn:be:fedict:iam:fas:Level500", "weakest acr accepted (eID)")
	fs.StringVar(&c.OIDCNRNClaim, "oidc-nrn-claim", "egovNRN", "ID-token claim carrying the national number")
	fs.StringVar(&c.APIAudience, "api-audience", "", "required audience of system clients' bearer tokens (empty: no system access)")
	fs.StringVar(&c.SessionKey, "session-key", "", "secret of at least 32 bytes (hex or base64) keying session hashes")
	fs.DurationVar(&c.SessionIdle, "session-idle", 30*time.Minute, "a session ends after this long without a request")
	fs.DurationVar(&c.SessionMax, "session-max", 10*time.Hour, "a session ends this long after sign-in")
	fs.DurationVar(&c.InactiveAfter, "inactive-after", access.DefaultInactiveAfter, "a user with a role who has not signed in for this long is flagged to their local manager")
	fs.BoolVar(&c.AllowInsecureHTTP, "allow-insecure-http", false, "serve: accept plain http on a non-loopback base URL or issuer")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed")
	fs.Int64Var(&c.BodyLimit, "body-limit", 1<<20, "largest request body in bytes")
	fs.IntVar(&c.SignInLimit, "signin-limit", frontend.DefaultSignInLimit, "sign-ins a client address may start in 10 minutes; 0 for no limit")
	fs.IntVar(&c.Workers, "workers", 4, "River workers per process")
	fs.StringVar(&c.LogFormat, "log-format", "", "text or json (default: text in dev, json otherwise)")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long SIGTERM waits for requests and jobs to finish")
	fs.DurationVar(&c.TicketDue, "ticket-due", 10*24*time.Hour, "time to answer a contact, from its reception (sets each ticket's due date)")
	fs.StringVar(&c.RegistryURL, "registry-url", "", "serve: base URL of the upstream registry answering identity, career and pension lookups (docs/REGISTRY.md)")
	fs.StringVar(&c.RegistryCert, "registry-cert", "", "serve: PEM client certificate for mutual TLS with the registry")
	fs.StringVar(&c.RegistryKey, "registry-key", "", "serve: PEM private key of --registry-cert")
	fs.StringVar(&c.RegistryCA, "registry-ca", "", "serve: PEM certificates that verify the registry (default: the system's)")
	fs.DurationVar(&c.RegistryTimeout, "registry-timeout", 2*time.Second, "serve: time allowed to one registry attempt (3 attempts at most)")
	fs.StringVar(&c.RegistryContext, "registry-legal-context", "CSSS/16/046", "serve: the authorisation (deliberation reference) every registry consultation is made under, sent with each request so that both logs match (docs/REGISTRY.md)")
	fs.StringVar(&c.AuditKey, "audit-key", "", "worker: the note signer key of the logs' checkpoints (contactd audit keygen; dev keeps its own in --data)")
	fs.StringVar(&c.AuditWitness, "audit-witness", "", "worker, audit verify: where each checkpoint is witnessed: an append-only directory and/or http(s) witness URLs, comma-separated (dev: a witness directory in --data)")
	fs.Float64Var(&c.SamplingConfidence, "sampling-confidence", 0.95, "worker: confidence of a sampling run's statement (with the tolerable rate, sets the sample size: 59 by default)")
	fs.Float64Var(&c.SamplingTolerable, "sampling-tolerable-rate", 0.05, "worker: rate of unjustified consultations a sampling run must be able to rule out")
	fs.StringVar(&c.WorkingHours, "working-hours", "8-18", "worker: working hours (Brussels time, Monday to Friday) outside which a consultation is flagged")
	fs.IntVar(&c.ConsultLimit, "consult-limit", lookup.DefaultRateLimit, "consultations an agent may make per hour; 0 for no limit")
	c.retentionFlags(fs)
	return fs
}

// envName is the environment variable of a flag: --oidc-issuer is
// CONTACTD_OIDC_ISSUER.
func envName(flagName string) string {
	return "CONTACTD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse reads flags — before, between and after the command's own words —
// then fills every flag not given from the environment. It returns the
// words. extra, if set, declares a command's own flags on the same set.
func (c *Config) parse(name string, args []string, extra ...func(*flag.FlagSet)) ([]string, error) {
	fs := c.flagSet(name)
	settings := map[string]bool{} // only settings come from the environment, not a command's own flags
	fs.VisitAll(func(f *flag.Flag) { settings[f.Name] = true })
	for _, declare := range extra {
		declare(fs)
	}
	fs.SetOutput(new(strings.Builder))
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %v (see `contactd help`)", errUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := os.LookupEnv(envName(f.Name)); ok && settings[f.Name] && !given[f.Name] && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%w: %s: %v", errUsage, envName(f.Name), e)
			}
		}
	})
	return words, err
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
