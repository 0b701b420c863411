package sampling_test

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"contactd/audit/sampling"
)

// teamItems builds a period's consultations: for each agent, as many items
// as given, with consecutive IDs from 1 in the agents' order.
func teamItems(sizes ...int) []sampling.Item {
	var items []sampling.Item
	id := int64(1)
	for agent, size := range sizes {
		for range size {
			items = append(items, sampling.Item{ID: id, Stratum: agentName(agent)})
			id++
		}
	}
	return items
}

func agentName(i int) string {
	return fmt.Sprintf("agent-%03d", i)
}

// perStratum counts the drawn IDs by stratum.
func perStratum(items []sampling.Item, drawn []int64) map[string]int {
	strata := make(map[int64]string, len(items))
	for _, item := range items {
		strata[item.ID] = item.Stratum
	}
	counts := make(map[string]int)
	for _, id := range drawn {
		counts[strata[id]]++
	}
	return counts
}

// shuffled returns the items in another order, fixed by seed.
func shuffled(items []sampling.Item, seed uint64) []sampling.Item {
	out := slices.Clone(items)
	random := rand.New(rand.NewPCG(seed, seed))
	random.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// allIDs lists the items' IDs, ascending.
func allIDs(items []sampling.Item) []int64 {
	ids := make([]int64, 0, len(items))
	for _, item := range items {
		ids = append(ids, item.ID)
	}
	slices.Sort(ids)
	return ids
}
