package lookup

import (
	"context"
	"math/rand/v2"

	"contactd/internal/insz"
)

// maxDemoSize bounds NewDemo well below the roughly 22 million numbers the
// drawing rules can produce, so that re-drawing after a collision stays
// rare and generation stays fast.
const maxDemoSize = 1_000_000

// Streams of a citizen's random numbers. Each kind of derived data has its
// own stream, so adding a kind (careers, pensions: the next values) never
// changes the data of the kinds that exist.
const (
	streamNumber uint64 = iota
	streamIdentity
	streamCareer
	streamPension
)

// Demo is a deterministic synthetic population that answers identity,
// career and supplementary-pension lookups in development and tests, where
// the real sources must not be used.
//
// Its numbers are checksum-valid synthetic national and BIS numbers, and
// its people do not exist: every name, birth place and address is drawn by
// code from built-in lists. A drawn number may still happen to be a real
// person's (there is no reserved test range, see insz.Generate), which is
// one more reason why nothing here is logged.
//
// Citizen i's data derive only from (seed, i) through a math/rand/v2 PCG
// per citizen and per kind of data, so any citizen can be regenerated on
// its own and Demo keeps only the numbers and their index. The single
// exception is the rare number that collides with an earlier citizen's: it
// is re-drawn from the same stream, which is why the numbers are kept.
//
// A Demo is read-only after NewDemo and safe for concurrent use.
type Demo struct {
	seed    uint64
	numbers []insz.Number
	index   map[insz.Number]int
	redraws int // collisions re-drawn by NewDemo, for tests
}

var _ IdentitySource = (*Demo)(nil)
var _ CareerSource = (*Demo)(nil)
var _ PensionSource = (*Demo)(nil)

// NewDemo generates size citizens from seed: the same seed always gives the
// same population, which lets tests and seeders name citizens by index.
// About 3% are born from 2000 on, about 2% have a BIS number (both the +20
// and the +40 kind, some with an unknown birth day or month), the rest are
// born from 1940 through 1999; both sexes are equally likely. Numbers are
// unique within the population.
//
// Development uses 10,000 citizens or more; generating 10,000 takes a few
// milliseconds (BenchmarkNewDemo10000). NewDemo panics when size is
// negative or above one million, a programming error in set-up code.
func NewDemo(seed uint64, size int) *Demo {
	if size < 0 || size > maxDemoSize {
		panic("lookup: NewDemo size must be between 0 and 1000000")
	}
	d := &Demo{
		seed:    seed,
		numbers: make([]insz.Number, size),
		index:   make(map[insz.Number]int, size),
	}
	for i := range size {
		r := citizenRand(seed, i, streamNumber)
		n := drawNumber(r)
		for {
			if _, taken := d.index[n]; !taken {
				break
			}
			d.redraws++
			n = drawNumber(r)
		}
		d.numbers[i] = n
		d.index[n] = i
	}
	return d
}

// Identity returns the synthetic register entry for n. It returns
// ErrNotFound for any number outside the population (valid or not), and
// ctx's error when ctx is already done, like a real source would.
func (d *Demo) Identity(ctx context.Context, n insz.Number) (Identity, error) {
	i, err := d.find(ctx, n)
	if err != nil {
		return Identity{}, err
	}
	return d.identity(i), nil
}

// find is the index of n in the population, with each kind's contract:
// ctx's error when it is done, ErrNotFound outside the population.
func (d *Demo) find(ctx context.Context, n insz.Number) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	i, ok := d.index[n]
	if !ok {
		return 0, ErrNotFound
	}
	return i, nil
}

// Size is the number of citizens, the bound for Citizen.
func (d *Demo) Size() int { return len(d.numbers) }

// Citizen returns the i-th citizen's number (0 <= i < Size), so tests and
// seeders can pick known citizens without hard-coding numbers. It panics
// when i is out of range.
func (d *Demo) Citizen(i int) insz.Number { return d.numbers[i] }

// citizenRand returns the random source of citizen i for one stream. Seeds
// go through splitmix64 so that neighbouring indexes and seeds start far
// apart in the PCG sequence.
func citizenRand(seed uint64, i int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix64(seed), splitmix64(uint64(i)<<8|stream)))
}

// splitmix64 is the finaliser of the SplitMix64 generator, a cheap
// bijective mix of 64 bits.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// drawNumber draws one citizen's number: category (born 1940-1999, from
// 2000, BIS), birth date, and a serial number whose parity gives the sex.
func drawNumber(r *rand.Rand) insz.Number {
	var year int
	bis, sexKnown := false, false
	switch u := r.IntN(1000); {
	case u < 20:
		bis, sexKnown = true, r.IntN(2) == 0
		year = 1950 + r.IntN(56) // 1950-2005: both checksum rules
	case u < 50:
		year = 2000 + r.IntN(9) // 2000-2008
	default:
		year = 1940 + r.IntN(60) // 1940-1999
	}
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(daysIn(year, month))
	if bis {
		// Foreign civil status is often incomplete.
		switch r.IntN(10) {
		case 0:
			day = 0
		case 1:
			month, day = 0, 0
		}
	}
	seq := 2*r.IntN(499) + 1 + r.IntN(2) // 1..998, odd male, even female
	n, err := insz.Compute(year, month, day, seq, bis, sexKnown)
	if err != nil {
		// Unreachable: every input above is in Compute's domain.
		panic("lookup: drew an invalid number: " + err.Error())
	}
	return n
}

// daysIn returns the number of days of month in year.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
