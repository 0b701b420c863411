package upstream

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	cert := pki(t).client
	cases := map[string]struct {
		cfg  Config
		want string
	}{
		"no URL":           {Config{Certificate: cert}, "base URL is missing"},
		"relative URL":     {Config{BaseURL: "registry/v1", Certificate: cert}, "not an absolute URL"},
		"plain http":       {Config{BaseURL: "http://registry.example.org"}, "must use https"},
		"credentials":      {Config{BaseURL: "https://u:p@registry.example.org", Certificate: cert}, "must not carry credentials"},
		"query":            {Config{BaseURL: "https://registry.example.org/?a=b", Certificate: cert}, "must not carry credentials, a query"},
		"no certificate":   {Config{BaseURL: "https://registry.example.org"}, "client certificate is required"},
		"negative":         {Config{BaseURL: "https://registry.example.org", Certificate: cert, Timeout: -time.Second}, "must not be negative"},
		"too many tries":   {Config{BaseURL: "https://registry.example.org", Certificate: cert, Attempts: 50}, "attempts must be between 1 and 10"},
		"negative breaks":  {Config{BaseURL: "https://registry.example.org", Certificate: cert, BreakerThreshold: -1}, "breaker threshold"},
		"spaced context":   {Config{BaseURL: "https://registry.example.org", Certificate: cert, LegalContext: "CSSS 16/046"}, "legal context"},
		"accented context": {Config{BaseURL: "https://registry.example.org", Certificate: cert, LegalContext: "délibération/16/046"}, "legal context"},
		"long context":     {Config{BaseURL: "https://registry.example.org", Certificate: cert, LegalContext: strings.Repeat("C", 65)}, "legal context"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.cfg)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestNewAccepts(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://registry.example.org/", "http://127.0.0.1:9000", "http://localhost:9000/base", "http://[::1]:9000"} {
		c, err := New(Config{BaseURL: base, Certificate: pki(t).client})
		require.NoError(t, err, base)
		require.False(t, strings.HasSuffix(c.base, "/"), "trailing slash trimmed")
		require.Equal(t, DefaultTimeout, c.cfg.Timeout)
		require.Equal(t, DefaultAttempts, c.cfg.Attempts)
		require.Equal(t, DefaultBackoff, c.cfg.Backoff)
		require.Equal(t, DefaultBreakerThreshold, c.cfg.BreakerThreshold)
		require.Equal(t, DefaultBreakerCooldown, c.cfg.BreakerCooldown)
		require.Equal(t, DefaultLegalContext, c.cfg.LegalContext)
	}
}

func TestTLSFromFiles(t *testing.T) {
	t.Parallel()
	p := pki(t)
	dir := t.TempDir()
	certFile, keyFile, caFile := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem"), filepath.Join(dir, "ca.pem")
	key, err := x509.MarshalPKCS8PrivateKey(p.client.PrivateKey)
	require.NoError(t, err)
	writePEM(t, certFile, "CERTIFICATE", p.client.Certificate[0])
	writePEM(t, keyFile, "PRIVATE KEY", key)
	writePEM(t, caFile, "CERTIFICATE", p.server.Certificate[0])

	cert, pool, err := TLSFromFiles(certFile, keyFile, caFile)
	require.NoError(t, err)
	require.Equal(t, p.client.Certificate, cert.Certificate)
	require.NotNil(t, pool)

	_, pool, err = TLSFromFiles(certFile, keyFile, "")
	require.NoError(t, err)
	require.Nil(t, pool, "no CA file: the system's roots")

	_, _, err = TLSFromFiles(certFile, keyFile, keyFile)
	require.ErrorContains(t, err, "holds no PEM certificate")
	_, _, err = TLSFromFiles(filepath.Join(dir, "missing.pem"), keyFile, "")
	require.ErrorContains(t, err, "load client certificate")
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
}
