package sampling

import (
	"crypto/rand"
	"encoding/binary"
	"hash/fnv"
)

// pcgStream is the fixed second half of every PCG seed: the per-stratum hash
// already carries both the run's seed and the stratum's name.
const pcgStream = 0x5eed_16_046_0012

// NewSeed returns a fresh random seed for one review run. It comes from the
// operating system's cryptographic generator so that agents cannot predict
// which consultations will be checked; the job stores it with the run so that
// the very same sample can be drawn again when the review is itself reviewed.
func NewSeed() uint64 {
	var b [8]byte
	// Since Go 1.24 crypto/rand.Read never returns an error: it aborts the
	// program if the operating system cannot supply randomness.
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// stratumSeed derives a stratum's own seed from the run's seed and the
// stratum's name with FNV-64a. Each agent therefore has a random stream of
// their own, untouched by which other agents appear in the period. The same
// value orders strata whose shares tie (see allocate), so that ties are not
// settled by alphabetical order in favour of the same agents every period.
func stratumSeed(seed uint64, name string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(name))
	return h.Sum64()
}
