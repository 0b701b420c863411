package main

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"contactd/lookup"
)

// role is what a simulated agent does all day.
type role int

const (
	roleFront   role = iota // registers phone contacts and hands them on
	roleBack                // answers and closes its institution's tickets
	roleAdviser             // searches the logs
	roleCreator             // only registers contacts (-scenario create)
	roleViewer              // only opens one ticket, again and again (-scenario view)
	roleLetters             // only registers letters received by post (-scenario letter)
)

// operations are the measured steps, in the order the report lists them.
var operations = []string{
	"sign_in", "queue_new", "create", "view", "consult", "note", "assign",
	"queue_institution", "answer", "close", "log_search",
}

// agent is one simulated person at work on a session of their own.
type agent struct {
	client  *client
	role    role
	rec     *Recorder
	budget  *budget
	rng     *rand.Rand
	think   time.Duration
	people  *lookup.Demo // national numbers come from the demo register
	backOf  int          // for the back office: this agent's share of the queue …
	backCnt int          // … among this many back-office agents
	viewing string       // the viewer's ticket
}

// work signs in, then repeats the role's task until the run ends.
func (a *agent) work(ctx context.Context, username string) {
	if a.think > 0 && !a.pause(ctx, time.Duration(a.rng.Int64N(int64(a.think)))) {
		return // spread the sign-ins over the first think time
	}
	if !a.budget.take() {
		return
	}
	start := time.Now()
	_, err := a.client.signIn(ctx, username)
	a.rec.Record("sign_in", time.Since(start), 0, nil, err)
	if err != nil {
		return
	}
	task := map[role]func(context.Context){roleFront: a.frontContact, roleBack: a.backOfficeAnswer, roleAdviser: a.adviserSearch,
		roleCreator: a.createOnly, roleViewer: a.viewOnly, roleLetters: a.letterOnly}[a.role]
	for ctx.Err() == nil && !a.budget.done() {
		task(ctx)
	}
}

// step thinks, then sends one request and records it; a 2xx answer is
// decoded into out (when not nil). It says whether the task may go on.
func (a *agent) step(ctx context.Context, op, method, path string, body, out any) bool {
	if !a.pause(ctx, a.thinkTime()) || !a.budget.take() {
		return false
	}
	start := time.Now()
	res, err := a.client.api(ctx, method, path, body)
	took := time.Since(start)
	if err == nil && res.status < 400 && out != nil {
		err = json.Unmarshal(res.body, out)
	}
	a.rec.Record(op, took, res.status, res.body, err)
	return err == nil && res.status < 400
}

// thinkTime draws an exponential think time of the configured mean.
func (a *agent) thinkTime() time.Duration {
	if a.think == 0 {
		return 0
	}
	return time.Duration(a.rng.ExpFloat64() * float64(a.think))
}

// pause waits d, or less if the run ends; it says whether the run goes on.
func (a *agent) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// ticketJSON and pageJSON are the parts of the API's answers we use.
type ticketJSON struct {
	Ref string `json:"ref"`
}

type pageJSON struct {
	Tickets []ticketJSON `json:"tickets"`
}

func ticketPath(ref string) string { return "/api/v1/tickets/" + url.PathEscape(ref) }

// frontContact is one phone call at the front office: look at the new
// queue, register the contact with the caller's identity from the
// register, open it, consult the career for the question (§9), note what
// was done and hand it to the back office.
func (a *agent) frontContact(ctx context.Context) {
	if !a.step(ctx, "queue_new", http.MethodGet, "/api/v1/tickets?queue=new&limit=50", nil, nil) {
		return
	}
	ref, ok := a.create(ctx)
	if !ok {
		return
	}
	path := ticketPath(ref)
	_ = a.step(ctx, "view", http.MethodGet, path, nil, nil) &&
		a.step(ctx, "consult", http.MethodPost, path+"/consultations", map[string]string{"kind": "career", "reason": "citizen_question"}, nil) &&
		a.step(ctx, "note", http.MethodPost, path+"/notes", map[string]any{"text": "Career overview checked with the caller; the question goes to the back office."}, nil) &&
		a.step(ctx, "assign", http.MethodPost, path+"/assign", map[string]string{"institution": backInstitution, "reason": "Question on the supplementary pension plan"}, nil)
}

