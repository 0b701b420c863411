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
	Run       audit.SamplingRun  `json:"run"`
	Items     []audit.ReviewItem `json:"items"`
	Statement string             `json:"statement"`
	Reviewed  int                `json:"reviewed"`
	Open      int                `json:"open"`
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
	if st, err := run.Statement(items); err == nil && v.Reviewed > 0 {
		v.Statement = st.Text(s.language(c))
	}
	return v, nil
}

// errJobsUnavailable: this process cannot queue jobs.
var errJobsUnavailable = errors.New("background jobs are not available")
