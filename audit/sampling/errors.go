package sampling

import "errors"

// ErrInvalidArgument is wrapped by every error this package returns for an
// input outside its domain (a confidence of 1, a count above the sample
// size…), so that the calling job can tell a configuration mistake from a
// numerical failure with errors.Is.
var ErrInvalidArgument = errors.New("sampling: invalid argument")

// ErrNoConvergence reports that the incomplete beta function did not settle
// within its iteration budget. It only happens for samples far larger than an
// audit reviews by hand (well over a hundred million items).
var ErrNoConvergence = errors.New("sampling: incomplete beta function did not converge")
