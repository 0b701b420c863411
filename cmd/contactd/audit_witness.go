package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
)

// setupWitnesses reads --audit-witness: append-only directories and
// witness services, comma-separated. dev keeps a witness directory in its
// data folder when none is given, so that `contactd audit verify` catches
// a truncation out of the box; whoever signs leaves its verifier key in
// each directory for verify to find.
func (m *Main) setupWitnesses(dev bool) error {
	m.witnesses = nil
	spec := strings.TrimSpace(m.Config.AuditWitness)
	if spec == "" && dev {
		spec = filepath.Join(m.Config.Data, "witness")
	}
	for _, w := range strings.Split(spec, ",") {
		w = strings.TrimSpace(w)
		switch {
		case w == "":
		case strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://"):
			// "URL" or "URL VERIFIER-KEY": with the witness's key, its
			// cosignature is required on all it returns.
			url, vkey, _ := strings.Cut(w, " ")
			hw := audit.HTTPWitness{URL: url, Client: &http.Client{Timeout: 10 * time.Second}}
			if vkey = strings.TrimSpace(vkey); vkey != "" {
				v, err := note.NewVerifier(vkey)
				if err != nil {
					return settingError("audit-witness", "the key after "+url+" is not a note verifier key")
				}
				hw.Verifier = v
			}
			m.witnesses = append(m.witnesses, hw)
		default:
			d := audit.DirWitness{Dir: w, Logs: m.auditCheck}
			if m.auditSigner != nil {
				if err := d.PublishKey(m.auditVerifierKey); err != nil {
					return settingError("audit-witness", err.Error())
				}
			}
			m.witnesses = append(m.witnesses, d)
		}
	}
	return nil
}

// usesDevDatabase says whether the database is dev's default one.
func (m *Main) usesDevDatabase() bool { return m.Config.DatabaseURL == "" }

// runWitness is `contactd audit witness`: the witness service, on its own
// key (--witness-key, CONTACTD_WITNESS_KEY) and storage (--witness-dir),
// cosigning the checkpoints signed by --verifier-key.
func (m *Main) runWitness(ctx context.Context) error {
	if m.audit.witnessDir == "" {
		return fmt.Errorf("%w: audit witness needs --witness-dir DIR", errUsage)
	}
	signer, err := note.NewSigner(strings.TrimSpace(m.audit.witnessKey))
	if err != nil {
		return settingError("witness-key", "is not a note signer key (make one with `contactd audit keygen --name witness`)")
	}
	logs, err := note.NewVerifier(strings.TrimSpace(m.audit.verifierKey))
	if err != nil {
		return fmt.Errorf("%w: --verifier-key: the logs' verifier key is required: %v", errUsage, err)
	}
	if err := m.setupLogger("json"); err != nil {
		return err
	}
	ws := &audit.WitnessServer{Store: audit.DirWitness{Dir: m.audit.witnessDir, Logs: logs}, Signer: signer, Logs: logs}
	m.Logger.Info("witness running", "addr", m.Config.Addr, "dir", m.audit.witnessDir)
	return m.serveHTTP(ctx, func(string) (http.Handler, error) { return ws.Handler(), nil })
}
