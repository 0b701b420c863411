package sampling_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

func TestDrawIsReproducible(t *testing.T) {
	t.Parallel()
	items := teamItems(400, 250, 120, 30, 7)
	first := sampling.Draw(items, 59, 42)
	require.Len(t, first, 59)
	require.True(t, slices.IsSorted(first))
	require.Len(t, slices.Compact(slices.Clone(first)), 59, "no ID twice")

	require.Equal(t, first, sampling.Draw(items, 59, 42), "same seed, same sample")
	for order := range uint64(5) {
		require.Equal(t, first, sampling.Draw(shuffled(items, order), 59, 42), "input order must not matter")
	}
	for seed := range uint64(20) {
		require.NotEqual(t, first, sampling.Draw(items, 59, 1000+seed), "seed %d drew the same sample", seed)
	}
}

func TestDrawLeavesTheInputAlone(t *testing.T) {
	t.Parallel()
	items := shuffled(teamItems(50, 50), 1)
	before := slices.Clone(items)
	sampling.Draw(items, 10, 7)
	require.Equal(t, before, items)
}

func TestDrawEdgeCases(t *testing.T) {
	t.Parallel()
	items := teamItems(3, 2)
	require.Empty(t, sampling.Draw(nil, 59, 1), "no items")
	require.Empty(t, sampling.Draw(items, 0, 1), "n = 0")
	require.Empty(t, sampling.Draw(items, -3, 1), "negative n")
	require.Equal(t, allIDs(items), sampling.Draw(shuffled(items, 3), 5, 1), "n = len: everything")
	require.Equal(t, allIDs(items), sampling.Draw(items, 59, 1), "n > len: everything")

	one := sampling.Draw(teamItems(100), 10, 1)
	require.Len(t, one, 10, "a single stratum")
	require.Len(t, slices.Compact(one), 10)
}

func TestDrawCountsARepeatedIDOnce(t *testing.T) {
	t.Parallel()
	items := []sampling.Item{{ID: 5, Stratum: "b"}, {ID: 1, Stratum: "b"}, {ID: 5, Stratum: "a"}, {ID: 2, Stratum: "a"}}
	require.Equal(t, []int64{1, 2, 5}, sampling.Draw(items, 10, 1), "all distinct IDs, once")
	// ID 5 counts in stratum "a", first by name: "a" holds 2 and 5, "b" holds
	// 1, so a draw of 2 takes one from each.
	counted := []sampling.Item{{ID: 1, Stratum: "b"}, {ID: 2, Stratum: "a"}, {ID: 5, Stratum: "a"}}
	for seed := range uint64(50) {
		drawn := sampling.Draw(items, 2, seed)
		require.Len(t, slices.Compact(slices.Clone(drawn)), 2, "seed %d", seed)
		require.Equal(t, map[string]int{"a": 1, "b": 1}, perStratum(counted, drawn), "seed %d", seed)
	}
}

func TestDrawAllocatesInProportion(t *testing.T) {
	t.Parallel()
	// Shares of 59: 29.5, 17.7, 8.85, 2.95. Whole parts give 56; the three
	// largest remainders (.95, .85, .7) get the last three places.
	items := teamItems(500, 300, 150, 50)
	counts := perStratum(items, sampling.Draw(items, 59, 9))
	require.Equal(t, map[string]int{agentName(0): 29, agentName(1): 18, agentName(2): 9, agentName(3): 3}, counts)
}

func TestDrawAllocationAddsUpForManyTeams(t *testing.T) {
	t.Parallel()
	for seed := range uint64(200) {
		sizes := make([]int, 1+seed%17)
		total := 0
		for i := range sizes {
			sizes[i] = 1 + int((seed*7919+uint64(i)*104729)%97)
			total += sizes[i]
		}
		items := teamItems(sizes...)
		for _, n := range []int{1, len(sizes), 59, total - 1} {
			if n >= total {
				continue
			}
			counts := perStratum(items, sampling.Draw(items, n, seed))
			sum := 0
			for i, size := range sizes {
				got := counts[agentName(i)]
				sum += got
				require.LessOrEqual(t, got, size)
				if n >= len(sizes) {
					require.GreaterOrEqual(t, got, 1, "every agent gets a place when n ≥ agents")
				}
			}
			require.Equal(t, n, sum, "sizes %v, n = %d", sizes, n)
		}
	}
}

func TestDrawGivesSmallAgentsOnePlace(t *testing.T) {
	t.Parallel()
	// Shares of 10 in 1006: 9.94, then 0.01, 0.02, 0.03. Each small agent
	// gets its one place; the large one keeps the remaining seven.
	items := teamItems(1000, 1, 2, 3)
	counts := perStratum(items, sampling.Draw(items, 10, 5))
	require.Equal(t, map[string]int{agentName(0): 7, agentName(1): 1, agentName(2): 1, agentName(3): 1}, counts)
}

func TestDrawWithMoreAgentsThanPlaces(t *testing.T) {
	t.Parallel()
	items := teamItems(slices.Repeat([]int{10}, 200)...)
	chosen := make(map[string]bool)
	for seed := range uint64(20) {
		counts := perStratum(items, sampling.Draw(items, 59, seed))
		require.Len(t, counts, 59, "59 agents with one place each")
		for agent := range counts {
			chosen[agent] = true
		}
	}
	require.Greater(t, len(chosen), 150, "ties are broken differently each run, not alphabetically")
}

func TestDrawKeepsOtherAgentsPicksWhenAnAgentJoins(t *testing.T) {
	t.Parallel()
	// 40 places: 24 and 16 before; 20, 13 and 7 once the newcomer's 100
	// consultations arrive. The two agents' picks must shrink, not change.
	before := teamItems(300, 200)
	after := slices.Clone(before)
	for id := int64(1001); id <= 1100; id++ {
		after = append(after, sampling.Item{ID: id, Stratum: "newcomer"})
	}
	for seed := range uint64(30) {
		old := sampling.Draw(before, 40, seed)
		now := sampling.Draw(after, 40, seed)
		for agent := range 2 {
			oldPicks, nowPicks := picksOf(before, old, agentName(agent)), picksOf(before, now, agentName(agent))
			shorter, longer := oldPicks, nowPicks
			if len(shorter) > len(longer) {
				shorter, longer = longer, shorter
			}
			for _, id := range shorter {
				require.Contains(t, longer, id, "seed %d, %s: picks reshuffled", seed, agentName(agent))
			}
		}
	}
}

// picksOf keeps the drawn IDs that belong to agent.
func picksOf(items []sampling.Item, drawn []int64, agent string) []int64 {
	var mine []int64
	for _, item := range items {
		if item.Stratum == agent && slices.Contains(drawn, item.ID) {
			mine = append(mine, item.ID)
		}
	}
	return mine
}

func TestDrawGivesEveryItemItsChance(t *testing.T) {
	t.Parallel()
	// 12 of 60, allocated exactly 2, 4 and 6: each item has chance 1/5. Over
	// 3000 seeds each should be drawn 600 times, standard deviation about 22;
	// six deviations either way would be a one-in-a-billion accident.
	items := teamItems(10, 20, 30)
	const runs = 3000
	drawn := make(map[int64]int)
	for seed := range uint64(runs) {
		for _, id := range sampling.Draw(items, 12, seed) {
			drawn[id]++
		}
	}
	for _, id := range allIDs(items) {
		require.InDelta(t, runs/5, drawn[id], 6*22, "item %d", id)
	}
}
