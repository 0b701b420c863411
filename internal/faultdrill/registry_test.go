package faultdrill

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/lookup/upstream"
)

// behaviour is how the test registry answers at a given moment.
type behaviour int32

const (
	healthy behaviour = iota // the contract's answers
	garbage                  // 200 with a body that is not the contract's JSON
	failing                  // 503, as a registry in maintenance
	hanging                  // no answer at all, whatever the client does
)

// registry is a real HTTPS server on loopback that speaks the registry
// contract (docs/REGISTRY.md) to clients with a certificate from its own
// authority, and whose behaviour a drill switches.
type registry struct {
	server *httptest.Server
	client tls.Certificate
	roots  *x509.CertPool
	mode   atomic.Int32
	calls  atomic.Int64  // requests received, attempts included
	stop   chan struct{} // closed at the end: hanging handlers return
}

// startRegistry starts the registry for the test's duration.
func startRegistry(t *testing.T) *registry {
	t.Helper()
	r := &registry{stop: make(chan struct{})}
	serverCert, clientCert, roots := newPKI(t)
	r.client, r.roots = clientCert, roots
	r.server = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	r.server.TLS = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{serverCert},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: roots}
	r.server.Config.ErrorLog = log.New(io.Discard, "", 0) // abandoned connections are the drill
	r.server.StartTLS()
	t.Cleanup(r.server.Close)
	t.Cleanup(func() { close(r.stop) }) // first: Close waits for the handlers
	return r
}

// set switches how the registry answers from the next request on.
func (r *registry) set(b behaviour) { r.mode.Store(int32(b)) }

// config is the client configuration to reach this registry.
func (r *registry) config() upstream.Config {
	return upstream.Config{BaseURL: r.server.URL, Certificate: r.client, RootCAs: r.roots}
}

func (r *registry) serve(w http.ResponseWriter, req *http.Request) {
	r.calls.Add(1)
	var q struct{ INSZ string }
	if req.Method != http.MethodPost || json.NewDecoder(req.Body).Decode(&q) != nil {
		http.Error(w, `{"error":"bad_request"}`, http.StatusBadRequest)
		return
	}
	switch behaviour(r.mode.Load()) {
	case garbage:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"insz":"`+q.INSZ+`","periods":[{"regime":"astronaut"`)
	case failing:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"error":"maintenance"}`)
	case hanging:
		// A hung registry does not notice that the client gave up, and
		// never answers: the connection is dropped without a response. A
		// handler that returned when its request ended would answer an
		// empty 200 if that end came early — the likely cause of the one
		// "bad_answer" instead of "timeout" seen in a full -race run.
		select {
		case <-r.stop:
		case <-time.After(requestCap):
		}
		panic(http.ErrAbortHandler)
	default:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, strings.ReplaceAll(answers[req.URL.Path], "ASKED", q.INSZ))
	}
}

// answers are the contract's examples, about whoever is asked.
var answers = map[string]string{
	"/v1/identity": `{"insz":"ASKED","last_name":"Testperson","first_name":"Example","sex":"unknown",
		"birth_date":"1985-07-00","birth_place":"Testville","address":{"street":"Example Street","number":"1",
		"postal_code":"1000","municipality":"Testville","country":"BE"}}`,
	"/v1/career": `{"insz":"ASKED","periods":[{"regime":"salaried","employer":"Example Ltd",
		"start":"2005-09-01","end":"2010-12-31","days":1600}]}`,
	"/v1/supplementary-pension": `{"insz":"ASKED","reference_date":"2025-01-01","plans":[]}`,
}

// newPKI makes a throwaway authority and the registry's and contactd's
// certificates from it, valid for an hour.
func newPKI(t *testing.T) (server, client tls.Certificate, roots *x509.CertPool) {
	t.Helper()
	caPub, caKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "faultdrill registry CA"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, ca, ca, caPub, caKey)
	require.NoError(t, err)
	ca, err = x509.ParseCertificate(der)
	require.NoError(t, err)
	roots = x509.NewCertPool()
	roots.AddCert(ca)
	issue := func(serial int64, leaf x509.Certificate) tls.Certificate {
		pub, key, err := ed25519.GenerateKey(rand.Reader)
		require.NoError(t, err)
		leaf.SerialNumber, leaf.NotBefore, leaf.NotAfter = big.NewInt(serial), ca.NotBefore, ca.NotAfter
		leaf.KeyUsage = x509.KeyUsageDigitalSignature
		der, err := x509.CreateCertificate(rand.Reader, &leaf, ca, pub, caKey)
		require.NoError(t, err)
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	server = issue(2, x509.Certificate{Subject: pkix.Name{CommonName: "registry"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	client = issue(3, x509.Certificate{Subject: pkix.Name{CommonName: "contactd"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return server, client, roots
}
