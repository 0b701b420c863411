package mailparse

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReferenceIn(t *testing.T) {
	cases := []struct{ subject, want string }{
		{"[CC-2026-000123] Relevé de pension", "CC-2026-000123"},
		{"Re: Re: [CC-2026-000123] Mon relevé de pension", "CC-2026-000123"},
		{"RE: AW: TR: [cc-2026-000123] loopbaan", "CC-2026-000123"},
		{"Antw: uw dossier CC-2025-1234567 klopt niet", "CC-2025-1234567"},
		{"(CC-2026-000123)", "CC-2026-000123"},
		{"Re: [CC-2026-000123] en [CC-2026-000456]", "CC-2026-000123"},
		{"Nouvelle demande", ""},
		{"", ""},
		{"CC-2026-12345 five digits", ""},
		{"CC-26-000123 two-digit year", ""},
		{"ACC-2026-000123 glued prefix", ""},
		{"CC-2026-000123X glued suffix", ""},
		{"CC_2026_000123 underscores", ""},
		{"CC–2026–000123 en dashes", ""},
	}
	for _, tc := range cases {
		t.Run(tc.subject, func(t *testing.T) {
			require.Equal(t, tc.want, ReferenceIn(tc.subject))
		})
	}
}

func TestReferenceInParsedSubject(t *testing.T) {
	raw := "From: jan@example.be\nSubject: =?utf-8?Q?Re=3A_Re=3A_=5Bcc-2026-000123=5D_Relev=C3=A9?=\n\nMerci.\n"
	m, err := Parse(stringsReader(raw), testLimit)
	require.NoError(t, err)
	require.Equal(t, "CC-2026-000123", ReferenceIn(m.Subject))
}
