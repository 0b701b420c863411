// Package drill holds the crash drills of issue 7, run by `go test` in a
// bounded form: real processes on loopback, real SQLite and PostgreSQL,
// killed with SIGKILL in the middle of their work and started again on the
// same data, after which nothing acknowledged may be lost and no job may
// complete twice or differently.
//
//   - TestKillDuringLoad builds contactd and cmd/loadgen, drives `contactd
//     dev` with the load tool, kills contactd mid-run, restarts it, and
//     checks every acknowledged ticket, its timeline action and its
//     access-log entry, the absence of orphans, and `contactd audit verify`.
//   - TestWorkerKilledDuringSampling and TestWorkerKilledDuringRetention
//     kill a River worker process in the middle of a sampling_run and of a
//     retention job, start another, and compare the finished job's result
//     with an undisturbed run over the same data.
//
// docs/DRILLS.md says what each proves and how to run it longer.
package drill
