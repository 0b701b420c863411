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
	// verify
	noSignatures bool
	// witness
	witnessDir string
	witnessKey string
	// prove, check-receipt
	entry          int64
	receipt        string
	witnessVerifer string
	// matching: --from, --to
	matching matchingFlags
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

func auditFlagsOf(m *Main) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.StringVar(&m.audit.file, "file", "", "audit verify: check this export instead of the database")
		fs.StringVar(&m.audit.out, "out", "", "audit export: the file to write")
		fs.StringVar(&m.audit.verifierKey, "verifier-key", os.Getenv("CONTACTD_AUDIT_VERIFIER_KEY"), "audit verify, witness, check-receipt: the checkpoints' verifier key (CONTACTD_AUDIT_VERIFIER_KEY; default for verify: derived from --audit-key, or the one the witness directory holds)")
		fs.BoolVar(&m.audit.noSignatures, "no-signatures", false, "audit verify: check the chain and trees without a verifier key (signatures unchecked)")
		fs.StringVar(&m.audit.witnessDir, "witness-dir", "", "audit witness: the witness's own append-only storage")
		fs.StringVar(&m.audit.witnessKey, "witness-key", os.Getenv("CONTACTD_WITNESS_KEY"), "audit witness: the witness's own note signer key (CONTACTD_WITNESS_KEY)")
		fs.Int64Var(&m.audit.entry, "entry", 0, "audit prove: the consultation whose receipt to print")
		fs.StringVar(&m.audit.receipt, "receipt", "", "audit check-receipt: the receipt file (JSON) to check")
		fs.StringVar(&m.audit.witnessVerifer, "witness-verifier-key", "", "audit check-receipt: the witness's verifier key, to require its cosignature")
		fs.StringVar(&m.audit.name, "name", "contactd", "audit keygen: the key's name, as it appears in signed checkpoints")
		m.audit.matching.declare(fs)
		fs.Var(&m.audit.checkpoints, "checkpoint", "audit verify: a checkpoint note kept outside the database (repeatable)")
	}
}

// runAudit is `contactd audit verify | export | seal | keygen | witness |
// prove | check-receipt | matching`.
func runAudit(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: audit verify | export --out FILE | seal | keygen | witness | prove --entry N | check-receipt --receipt FILE | matching --from D --to D --out FILE", errUsage)
	}
	switch args[0] {
	case "witness":
		return m.runWitness(ctx)
	case "check-receipt":
		return m.auditCheckReceipt()
	case "prove":
		return m.auditProve(ctx)
	case "matching":
		return m.auditMatching(ctx, m.audit.matching, m.audit.out)
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
	dev := m.usesDevDatabase()
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	if args[0] == "seal" {
		return m.auditSeal(ctx, dev)
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
	var external []audit.Anchor
	for _, path := range m.audit.checkpoints {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%w: --checkpoint: %v", errUsage, err)
		}
		external = append(external, audit.Anchor{From: "checkpoint " + path, Note: b})
	}
	var src audit.Source
	if m.audit.file != "" {
		if _, err := os.Stat(m.audit.file); err != nil {
			return fmt.Errorf("%w: --file: %v", errUsage, err)
		}
		src = audit.FileSource{Path: m.audit.file}
		if err := m.setupWitnesses(false); err != nil {
			return err
		}
	} else {
		if err := m.setupLogger("text"); err != nil {
			return err
		}
		dev := m.usesDevDatabase()
		if err := m.openCurrentDBOrDev(ctx); err != nil {
			return err
		}
		if err := m.setupWitnesses(dev); err != nil {
			return err
		}
		src = audit.DBSource{DB: m.DB.Bun}
	}
	verifier, err := m.auditVerifier()
	if err != nil {
		return err
	}
	for _, log := range audit.Logs {
		anchors, err := audit.WitnessAnchors(ctx, m.witnesses, log)
		if err != nil {
			return err
		}
		r, err := audit.VerifyWith(ctx, src, log, audit.VerifyOptions{Verifier: verifier, Anchors: append(anchors, external...)})
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
		for _, a := range r.Anchors {
			fmt.Fprintf(m.Stdout, "   against %s: %s\n", a.From, anchorText(a, time.Now()))
		}
		if len(r.Anchors) == 0 {
			fmt.Fprintf(m.Stdout, "   warning: no witness holds a checkpoint of %s (--audit-witness): a truncation of its newest entries would pass\n", log)
		}
	}
	if verifier == nil {
		fmt.Fprintln(m.Stdout, "warning: --no-signatures: checkpoint signatures were not checked")
	}
	return nil
}

