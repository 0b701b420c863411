package upstream

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TLSFromFiles loads the client certificate and key (PEM) for mutual TLS
// and, when caFile is not empty, the PEM certificates that verify the
// registry instead of the system's roots. It serves the command line,
// which takes the three paths as flags.
func TLSFromFiles(certFile, keyFile, caFile string) (tls.Certificate, *x509.CertPool, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("upstream: load client certificate %s and key %s: %w", certFile, keyFile, err)
	}
	if caFile == "" {
		return cert, nil, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("upstream: read CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return tls.Certificate{}, nil, fmt.Errorf("upstream: CA file %s holds no PEM certificate", caFile)
	}
	return cert, pool, nil
}
