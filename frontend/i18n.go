package frontend

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"contactd/access"
)

// catalogues maps a language to its messages. French, Dutch and English
// are complete; German carries the welcome page (a German-speaking caller's
// agent still works in French or Dutch).
type catalogues map[string]map[string]string

// uiLanguages are the languages the switch offers on every page.
var uiLanguages = []string{"fr", "nl", "en"}

var matcher = language.NewMatcher([]language.Tag{language.French, language.Dutch, language.English, language.German})

func loadCatalogues() (catalogues, error) {
	files, err := fs.Glob(assets, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	out := catalogues{}
	for _, f := range files {
		b, err := assets.ReadFile(f)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("frontend: %s: %w", f, err)
		}
		out[strings.TrimSuffix(path.Base(f), ".json")] = m
	}
	for _, l := range uiLanguages {
		if out[l] == nil {
			return nil, fmt.Errorf("frontend: missing catalogue %s", l)
		}
		for k := range out["en"] {
			if _, ok := out[l][k]; !ok {
				return nil, fmt.Errorf("frontend: catalogue %s lacks %q", l, k)
			}
		}
	}
	return out, nil
}

// language is the cookie's choice, else the browser's preference.
func (s *Server) language(c *gin.Context) string {
	if l := s.cookie(c, langCookie); s.pages.i18n[l] != nil {
		return l
	}
	tag, _ := language.MatchStrings(matcher, c.GetHeader("Accept-Language"))
	base, _ := tag.Base()
	if l := base.String(); s.pages.i18n[l] != nil {
		return l
	}
	return "en"
}

// handleLanguage stores the chosen language (a POST: it changes state) and
// returns to the page.
func (s *Server) handleLanguage(c *gin.Context) {
	l := c.PostForm("lang")
	if !slices.Contains(uiLanguages, l) && l != "de" {
		s.fail(c, &access.ValidationError{Field: "lang", Message: "choose fr, nl, en or de"})
		return
	}
	s.setCookie(c, langCookie, l, 365*24*time.Hour)
	next := c.PostForm("next")
	if !localPath(next) {
		next = "/"
	}
	c.Redirect(http.StatusSeeOther, next)
}
