package audit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// WitnessServer is `contactd audit witness`: a small service, with its own
// key and its own storage, that cosigns a log's checkpoint only if it
// extends the last one it cosigned, and refuses a rollback or a fork. Run
// by someone other than the database's owner (the security adviser, the
// institution's other site), it is what makes truncating the newest
// history detectable.
type WitnessServer struct {
	Store  DirWitness    // its storage: one append-only file per log
	Signer note.Signer   // its own key
	Logs   note.Verifier // the key the logs' checkpoints must be signed with

	mu sync.Mutex
}

// witnessBodyLimit bounds a request: a note and a proof of 64 hashes.
const witnessBodyLimit = 16 << 10

// Handler serves GET /v1/checkpoints/{log} and POST /v1/add-checkpoint.
func (ws *WitnessServer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/checkpoints/{log}", ws.latest)
	mux.HandleFunc("POST /v1/add-checkpoint", ws.add)
	return mux
}

func (ws *WitnessServer) latest(w http.ResponseWriter, r *http.Request) {
	log, ok := knownLog(r.PathValue("log"))
	if !ok {
		http.Error(w, "no such log", http.StatusNotFound)
		return
	}
	ws.mu.Lock()
	n, err := ws.Store.Latest(r.Context(), log)
	ws.mu.Unlock()
	switch {
	case err != nil:
		http.Error(w, "storage unavailable", http.StatusServiceUnavailable)
	case n == nil:
		http.Error(w, "no checkpoint yet", http.StatusNotFound)
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(n)
	}
}

func knownLog(name string) (Log, bool) {
	for _, l := range Logs {
		if string(l) == name {
			return l, true
		}
	}
	return "", false
}

func (ws *WitnessServer) add(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, witnessBodyLimit+1))
	if err != nil || len(body) > witnessBodyLimit {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	old, proof, msg, err := parseAddCheckpoint(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	n, err := note.Open(msg, note.VerifierList(ws.Logs))
	if err != nil {
		http.Error(w, "the checkpoint is not signed by the log's key", http.StatusForbidden)
		return
	}
	h, err := parseHead(n.Text)
	if err != nil || !h.v2 {
		http.Error(w, "not a checkpoint of a contactd log's tree", http.StatusBadRequest)
		return
	}
	if _, ok := knownLog(string(h.log)); !ok {
		http.Error(w, "no such log", http.StatusBadRequest)
		return
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	status, answer := ws.decide(r, h, old, proof)
	if status != http.StatusOK {
		http.Error(w, answer, status)
		return
	}
	cosigned, err := note.Sign(&note.Note{Text: n.Text, Sigs: n.Sigs}, ws.Signer)
	if err == nil {
		_, err = ws.Store.Add(r.Context(), h.log, old, proof, cosigned)
	}
	if err != nil {
		http.Error(w, "storage unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(cosigned)
}

// decide says whether a checkpoint of h, proved from old, extends what the
// witness holds: 409 with the size held when old is not it, 422 for a
// rollback or a fork, 200 to cosign.
func (ws *WitnessServer) decide(r *http.Request, h head, old int64, proof tlog.TreeProof) (int, string) {
	held, err := ws.Store.Latest(r.Context(), h.log)
	if err != nil {
		return http.StatusServiceUnavailable, "storage unavailable"
	}
	return extends(held, ws.Logs, h, old, proof)
}

// extends says whether a checkpoint of h, proved from old, extends the
// note held (nil: none): what both witnesses, the service and the
// directory, require before they keep a checkpoint.
func extends(held []byte, logs note.Verifier, h head, old int64, proof tlog.TreeProof) (int, string) {
	var last head
	if held != nil {
		n, err := note.Open(held, note.VerifierList(logs))
		if err != nil {
			return http.StatusServiceUnavailable, "the witness's own storage does not verify"
		}
		if last, err = parseHead(n.Text); err != nil || last.log != h.log {
			return http.StatusServiceUnavailable, "the witness's own storage does not parse"
		}
	}
	switch {
	case old != last.size:
		return http.StatusConflict, strconv.FormatInt(last.size, 10)
	case h.size < last.size:
		return http.StatusUnprocessableEntity, fmt.Sprintf("rollback refused: the witness holds %d entries", last.size)
	case h.size == last.size && h.root != last.root:
		return http.StatusUnprocessableEntity, fmt.Sprintf("fork refused: another tree of %d entries was cosigned", last.size)
	case h.size == last.size:
		return http.StatusUnprocessableEntity, "already cosigned"
	case old > 0 && tlog.CheckTree(proof, h.size, h.root, old, last.root) != nil:
		return http.StatusUnprocessableEntity, fmt.Sprintf("fork refused: the tree of %d entries does not extend the one of %d the witness cosigned", h.size, old)
	}
	return http.StatusOK, ""
}

// parseAddCheckpoint reads "old N", up to 64 proof hashes, a blank line
// and the note.
func parseAddCheckpoint(body []byte) (int64, tlog.TreeProof, []byte, error) {
	rd := bufio.NewReader(bytes.NewReader(body))
	line, err := rd.ReadString('\n')
	old, perr := strconv.ParseInt(strings.TrimPrefix(strings.TrimSuffix(line, "\n"), "old "), 10, 64)
	if err != nil || !strings.HasPrefix(line, "old ") || perr != nil || old < 0 {
		return 0, nil, nil, fmt.Errorf("the body must begin with \"old N\"")
	}
	var proof tlog.TreeProof
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return 0, nil, nil, fmt.Errorf("the proof must end with a blank line")
		}
		if line == "\n" {
			break
		}
		h, err := tlog.ParseHash(strings.TrimSuffix(line, "\n"))
		if err != nil || len(proof) == 64 {
			return 0, nil, nil, fmt.Errorf("malformed proof")
		}
		proof = append(proof, h)
	}
	rest, _ := io.ReadAll(rd)
	return old, proof, rest, nil
}
