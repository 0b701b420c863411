package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"contactd/audit"
	"contactd/internal/demo"
	"contactd/lookup"
)

// backInstitution is the back office the front office hands its contacts
// to, and whose staff the back-office agents are.
const backInstitution = "sigedis"

// Report is the outcome of a run.
type Report struct {
	Started  time.Time `json:"started"`
	Elapsed  float64   `json:"elapsed_seconds"`
	Target   string    `json:"target"`
	Agents   int       `json:"agents"`
	Mix      string    `json:"mix"`
	Scenario string    `json:"scenario"`
	Think    string    `json:"think"`
	Seed     uint64    `json:"seed"`
	// Interrupted is set when a signal stopped the run before its bound.
	Interrupted bool          `json:"interrupted,omitempty"`
	Operations  []OpStats     `json:"operations"`
	Total       OpStats       `json:"total"`
	Errors      []ErrorSample `json:"first_errors,omitempty"`
	// Acknowledged counts the tickets whose creation the server
	// acknowledged (2xx with a reference); Acked holds their references,
	// which -acked writes out for a crash drill to look for.
	Acknowledged int      `json:"acknowledged"`
	Acked        []string `json:"-"`
}

// Run drives cfg.Agents simulated agents against cfg.BaseURL until the
// duration or the request budget is spent, or parent ends (Ctrl-C), and
// reports what every operation did. Requests in flight at the end
// complete and are counted.
func Run(parent context.Context, cfg Config) Report {
	ctx := parent
	if cfg.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, cfg.Duration)
		defer cancel()
	}
	rec := NewRecorder()
	agents := newAgents(cfg, rec)
	start := time.Now()
	var wg sync.WaitGroup
	for _, a := range agents {
		wg.Go(func() { a.work(ctx, username(a.role)) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	rep := Report{Started: start, Elapsed: elapsed.Seconds(), Target: cfg.BaseURL, Agents: cfg.Agents,
		Mix: cfg.Mix.String(), Scenario: cfg.Scenario, Think: cfg.Think.String(), Seed: cfg.Seed, Interrupted: parent.Err() != nil}
	rep.Operations, rep.Total, rep.Errors = rec.Stats(elapsed)
	rep.Acked = rec.Acked()
	rep.Acknowledged = len(rep.Acked)
	return rep
}

// newAgents deals the agents their roles, each with a browser, a random
// source of its own and, for the back office, its share of the queue.
func newAgents(cfg Config, rec *Recorder) []*agent {
	people := lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize)
	budget := newBudget(cfg.Requests)
	roles := cfg.Mix.roles(cfg.Agents)
	if only, ok := map[string]role{"create": roleCreator, "view": roleViewer, "letter": roleLetters}[cfg.Scenario]; ok {
		for i := range roles {
			roles[i] = only
		}
	}
	agents := make([]*agent, len(roles))
	var backs []*agent
	for i, r := range roles {
		agents[i] = &agent{client: newClient(cfg.BaseURL, cfg.Timeout), role: r, rec: rec, budget: budget,
			rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), think: cfg.Think, people: people}
		if r == roleBack {
			backs = append(backs, agents[i])
		}
	}
	for i, a := range backs {
		a.backOf, a.backCnt = i, len(backs)
	}
	return agents
}

// username is the demo user an agent of role r signs in as; many agents
// share one user, each on a session of their own.
func username(r role) string {
	want := map[role]audit.Role{roleFront: audit.RoleFrontOffice, roleBack: audit.RoleBackOffice, roleAdviser: audit.RoleSecurityAdviser,
		roleCreator: audit.RoleFrontOffice, roleViewer: audit.RoleFrontOffice, roleLetters: audit.RoleFrontOffice}[r]
	i := slices.IndexFunc(demo.Users, func(u demo.User) bool {
		return u.Role == want && (r != roleBack || u.Institution == backInstitution)
	})
	return demo.Users[i].Username
}

// budget bounds the number of requests of a run; unlimited when made with 0.
type budget struct {
	limited bool
	left    atomic.Int64
}

func newBudget(n int) *budget {
	b := &budget{limited: n > 0}
	b.left.Store(int64(n))
	return b
}

// take spends one request, if any is left.
func (b *budget) take() bool { return !b.limited || b.left.Add(-1) >= 0 }

// done says whether the budget is spent.
func (b *budget) done() bool { return b.limited && b.left.Load() <= 0 }
