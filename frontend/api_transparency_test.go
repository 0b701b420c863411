package frontend_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/demo"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestCitizenTransparency: the portal asks, for its signed-in citizen,
// who consulted their data: each consultation that showed data, with the
// institution, the kind, the time and the ticket — and the asking is
// logged. The national number travels in the body; another client's scope,
// a signed-in agent and a malformed number are refused.
func TestCitizenTransparency(t *testing.T) {
	t.Parallel()
	db := testdb.Postgres(t)
	app := apptest.New(t, db)
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 11)))
	res := front.JSON(t, "POST", "/api/v1/tickets/"+created.Ref+"/consultations", map[string]any{"kind": "career", "reason": "citizen_question"})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)

	portal, mail := demo.SystemClients[0], demo.SystemClients[1]
	ask := func(token, body string) apptest.Response {
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/api/v1/citizens/consultations", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return app.Browser().Do(t, req)
	}
	number := app.Registry.Citizen(11).String()
	res = ask(clientToken(t, app, portal.ID, portal.Secret), `{"insz":"`+number+`"}`)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	body := decode[struct {
		Consultations []audit.CitizenConsultation `json:"consultations"`
		Truncated     bool                        `json:"truncated"`
	}](t, res)
	require.Len(t, body.Consultations, 2)
	require.Equal(t, "career", body.Consultations[0].Kind, "newest first")
	require.Equal(t, "identity", body.Consultations[1].Kind)
	for _, c := range body.Consultations {
		require.Equal(t, "contact_centre", c.Institution)
		require.Equal(t, created.Ref, c.TicketRef)
	}
	require.NotContains(t, res.Body, "Lotte", "never who in person")

	entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "citizen_consultations_view"})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.Equal(t, number, entries[0].Citizen)
	require.Equal(t, "system:citizen-portal", entries[0].Role)

	require.Equal(t, http.StatusForbidden, ask(clientToken(t, app, mail.ID, mail.Secret), `{"insz":"`+number+`"}`).StatusCode, "scope missing: 403 insufficient_scope")
	require.Equal(t, http.StatusBadRequest, ask(clientToken(t, app, portal.ID, portal.Secret), `{"insz":"12345"}`).StatusCode)
	agent := front.JSON(t, "POST", "/api/v1/citizens/consultations", map[string]any{"insz": number})
	require.Equal(t, http.StatusUnauthorized, agent.StatusCode, "agents have their own views")
}
