package main

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"contactd/internal/loopback"
)

// errUsage marks a configuration or usage mistake: exit code 2.
var errUsage = errors.New("usage")

// settingError names the setting at fault, as flag and variable, in one line.
func settingError(flagName, problem string) error {
	return fmt.Errorf("%w: --%s (%s) %s", errUsage, flagName, envName(flagName), problem)
}

// validateServe checks everything production needs, and refuses what is
// unsafe: a missing secret, SQLite, plain http off loopback.
func (c *Config) validateServe() error {
	required := []struct{ flag, value string }{
		{"database-url", c.DatabaseURL}, {"base-url", c.BaseURL}, {"oidc-issuer", c.OIDCIssuer},
		{"oidc-client-id", c.OIDCClientID}, {"oidc-client-secret", c.OIDCClientSecret}, {"session-key", c.SessionKey},
		{"registry-url", c.RegistryURL},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			return settingError(r.flag, "is required by serve")
		}
	}
	if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return settingError("database-url", "must be a postgres:// URL in serve (SQLite is for dev)")
	}
	for _, u := range []struct{ flag, value string }{{"base-url", c.BaseURL}, {"oidc-issuer", c.OIDCIssuer}} {
		if err := c.checkSafeURL(u.flag, u.value); err != nil {
			return err
		}
	}
	if _, err := c.sessionKey(); err != nil {
		return err
	}
	return c.validateCommon()
}

// validateCommon checks what every web-serving command needs.
func (c *Config) validateCommon() error {
	if !slices.Contains(splitList(c.OIDCACRLevels), c.OIDCMinACR) {
		return settingError("oidc-min-acr", "must be one of --oidc-acr-levels")
	}
	if c.SessionIdle <= 0 || c.SessionMax < c.SessionIdle {
		return settingError("session-max", "must be at least --session-idle, and both positive")
	}
	if c.InactiveAfter < 24*time.Hour {
		return settingError("inactive-after", "must be at least 24h (e.g. 2160h for 90 days)")
	}
	if c.Workers < 1 {
		return settingError("workers", "must be at least 1")
	}
	if c.TicketDue < time.Hour {
		return settingError("ticket-due", "must be at least 1h")
	}
	if c.SamplingConfidence <= 0.5 || c.SamplingConfidence >= 1 {
		return settingError("sampling-confidence", "must be between 0.5 and 1 (e.g. 0.95)")
	}
	if c.SamplingTolerable <= 0 || c.SamplingTolerable >= 0.5 {
		return settingError("sampling-tolerable-rate", "must be between 0 and 0.5 (e.g. 0.05)")
	}
	if _, _, err := c.workingHours(); err != nil {
		return err
	}
	if c.ConsultLimit < 0 {
		return settingError("consult-limit", "must be 0 (no limit) or more")
	}
	if c.BodyLimit < 1024 {
		return settingError("body-limit", "must be at least 1024 bytes")
	}
	if c.SignInLimit < 0 {
		return settingError("signin-limit", "must be 0 (no limit) or more")
	}
	if err := c.validateRetention(); err != nil {
		return err
	}
	return nil
}

func (c *Config) checkSafeURL(flagName, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return settingError(flagName, "must be an absolute http(s) URL")
	}
	if u.Scheme == "http" && !loopback.Host(u.Hostname()) && !c.AllowInsecureHTTP {
		return settingError(flagName, "uses plain http on a non-loopback host; use https, or set --allow-insecure-http if TLS ends in front of it on a trusted network")
	}
	return nil
}

// sessionKey decodes the session key (hex or base64) and wants 32 bytes.
func (c *Config) sessionKey() ([]byte, error) {
	for _, decode := range []func(string) ([]byte, error){hex.DecodeString, base64.StdEncoding.DecodeString, base64.RawURLEncoding.DecodeString} {
		if b, err := decode(c.SessionKey); err == nil && len(b) >= 32 {
			return b, nil
		}
	}
	return nil, settingError("session-key", "must be at least 32 random bytes, hex or base64 encoded (e.g. `openssl rand -hex 32`)")
}

// workingHours reads --working-hours, "8-18": from 8:00 to 18:00.
func (c *Config) workingHours() (start, end int, err error) {
	from, to, ok := strings.Cut(c.WorkingHours, "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(from))
	end, err2 := strconv.Atoi(strings.TrimSpace(to))
	if !ok || err1 != nil || err2 != nil || start < 0 || end > 24 || start >= end {
		return 0, 0, settingError("working-hours", "must be two hours, first before second, e.g. 8-18")
	}
	return start, end, nil
}
