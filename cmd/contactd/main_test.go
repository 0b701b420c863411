package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// cli runs a command line and returns its exit code and outputs.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// oneLine checks a refusal is exactly one line.
func oneLine(t *testing.T, s string) string {
	t.Helper()
	s = strings.TrimSuffix(s, "\n")
	if s == "" || strings.Contains(s, "\n") {
		t.Fatalf("want one line, got %q", s)
	}
	return s
}
