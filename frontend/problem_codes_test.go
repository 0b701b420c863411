package frontend_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryProblemCodeIsTranslated reads every problem code the web layer
// can answer with from its source — the one error map and the files that
// declare problems of their own — and requires its title and text in each
// language of the pages, so that no refusal shows a raw key.
func TestEveryProblemCodeIsTranslated(t *testing.T) {
	t.Parallel()
	codeRE := regexp.MustCompile(`Code: "([a-z_]+)"|problem\{http\.Status\w+, "([a-z_]+)"`)
	codes := map[string]bool{}
	for _, file := range []string{"errors.go", "page_role.go"} {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, m := range codeRE.FindAllStringSubmatch(string(src), -1) {
			codes[m[1]+m[2]] = true
		}
	}
	require.Greater(t, len(codes), 20, "the codes were found")
	for _, lang := range []string{"fr", "nl", "en"} {
		raw, err := os.ReadFile("i18n/" + lang + ".json")
		require.NoError(t, err)
		var cat map[string]string
		require.NoError(t, json.Unmarshal(raw, &cat))
		for code := range codes {
			require.NotEmpty(t, cat["error."+code], "%s: error.%s", lang, code)
			require.NotEmpty(t, cat["error."+code+".body"], "%s: error.%s.body", lang, code)
		}
	}
}
