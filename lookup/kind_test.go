package lookup_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/lookup"
)

func TestParseKind(t *testing.T) {
	t.Parallel()
	for _, k := range []lookup.Kind{lookup.KindIdentity, lookup.KindCareer, lookup.KindSupplementaryPension} {
		require.True(t, k.Valid())
		got, err := lookup.ParseKind(string(k))
		require.NoError(t, err)
		require.Equal(t, k, got)
	}
	// Stored values are part of the logs: pin them.
	require.Equal(t, lookup.Kind("identity"), lookup.KindIdentity)
	require.Equal(t, lookup.Kind("career"), lookup.KindCareer)
	require.Equal(t, lookup.Kind("supplementary_pension"), lookup.KindSupplementaryPension)

	for _, s := range []string{"", "Identity", " identity", "identity ", "pension", "supplementary-pension", "careers"} {
		k, err := lookup.ParseKind(s)
		require.ErrorIs(t, err, lookup.ErrUnknownKind, "%q", s)
		require.Empty(t, k)
		require.False(t, lookup.Kind(s).Valid(), "%q", s)
	}
}
