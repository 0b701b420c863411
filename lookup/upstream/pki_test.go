package upstream

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testPKI is a throwaway certificate authority with a server and a client
// certificate, plus a client certificate from another authority that the
// test registry does not trust. ECDSA P-256 keeps generation fast.
type testPKI struct {
	pool     *x509.CertPool // trusts ca
	server   tls.Certificate
	client   tls.Certificate
	stranger tls.Certificate // signed by an authority the server ignores
}

// sharedPKI is generated once: every test may use it, none modifies it.
var sharedPKI = sync.OnceValues(newTestPKI)

func pki(t *testing.T) *testPKI {
	t.Helper()
	p, err := sharedPKI()
	require.NoError(t, err)
	return p
}

func newTestPKI() (*testPKI, error) {
	ca, caKey, err := newCA("contactd test CA")
	if err != nil {
		return nil, err
	}
	other, otherKey, err := newCA("stranger CA")
	if err != nil {
		return nil, err
	}
	p := &testPKI{pool: x509.NewCertPool()}
	p.pool.AddCert(ca)
	server := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "registry.test"},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	client := &x509.Certificate{Subject: pkix.Name{CommonName: "contactd"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	stranger := &x509.Certificate{Subject: pkix.Name{CommonName: "stranger"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if p.server, err = issue(server, ca, caKey); err != nil {
		return nil, err
	}
	if p.client, err = issue(client, ca, caKey); err != nil {
		return nil, err
	}
	if p.stranger, err = issue(stranger, other, otherKey); err != nil {
		return nil, err
	}
	return p, nil
}

func newCA(name string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

// issue signs tmpl with the authority and returns it with its new key.
func issue(tmpl, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl.SerialNumber = big.NewInt(time.Now().UnixNano())
	tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
