package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"contactd/audit"
	"contactd/lookup/upstream"
)

// matchingFlags are the flags of `contactd audit matching`: the period, in
// whole days of Brussels time, from included, to excluded. --out is the
// audit command's own.
type matchingFlags struct {
	from, to string
}

// declare adds the flags to those of `contactd audit`.
func (f *matchingFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&f.from, "from", "", "audit matching: the period's first day, YYYY-MM-DD (Brussels time), included")
	fs.StringVar(&f.to, "to", "", "audit matching: the day after the period, YYYY-MM-DD (Brussels time), excluded")
}

// period reads the flags as [from, to).
func (f matchingFlags) period() (from, to time.Time, err error) {
	from, errFrom := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f.from), audit.Brussels)
	to, errTo := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f.to), audit.Brussels)
	switch {
	case errFrom != nil || errTo != nil:
		return from, to, fmt.Errorf("%w: audit matching needs --from and --to as YYYY-MM-DD", errUsage)
	case !from.Before(to):
		return from, to, fmt.Errorf("%w: audit matching: --to must be after --from (it is the first day not included)", errUsage)
	}
	return from, to, nil
}

// auditMatching writes to out the matching list of one period: our end of
// the Crossroads Bank network's logging at both ends, for the registry's
// operator to match against theirs entry for entry (docs/REGISTRY.md,
// "Matching the two logs"). The legal context is the setting serve sends,
// --registry-legal-context. The file is created, never overwritten, and
// readable by its owner alone: it names agents by their pseudonym.
func (m *Main) auditMatching(ctx context.Context, f matchingFlags, out string) error {
	from, to, err := f.period()
	if err != nil {
		return err
	}
	if out == "" {
		return fmt.Errorf("%w: audit matching needs --out FILE", errUsage)
	}
	if err := upstream.CheckLegalContext(m.Config.RegistryContext); err != nil {
		return settingError("registry-legal-context", err.Error())
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	entries, err := audit.Matching(ctx, m.DB.Bun, from, to, m.Config.RegistryContext)
	if err != nil {
		return err
	}
	file, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("%w: --out: %v", errUsage, err)
	}
	err = audit.WriteMatching(file, entries)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %d consultations from %s to %s (excluded) to %s\n", len(entries), f.from, f.to, out)
	return nil
}
