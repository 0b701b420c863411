package sampling_test

import (
	"math/rand/v2"
	"testing"

	"contactd/audit/sampling"
)

// BenchmarkDraw1M draws the classic 59 from a busy period: a million
// consultations by 200 agents, in ID order as the database returns them.
func BenchmarkDraw1M(b *testing.B) {
	const consultations, agents = 1_000_000, 200
	random := rand.New(rand.NewPCG(1, 2))
	items := make([]sampling.Item, consultations)
	for i := range items {
		items[i] = sampling.Item{ID: int64(i + 1), Stratum: agentName(random.IntN(agents))}
	}
	b.ReportAllocs()
	seed := uint64(0)
	for b.Loop() {
		seed++
		if got := sampling.Draw(items, 59, seed); len(got) != 59 {
			b.Fatalf("drew %d", len(got))
		}
	}
}
