// Package upstream asks the real registry behind the Crossroads Bank for
// the three kinds of consultation (identity, career, supplementary
// pension), over JSON and mutual TLS, as docs/REGISTRY.md specifies.
//
// The client retries what is safe to retry, bounds every attempt in time,
// and stops calling a registry that keeps failing (circuit breaker), so that
// an agent on the phone gets a quick, clear answer. Every failure wraps
// lookup.ErrUnavailable with a sentinel saying why (see Reason). The client
// logs nothing and keeps nothing: what it fetches is personal data (O7).
package upstream

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"time"

	"contactd/internal/insz"
	"contactd/lookup"
)

// Client answers consultations from the registry. It is safe for
// concurrent use; make one per registry and share it, since it holds the
// connections and the circuit breaker.
type Client struct {
	base    string
	cfg     Config
	http    *http.Client
	breaker *breaker
}

var (
	_ lookup.IdentitySource = (*Client)(nil)
	_ lookup.CareerSource   = (*Client)(nil)
	_ lookup.PensionSource  = (*Client)(nil)
)

// New checks cfg, fills its defaults and builds the client: TLS 1.2 or
// later, our certificate presented to the registry, the registry's checked
// against cfg.RootCAs. It contacts nothing.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs}
	if len(cfg.Certificate.Certificate) > 0 {
		tlsConfig.Certificates = []tls.Certificate{cfg.Certificate}
	}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		TLSClientConfig:     tlsConfig,
		TLSHandshakeTimeout: cfg.Timeout,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
	}
	return &Client{
		base: base,
		cfg:  cfg,
		http: &http.Client{
			Transport: transport,
			// A redirect would re-send the national number to another
			// address; the contract has none, so a 3xx is a failure.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		breaker: newBreaker(cfg.BreakerThreshold, cfg.BreakerCooldown, cfg.Now),
	}, nil
}

// Identity asks POST /v1/identity.
func (c *Client) Identity(ctx context.Context, n insz.Number) (lookup.Identity, error) {
	var w wireIdentity
	if err := c.call(ctx, endpointIdentity, n, &w); err != nil {
		return lookup.Identity{}, err
	}
	return w.identity(), nil
}

// Career asks POST /v1/career.
func (c *Client) Career(ctx context.Context, n insz.Number) (lookup.Career, error) {
	var w wireCareer
	if err := c.call(ctx, endpointCareer, n, &w); err != nil {
		return lookup.Career{}, err
	}
	return w.career(), nil
}

// SupplementaryPension asks POST /v1/supplementary-pension.
func (c *Client) SupplementaryPension(ctx context.Context, n insz.Number) (lookup.SupplementaryPension, error) {
	var w wireSupplementaryPension
	if err := c.call(ctx, endpointPension, n, &w); err != nil {
		return lookup.SupplementaryPension{}, err
	}
	return w.pension(), nil
}

// endpoint is one kind of consultation and its path.
type endpoint struct {
	kind lookup.Kind
	path string
}

var (
	endpointIdentity = endpoint{lookup.KindIdentity, "/v1/identity"}
	endpointCareer   = endpoint{lookup.KindCareer, "/v1/career"}
	endpointPension  = endpoint{lookup.KindSupplementaryPension, "/v1/supplementary-pension"}
)

// call asks the registry through the breaker and fills a with a checked
// answer. A number that is not 11 digits cannot be in the register, so it
// is not found without asking, and without counting for the breaker; a
// consultation that cannot be traced is refused the same way.
func (c *Client) call(ctx context.Context, ep endpoint, n insz.Number, a answer) error {
	if !elevenDigits(n) {
		return fmt.Errorf("upstream: %s: the number is not 11 digits: %w", ep.kind, lookup.ErrNotFound)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upstream: %s: %w", ep.kind, err)
	}
	tr, err := c.traceOf(ctx, ep.kind)
	if err != nil {
		return err
	}
	ok, probe := c.breaker.allow()
	if !ok {
		return &failure{kind: ep.kind, reason: ErrCircuitOpen, detail: "paused after repeated failures"}
	}
	err = c.retry(ctx, ep, tr, n, a)
	c.breaker.done(probe, outcomeOf(ctx, err))
	return err
}

// outcomeOf judges the registry by a call's error: a person not found is
// a useful answer; the caller giving up says nothing about the registry.
func outcomeOf(ctx context.Context, err error) outcome {
	switch {
	case err == nil || errors.Is(err, lookup.ErrNotFound):
		return succeeded
	case ctx.Err() != nil:
		return abandoned
	}
	return failed
}

func elevenDigits(n insz.Number) bool {
	_, ok := digits(string(n))
	return ok && len(n) == 11
}
