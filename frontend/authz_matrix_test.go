package frontend_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// principal is one way of calling the application: nobody, a signed-in
// person in a role (in the institution that owns the walk's ticket and
// user, or another one), or a system client holding one scope.
type principal struct {
	name     string
	username string     // demo user to sign in as; "" for none
	role     audit.Role // the role the walk expects the session in
	inst     string
	scope    string // a system client's only scope
	unacked  bool   // signed in with a role, staff notice not acknowledged
	// ticketAt is the institution holding the walk's tickets: the
	// principal's own for the front and back offices, Sigedis otherwise.
	ticketAt string
}

// principals are the rows' columns, in the order the matrix lists them.
var principals = []principal{
	{name: "anonymous"},
	{name: "no_role", username: "norole"},
	{name: "unacked", username: "norole", role: audit.RoleFrontOffice, inst: "contact_centre", unacked: true},
	{name: "front_office", username: "frontoffice", role: audit.RoleFrontOffice, inst: "contact_centre", ticketAt: "contact_centre"},
	{name: "front_office_handed_over", username: "frontoffice", role: audit.RoleFrontOffice, inst: "contact_centre"},
	{name: "back_office", username: "backoffice", role: audit.RoleBackOffice, inst: "sigedis"},
	{name: "back_office_other", username: "backoffice2", role: audit.RoleBackOffice, inst: "sfpd"},
	{name: "security_adviser", username: "adviser", role: audit.RoleSecurityAdviser, inst: "contact_centre"},
	{name: "local_manager", username: "manager", role: audit.RoleLocalManager, inst: "contact_centre"},
	{name: "local_manager_other", username: "manager2", role: audit.RoleLocalManager, inst: "sigedis"},
	{name: "admin", username: "admin", role: audit.RoleAdmin, inst: "contact_centre"},
	{name: "system_reference", scope: "contactd.reference"},
	{name: "system_intake", scope: "contactd.intake"},
	{name: "system_transparency", scope: "contactd.transparency"},
}

// everyone and nobody spell the matrix's common rows.
var (
	everyone = []string{"*"}
	nobody   = []string{}
	staff    = []string{"front_office", "front_office_handed_over", "back_office", "back_office_other", "security_adviser", "local_manager", "local_manager_other", "admin"}
	withRole = append([]string{"unacked"}, staff...)
	signedIn = append([]string{"no_role"}, withRole...)
)

