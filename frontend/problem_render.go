package frontend

import (
	"encoding/json"
	"net/http"
)

// problemJSON renders an RFC 9457 body with its media type.
type problemJSON struct{ body problemBody }

func (p problemJSON) Render(w http.ResponseWriter) error {
	p.WriteContentType(w)
	return json.NewEncoder(w).Encode(p.body)
}

func (p problemJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
