package devidp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"relative issuer", func(c *Config) { c.Issuer = "/devidp" }, "absolute"},
		{"issuer scheme", func(c *Config) { c.Issuer = "ftp://h/devidp" }, "absolute"},
		{"issuer trailing slash", func(c *Config) { c.Issuer = "http://h/devidp/" }, "slash"},
		{"issuer query", func(c *Config) { c.Issuer = "http://h/devidp?x=1" }, "query"},
		{"issuer odd path", func(c *Config) { c.Issuer = "http://h/dev%20idp" }, "unreserved"},
		{"issuer wildcard path", func(c *Config) { c.Issuer = "http://h/{x}" }, "unreserved"},
		{"duplicate username", func(c *Config) { c.Users = append(c.Users, User{Username: "FrontOffice", Subject: "x"}) }, "duplicate username"},
		{"duplicate subject", func(c *Config) { c.Users = append(c.Users, User{Username: "x", Subject: "sub-backoffice"}) }, "duplicate subject"},
		{"empty username", func(c *Config) { c.Users = append(c.Users, User{Subject: "x"}) }, "no username"},
		{"no subject", func(c *Config) { c.Users = append(c.Users, User{Username: "x"}) }, "no subject"},
		{"duplicate client", func(c *Config) { c.Clients = append(c.Clients, Client{ID: webClientID, Secret: "s"}) }, "duplicate client"},
		{"no client id", func(c *Config) { c.Clients = append(c.Clients, Client{Secret: "s"}) }, "no id"},
		{"no secret", func(c *Config) { c.Clients = append(c.Clients, Client{ID: "x"}) }, "no secret"},
		{"relative redirect", func(c *Config) {
			c.Clients = append(c.Clients, Client{ID: "x", Secret: "s", RedirectURIs: []string{"/cb"}})
		}, "redirect URI"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			cfg.Issuer = "http://127.0.0.1:8080/devidp"
			tc.edit(&cfg)
			_, err := normalize(cfg)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestNewAppliesDefaults(t *testing.T) {
	t.Parallel()
	in := testConfig()
	in.Issuer = "http://127.0.0.1:8080/devidp"
	p, err := New(in)
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080/devidp", p.Issuer())
	require.Equal(t, "/devidp", p.prefix)
	cfg := p.cfg
	require.Equal(t, "egovNRN", cfg.NationalNumberClaim)
	require.Equal(t, "urn:be:fedict:iam:fas:Level500", cfg.DefaultACR)
	require.Equal(t, 5*time.Minute, cfg.TokenTTL)
	require.Equal(t, time.Minute, cfg.CodeTTL)
	require.NotNil(t, cfg.Now)
	require.NotNil(t, cfg.Logger)

	require.Equal(t, "Fiona Front", cfg.Users[0].Name)
	require.Equal(t, DefaultACR, cfg.Users[0].ACR)
	require.Equal(t, backofficeLevel, cfg.Users[1].ACR)

	// The provider keeps its own copies of the caller's slices.
	in.Clients[0].RedirectURIs[0] = "https://evil.example/cb"
	in.Users[0].Username = "changed"
	require.Equal(t, webRedirect, p.clients[webClientID].RedirectURIs[0])
	_, ok := p.lookupUser("frontoffice")
	require.True(t, ok)
}
