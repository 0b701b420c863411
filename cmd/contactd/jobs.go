package main

import (
	"github.com/riverqueue/river"

	"contactd/access"
	"contactd/audit"
)

// workers registers every River worker of the application. Every client
// registers them all, so any replica can run any job.
func workers(m *Main) *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &access.SessionSweepWorker{Service: m.Access})
	river.AddWorker(w, &audit.SealWorker{DB: m.DB.Bun, Signer: m.auditSigner})
	return w
}

// periodicJobs are the jobs River's elected leader schedules.
func periodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(access.SessionSweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return access.SessionSweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "session_sweep", RunOnStart: true}),
		// Unique while one waits or runs: a slow run never piles up others.
		river.NewPeriodicJob(river.PeriodicInterval(audit.SealEvery),
			func() (river.JobArgs, *river.InsertOpts) {
				return audit.SealArgs{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
			},
			&river.PeriodicJobOpts{ID: "audit_seal", RunOnStart: true}),
	}
}
