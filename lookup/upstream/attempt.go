package upstream

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"contactd/internal/insz"
	"contactd/lookup"
)

// attempt makes one request, bounded by cfg.Timeout. On success, a holds
// a checked answer; a failure says whether it is transient.
func (c *Client) attempt(ctx context.Context, ep endpoint, body []byte, tr trace, n insz.Number, a answer) error {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.base+ep.path, bytes.NewReader(body))
	if err != nil {
		return &failure{kind: ep.kind, reason: ErrFailed, detail: "cannot build the request"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	tr.set(req.Header)
	resp, err := c.http.Do(req)
	if err != nil {
		return transportFailure(actx, ep, err)
	}
	defer func() {
		// Drained, within limits, so that the connection can be reused.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}()
	return status(actx, ep, resp, n, a)
}

// status maps the answer's status code as the contract says.
func status(actx context.Context, ep endpoint, resp *http.Response, n insz.Number, a answer) error {
	code := resp.StatusCode
	switch {
	case code == http.StatusOK:
		readErr, badErr := decode(resp, n, a)
		if readErr != nil {
			return transportFailure(actx, ep, readErr)
		}
		if badErr != nil {
			return &failure{kind: ep.kind, reason: ErrBadAnswer, detail: badErr.Error()}
		}
		return nil
	case code == http.StatusNotFound && notFound(resp):
		return fmt.Errorf("upstream: %s: %w", ep.kind, lookup.ErrNotFound)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return statusFailure(ep, ErrRefused, code, false)
	case code == http.StatusTooManyRequests || code >= 500:
		return statusFailure(ep, ErrFailed, code, true)
	}
	// Other 4xx are our bug, a 404 without the contract's body a wrong
	// base URL, a 3xx a breach of the contract: retrying cures none.
	return statusFailure(ep, ErrFailed, code, false)
}

// notFound reports whether a 404 carries the contract's body,
// {"error":"not_found"}, so that a 404 from a wrong base URL or a proxy is
// never shown to an agent as "no such person".
func notFound(resp *http.Response) bool {
	var body struct {
		Error string `json:"error"`
	}
	err := json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&body)
	return err == nil && body.Error == "not_found"
}

func statusFailure(ep endpoint, reason error, code int, transient bool) *failure {
	return &failure{kind: ep.kind, reason: reason, detail: fmt.Sprintf("status %d", code), transient: transient}
}

// transportFailure classifies an error of the network or of reading the
// body. The caller checks its own ctx first, so a deadline here is the
// attempt's own.
func transportFailure(actx context.Context, ep endpoint, err error) *failure {
	var opErr *net.OpError
	var verifyErr *tls.CertificateVerificationError
	switch {
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		return &failure{kind: ep.kind, reason: ErrTimeout, detail: "no answer within the attempt's timeout", transient: true}
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		// The registry ended the TLS handshake with an alert: it does not
		// accept our certificate.
		return &failure{kind: ep.kind, reason: ErrRefused, detail: "TLS handshake refused: " + opErr.Err.Error()}
	case errors.As(err, &verifyErr):
		return &failure{kind: ep.kind, reason: ErrFailed, detail: "the registry's certificate is not trusted"}
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // its text would repeat the method and URL
	}
	return &failure{kind: ep.kind, reason: ErrFailed, detail: "network: " + err.Error(), transient: true}
}
