package report

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLabelsComplete: every language names every header and every code
// English does.
func TestLabelsComplete(t *testing.T) {
	t.Parallel()
	codes := slices.Sorted(maps.Keys(labelsEN.Codes))
	for lang, l := range map[string]labels{"en": labelsEN, "fr": labelsFR, "nl": labelsNL} {
		v := reflect.ValueOf(l)
		for i := range v.NumField() {
			if f := v.Field(i); f.Kind() == reflect.String {
				require.NotEmpty(t, f.String(), "%s: %s", lang, v.Type().Field(i).Name)
			}
		}
		require.Equal(t, codes, slices.Sorted(maps.Keys(l.Codes)), lang)
	}
}
