package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// writeText writes the report as a table, then the first errors. Errors
// of the writer are left to the caller's last write, as fmt.Fprint has it.
func writeText(w io.Writer, r Report) error {
	fmt.Fprintf(w, "loadgen: %d agents (%s), think %s, seed %d, against %s, %.1f s\n\n",
		r.Agents, r.Mix, r.Think, r.Seed, r.Target, r.Elapsed)
	if r.Interrupted {
		fmt.Fprintln(w, "(stopped early by a signal)")
	}
	fmt.Fprintf(w, "%d tickets acknowledged\n", r.Acknowledged)
	fmt.Fprintf(w, "%-18s %7s %6s %8s %7s %7s %7s %7s\n", "operation", "count", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for _, op := range append(r.Operations, r.Total) {
		fmt.Fprintf(w, "%-18s %7d %6d %8.1f %7.1f %7.1f %7.1f %7.1f\n",
			op.Name, op.Count, op.Errors, op.PerSecond, op.P50, op.P95, op.P99, op.Max)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "\nerror in %s (status %d): %s\n", e.Op, e.Status, e.Body)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// writeJSON writes the report as indented JSON.
func writeJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeJSONFile writes the JSON report to path.
func writeJSONFile(path string, r Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeJSON(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeAcked writes the acknowledged references to path, one a line, and
// syncs the file: a drill reads it after killing processes.
func writeAcked(path string, refs []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if len(refs) > 0 {
		_, err = f.WriteString(strings.Join(refs, "\n") + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
