package frontend_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/apptest"
	"contactd/internal/testdb"
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

// TestNoPackageNameInAnswers: a refusal's detail never begins with the
// name of the package that made it (before: "audit: invalid search: …",
// outside test).
func TestNoPackageNameInAnswers(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	adv := app.Browser()
	adv.SignIn(t, "adviser")
	for path, body := range map[string]any{
		"/api/v1/audit/search":              map[string]string{"log": "bogus"},
		"/api/v1/sampling/items/1/verdict":  map[string]string{"verdict": "bogus"},
		"/api/v1/sampling/items/1/followup": map[string]string{"referred_to": "x"},
	} {
		res := adv.JSON(t, http.MethodPost, path, body)
		require.GreaterOrEqual(t, res.StatusCode, 400, path)
		for _, pkg := range []string{"audit:", "lookup:", "tickets:", "access:", "database:", "sql:", "bun", "json:"} {
			require.NotContains(t, res.Body, pkg, path)
		}
	}
}