// authzMatrix says, for every route of the application, which principals
// pass its guards (any answer but 401, 403, a redirect to sign in, to
// "no access", to the notice or to the role choice, or a 404 for the
// walk's existing ticket). The walk's ticket is handed to Sigedis; the
// walk's user is the contact centre's front-office agent. A route missing
// here fails the test: a new route needs its row.
var authzMatrix = map[string][]string{
	// Public: probes, assets, the API document, the sign-in steps.
	"GET /healthz":             everyone,
	"GET /readyz":              everyone,
	"GET /metrics":             everyone,
	"GET /static/*file":        everyone,
	"GET /api/v1/openapi.json": everyone,
	"GET /auth/signin":         everyone,
	"POST /auth/login":         everyone,
	"POST /lang":               everyone,
	// Refused without the provider's answer to a sign-in this browser began.
	"GET /auth/callback": nobody,
	// Observed and reviewed: the API opens what the pages open; a back
	// office only its institution's tickets; a local manager only their
	// institution's users; the front office changes only tickets the
	// contact centre holds.
	"GET /":                                    withRole,
	"GET /admin":                               {"admin"},
	"GET /admin/citizens":                      {"admin"},
	"GET /adviser":                             {"security_adviser"},
	"GET /adviser/runs":                        {"security_adviser"},
	"GET /adviser/runs/:id":                    {"security_adviser"},
	"GET /adviser/runs/:id/report.csv":         {"security_adviser"},
	"GET /adviser/runs/:id/report.xlsx":        {"security_adviser"},
	"GET /api/v1/governance":                   {"security_adviser", "admin"},
	"GET /api/v1/governance/report.xlsx":       {"security_adviser", "admin"},
	"GET /api/v1/institutions":                 {"front_office", "front_office_handed_over", "back_office", "back_office_other", "security_adviser", "local_manager", "local_manager_other", "admin", "system_reference"},
	"GET /api/v1/intake/quarantine":            {"front_office", "front_office_handed_over"},
	"GET /api/v1/me":                           withRole,
	"GET /api/v1/sampling/runs":                {"security_adviser"},
	"GET /api/v1/sampling/runs/:id":            {"security_adviser"},
	"GET /api/v1/sampling/runs/:id/report":     {"security_adviser"},
	"GET /api/v1/tickets":                      {"front_office", "front_office_handed_over", "back_office", "back_office_other"},
	"GET /api/v1/tickets/:ref":                 {"front_office", "front_office_handed_over", "back_office", "security_adviser"},
	"GET /api/v1/users":                        {"local_manager", "local_manager_other", "admin"},
	"GET /back":                                {"back_office", "back_office_other"},
	"GET /front":                               {"front_office", "front_office_handed_over"},
	"GET /governance":                          {"security_adviser", "admin"},
	"GET /governance/report.xlsx":              {"security_adviser", "admin"},
	"GET /manage":                              {"local_manager", "local_manager_other"},
	"GET /no-access":                           withRole,
	"GET /notice":                              signedIn,
	"GET /quarantine":                          {"front_office", "front_office_handed_over"},
	"GET /quarantine/:id/raw":                  {"front_office", "front_office_handed_over"},
	"GET /role":                                withRole,
	"GET /tickets/:ref":                        {"front_office", "front_office_handed_over", "back_office", "security_adviser"},
	"GET /tickets/new":                         {"front_office", "front_office_handed_over"},
	"POST /admin/citizens/erase":               {"admin"},
	"POST /admin/citizens/rectify":             {"admin"},
	"POST /admin/managers":                     {"admin"},
	"POST /admin/managers/:id/withdraw":        {"admin"},
	"POST /adviser/items/:id/followup":         {"security_adviser"},
	"POST /adviser/items/:id/verdict":          {"security_adviser"},
	"POST /adviser/logs":                       {"security_adviser"},
	"POST /adviser/runs":                       {"security_adviser"},
	"POST /api/v1/admin/citizens/erase":        {"admin"},
	"POST /api/v1/admin/citizens/rectify":      {"admin"},
	"POST /api/v1/audit/search":                {"security_adviser"},
	"POST /api/v1/citizens/consultations":      {"system_transparency"},
	"POST /api/v1/intake/email":                {"system_intake"},
	"POST /api/v1/intake/portal":               {"system_intake"},
	"POST /api/v1/sampling/items/:id/followup": {"security_adviser"},
	"POST /api/v1/sampling/items/:id/verdict":  {"security_adviser"},
	"POST /api/v1/sampling/runs":               {"security_adviser"},
	"POST /api/v1/tickets":                     {"front_office", "front_office_handed_over"},
	"POST /api/v1/tickets/:ref/answer":         {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/assign":         {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/close":          {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/consultations":  {"front_office"},
	"POST /api/v1/tickets/:ref/hand-back":      {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/identify":       {"front_office"},
	"POST /api/v1/tickets/:ref/notes":          {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/reopen":         {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/status":         {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/take":           {"front_office", "back_office"},
	"POST /api/v1/tickets/:ref/verify":         {"front_office", "back_office"},
	"POST /api/v1/tickets/search":              {"front_office", "front_office_handed_over", "back_office", "back_office_other"},
	"POST /api/v1/users/:id/disable":           {"local_manager", "admin"},
	"POST /api/v1/users/:id/enable":            {"local_manager", "admin"},
	"POST /api/v1/users/:id/grants":            {"local_manager", "admin"},
	"POST /api/v1/users/:id/grants/withdraw":   {"local_manager", "admin"},
	"POST /api/v1/users/invitations":           {"local_manager", "local_manager_other", "admin"},
	"POST /manage/invitations":                 {"local_manager", "local_manager_other"},
	"POST /manage/users/:id/:op":               {"local_manager"},
	"POST /quarantine/:id/resolve":             {"front_office", "front_office_handed_over"},
	"POST /tickets":                            {"front_office", "front_office_handed_over"},
	"POST /tickets/:ref/:op":                   {"front_office", "back_office"},
	"POST /tickets/search":                     {"front_office", "front_office_handed_over", "back_office", "back_office_other"},
	"POST /role":                               withRole,
	"POST /api/v1/me/role":                     withRole,
	"POST /auth/logout":                        signedIn,
	"POST /notice":                             signedIn,
}

// pathFor fills a route's parameters with fixtures made for this one
// request: a fresh ticket, a fresh user, so that no request of the walk
// depends on what an earlier one changed.
func pathFor(t *testing.T, app *apptest.App, fx *fixtures, route string) string {
	p := strings.NewReplacer("*file", "app.css", ":op", "notes").Replace(route)
	if strings.Contains(p, ":ref") {
		p = strings.Replace(p, ":ref", fx.ticket(t, app), 1)
	}
	switch {
	case strings.HasPrefix(route, "/manage/users/:id/"):
		p = fmt.Sprintf("/manage/users/%d/grant", fx.user(t, app))
	case strings.Contains(route, "/users/:id"):
		p = strings.Replace(p, ":id", fmt.Sprint(fx.user(t, app)), 1)
	}
	return strings.Replace(p, ":id", "1", 1)
}

// fixtures make what the walk's paths name.
type fixtures struct {
	front    *apptest.Browser // the contact centre's front office, who registers the tickets
	ticketAt string
	users    int
}

// ticket registers a phone contact, hands it to the walk's institution
// unless that is the contact centre, and returns its reference.
func (fx *fixtures) ticket(t *testing.T, app *apptest.App) string {
	t.Helper()
	created := decode[tickets.Ticket](t, fx.front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 3)))
	if fx.ticketAt != "contact_centre" {
		res := fx.front.JSON(t, "POST", "/api/v1/tickets/"+created.Ref+"/assign", map[string]string{"institution": fx.ticketAt, "reason": "content"})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	}
	return created.Ref
}

// user makes a front-office agent of the contact centre, invited by the
// command line, and returns their id.
func (fx *fixtures) user(t *testing.T, app *apptest.App) int64 {
	t.Helper()
	fx.users++
	g, err := app.Access.Grant(audit.WithActor(context.Background(), audit.Actor{System: "cli"}), access.GrantInput{
		User: access.UserRef{Subject: fmt.Sprintf("walk-%d", fx.users)}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	require.NoError(t, err)
	return g.UserID
}

// bodies are valid requests of the routes whose guard lies in the domain
// (a ticket's holder, a user's institution), so that the walk reaches it
// instead of stopping at a missing field.
func bodies(app *apptest.App) map[string]string {
	citizen := app.Registry.Citizen(3).String()
	invitee := app.Registry.Citizen(4).String()
	return map[string]string{
		"POST /api/v1/tickets":                    fmt.Sprintf(`{"portal":"mycareer","channel":"phone","purpose":"content_question","subject":"Walk","insz":%q,"questions_put":2,"questions_passed":true}`, citizen),
		"POST /api/v1/tickets/search":             fmt.Sprintf(`{"insz":%q}`, citizen),
		"POST /api/v1/tickets/:ref/answer":        `{"channel":"post","contains_personal_data":false}`,
		"POST /api/v1/tickets/:ref/assign":        `{"institution":"sfpd","reason":"content"}`,
		"POST /api/v1/tickets/:ref/consultations": `{"kind":"career","reason":"citizen_question"}`,
		"POST /api/v1/tickets/:ref/hand-back":     `{"reason":"not for us"}`,
		"POST /api/v1/tickets/:ref/identify":      fmt.Sprintf(`{"insz":%q}`, citizen),
		"POST /api/v1/tickets/:ref/notes":         `{"text":"called back"}`,
		"POST /api/v1/tickets/:ref/reopen":        `{"reason":"citizen called"}`,
		"POST /api/v1/tickets/:ref/status":        `{"status":"answered"}`,
		"POST /api/v1/tickets/:ref/verify":        `{"questions_put":2,"passed":true}`,
		"POST /api/v1/users/:id/grants":           `{"role":"local_manager"}`,
		"POST /api/v1/users/:id/grants/withdraw":  `{"role":"front_office","institution":"contact_centre","reason":"left"}`,
		"POST /api/v1/users/:id/disable":          `{"reason":"left"}`,
		"POST /api/v1/users/:id/enable":           `{"reason":"back"}`,
		"POST /api/v1/users/invitations":          fmt.Sprintf(`{"national_number":%q,"role":"local_manager"}`, invitee),
		"POST /tickets/:ref/:op":                  "text=called+back",
		"POST /tickets/search":                    "insz=" + citizen,
		"POST /manage/users/:id/:op":              "role=local_manager",
		"POST /manage/invitations":                "role=local_manager&invitee=" + invitee,
	}
}

// lastRoutes end or change the session; they run last, each on a session
// of its own, the notice's acknowledgment at the very end.
var lastRoutes = []string{"POST /role", "POST /api/v1/me/role", "POST /auth/logout", "POST /notice"}

// TestAuthorizationMatrix walks every route of the route table as every
// principal, on both engines, and checks two things per request: whether
// its guards let it through, against authzMatrix; and that it wrote
// exactly one access-log entry carrying its request id (O6), unless it is
// one of the few unlogged routes (static files, probes, metrics).
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, _ *database.DB) {
		observed := map[string][]string{}
		var routes []string
		for _, p := range principals {
			db := testdb.SQLite(t)
			if strings.HasSuffix(t.Name(), "postgres") {
				db = testdb.Postgres(t)
			}
			app := apptest.New(t, db)
			routes = routeKeys(app)
			for route, ok := range walkAs(t, app, p, routes) {
				if ok {
					observed[route] = append(observed[route], p.name)
				}
			}
		}
		var missing, wrong []string
		for _, route := range routes {
			want, listed := authzMatrix[route]
			if !listed {
				missing = append(missing, fmt.Sprintf("%q: %s,", route, goList(observed[route])))
				continue
			}
			if !sameSet(expand(want), observed[route]) {
				wrong = append(wrong, fmt.Sprintf("%q: want %v, got %s", route, expand(want), goList(observed[route])))
			}
		}
		require.Empty(t, missing, "routes without a row in authzMatrix (observed rows shown)")
		require.Empty(t, wrong, "routes whose guards differ from authzMatrix")
		for route := range authzMatrix {
			require.Contains(t, routes, route, "a row for a route that no longer exists")
		}
	})
}

// routeKeys lists the route table as "METHOD /path", the session-ending
// routes last.
func routeKeys(app *apptest.App) []string {
	var out []string
	for _, r := range app.Routes {
		out = append(out, r.Method+" "+r.Path)
	}
	slices.Sort(out)
	slices.SortStableFunc(out, func(a, b string) int {
		return slices.Index(lastRoutes, a) - slices.Index(lastRoutes, b)
	})
	return out
}

// walkAs calls every route as p and reports which let p through, checking
// each request's access-log entries on the way.
func walkAs(t *testing.T, app *apptest.App, p principal, routes []string) map[string]bool {
	t.Helper()
	fx := &fixtures{front: app.Browser(), ticketAt: p.ticketAt}
	fx.front.SignIn(t, "frontoffice")
	if fx.ticketAt == "" {
		fx.ticketAt = "sigedis"
	}
	body := bodies(app)
	if p.unacked {
		_, err := app.Access.Grant(audit.WithActor(context.Background(), audit.Actor{System: "cli"}),
			access.GrantInput{User: access.UserRef{Subject: "demo-" + p.username}, Role: p.role, Institution: p.inst})
		require.NoError(t, err)
	}
	c := newCaller(t, app, p)
	out := map[string]bool{}
	for _, route := range routes {
		if slices.Contains(lastRoutes, route) {
			c = newCaller(t, app, p)
		}
		method, path, _ := strings.Cut(route, " ")
		res := c.call(t, method, pathFor(t, app, fx, path), route, body[route])
		out[route] = passed(res, path)
		checkOneEntry(t, app, p, route, res)
		if method == http.MethodPost && !slices.Contains(lastRoutes, route) {
			// The same route with a body cut short (API) or an empty form
			// (pages: refused and shown again): logged once.
			bad := c.call(t, method, pathFor(t, app, fx, path), route, `{"insz":"`)
			checkOneEntry(t, app, p, route+" (malformed)", bad)
		}
	}
	return out
}

// checkOneEntry reports a request that did not write exactly one
// access-log entry.
func checkOneEntry(t *testing.T, app *apptest.App, p principal, route string, res apptest.Response) {
	t.Helper()
	_, path, _ := strings.Cut(route, " ")
	if unlogged(strings.TrimSuffix(path, " (malformed)")) {
		return
	}
	if n := entriesOf(t, app.DB, res.Header.Get("X-Request-Id")); n != 1 {
		t.Errorf("%s as %s (%d): %d access-log entries, want 1", route, p.name, res.StatusCode, n)
	}
}

func unlogged(path string) bool {
	return slices.Contains([]string{"/static/*file", "/healthz", "/readyz", "/metrics"}, path)
}

// passed says whether the answer got past the guards.
func passed(res apptest.Response, path string) bool {
	switch {
	case res.StatusCode == http.StatusUnauthorized, res.StatusCode == http.StatusForbidden:
		return false
	case res.StatusCode == http.StatusNotFound && strings.Contains(path, ":ref"):
		return false // the walk's ticket exists: "not found" hides it
	case res.StatusCode >= 300 && res.StatusCode < 400:
		loc := res.Header.Get("Location")
		if loc == "/auth/signin?why=signedout" {
			return true // signed out, as asked
		}
		for _, refusal := range []string{"/auth/signin", "/no-access", "/notice", "/role"} {
			if strings.HasPrefix(loc, refusal) {
				return false
			}
		}
	}
	return true
}

func entriesOf(t *testing.T, db *database.DB, requestID string) int {
	t.Helper()
	require.NotEmpty(t, requestID)
	n, err := db.Bun.NewSelect().Model((*audit.Entry)(nil)).Where("request_id = ?", requestID).Count(context.Background())
	require.NoError(t, err)
	return int(n)
}

// caller sends the walk's requests as one principal.
type caller struct {
	p     principal
	b     *apptest.Browser
	csrf  string
	token string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newCaller(t *testing.T, app *apptest.App, p principal) *caller {
	t.Helper()
	c := &caller{p: p, b: app.Browser()}
	switch {
	case p.scope != "":
		c.token = scopedToken(t, app, p.scope)
	case p.username != "":
		if p.unacked {
			c.b.SignInOnly(t, p.username)
		} else {
			c.b.SignIn(t, p.username)
		}
		page := c.b.Get(t, "/notice")
		m := csrfField.FindStringSubmatch(page.Body)
		require.NotNil(t, m, "the notice page carries the session's CSRF token")
		c.csrf = m[1]
	}
	return c
}

// call sends an empty request of the route's kind: a form with the CSRF
// token for pages, a JSON object for the API; the role routes name the
// principal's own role.
func (c *caller) call(t *testing.T, method, path, route, body string) apptest.Response {
	t.Helper()
	form, _ := url.ParseQuery(body)
	if body == "" {
		body = "{}"
	}
	if strings.HasSuffix(route, "/role") {
		form = url.Values{"role": {string(c.p.role)}, "institution": {c.p.inst}}
		body = fmt.Sprintf(`{"role":%q,"institution":%q}`, c.p.role, c.p.inst)
	}
	var req *http.Request
	switch {
	case method == http.MethodGet:
		req, _ = http.NewRequest(method, c.b.URL(path), nil)
	case strings.HasPrefix(path, "/api/"):
		req, _ = http.NewRequest(method, c.b.URL(path), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.csrf)
	default:
		if c.csrf != "" {
			form.Set("csrf", c.csrf)
		}
		req, _ = http.NewRequest(method, c.b.URL(path), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.b.Do(t, req)
}

// scopedToken is a client-credentials token of the citizen portal holding
// only scope.
func scopedToken(t *testing.T, app *apptest.App, scope string) string {
	t.Helper()
	portal := demo.SystemClients[0]
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}
	req, _ := http.NewRequest(http.MethodPost, app.IDP.Issuer()+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(portal.ID, portal.Secret)
	res := app.Browser().Do(t, req)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	return decode[struct {
		AccessToken string `json:"access_token"`
	}](t, res).AccessToken
}

// expand turns a row into the principals' names.
func expand(row []string) []string {
	if slices.Equal(row, everyone) {
		out := make([]string, 0, len(principals))
		for _, p := range principals {
			out = append(out, p.name)
		}
		return out
	}
	return row
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// goList prints observed principals as a row of the matrix's source.
func goList(names []string) string {
	if len(names) == 0 {
		return "nobody"
	}
	if len(names) == len(principals) {
		return "everyone"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "{" + strings.Join(quoted, ", ") + "}"
}
