package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
)

// auditFlags are the flags of `contactd audit`.
type auditFlags struct {
	file        string
	out         string
	verifierKey string
	name        string
	checkpoints multiFlag
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

func auditFlagsOf(m *Main) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.StringVar(&m.audit.file, "file", "", "audit verify: check this export instead of the database")
		fs.StringVar(&m.audit.out, "out", "", "audit export: the file to write")
		fs.StringVar(&m.audit.verifierKey, "verifier-key", "", "audit verify: the checkpoints' verifier key (default: derived from --audit-key)")
		fs.StringVar(&m.audit.name, "name", "contactd", "audit keygen: the key's name, as it appears in signed checkpoints")
		fs.Var(&m.audit.checkpoints, "checkpoint", "audit verify: a checkpoint note kept outside the database (repeatable)")
	}
}

// runAudit is `contactd audit verify | export | seal | keygen`.
func runAudit(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: audit verify | export --out FILE | seal | keygen", errUsage)
	}
	switch args[0] {
	case "keygen":
		skey, vkey, err := audit.GenerateKey(m.audit.name)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "signer key (CONTACTD_AUDIT_KEY, keep it secret):\n%s\nverifier key (give it to whoever checks checkpoints):\n%s\n", skey, vkey)
		return nil
	case "verify":
		return m.auditVerify(ctx)
	case "export", "seal":
	default:
		return fmt.Errorf("%w: unknown audit command %q", errUsage, args[0])
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	if args[0] == "seal" {
		return m.auditSeal(ctx)
	}
	if m.audit.out == "" {
		return fmt.Errorf("%w: audit export needs --out FILE", errUsage)
	}
	f, err := os.OpenFile(m.audit.out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("%w: --out: %v", errUsage, err)
	}
	n, err := audit.Export(ctx, audit.DBSource{DB: m.DB.Bun}, f, time.Now().UTC())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "exported %d entries to %s\n", n, m.audit.out)
	return nil
}

// errTampered is verify's failure: exit code 1 with the problem's line.
var errTampered = errors.New("verification failed")

func (m *Main) auditVerify(ctx context.Context) error {
	verifier, err := m.auditVerifier()
	if err != nil {
		return err
	}
	var external [][]byte
	for _, path := range m.audit.checkpoints {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%w: --checkpoint: %v", errUsage, err)
		}
		external = append(external, b)
	}
	var src audit.Source
	if m.audit.file != "" {
		if _, err := os.Stat(m.audit.file); err != nil {
			return fmt.Errorf("%w: --file: %v", errUsage, err)
		}
		src = audit.FileSource{Path: m.audit.file}
	} else {
		if err := m.setupLogger("text"); err != nil {
			return err
		}
		if err := m.openCurrentDBOrDev(ctx); err != nil {
			return err
		}
		src = audit.DBSource{DB: m.DB.Bun}
	}
	if verifier == nil {
		fmt.Fprintln(m.Stdout, "warning: no verifier key (--verifier-key or --audit-key): checkpoint signatures are not checked")
	}
	for _, log := range audit.Logs {
		r, err := audit.Verify(ctx, src, log, verifier, external...)
		var p *audit.Problem
		if errors.As(err, &p) {
			fmt.Fprintf(m.Stdout, "FAILED %s\n", p.Error())
			return fmt.Errorf("%w: %s", errTampered, p.Error())
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "ok %s: %d entries in %d seals, %d checkpoints verified; %d entries not sealed yet%s\n",
			log, r.Entries, r.Seals, r.Checkpoints, r.Unsealed, horizonText(r))
	}
	return nil
}

// auditVerifier is the verifier of --verifier-key, or of --audit-key.
func (m *Main) auditVerifier() (note.Verifier, error) {
	vkey := m.audit.verifierKey
	if vkey == "" && m.Config.AuditKey != "" {
		_, derived, err := audit.NewSigner(m.Config.AuditKey)
		if err != nil {
			return nil, settingError("audit-key", err.Error())
		}
		vkey = derived
	}
	if vkey == "" {
		return nil, nil
	}
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return nil, fmt.Errorf("%w: --verifier-key: %v", errUsage, err)
	}
	return v, nil
}

// auditSeal seals now and, with --audit-key, signs a checkpoint of each
// log's head at once (before an export, or to hand one to the adviser).
func (m *Main) auditSeal(ctx context.Context) error {
	n, err := audit.SealAll(ctx, m.DB.Bun, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "sealed %d entries\n", n)
	if m.Config.AuditKey == "" {
		return nil
	}
	if err := m.setupAuditSigner(m.Config.AuditKey); err != nil {
		return err
	}
	cps, err := audit.WriteCheckpoints(ctx, m.DB.Bun, m.auditSigner, 0, time.Now())
	for _, c := range cps {
		fmt.Fprintf(m.Stdout, "checkpoint of %s at %d entries:\n%s", c.Log, c.Total, c.Note)
	}
	return err
}

// horizonText says where verified history begins when older entries were
// removed under the retention policy.
func horizonText(r audit.Report) string {
	if r.Horizon == 0 {
		return ""
	}
	return fmt.Sprintf("; history begins after seal %d (older entries removed under the retention policy, %d left to remove)", r.Horizon, r.BeforeHorizon)
}
