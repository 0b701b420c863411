package faultdrill

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment variables that make a drill longer or harsher than its CI
// form; every one has a short default.
const (
	// envOutage is how long PostgreSQL stays down: 3s in CI, 10s is the
	// issue's figure.
	envOutage = "CONTACTD_DRILL_OUTAGE"
	// envStopModes lists the pg_ctl stop modes to drill, one outage each.
	envStopModes = "CONTACTD_DRILL_STOP_MODES"
	// envClients is how many agents send requests during the outage drill.
	envClients = "CONTACTD_DRILL_CLIENTS"
)

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration such as 10s", name, v)
	}
	return d
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func envList(name, def string) []string {
	v := os.Getenv(name)
	if v == "" {
		v = def
	}
	return strings.Split(v, ",")
}
