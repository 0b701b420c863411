package frontend

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/docs"
)

// TestOpenAPIMatchesRoutes: every documented operation is a route, and
// every API route (and the health probes) is documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(docs.OpenAPI, &doc))
	require.True(t, strings.HasPrefix(doc.OpenAPI, "3.1"))
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	s, err := New(Config{BaseURL: "http://127.0.0.1:8080"}, Deps{})
	require.NoError(t, err)
	param := regexp.MustCompile(`:(\w+)`)
	var served []string
	for _, r := range s.engine.Routes() {
		api := strings.HasPrefix(r.Path, "/api/v1/") && r.Path != "/api/v1/openapi.json"
		if api || r.Path == "/healthz" || r.Path == "/readyz" {
			served = append(served, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	require.Equal(t, served, documented)
}
