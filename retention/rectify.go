package retention

import (
	"strings"
	"time"
	"unicode/utf8"
)

// change is one identity column set by a rectification.
type change struct {
	column string
	value  string
}

// changes validates a rectification and lists its columns.
func (r Rectification) changes() ([]change, error) {
	var out []change
	for _, f := range []struct {
		column string
		value  *string
		limit  int
	}{
		{"last_name", r.LastName, 200}, {"first_name", r.FirstName, 200}, {"sex", r.Sex, 10},
		{"birth_date", r.BirthDate, 10}, {"birth_place", r.BirthPlace, 200}, {"address", r.Address, 500},
	} {
		if f.value == nil {
			continue
		}
		v := strings.TrimSpace(*f.value)
		if err := checkField(f.column, v, f.limit); err != nil {
			return nil, err
		}
		out = append(out, change{f.column, v})
	}
	if len(out) == 0 {
		return nil, &ValidationError{Field: "fields", Message: "give at least one field to correct"}
	}
	return out, nil
}

func checkField(column, v string, limit int) error {
	switch {
	case v == "":
		return &ValidationError{Field: column, Message: "cannot be empty"}
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return &ValidationError{Field: column, Message: "is not valid text"}
	case utf8.RuneCountInString(v) > limit:
		return &ValidationError{Field: column, Message: "is too long"}
	case column == "sex" && v != "male" && v != "female" && v != "unknown":
		return &ValidationError{Field: column, Message: "must be male, female or unknown"}
	}
	if err := guardIdentity(column, v); err != nil {
		return err
	}
	if column == "birth_date" {
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return &ValidationError{Field: column, Message: "must be a date, YYYY-MM-DD"}
		}
	}
	return nil
}
