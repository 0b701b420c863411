package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
)

// setupAuditSigner reads the checkpoint signer key. The worker requires
// one: checkpoints are what a copy kept outside proves history with.
func (m *Main) setupAuditSigner(skey string) error {
	if strings.TrimSpace(skey) == "" {
		return settingError("audit-key", "is required by worker (make one with `contactd audit keygen`)")
	}
	signer, vkey, err := audit.NewSigner(skey)
	if err != nil {
		return settingError("audit-key", "is not a note signer key (PRIVATE+KEY+…): "+err.Error())
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return settingError("audit-key", err.Error())
	}
	m.auditSigner, m.auditCheck, m.auditVerifierKey = signer, verifier, vkey
	return nil
}

// devAuditKey keeps dev's checkpoint key in the data folder, made on the
// first start, like its session key.
func devAuditKey(dir string) (string, error) {
	path := filepath.Join(dir, "audit.key")
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	skey, _, err := audit.GenerateKey("contactd-dev")
	if err != nil {
		return "", fmt.Errorf("audit key: %w", err)
	}
	return skey, os.WriteFile(path, []byte(skey+"\n"), 0o600)
}
