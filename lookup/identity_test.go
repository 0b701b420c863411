package lookup_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/lookup"
)

func TestAddressString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a    lookup.Address
		want string
	}{
		{"box", lookup.Address{Street: "Rue X", Number: "12", Box: "3", PostalCode: "1000", Municipality: "Bruxelles", Country: "BE"},
			"Rue X 12 bte 3, 1000 Bruxelles"},
		{"no box", lookup.Address{Street: "Kerkstraat", Number: "7A", PostalCode: "9000", Municipality: "Gent", Country: "BE"},
			"Kerkstraat 7A, 9000 Gent"},
		{"country left empty", lookup.Address{Street: "Kirchstraße", Number: "1", PostalCode: "4700", Municipality: "Eupen"},
			"Kirchstraße 1, 4700 Eupen"},
		{"abroad", lookup.Address{Street: "Grote Staat", Number: "4", PostalCode: "6211 LE", Municipality: "Maastricht", Country: "NL"},
			"Grote Staat 4, 6211 LE Maastricht, NL"},
		{"abroad without postal code", lookup.Address{Street: "Avenue du Commerce", Number: "20", Municipality: "Kinshasa", Country: "CD"},
			"Avenue du Commerce 20, Kinshasa, CD"},
		{"municipality only", lookup.Address{Municipality: "Namur", Country: "BE"}, "Namur"},
		{"zero", lookup.Address{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, tc.a.String())
		})
	}
}

func TestErrorsDistinct(t *testing.T) {
	t.Parallel()
	require.NotErrorIs(t, lookup.ErrNotFound, lookup.ErrUnavailable)
	require.NotErrorIs(t, lookup.ErrUnavailable, lookup.ErrNotFound)
}
