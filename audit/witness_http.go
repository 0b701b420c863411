package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// HTTPWitness is a witness service (`contactd audit witness`), spoken to
// in the manner of c2sp.org/tlog-witness: the checkpoint is posted with
// the size it is proved from and a consistency proof; the witness answers
// with the note cosigned, 409 with the size it holds when that differs,
// or refuses a rollback or a fork.
type HTTPWitness struct {
	URL    string // its base URL
	Client *http.Client
	// Verifier checks the witness's cosignature on what it returns and
	// holds (nil: not checked).
	Verifier note.Verifier
}

// Name says where the witness is.
func (h HTTPWitness) Name() string { return "witness " + h.URL }

// witnessAnswerLimit bounds what is read from a witness.
const witnessAnswerLimit = 64 << 10

func (h HTTPWitness) do(req *http.Request) (int, []byte, error) {
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, witnessAnswerLimit))
	return resp.StatusCode, body, err
}

// Latest asks for the witness's newest checkpoint of log.
func (h HTTPWitness) Latest(ctx context.Context, log Log) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(h.URL, "/")+"/v1/checkpoints/"+string(log), nil)
	if err != nil {
		return nil, err
	}
	status, body, err := h.do(req)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusNotFound:
		return nil, nil
	case status != http.StatusOK:
		return nil, fmt.Errorf("answered %d", status)
	}
	return body, h.cosigned(body)
}

// cosigned checks the witness's own signature on a note it returned.
func (h HTTPWitness) cosigned(msg []byte) error {
	if h.Verifier == nil {
		return nil
	}
	if _, err := note.Open(msg, note.VerifierList(h.Verifier)); err != nil {
		return fmt.Errorf("its cosignature does not verify: %v", err)
	}
	return nil
}

// Add posts the checkpoint with its consistency proof.
func (h HTTPWitness) Add(ctx context.Context, _ Log, old int64, proof tlog.TreeProof, msg []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(h.URL, "/")+"/v1/add-checkpoint",
		bytes.NewReader(addCheckpointBody(old, proof, msg)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	status, body, err := h.do(req)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusConflict:
		size, perr := strconv.ParseInt(strings.TrimSpace(string(body)), 10, 64)
		if perr != nil {
			return nil, errors.New("answered 409 without its size")
		}
		return nil, ConflictError{Size: size}
	case status != http.StatusOK:
		return nil, fmt.Errorf("refused the checkpoint (%d): %s", status, firstLine(body))
	}
	return body, h.cosigned(body)
}

// addCheckpointBody is "old N", the proof's hashes one per line, a blank
// line, then the note.
func addCheckpointBody(old int64, proof tlog.TreeProof, msg []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "old %d\n", old)
	for _, h := range proof {
		b.WriteString(h.String() + "\n")
	}
	b.WriteString("\n")
	b.Write(msg)
	return b.Bytes()
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	if len(line) > 200 {
		line = line[:200]
	}
	return string(line)
}
