package lookup_test

import (
	"context"
	"testing"

	"contactd/lookup"
)

// BenchmarkNewDemo10000 measures generating the development population;
// the budget is 50 ms.
func BenchmarkNewDemo10000(b *testing.B) {
	for b.Loop() {
		lookup.NewDemo(testSeed, 10_000)
	}
}

// BenchmarkIdentity measures one identity lookup in the demo population.
func BenchmarkIdentity(b *testing.B) {
	d := population()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := d.Identity(ctx, d.Citizen(i)); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % d.Size()
	}
}

// BenchmarkCareer measures one career consultation in the demo population,
// which draws the career afresh each time.
func BenchmarkCareer(b *testing.B) {
	d := population()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := d.Career(ctx, d.Citizen(i)); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % d.Size()
	}
}

// BenchmarkSupplementaryPension measures one supplementary-pension
// consultation, which draws the career again to derive the plans.
func BenchmarkSupplementaryPension(b *testing.B) {
	d := population()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := d.SupplementaryPension(ctx, d.Citizen(i)); err != nil {
			b.Fatal(err)
		}
		i = (i + 1) % d.Size()
	}
}
