package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// exportFormat names the export file's format, in its first line.
const exportFormat = "contactd-audit-export/v1"

// exportLine is one line of an export: JSON Lines, one record each.
type exportLine struct {
	Type         string        `json:"type"` // header, horizon, frontier, seal, entry, checkpoint
	Format       string        `json:"format,omitempty"`
	ExportedAt   *time.Time    `json:"exported_at,omitempty"`
	Log          Log           `json:"log,omitempty"`
	Seal         *Seal         `json:"seal,omitempty"`
	Tree         *Tree         `json:"tree,omitempty"`
	Access       *Entry        `json:"access,omitempty"`
	Consultation *Consultation `json:"consultation,omitempty"`
	Checkpoint   *Checkpoint   `json:"checkpoint,omitempty"`
	Horizon      *Horizon      `json:"horizon,omitempty"`
	// Frontier is the tree at the last horizon: the roots of its complete
	// subtrees, from which verification of the export continues.
	Size     int64       `json:"size,omitempty"`
	Frontier []tlog.Hash `json:"frontier,omitempty"`
}

// Export writes both logs with their seals, trees and checkpoints to w,
// so that `contactd audit verify --file` can check a copy held outside
// the database. It streams, and returns the entries written.
func Export(ctx context.Context, src Source, w io.Writer, now time.Time) (int64, error) {
	out := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(out)
	n := int64(0)
	if err := enc.Encode(exportLine{Type: "header", Format: exportFormat, ExportedAt: &now}); err != nil {
		return 0, err
	}
	for _, log := range Logs {
		m, err := exportLog(ctx, src, log, enc)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, out.Flush()
}

func exportLog(ctx context.Context, src Source, log Log, enc *json.Encoder) (int64, error) {
	horizons, err := src.Horizons(ctx, log)
	if err != nil {
		return 0, err
	}
	for i := range horizons {
		if err := enc.Encode(exportLine{Type: "horizon", Log: log, Horizon: &horizons[i]}); err != nil {
			return 0, err
		}
	}
	upTo, err := src.LastSealID(ctx, log)
	if err != nil {
		return 0, err
	}
	for st, err := range src.Seals(ctx, log, 0, upTo) {
		if err != nil {
			return 0, err
		}
		if len(horizons) > 0 && st.Seal.ID == horizons[len(horizons)-1].SealID && st.Tree != nil {
			f, err := src.Frontier(ctx, log, st.Tree.Size)
			if err != nil {
				return 0, err
			}
			if err := enc.Encode(exportLine{Type: "frontier", Log: log, Size: f.size, Frontier: f.nodes}); err != nil {
				return 0, err
			}
		}
		if err := enc.Encode(exportLine{Type: "seal", Log: log, Seal: &st.Seal, Tree: st.Tree}); err != nil {
			return 0, err
		}
	}
	n := int64(0)
	for e, err := range src.Entries(ctx, log, 1) {
		if err != nil {
			return n, err
		}
		n++
		line := exportLine{Type: "entry", Log: log}
		switch v := e.(type) {
		case Entry:
			line.Access = &v
		case Consultation:
			line.Consultation = &v
		}
		if err := enc.Encode(line); err != nil {
			return n, err
		}
	}
	for c, err := range src.Checkpoints(ctx, log, 0, upTo) {
		if err != nil {
			return n, err
		}
		if err := enc.Encode(exportLine{Type: "checkpoint", Log: log, Checkpoint: &c}); err != nil {
			return n, err
		}
	}
	return n, nil
}

// FileSource reads an export, one pass over the file per stream, so that
// an export of millions of entries is verified without holding it.
type FileSource struct{ Path string }

func (f FileSource) scan(fn func(exportLine) error) error {
	file, err := os.Open(f.Path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for lineNo := 1; sc.Scan(); lineNo++ {
		var l exportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("audit: %s line %d: %w", f.Path, lineNo, err)
		}
		if lineNo == 1 && (l.Type != "header" || l.Format != exportFormat) {
			return fmt.Errorf("audit: %s is not a contactd audit export", f.Path)
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return sc.Err()
}

// stream yields what pick takes from the export's lines of a log.
func stream[T any](f FileSource, log Log, pick func(exportLine) (T, bool)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		stop := errStop{}
		err := f.scan(func(l exportLine) error {
			if l.Log != log {
				return nil
			}
			if v, ok := pick(l); ok && !yield(v, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != error(stop) {
			var zero T
			yield(zero, err)
		}
	}
}

// Horizons lists the export's horizons of a log.
func (f FileSource) Horizons(_ context.Context, log Log) ([]Horizon, error) {
	var out []Horizon
	for h, err := range stream(f, log, func(l exportLine) (Horizon, bool) {
		if l.Type == "horizon" && l.Horizon != nil {
			return *l.Horizon, true
		}
		return Horizon{}, false
	}) {
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// LastSealID is the id of the export's last seal of a log.
func (f FileSource) LastSealID(ctx context.Context, log Log) (int64, error) {
	last := int64(0)
	for st, err := range f.Seals(ctx, log, 0, 1<<62) {
		if err != nil {
			return 0, err
		}
		last = st.Seal.ID
	}
	return last, nil
}

// Seals yields the export's seals of a log.
func (f FileSource) Seals(_ context.Context, log Log, after, upTo int64) iter.Seq2[SealTree, error] {
	return stream(f, log, func(l exportLine) (SealTree, bool) {
		if l.Type == "seal" && l.Seal != nil && l.Seal.ID > after && l.Seal.ID <= upTo {
			return SealTree{Seal: *l.Seal, Tree: l.Tree}, true
		}
		return SealTree{}, false
	})
}

// Entries yields the export's entries of a log, in the file's order.
func (f FileSource) Entries(_ context.Context, log Log, from int64) iter.Seq2[entry, error] {
	return stream(f, log, func(l exportLine) (entry, bool) {
		switch {
		case l.Type != "entry":
		case l.Access != nil && l.Access.ID >= from:
			return *l.Access, true
		case l.Consultation != nil && l.Consultation.ID >= from:
			return *l.Consultation, true
		}
		return nil, false
	})
}

// Checkpoints yields the export's checkpoints of a log.
func (f FileSource) Checkpoints(_ context.Context, log Log, after, upTo int64) iter.Seq2[Checkpoint, error] {
	return stream(f, log, func(l exportLine) (Checkpoint, bool) {
		if l.Type == "checkpoint" && l.Checkpoint != nil && l.Checkpoint.SealID > after && l.Checkpoint.SealID <= upTo {
			return *l.Checkpoint, true
		}
		return Checkpoint{}, false
	})
}

// Frontier is the tree the export states at its last horizon.
func (f FileSource) Frontier(_ context.Context, log Log, n int64) (frontier, error) {
	for fr, err := range stream(f, log, func(l exportLine) (frontier, bool) {
		return frontier{size: l.Size, nodes: l.Frontier}, l.Type == "frontier" && l.Size == n
	}) {
		if err != nil {
			return fr, err
		}
		return newFrontier(fr.size, fr.nodes)
	}
	return frontier{}, fmt.Errorf("audit: %s holds no tree of %d entries for %s", f.Path, n, log)
}
