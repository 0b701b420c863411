package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// exportFormat names the export file's format, in its first line.
const exportFormat = "contactd-audit-export/v1"

// exportLine is one line of an export: JSON Lines, one record each.
type exportLine struct {
	Type         string        `json:"type"` // header, seal, entry, checkpoint
	Format       string        `json:"format,omitempty"`
	ExportedAt   *time.Time    `json:"exported_at,omitempty"`
	Log          Log           `json:"log,omitempty"`
	Seal         *Seal         `json:"seal,omitempty"`
	Access       *Entry        `json:"access,omitempty"`
	Consultation *Consultation `json:"consultation,omitempty"`
	Checkpoint   *Checkpoint   `json:"checkpoint,omitempty"`
	Horizon      *Horizon      `json:"horizon,omitempty"`
}

// Export writes both logs with their seals and checkpoints to w, so that
// `contactd audit verify --file` can check a copy held outside the
// database. It returns the entries written.
func Export(ctx context.Context, src Source, w io.Writer, now time.Time) (int64, error) {
	out := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(out)
	n := int64(0)
	if err := enc.Encode(exportLine{Type: "header", Format: exportFormat, ExportedAt: &now}); err != nil {
		return 0, err
	}
	for _, log := range Logs {
		horizons, err := src.Horizons(ctx, log)
		if err != nil {
			return n, err
		}
		for i := range horizons {
			if err := enc.Encode(exportLine{Type: "horizon", Log: log, Horizon: &horizons[i]}); err != nil {
				return n, err
			}
		}
		seals, err := src.Seals(ctx, log)
		if err != nil {
			return n, err
		}
		for i := range seals {
			if err := enc.Encode(exportLine{Type: "seal", Log: log, Seal: &seals[i]}); err != nil {
				return n, err
			}
		}
		err = src.Entries(ctx, log, func(e entry) error {
			n++
			line := exportLine{Type: "entry", Log: log}
			switch v := e.(type) {
			case Entry:
				line.Access = &v
			case Consultation:
				line.Consultation = &v
			}
			return enc.Encode(line)
		})
		if err != nil {
			return n, err
		}
		cps, err := src.Checkpoints(ctx, log)
		if err != nil {
			return n, err
		}
		for i := range cps {
			if len(seals) == 0 || cps[i].SealID > seals[len(seals)-1].ID {
				continue // signed after the seals were read: not in this export
			}
			if err := enc.Encode(exportLine{Type: "checkpoint", Log: log, Checkpoint: &cps[i]}); err != nil {
				return n, err
			}
		}
	}
	return n, out.Flush()
}

// FileSource reads an export, one pass over the file per question, so
// that an export of millions of entries is verified without holding it.
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

// Seals lists the export's seals of a log.
func (f FileSource) Seals(_ context.Context, log Log) ([]Seal, error) {
	var out []Seal
	return out, f.scan(func(l exportLine) error {
		if l.Type == "seal" && l.Log == log && l.Seal != nil {
			out = append(out, *l.Seal)
		}
		return nil
	})
}

// Entries walks the export's entries of a log, in the file's order.
func (f FileSource) Entries(_ context.Context, log Log, fn func(entry) error) error {
	return f.scan(func(l exportLine) error {
		switch {
		case l.Type != "entry" || l.Log != log:
			return nil
		case l.Access != nil:
			return fn(*l.Access)
		case l.Consultation != nil:
			return fn(*l.Consultation)
		}
		return nil
	})
}

// Checkpoints lists the export's checkpoints of a log.
func (f FileSource) Checkpoints(_ context.Context, log Log) ([]Checkpoint, error) {
	var out []Checkpoint
	return out, f.scan(func(l exportLine) error {
		if l.Type == "checkpoint" && l.Log == log && l.Checkpoint != nil {
			out = append(out, *l.Checkpoint)
		}
		return nil
	})
}

// Horizons lists the export's horizons of a log.
func (f FileSource) Horizons(_ context.Context, log Log) ([]Horizon, error) {
	var out []Horizon
	return out, f.scan(func(l exportLine) error {
		if l.Type == "horizon" && l.Log == log && l.Horizon != nil {
			out = append(out, *l.Horizon)
		}
		return nil
	})
}
