package upstream

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"contactd/internal/loopback"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultTimeout          = 2 * time.Second
	DefaultAttempts         = 3
	DefaultBackoff          = 100 * time.Millisecond
	DefaultBreakerThreshold = 5
	DefaultBreakerCooldown  = 30 * time.Second
	// DefaultLegalContext is the deliberation the contact centre consults
	// under: 16/046 of the sectoral committee of social security and health.
	DefaultLegalContext = "CSSS/16/046"
)

// maxAttempts bounds Attempts: beyond it, retries only pile load on a
// registry that is already failing.
const maxAttempts = 10

// Config says where the registry is and how hard to try. Zero durations and
// counts take the defaults above.
type Config struct {
	// BaseURL is the registry's root, e.g. "https://registry.example.org";
	// the paths /v1/... are appended to it. It must be https, except on a
	// loopback host (tests and local fakes).
	BaseURL string
	// Certificate is our client certificate for mutual TLS; required for
	// https, because the registry identifies the contact centre by it.
	Certificate tls.Certificate
	// RootCAs verifies the registry's certificate; nil means the system's.
	RootCAs *x509.CertPool
	// Timeout bounds each attempt, answer body included.
	Timeout time.Duration
	// Attempts is the total number of tries of one call, first included.
	Attempts int
	// Backoff is the pause after the first failed attempt; it doubles after
	// each further one, up to maxBackoff, with jitter.
	Backoff time.Duration
	// BreakerThreshold is how many calls in a row must fail for the
	// circuit to open; BreakerCooldown how long it then stays open before
	// one probe call is let through.
	BreakerThreshold int
	BreakerCooldown  time.Duration
	// LegalContext is the reference of the deliberation every
	// consultation is made under, sent with each request (X-Legal-Context):
	// the network checks each exchange against that authorisation and logs
	// it. Printable ASCII without spaces, at most 64 bytes.
	LegalContext string
	// Now is the circuit breaker's clock; nil means time.Now. Tests move it
	// to skip the cooldown without sleeping.
	Now func() time.Time
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Attempts == 0 {
		c.Attempts = DefaultAttempts
	}
	if c.Backoff == 0 {
		c.Backoff = DefaultBackoff
	}
	if c.BreakerThreshold == 0 {
		c.BreakerThreshold = DefaultBreakerThreshold
	}
	if c.BreakerCooldown == 0 {
		c.BreakerCooldown = DefaultBreakerCooldown
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.LegalContext == "" {
		c.LegalContext = DefaultLegalContext
	}
	return c
}

// validate says exactly what is wrong, one problem per line, and returns
// the base URL without a trailing slash.
func (c Config) validate() (string, error) {
	base, err := c.baseURL()
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if c.Timeout < 0 || c.Backoff < 0 || c.BreakerCooldown < 0 {
		errs = append(errs, errors.New("upstream: timeout, backoff and breaker cooldown must not be negative"))
	}
	if c.Attempts < 0 || c.Attempts > maxAttempts {
		errs = append(errs, fmt.Errorf("upstream: attempts must be between 1 and %d", maxAttempts))
	}
	if c.BreakerThreshold < 0 {
		errs = append(errs, errors.New("upstream: the breaker threshold must not be negative"))
	}
	if err := CheckLegalContext(c.LegalContext); err != nil {
		errs = append(errs, err)
	}
	if err == nil && strings.HasPrefix(base, "https:") && len(c.Certificate.Certificate) == 0 {
		errs = append(errs, errors.New("upstream: a client certificate is required: the registry accepts only mutual TLS"))
	}
	return base, errors.Join(errs...)
}

// baseURL checks BaseURL. Plain http is accepted only on loopback, where
// nothing crosses a network; userinfo, queries and fragments are refused
// because the paths are appended to the URL as is.
func (c Config) baseURL() (string, error) {
	if c.BaseURL == "" {
		return "", errors.New("upstream: the registry base URL is missing")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return "", errors.New("upstream: the registry base URL is not an absolute URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("upstream: the registry base URL must not carry credentials, a query or a fragment")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopback.Host(u.Hostname()):
	default:
		return "", errors.New("upstream: the registry base URL must use https (plain http only on a loopback host)")
	}
	return strings.TrimSuffix(c.BaseURL, "/"), nil
}

// CheckLegalContext says whether s can be sent as the legal context: a
// deliberation's reference such as "CSSS/16/046", 1 to 64 bytes of
// printable ASCII without spaces, so that it can neither break a header
// nor be left out.
func CheckLegalContext(s string) error {
	if !headerSafe(s, maxLegalContextLen) {
		return fmt.Errorf("upstream: the legal context must be a deliberation's reference, 1 to %d printable ASCII characters without spaces", maxLegalContextLen)
	}
	return nil
}
