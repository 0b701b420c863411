package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"contactd/internal/insz"
)

// maxAnswerBytes bounds an answer body: far above any real career or
// pension, low enough that a broken registry cannot exhaust our memory.
const maxAnswerBytes = 1 << 20

// question is the body of every query. The number travels in the body, not
// the URL, to keep it out of URLs and access logs along the way.
type question struct {
	INSZ string `json:"insz"`
}

// answer is the wire form of one kind of consultation. check refuses an
// answer that is incomplete, malformed or about anyone but the person
// asked; only a checked answer is converted and returned.
type answer interface {
	check(asked insz.Number) error
}

// Details of a bad answer, for operators.
var (
	errTooLarge = errors.New("the answer is larger than 1 MiB")
	errNotJSON  = errors.New("the answer is not application/json")
	errSyntax   = errors.New("the answer is not valid JSON of the expected shape")
)

// decode reads a 200 answer into a and checks it. readErr is a failure to
// read the body (network, timeout), badErr an unusable answer. Decoder
// errors are not passed on: their text may quote the answer, which is
// personal data.
func decode(resp *http.Response, asked insz.Number, a answer) (readErr, badErr error) {
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, errNotJSON
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return err, nil
	}
	if len(body) > maxAnswerBytes {
		return nil, errTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(a); err != nil {
		return nil, errSyntax
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return nil, errSyntax // something follows the answer
	}
	return nil, a.check(asked)
}

// sameINSZ refuses an answer about someone else, or about no one.
func sameINSZ(got *string, asked insz.Number) error {
	if got == nil || *got == "" {
		return missing("insz")
	}
	if *got != asked.String() {
		return errors.New("the answer is about another person than the one asked")
	}
	return nil
}

// missing names a required field that is absent (or empty where empty
// makes no sense). Only field names, never values, go into details.
func missing(field string) error {
	return fmt.Errorf("field %s is missing or empty", field)
}

// present requires a field that may be empty but must be there.
func present[T any](field string, v *T) error {
	if v == nil {
		return missing(field)
	}
	return nil
}

// text requires a non-empty string.
func text(field string, v *string) error {
	if v == nil || *v == "" {
		return missing(field)
	}
	return nil
}

// invalid names a field whose value is not allowed.
func invalid(field string) error {
	return fmt.Errorf("field %s has a value the contract does not allow", field)
}

// firstProblem returns the first non-nil error, so that a detail names one
// problem, the first in field order.
func firstProblem(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// deref returns the string v points to, or "" for an optional field left
// out.
func deref(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}
