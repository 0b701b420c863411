package frontend

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
	"contactd/audit/sampling"
	"contactd/tickets"
)

// maxSamplingPeriod bounds a run: a year of consultations at most.
const maxSamplingPeriod = 366 * 24 * time.Hour

// requestRun checks a period (whole Brussels days, from and to included)
// and a scope, queues the run's job and logs the request. The job is
// unique per period and scope, so asking twice makes one run.
func (s *Server) requestRun(ctx context.Context, from, to, scope string) (audit.SampleArgs, error) {
	a, _ := audit.ActorFrom(ctx)
	if a.Role != audit.RoleSecurityAdviser {
		return audit.SampleArgs{}, audit.ErrNotAdviser
	}
	start, err := day("from", from)
	if err != nil {
		return audit.SampleArgs{}, err
	}
	last, err := day("to", to)
	if err != nil {
		return audit.SampleArgs{}, err
	}
	end := last.AddDate(0, 0, 1)
	switch {
	case !end.After(start):
		return audit.SampleArgs{}, &tickets.ValidationError{Field: "to", Message: "the last day comes before the first", Code: "period_order"}
	case end.Sub(start) > maxSamplingPeriod:
		return audit.SampleArgs{}, &tickets.ValidationError{Field: "to", Message: "a run covers a year at most", Code: "period_too_long"}
	case start.After(time.Now()):
		return audit.SampleArgs{}, &tickets.ValidationError{Field: "from", Message: "the period has not begun", Code: "period_future"}
	}
	if now := time.Now().UTC().Truncate(time.Microsecond); end.After(now) {
		// A period that has not ended is sampled up to now, and says so:
		// its run covers exactly what existed when it was asked for.
		end = now
	}
	scope = strings.TrimSpace(scope)
	if scope == "" {
		scope = "all"
	}
	if scope != "all" {
		insts, err := s.access.Institutions(ctx)
		if err != nil {
			return audit.SampleArgs{}, err
		}
		if !slices.ContainsFunc(insts, func(i access.Institution) bool { return i.Code == scope }) {
			return audit.SampleArgs{}, &tickets.ValidationError{Field: "scope", Message: "choose an institution from the list, or all", Code: "choose_listed"}
		}
	}
	args := audit.NewSampleArgs(start, end, scope, a.UserID)
	if s.jobs == nil {
		return args, errJobsUnavailable
	}
	if _, err := s.jobs.Insert(ctx, args, nil); err != nil {
		return args, err
	}
	return args, audit.Record(ctx, s.db.Bun, audit.Entry{Action: "sampling_run_request",
		Detail: args.Start.Format(time.RFC3339) + "/" + args.End.Format(time.RFC3339) + " " + scope})
}

// day reads a day as people give it, YYYY-MM-DD, as the Brussels midnight
// it begins at.
func day(field, value string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(value), audit.Brussels)
	if err != nil {
		return t, &tickets.ValidationError{Field: field, Message: "give the day as YYYY-MM-DD", Code: "date_format"}
	}
	return t, nil
}

// itemID reads the :id of an item or run route.
func itemID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, audit.ErrNoSuchRun
	}
	return id, nil
}

// runView is a run with its items and statement, as pages and the API show it.
type runView struct {
	Run   audit.SamplingRun  `json:"run"`
	Items []audit.ReviewItem `json:"items"`
	// Statement is the run's conclusion in the reader's language, once an
	// item is reviewed; Result is the same in numbers.
	Statement string    `json:"statement"`
	Result    runResult `json:"result"`
	// Reviewed and Open count every item, whatever why it is in the run:
	// the review's progress, not the sample the statement rests on.
	Reviewed int `json:"reviewed"`
	Open     int `json:"open"`
}

// runResult is a run's statement in numbers (O12, §16): the random sample
// its bound rests on, and apart from it the items the run chose for what
// they showed, which are findings and never part of the bound.
type runResult struct {
	RandomSample sampleResult `json:"random_sample"`
	HardRuleHits tallyResult  `json:"hard_rule_hits"`
	Flagged      tallyResult  `json:"flagged"`
}

// sampleResult is the random sample's part of a statement: x of n
// unjustified, and the exact one-sided Clopper–Pearson bound at the run's
// confidence, as a proportion and as printed (percent, rounded up).
type sampleResult struct {
	Reviewed          int     `json:"reviewed"`
	Unjustified       int     `json:"unjustified"`
	Confidence        float64 `json:"confidence"`
	UpperBound        float64 `json:"upper_bound"`
	UpperBoundPercent float64 `json:"upper_bound_percent"`
}

// tallyResult counts the reviewed items of one kind chosen beside the
// sample, and the unjustified among them.
type tallyResult struct {
	Reviewed    int `json:"reviewed"`
	Unjustified int `json:"unjustified"`
}

// resultOf is st in numbers.
func resultOf(st sampling.Statement) runResult {
	return runResult{
		RandomSample: sampleResult{Reviewed: st.Reviewed, Unjustified: st.Unjustified, Confidence: st.Confidence,
			UpperBound: st.Upper, UpperBoundPercent: st.UpperPercent},
		HardRuleHits: tallyResult(st.HardRuleHits),
		Flagged:      tallyResult(st.Flagged),
	}
}

// loadRun reads the run of the route for the access e describes, which
// it logs.
func (s *Server) loadRun(c *gin.Context, e audit.Entry) (runView, error) {
	id, err := itemID(c)
	if err != nil {
		return runView{}, err
	}
	run, items, err := audit.ReadRun(c.Request.Context(), s.db.Bun, id, e)
	if err != nil {
		return runView{}, err
	}
	v := runView{Run: run, Items: items}
	for _, it := range items {
		if it.Verdict == audit.Justified || it.Verdict == audit.NotJustified {
			v.Reviewed++
		} else {
			v.Open++
		}
	}
	// A statement fails only on a confidence no run can be drawn with; the
	// items stay reviewable without it.
	if st, err := run.Statement(items); err == nil {
		v.Result = resultOf(st)
		if v.Reviewed > 0 {
			v.Statement = st.Text(s.language(c))
		}
	}
	return v, nil
}

// errJobsUnavailable: this process cannot queue jobs.
var errJobsUnavailable = errors.New("background jobs are not available")
