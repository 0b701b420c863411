package insz_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
)

func TestFindAll(t *testing.T) {
	t.Parallel()
	young := ruleNumber(t, "170730033", true)   // 2017
	bis := ruleNumber(t, "854730034", false)    // BIS +40, 1985
	future := ruleNumber(t, "270101033", true)  // 2027, after fixedNow
	seq000 := ruleNumber(t, "850730000", false) // never issued
	format := func(s string, sep ...string) string {
		return s[0:2] + sep[0] + s[2:4] + sep[1] + s[4:6] + sep[2] + s[6:9] + sep[3] + s[9:11]
	}

	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "Caller gave 85073003328 on the phone.", []string{example}},
		{"card format", "NN 85.07.30-033.28, confirmed", []string{example}},
		{"spaced groups", "nr " + format(young, "", "", " ", " ") + "!", []string{young}},
		{"all groups spaced", format(bis, " ", " ", " ", " "), []string{bis}},
		{"slashes", format(young, "/", "/", "/", "/"), []string{young}},
		{"spaced dash", format(example, ".", ".", " - ", "."), []string{example}},
		{"letters around", "INSZ:85073003328;x", []string{example}},
		{"other numbers around", "12 85073003328 34", []string{example}},
		{"several and duplicates",
			"first " + example + ", then " + format(young, ".", ".", "-", ".") + " and again " + example + ".",
			[]string{example, young, example}},

		{"bad checksum", "85.07.30-033.29 and 85073003329", nil},
		{"preceded by a digit", "185073003328", nil},
		{"followed by a digit", "850730033280", nil},
		{"inside a long run", "998507300332899", nil},
		{"two numbers glued", example + example, nil},
		{"digit after separators", "1." + "85.07.30-033.28" + ".9", []string{example}},
		{"separator inside a group", "850 730 033 28", nil},
		{"separator after the serial's first digit", "850730 0 3328", nil},
		{"too many separators", "85.07.30 -- 033.28", nil},
		{"tab is not a separator", "850730\t033\t28", nil},
		{"comma is not a separator", "85,07,30,033,28", nil},
		{"future birth", "born " + future, nil},
		{"serial 000", seq000, nil},
		{"month 13", "85133003328", nil},
		{"ten digits", "8507300332", nil},
		{"trailing separator only", "8507300332 8", nil},
		{"IBAN", "BE71 0961 2345 6769", nil},
		{"phone", "+32 470 12 34 56", nil},
		{"empty", "", nil},
		{"no digits", "nothing to see here", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := insz.FindAllAt(tc.text, fixedNow)
			var want []insz.Number
			for _, w := range tc.want {
				want = append(want, insz.Number(w))
			}
			assert.Equal(t, want, got)
			// FindAll (real clock, later than fixedNow) finds at least as much.
			assert.Subset(t, insz.FindAll(tc.text), got)
		})
	}
}

func TestFindAllGenerated(t *testing.T) {
	t.Parallel()
	// Every generated number is found in each usual notation, in the middle
	// of a sentence.
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		n := insz.Generate(r, insz.GenerateOptions{BIS: r.IntN(2) == 0, BISSexKnown: r.IntN(2) == 0})
		s := n.String()
		for _, written := range []string{
			s,
			n.Formatted(),
			s[:6] + " " + s[6:9] + " " + s[9:],
			strings.Join([]string{s[0:2], s[2:4], s[4:6], s[6:9], s[9:11]}, " "),
		} {
			got := insz.FindAllAt("Note: citizen "+written+" called twice.", fixedNow)
			require.Equal(t, []insz.Number{n}, got)
		}
	}
}
