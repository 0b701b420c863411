package sampling

import "fmt"

// checkConfidence refuses a confidence of 0 or 1 (and NaN): at 1 no finite
// sample proves anything, at 0 the statement is empty.
func checkConfidence(confidence float64) error {
	if !(confidence > 0 && confidence < 1) {
		return fmt.Errorf("%w: confidence %v must lie strictly between 0 and 1 (0.95 for 95%%)", ErrInvalidArgument, confidence)
	}
	return nil
}

// checkCounts refuses counts that cannot come from a review: negative ones,
// or more deviations than items reviewed.
func checkCounts(k, n int) error {
	if n < 0 || k < 0 || k > n {
		return fmt.Errorf("%w: %d deviations in %d items: need 0 ≤ deviations ≤ items", ErrInvalidArgument, k, n)
	}
	return nil
}
