package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"
)

// Log names one of the two tamper-evident logs (O6, O9).
type Log string

// The logs, by table name.
const (
	AccessLog       Log = "access_log"
	ConsultationLog Log = "consultations"
)

// Logs lists both, in the order they are sealed and verified.
var Logs = []Log{AccessLog, ConsultationLog}

// entry is a row of either log, as the chain sees it.
type entry interface {
	rowID() int64
	// canonical is every column but the id, in a fixed order, so that any
	// change to any column changes the entry's hash.
	canonical() []byte
}

func (e Entry) rowID() int64        { return e.ID }
func (c Consultation) rowID() int64 { return c.ID }

func (e Entry) canonical() []byte {
	var b canon
	b.time(e.At)
	b.id(e.UserID)
	b.str(e.Role, e.Institution, e.Action, string(e.Outcome), e.TicketRef, e.Citizen, e.Detail, e.RequestID, e.ClientAddr)
	return b
}

func (c Consultation) canonical() []byte {
	var b canon
	b.time(c.At)
	b.id(c.UserID)
	b.str(c.Role, c.Institution)
	b.id(c.TicketID)
	b.str(c.TicketRef, c.INSZ, c.Kind, c.Reason, string(c.Outcome), c.Detail)
	b.str(strconv.FormatInt(c.LatencyUS, 10), c.RequestID, c.ClientAddr)
	return b
}

// canon builds canonical bytes: each field length-prefixed, so that no two
// different rows can encode alike.
type canon []byte

func (b *canon) str(fields ...string) {
	for _, f := range fields {
		*b = binary.AppendUvarint(*b, uint64(len(f)))
		*b = append(*b, f...)
	}
}

// time encodes at microsecond precision in UTC: what both databases keep.
func (b *canon) time(t time.Time) {
	b.str(t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"))
}

func (b *canon) id(p *int64) {
	if p == nil {
		b.str("")
		return
	}
	b.str(strconv.FormatInt(*p, 10))
}

// contentHash covers an entry's columns but not its id: equal contents
// under two ids reveal that rows were swapped (reordered).
func contentHash(log Log, e entry) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "contactd/%s/v1\x00", log)
	h.Write(e.canonical())
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// entryHash binds the content to the entry's id: the value the chain is
// built from.
func entryHash(id int64, content [32]byte) [32]byte {
	var buf [40]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(id))
	copy(buf[8:], content[:])
	return sha256.Sum256(buf[:])
}

// printSize is the bytes a seal keeps per entry: its id and the first
// eight bytes of its content hash, enough to name the entry that changed.
const printSize = 16

func appendPrint(prints []byte, id int64, content [32]byte) []byte {
	prints = binary.BigEndian.AppendUint64(prints, uint64(id))
	return append(prints, content[:8]...)
}

// print is one entry of a seal's prints.
type print struct {
	id int64
	fp [8]byte
}

func readPrints(prints []byte) ([]print, error) {
	if len(prints)%printSize != 0 {
		return nil, fmt.Errorf("audit: prints of %d bytes are not whole entries", len(prints))
	}
	out := make([]print, len(prints)/printSize)
	for i := range out {
		p := prints[i*printSize:]
		out[i].id = int64(binary.BigEndian.Uint64(p))
		copy(out[i].fp[:], p[8:16])
	}
	return out, nil
}

// chainHash links a batch to everything sealed before it.
func chainHash(prev []byte, batch [32]byte) []byte {
	h := sha256.New()
	h.Write([]byte("contactd/seal/v1\x00"))
	h.Write(prev)
	h.Write(batch[:])
	return h.Sum(nil)
}
