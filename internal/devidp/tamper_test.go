package devidp

import (
	"errors"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/require"
)

func TestTamperNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper Tamper
		check  func(t *testing.T, a authStart, idt *oidc.IDToken, err error)
	}{
		{"nonce", Tamper{Nonce: "replayed-nonce"}, func(t *testing.T, a authStart, idt *oidc.IDToken, err error) {
			require.NoError(t, err) // signature is fine: the relying party must compare the nonce itself
			require.Equal(t, "replayed-nonce", idt.Nonce)
			require.NotEqual(t, a.Nonce, idt.Nonce)
		}},
		{"acr", Tamper{ACR: "urn:be:fedict:iam:fas:Level100"}, func(t *testing.T, _ authStart, idt *oidc.IDToken, err error) {
			require.NoError(t, err)
			var c struct {
				ACR string `json:"acr"`
			}
			require.NoError(t, idt.Claims(&c))
			require.Equal(t, "urn:be:fedict:iam:fas:Level100", c.ACR)
		}},
		{"audience", Tamper{Audience: "someone-else"}, func(t *testing.T, _ authStart, _ *oidc.IDToken, err error) {
			require.ErrorContains(t, err, "expected audience")
		}},
		{"issuer", Tamper{Issuer: "https://evil.example"}, func(t *testing.T, _ authStart, _ *oidc.IDToken, err error) {
			require.ErrorContains(t, err, "issued by a different provider")
		}},
		{"expired", Tamper{ExpiresIn: -time.Minute}, func(t *testing.T, _ authStart, _ *oidc.IDToken, err error) {
			var expired *oidc.TokenExpiredError
			require.True(t, errors.As(err, &expired), "want TokenExpiredError, got %v", err)
		}},
		{"expiry replaced", Tamper{ExpiresIn: time.Hour}, func(t *testing.T, _ authStart, idt *oidc.IDToken, err error) {
			require.NoError(t, err)
			require.WithinDuration(t, time.Now().Add(time.Hour), idt.Expiry, 10*time.Second)
		}},
		{"signature", Tamper{CorruptSignature: true}, func(t *testing.T, _ authStart, _ *oidc.IDToken, err error) {
			require.ErrorContains(t, err, "failed to verify signature")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			conf := e.oauthConfig(webClientID, webSecret)
			e.p.TamperNext(tc.tamper)
			a, _, idt, err := e.idToken(conf, "frontoffice")
			tc.check(t, a, idt, err)

			// Only the next token is affected.
			a, _, idt, err = e.idToken(conf, "frontoffice")
			require.NoError(t, err)
			require.Equal(t, a.Nonce, idt.Nonce)
		})
	}
}

func TestTamperNextZeroDisarms(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.p.TamperNext(Tamper{CorruptSignature: true})
	e.p.TamperNext(Tamper{})
	_, _, _, err := e.idToken(e.oauthConfig(webClientID, webSecret), "frontoffice")
	require.NoError(t, err)
}
