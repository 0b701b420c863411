package audit

import (
	"crypto/sha256"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// The frontier is what sealing and verification keep of a tree: it must
// give exactly tlog's root and stored hashes for every size, or proofs
// computed by tlog would not match the roots we sign.
func TestFrontierIsTlog(t *testing.T) {
	var f frontier
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	for n := int64(0); n < 300; n++ {
		leaf := tlog.RecordHash(sha256.New().Sum([]byte{byte(n), byte(n >> 8)}))
		want, err := tlog.StoredHashesForRecordHash(n, leaf, reader)
		if err != nil {
			t.Fatal(err)
		}
		got := f.add(leaf, nil)
		if len(got) != len(want)*tlog.HashSize {
			t.Fatalf("record %d: %d stored bytes, tlog stores %d hashes", n, len(got), len(want))
		}
		for i, h := range want {
			if string(got[i*tlog.HashSize:(i+1)*tlog.HashSize]) != string(h[:]) {
				t.Fatalf("record %d: stored hash %d differs from tlog's", n, i)
			}
		}
		stored = append(stored, want...)
		root, err := tlog.TreeHash(n+1, reader)
		if err != nil {
			t.Fatal(err)
		}
		if f.root() != root {
			t.Fatalf("size %d: root differs from tlog's", n+1)
		}
		again, err := frontierFrom(n+1, reader)
		if err != nil || again.root() != root {
			t.Fatalf("size %d: frontier rebuilt from stored hashes gives another root (%v)", n+1, err)
		}
	}
}

// TestFrontierNeedsOneNodePerSubtree: a frontier whose hashes are not one
// per complete subtree (an export written by hand) is refused, not walked
// into an index out of range.
func TestFrontierNeedsOneNodePerSubtree(t *testing.T) {
	for _, c := range []struct {
		size  int64
		nodes int
	}{{5, 1}, {5, 3}, {4, 0}, {0, 1}, {-1, 0}} {
		if _, err := newFrontier(c.size, make([]tlog.Hash, c.nodes)); err == nil {
			t.Errorf("size %d with %d nodes accepted", c.size, c.nodes)
		}
	}
	if _, err := newFrontier(5, make([]tlog.Hash, 2)); err != nil {
		t.Error(err)
	}
}
