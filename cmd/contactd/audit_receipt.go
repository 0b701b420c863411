package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
)

// auditProve is `contactd audit prove --entry N`: the receipt of one
// consultation, as the transparency API gives it, for the portal or a
// citizen who asks by letter.
func (m *Main) auditProve(ctx context.Context) error {
	if m.audit.entry <= 0 {
		return fmt.Errorf("%w: audit prove needs --entry N (a consultation's id)", errUsage)
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	r, err := audit.Prove(ctx, m.DB.Bun, m.audit.entry)
	if errors.Is(err, audit.ErrNotWitnessed) {
		return fmt.Errorf("consultation %d is not under a witnessed checkpoint yet: try again in a minute", m.audit.entry)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// auditCheckReceipt is `contactd audit check-receipt --receipt FILE
// --verifier-key KEY [--witness-verifier-key KEY]`: it needs no database.
func (m *Main) auditCheckReceipt() error {
	b, err := os.ReadFile(m.audit.receipt)
	if err != nil {
		return fmt.Errorf("%w: --receipt: %v", errUsage, err)
	}
	var r audit.Receipt
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("%w: --receipt: not a receipt: %v", errUsage, err)
	}
	logKey, err := note.NewVerifier(strings.TrimSpace(m.audit.verifierKey))
	if err != nil {
		return fmt.Errorf("%w: --verifier-key: the log's verifier key is required: %v", errUsage, err)
	}
	var witness note.Verifier
	if m.audit.witnessVerifer != "" {
		if witness, err = note.NewVerifier(strings.TrimSpace(m.audit.witnessVerifer)); err != nil {
			return fmt.Errorf("%w: --witness-verifier-key: %v", errUsage, err)
		}
	}
	if err := audit.CheckReceipt(r, logKey, witness); err != nil {
		fmt.Fprintf(m.Stdout, "FAILED %v\n", err)
		return fmt.Errorf("%w: %v", errTampered, err)
	}
	fmt.Fprintf(m.Stdout, "ok: consultation %d of %s (%s, %s) is entry %d of the %d the checkpoint signs\n",
		r.EntryID, r.Entry.At.Format("2006-01-02 15:04"), r.Entry.Institution, r.Entry.Kind, r.Leaf+1, r.TreeSize)
	return nil
}
