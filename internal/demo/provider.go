package demo

import (
	"log/slog"
	"net/http"
	"strings"

	"contactd/internal/devidp"
)

// Clients of the development provider. Their secrets are public on purpose:
// the provider exists only in dev and in tests.
const (
	ClientID     = "contactd-dev"
	ClientSecret = "contactd-dev-secret"
	APIAudience  = "contactd-api"
)

// The synthetic population of the demo register: dev and the tests look
// citizens up in the same 10,000 people.
const (
	PopulationSeed = 16046 // after deliberation 16/046
	PopulationSize = 10_000
)

// SystemClients are the system clients of dev and the tests, so the API's
// bearer-token path runs as in production.
var SystemClients = []devidp.Client{
	{ID: "citizen-portal", Secret: "citizen-portal-dev-secret", Scopes: []string{"contactd.reference", "contactd.intake", "contactd.transparency"}, Audience: APIAudience},
	{ID: "mail-server", Secret: "mail-server-dev-secret", Scopes: []string{"contactd.intake"}, Audience: APIAudience},
}

// Provider builds the development provider for an application served at
// base (no trailing slash), mounted at base + "/devidp".
func Provider(base string, log *slog.Logger) (*devidp.Provider, error) {
	return devidp.New(devidp.Config{
		Issuer: base + "/devidp", Users: ProviderUsers(), Logger: log,
		Clients: append([]devidp.Client{{ID: ClientID, Secret: ClientSecret,
			RedirectURIs: []string{base + "/auth/callback"}}}, SystemClients...),
	})
}

// WithProvider serves the development provider under /devidp/ and the
// application everywhere else, for dev and the tests alike. Not an
// http.ServeMux: it would answer an unclean path (//manage) with a
// redirect of its own, before the application could log the request (O6:
// every request is in the log).
func WithProvider(idp, app http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/devidp/") {
			idp.ServeHTTP(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})
}