// subjects are what callers ask about: plain words, no figures, so the
// free-text guard has nothing to warn about.
var subjects = []string{
	"Missing period in the career overview",
	"Question on the supplementary pension plan",
	"Employer not shown in the career overview",
	"How to read the pension estimate",
}

// phoneContact is a phone call from a citizen of the demo register,
// identity checked with two control questions.
func (a *agent) phoneContact() map[string]any {
	return map[string]any{
		"portal": []string{"mycareer", "mypension"}[a.rng.IntN(2)], "channel": "phone", "purpose": "content_question",
		"subject": subjects[a.rng.IntN(len(subjects))], "insz": a.people.Citizen(a.rng.IntN(a.people.Size())).String(),
		"questions_put": 2, "questions_passed": true,
	}
}

// backOfficeAnswer lists the institution's assigned tickets, takes the
// first of its own share, opens it, records the answer sent to the eBox and
// closes it. Each back-office agent handles only the tickets whose
// reference hashes to its share, so two agents never race for one ticket
// (a real team splits its queue too).
func (a *agent) backOfficeAnswer(ctx context.Context) {
	var page pageJSON
	if !a.step(ctx, "queue_institution", http.MethodGet, "/api/v1/tickets?queue=institution&status=assigned&limit=50", nil, &page) {
		return
	}
	for _, t := range page.Tickets {
		if !a.mine(t.Ref) {
			continue
		}
		path := ticketPath(t.Ref)
		_ = a.step(ctx, "view", http.MethodGet, path, nil, nil) &&
			a.step(ctx, "answer", http.MethodPost, path+"/answer", map[string]any{"channel": "ebox", "contains_personal_data": true}, nil) &&
			a.step(ctx, "close", http.MethodPost, path+"/close", nil, nil)
		return
	}
}

func (a *agent) mine(ref string) bool {
	h := fnv.New32a()
	h.Write([]byte(ref))
	return int(h.Sum32()%uint32(a.backCnt)) == a.backOf
}

// adviserSearch is one look at the logs, in turn by citizen, at the
// career consultations and at the day's access log.
func (a *agent) adviserSearch(ctx context.Context) {
	searches := []map[string]any{
		{"insz": a.people.Citizen(a.rng.IntN(a.people.Size())).String(), "limit": 50},
		{"log": "consultations", "what": "career", "limit": 50},
		{"log": "access_log", "from": time.Now().Format(time.DateOnly), "limit": 50},
	}
	a.step(ctx, "log_search", http.MethodPost, "/api/v1/audit/search", searches[a.rng.IntN(len(searches))], nil)
}

// createOnly registers one phone contact: the write the ratio to pgbench's
// two-insert transaction measures (a ticket, its actions, its identity
// lookup's record and its access-log entry, in one transaction).
func (a *agent) createOnly(ctx context.Context) {
	a.create(ctx)
}

// create registers one phone contact and, when the server acknowledged it,
// records its reference: what a crash drill checks is in the database.
func (a *agent) create(ctx context.Context) (string, bool) {
	var t ticketJSON
	if !a.step(ctx, "create", http.MethodPost, "/api/v1/tickets", a.phoneContact(), &t) || t.Ref == "" {
		return "", false
	}
	a.rec.Ack(t.Ref)
	return t.Ref, true
}

// letterOnly registers a letter received by post, whose writer is not
// identified yet: no lookup, so the server writes exactly the ticket, its
// first action and its access-log entry in one transaction — the create
// the load issue compares with pgbench's two-insert transaction.
func (a *agent) letterOnly(ctx context.Context) {
	var t ticketJSON
	letter := map[string]any{
		"portal": []string{"mycareer", "mypension"}[a.rng.IntN(2)], "channel": "post", "purpose": "content_question",
		"subject": subjects[a.rng.IntN(len(subjects))], "sender": "Letter writer",
	}
	if a.step(ctx, "create_letter", http.MethodPost, "/api/v1/tickets", letter, &t) && t.Ref != "" {
		a.rec.Ack(t.Ref)
	}
}

// viewOnly opens the agent's own ticket (registered at its first step):
// one read and one access-log append, the pair the ratio to pgbench's
// single-row read measures.
func (a *agent) viewOnly(ctx context.Context) {
	if a.viewing == "" {
		a.viewing, _ = a.create(ctx)
		return
	}
	a.step(ctx, "view", http.MethodGet, ticketPath(a.viewing), nil, nil)
}
