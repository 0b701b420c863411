package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/freetext/freetexttest"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestAPIReasonsAndSenderAreGuarded (issue 14 §3): through the API, the
// assign, hand-back and reopen reasons and a letter's sender that hold a
// salary or career periods answer 422 looks_like_consulted_data until
// confirmed, another citizen's number answers 400, and nothing refused is
// stored. Before the fix each reason answered 200 and stood on the
// timeline, and each sender answered 201.
func TestAPIReasonsAndSenderAreGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front, sig := app.Browser(), app.Browser()
		front.SignIn(t, "frontoffice")
		sig.SignIn(t, "backoffice")
		other := app.Registry.Citizen(31).String()
		newTicket := func() string {
			res := front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 30))
			require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
			return decode[tickets.Ticket](t, res).Ref
		}
		expect := func(res apptest.Response, status int, typ, field string) {
			t.Helper()
			require.Equal(t, status, res.StatusCode, res.Body)
			p := problemOf(t, res)
			require.Equal(t, "urn:contactd:problem:"+typ, p["type"], res.Body)
			require.Equal(t, field, p["field"], res.Body)
		}

		ref := newTicket()
		assign := func(reason string, confirmed bool) apptest.Response {
			return front.JSON(t, "POST", "/api/v1/tickets/"+ref+"/assign", map[string]any{"institution": "sigedis", "reason": reason, "confirmed": confirmed})
		}
		expect(assign(freetexttest.Salary, false), http.StatusUnprocessableEntity, "looks_like_consulted_data", "reason")
		expect(assign(freetexttest.Career, false), http.StatusUnprocessableEntity, "looks_like_consulted_data", "reason")
		expect(assign("also about "+other, true), http.StatusBadRequest, "invalid", "reason")
		require.Equal(t, http.StatusOK, assign("plan question", false).StatusCode)
		expect(sig.JSON(t, "POST", "/api/v1/tickets/"+ref+"/hand-back", map[string]any{"reason": freetexttest.Career}), http.StatusUnprocessableEntity, "looks_like_consulted_data", "reason")
		expect(sig.JSON(t, "POST", "/api/v1/tickets/"+ref+"/hand-back", map[string]any{"reason": freetexttest.Salary}), http.StatusUnprocessableEntity, "looks_like_consulted_data", "reason")

		closed := newTicket()
		require.Equal(t, http.StatusOK, front.JSON(t, "POST", "/api/v1/tickets/"+closed+"/close", nil).StatusCode)
		expect(front.JSON(t, "POST", "/api/v1/tickets/"+closed+"/reopen", map[string]any{"reason": freetexttest.Salary}), http.StatusUnprocessableEntity, "looks_like_consulted_data", "reason")
		expect(front.JSON(t, "POST", "/api/v1/tickets/"+closed+"/reopen", map[string]any{"reason": "about " + other}), http.StatusBadRequest, "invalid", "reason")

		letter := func(sender string, confirmed bool) apptest.Response {
			return front.JSON(t, "POST", "/api/v1/tickets", map[string]any{"portal": "mypension", "channel": "post", "purpose": "other",
				"subject": "A letter", "sender": sender, "confirmed": confirmed})
		}
		expect(letter("J. Peeters "+other, true), http.StatusBadRequest, "invalid", "sender")
		expect(letter(freetexttest.Salary, false), http.StatusUnprocessableEntity, "looks_like_consulted_data", "sender")
		expect(letter(freetexttest.Career, false), http.StatusUnprocessableEntity, "looks_like_consulted_data", "sender")

		for _, needle := range []string{"2.345,67", "1985-03-24", other[6:]} {
			require.Zero(t, freetexttest.Stored(t, db, needle), needle)
		}
		res := front.JSON(t, "POST", "/api/v1/tickets/"+closed+"/reopen", map[string]any{"reason": freetexttest.Salary, "confirmed": true})
		require.Equal(t, http.StatusOK, res.StatusCode, "the agent confirms it is no consulted data: "+res.Body)
	})
}

