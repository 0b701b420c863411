package main

import (
	"time"

	"github.com/riverqueue/river"

	"contactd/access"
	"contactd/audit"
	"contactd/retention"
)

// workers registers every River worker of the application. Every client
// registers them all, so any replica can run any job.
func workers(m *Main) *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &access.SessionSweepWorker{Service: m.Access})
	river.AddWorker(w, &audit.SealWorker{DB: m.DB.Bun, Signer: m.auditSigner, Witnesses: m.witnesses})
	river.AddWorker(w, &audit.VerifyWorker{DB: m.DB.Bun, Verifier: m.auditCheck, Signer: m.auditSigner, Witnesses: m.witnesses})
	river.AddWorker(w, &retention.Worker{Service: m.retentionService()})
	start, end, _ := m.Config.workingHours()
	river.AddWorker(w, &audit.SampleWorker{DB: m.DB.Bun, Options: audit.SamplingOptions{
		Confidence: m.Config.SamplingConfidence, TolerableRate: m.Config.SamplingTolerable,
		WorkStart: start, WorkEnd: end, Location: audit.Brussels,
	}})
	return w
}

// periodicJobs are the jobs River's elected leader schedules.
func periodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(access.SessionSweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return access.SessionSweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "session_sweep", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(audit.SealEvery), sealJob,
			&river.PeriodicJobOpts{ID: "audit_seal", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(audit.VerifyEvery),
			func() (river.JobArgs, *river.InsertOpts) { return audit.VerifyArgs{}, nil },
			&river.PeriodicJobOpts{ID: "audit_verify", RunOnStart: true}),
		// The daily retention run (O13), unique per day; its time is in
		// its arguments, so that a retry completes the same run.
		river.NewPeriodicJob(river.PeriodicInterval(retention.Every),
			func() (river.JobArgs, *river.InsertOpts) { return retention.RetentionArgs{AsOf: time.Now().UTC()}, nil },
			&river.PeriodicJobOpts{ID: "retention", RunOnStart: true}),
		// The weekly run of the previous week; unique per week, so a
		// restart or a second leader never makes a second one.
		river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
			func() (river.JobArgs, *river.InsertOpts) {
				start, end := audit.PreviousWeek(time.Now(), audit.Brussels)
				return audit.NewSampleArgs(start, end, "all", 0), nil
			},
			&river.PeriodicJobOpts{ID: "sampling_weekly", RunOnStart: true}),
	}
}

// sealJob is the periodic sealing job. It is not unique: a job left
// "running" by a killed worker must not stop the next one, ten seconds
// later on any worker, from sealing (River would rescue it only after
// rescueStuckJobsAfter). Runs exclude each other with a lock that dies
// with its holder's connection (audit.SealWorker), and one that finds the
// lock taken ends at once, so that slow runs never pile up work.
func sealJob() (river.JobArgs, *river.InsertOpts) {
	return audit.SealArgs{}, nil
}
