// Package faultdrill holds the fault drills of issue 7 that take a
// dependency away under a running application and check what the agents
// see and what the database keeps:
//
//   - the database outage drill stops the application's PostgreSQL under a
//     steady stream of requests and starts it again (outage_test.go);
//   - the upstream registry drill makes a real mutual-TLS registry slow,
//     failing and garbled under the real registry client (upstream_test.go).
//
// The drills are tests: they run on loopback against real processes and
// real databases, stop by themselves, and run in CI in a short form. Their
// environment variables (see settings_test.go) make them longer.
package faultdrill