// TestAPIAnswerSaysWhetherItHeldPersonalData (issue 14 §3): an answer
// that does not say whether it held personal data is refused, 400 on
// contains_personal_data, instead of being taken as "none" — which let a
// phone answer through. Before the fix it answered 200.
func TestAPIAnswerSaysWhetherItHeldPersonalData(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front := app.Browser()
		front.SignIn(t, "frontoffice")
		tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 32)))
		path := "/api/v1/tickets/" + tk.Ref + "/answer"
		for _, body := range []map[string]any{{"channel": "phone"}, {"channel": "ebox", "contains_personal_data": nil}} {
			res := front.JSON(t, "POST", path, body)
			require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
			require.Equal(t, "contains_personal_data", problemOf(t, res)["field"])
		}
		require.Equal(t, tickets.StatusInProgress, decode[tickets.View](t, front.Get(t, "/api/v1/tickets/"+tk.Ref)).Ticket.Status, "nothing recorded")
		res := front.JSON(t, "POST", path, map[string]any{"channel": "phone", "contains_personal_data": false})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	})
}

// TestTicketPageReasonWarning: on the ticket page, a reason that looks
// like consulted data shows the form again (422) with the text kept, the
// warning and the box to confirm; confirming assigns the ticket.
func TestTicketPageReasonWarning(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 33)))
	page := front.Submit(t, "/tickets/"+tk.Ref+"/assign", url.Values{"institution": {"sigedis"}, "reason": {freetexttest.Career}})
	require.Equal(t, http.StatusUnprocessableEntity, page.StatusCode)
	require.Contains(t, page.Body, `id="assign-confirmed"`)
	require.Contains(t, page.Body, `id="form-error"`)
	require.Contains(t, page.Body, "1985-03-24 tot 2003-11-23", "the agent's text is kept to rephrase")
	page = front.Submit(t, "/tickets/"+tk.Ref+"/assign", url.Values{"institution": {"sigedis"}, "reason": {freetexttest.Career}, "confirmed": {"on"}})
	require.Equal(t, http.StatusSeeOther, page.StatusCode, "confirmed: assigned")
	view := decode[tickets.View](t, front.Get(t, "/api/v1/tickets/"+tk.Ref))
	require.Equal(t, tickets.StatusAssigned, view.Ticket.Status)
}

// TestReviewTextIsGuardedOnTheWeb: the verdict's comment and the
// follow-up's text, through the API and the run page: a national number
// is 400, a salary 422 until confirmed, and the page offers the box.
func TestReviewTextIsGuardedOnTheWeb(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	app := apptest.New(t, db)
	front, adv := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	adv.SignIn(t, "adviser")
	for i := range 2 {
		tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 34+i)))
		res := front.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/consultations", map[string]any{"kind": "career", "reason": "citizen_question"})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	}
	run, err := audit.DrawRun(context.Background(), db.Bun, time.Now().Add(-time.Hour), time.Now().Add(time.Minute), "all", 1, audit.SamplingOptions{}, nil)
	require.NoError(t, err)
	view := decode[struct {
		Items []audit.ReviewItem `json:"items"`
	}](t, adv.Get(t, "/api/v1/sampling/runs/"+strconv.FormatInt(run.ID, 10)))
	require.NotEmpty(t, view.Items)
	item := strconv.FormatInt(view.Items[0].ID, 10)
	verdict := "/api/v1/sampling/items/" + item + "/verdict"
	res := adv.JSON(t, "POST", verdict, map[string]any{"verdict": "explanation_asked", "comment": "looked up " + app.Registry.Citizen(3).String()})
	require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
	require.Equal(t, "comment", problemOf(t, res)["field"])
	res = adv.JSON(t, "POST", verdict, map[string]any{"verdict": "explanation_asked", "comment": freetexttest.Salary})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, res.Body)
	page := adv.Submit(t, "/adviser/items/"+item+"/verdict", url.Values{"verdict": {"explanation_asked"}, "comment": {freetexttest.Career}, "run": {strconv.FormatInt(run.ID, 10)}})
	require.Equal(t, http.StatusUnprocessableEntity, page.StatusCode)
	require.Contains(t, page.Body, `id="confirmed-`+item+`"`)
	require.True(t, strings.Contains(page.Body, "2003-11-23"), "the adviser's text is kept")
	res = adv.JSON(t, "POST", verdict, map[string]any{"verdict": "not_justified", "comment": freetexttest.Salary, "confirmed": true})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	res = adv.JSON(t, "POST", "/api/v1/sampling/items/"+item+"/followup", map[string]any{"referred_to": "team lead", "sanction": freetexttest.Career})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, res.Body)
	require.Equal(t, "sanction", problemOf(t, res)["field"])
}
