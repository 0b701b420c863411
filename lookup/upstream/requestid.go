package upstream

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"contactd/audit"
)

// maxRequestIDLen bounds the X-Request-ID we send; longer ids are replaced.
const maxRequestIDLen = 128

type requestIDKey struct{}

// WithRequestID returns a context whose calls carry id in X-Request-ID, so
// that the registry's logs and ours can be matched for one consultation.
// Without it, the client uses the request id of the actor the context
// carries (audit.WithActor, set for every web request), and failing that a
// random id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// requestID picks the id for one call; all its attempts share it.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	if id == "" {
		a, _ := audit.ActorFrom(ctx)
		id = a.RequestID
	}
	if validRequestID(id) {
		return id
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// validRequestID accepts printable ASCII without spaces, so that the id
// cannot break or smuggle a header.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}
