package sampling

import "math"

// shareSlack absorbs floating-point error in share × count: 0.1 × 30 is
// 3.0000000000000004 in binary, and must give 3 items, not 4.
const shareSlack = 1e-12

// DrawShare draws a share of the items, for checks such as "a tenth of the
// consultations flagged as unusual": ceil(share × len(items)) of them, but at
// least minimum, and never more than there are. A share outside [0, 1] is
// clamped to it (NaN counts as 0). The drawing itself is Draw's.
func DrawShare(items []Item, share float64, minimum int, seed uint64) []int64 {
	return Draw(items, shareSize(len(items), share, minimum), seed)
}

// shareSize is the number of items DrawShare draws.
func shareSize(count int, share float64, minimum int) int {
	if !(share > 0) {
		share = 0
	}
	exact := math.Min(share, 1) * float64(count)
	n := int(math.Ceil(exact - exact*shareSlack))
	return min(max(n, minimum), count)
}