// anchorText says what an anchor stated and how old it is.
func anchorText(a audit.AnchorResult, now time.Time) string {
	if a.At.IsZero() {
		return "its checkpoint holds"
	}
	return fmt.Sprintf("its newest checkpoint, %d entries signed %s (%s ago), holds", a.Size, a.At.Format(time.RFC3339), now.Sub(a.At).Round(time.Second))
}

// auditVerifier is the verifier of --verifier-key, of --audit-key, or the
// key a witness directory was given (dev's data folder holds one). With
// none, verify refuses unless told --no-signatures: an unsigned check
// passes a history rewritten by anyone who can write the database.
func (m *Main) auditVerifier() (note.Verifier, error) {
	vkey := m.audit.verifierKey
	if vkey == "" && m.Config.AuditKey != "" {
		_, derived, err := audit.NewSigner(m.Config.AuditKey)
		if err != nil {
			return nil, settingError("audit-key", err.Error())
		}
		vkey = derived
	}
	for _, w := range m.witnesses {
		if d, ok := w.(audit.DirWitness); ok && vkey == "" {
			held, err := d.VerifierKey()
			if err != nil {
				return nil, err
			}
			vkey = held
		}
	}
	if m.audit.noSignatures {
		return nil, nil
	}
	if vkey == "" {
		return nil, fmt.Errorf("%w: no verifier key: give --verifier-key (or --audit-key, or an --audit-witness directory that holds one), or --no-signatures to check without", errUsage)
	}
	v, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return nil, fmt.Errorf("%w: --verifier-key: %v", errUsage, err)
	}
	return v, nil
}

// auditSeal seals now and, with the key (--audit-key, or dev's), signs
// each seal and hands the newest checkpoints to the witnesses (before an
// export, or to hand one to the adviser).
func (m *Main) auditSeal(ctx context.Context, dev bool) error {
	skey := m.Config.AuditKey
	if skey == "" && dev {
		var err error
		if skey, err = devAuditKey(m.Config.Data); err != nil {
			return err
		}
	}
	if skey != "" {
		if err := m.setupAuditSigner(skey); err != nil {
			return err
		}
	}
	if err := m.setupWitnesses(dev); err != nil {
		return err
	}
	now := time.Now()
	n, err := audit.Sealer{DB: m.DB.Bun, Signer: m.auditSigner}.Seal(ctx, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "sealed %d entries\n", n)
	if m.auditSigner == nil {
		return nil
	}
	if _, err := audit.WriteCheckpoints(ctx, m.DB.Bun, m.auditSigner, 0, now); err != nil {
		return err
	}
	for _, log := range audit.Logs {
		c, err := audit.LastCheckpoint(ctx, m.DB.Bun, log)
		if err != nil {
			return err
		}
		if c != nil {
			fmt.Fprintf(m.Stdout, "checkpoint of %s at %d entries:\n%s", c.Log, c.Total, c.Note)
		}
	}
	return audit.Publish(ctx, m.DB.Bun, m.witnesses, now)
}

// horizonText says where verified history begins when older entries were
// removed under the retention policy.
func horizonText(r audit.Report) string {
	if r.Horizon == 0 {
		return ""
	}
	return fmt.Sprintf("; history begins after seal %d (older entries removed under the retention policy, %d left to remove)", r.Horizon, r.BeforeHorizon)
}
