package devidp

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// User is a demo identity the sign-in form offers. There are no passwords:
// the dev provider exists so people and tests can act as a known persona.
type User struct {
	Username       string // what the form's `username` field takes, e.g. "frontoffice"
	Subject        string // the `sub` claim
	Name           string // display name; derived from GivenName/FamilyName when empty
	GivenName      string // derived from Name when both it and FamilyName are empty
	FamilyName     string // derived from Name when both it and GivenName are empty
	NationalNumber string // goes in the claim named Config.NationalNumberClaim when non-empty
	Email          string // email claim, omitted when empty
	ACR            string // acr claim; Config.DefaultACR when empty
	Description    string // shown next to the user on the sign-in page, e.g. "front-office agent"
}

// Client is a registered relying party or system client. Every client must
// have a secret because the production code always authenticates itself.
type Client struct {
	ID           string
	Secret       string
	RedirectURIs []string // exact match, for the authorization code flow
	// For the client-credentials grant (system clients: the citizen portal, the mail server):
	Scopes   []string // scopes it may be granted
	Audience string   // `aud` of the access tokens it gets; required for client_credentials
}

// Config describes the provider. Only Issuer is mandatory; the other fields
// have defaults that mimic the Belgian federal IAM (FAS) closely enough for
// the application code to be exercised as in production.
type Config struct {
	Issuer              string           // absolute URL without trailing slash; its path is the mount prefix
	Users               []User           // identities offered by the sign-in page
	Clients             []Client         // registered clients
	NationalNumberClaim string           // default "egovNRN"
	DefaultACR          string           // default "urn:be:fedict:iam:fas:Level500"
	TokenTTL            time.Duration    // default 5 min for ID/access tokens
	CodeTTL             time.Duration    // default 1 min
	Now                 func() time.Time // default time.Now; tests inject a clock
	Logger              *slog.Logger     // default discard
}

// Default values applied by New to zero Config fields.
const (
	DefaultNationalNumberClaim = "egovNRN"
	DefaultACR                 = "urn:be:fedict:iam:fas:Level500"
	DefaultTokenTTL            = 5 * time.Minute
	DefaultCodeTTL             = time.Minute
)

// safePath restricts the issuer path so it can be used verbatim in
// http.ServeMux patterns and in the form's action attribute.
var safePath = regexp.MustCompile(`^(/[A-Za-z0-9._~-]+)*$`)

// normalize validates cfg and returns a copy with defaults applied and with
// slices cloned, so later changes by the caller cannot affect the provider.
func normalize(cfg Config) (Config, error) {
	if err := validateIssuer(cfg.Issuer); err != nil {
		return Config{}, err
	}
	if cfg.NationalNumberClaim == "" {
		cfg.NationalNumberClaim = DefaultNationalNumberClaim
	}
	if cfg.DefaultACR == "" {
		cfg.DefaultACR = DefaultACR
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.CodeTTL <= 0 {
		cfg.CodeTTL = DefaultCodeTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	users, err := normalizeUsers(cfg.Users, cfg.DefaultACR)
	if err != nil {
		return Config{}, err
	}
	clients, err := normalizeClients(cfg.Clients)
	if err != nil {
		return Config{}, err
	}
	cfg.Users, cfg.Clients = users, clients
	return cfg, nil
}

func validateIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil {
		return fmt.Errorf("devidp: issuer: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("devidp: issuer %q must be an absolute http(s) URL", issuer)
	case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return fmt.Errorf("devidp: issuer %q must have a host and no user info, query or fragment", issuer)
	case strings.HasSuffix(issuer, "/"):
		return fmt.Errorf("devidp: issuer %q must not end with a slash", issuer)
	case !safePath.MatchString(u.Path) || u.RawPath != "":
		return fmt.Errorf("devidp: issuer path %q may only contain unreserved characters", u.Path)
	}
	return nil
}

func normalizeUsers(in []User, defaultACR string) ([]User, error) {
	users := slices.Clone(in)
	seenName, seenSub := map[string]bool{}, map[string]bool{}
	for i := range users {
		u := &users[i]
		u.Username = strings.TrimSpace(u.Username)
		key := strings.ToLower(u.Username)
		switch {
		case u.Username == "":
			return nil, fmt.Errorf("devidp: user %d has no username", i)
		case u.Subject == "":
			return nil, fmt.Errorf("devidp: user %q has no subject", u.Username)
		case seenName[key]:
			return nil, fmt.Errorf("devidp: duplicate username %q", u.Username)
		case seenSub[u.Subject]:
			return nil, fmt.Errorf("devidp: duplicate subject %q", u.Subject)
		}
		seenName[key], seenSub[u.Subject] = true, true
		if u.Name == "" {
			u.Name = strings.TrimSpace(u.GivenName + " " + u.FamilyName)
		} else if u.GivenName == "" && u.FamilyName == "" {
			u.GivenName, u.FamilyName, _ = strings.Cut(u.Name, " ")
		}
		if u.Name == "" {
			u.Name = u.Username
		}
		if u.ACR == "" {
			u.ACR = defaultACR
		}
	}
	return users, nil
}

func normalizeClients(in []Client) ([]Client, error) {
	clients := slices.Clone(in)
	seen := map[string]bool{}
	for i := range clients {
		c := &clients[i]
		switch {
		case c.ID == "":
			return nil, fmt.Errorf("devidp: client %d has no id", i)
		case seen[c.ID]:
			return nil, fmt.Errorf("devidp: duplicate client id %q", c.ID)
		case c.Secret == "":
			return nil, fmt.Errorf("devidp: client %q has no secret", c.ID)
		}
		seen[c.ID] = true
		for _, ru := range c.RedirectURIs {
			u, err := url.Parse(ru)
			if err != nil || !u.IsAbs() || u.Host == "" || u.Fragment != "" {
				return nil, errors.Join(fmt.Errorf("devidp: client %q: redirect URI %q must be absolute without fragment", c.ID, ru), err)
			}
		}
		c.RedirectURIs = slices.Clone(c.RedirectURIs)
		c.Scopes = slices.Clone(c.Scopes)
	}
	return clients, nil
}
