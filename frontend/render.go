package frontend

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

//go:embed templates static i18n
var assets embed.FS

// pages holds one template set per page — layout, the shared partials
// (partials.html, queue.html, part_*.html: one file per section) plus that
// page — so that pages defining the same block never overwrite each other.
type pages struct {
	set     map[string]*template.Template
	i18n    catalogues
	static  map[string]staticFile
	cssHash string
}

func loadPages() (*pages, error) {
	p := &pages{set: map[string]*template.Template{}}
	var err error
	if p.i18n, err = loadCatalogues(); err != nil {
		return nil, err
	}
	if p.static, err = loadStatic(); err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	for _, file := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path.Base(file), "page_"), ".html")
		t, err := template.New("layout.html").Funcs(p.funcs()).ParseFS(assets, "templates/layout.html", "templates/partials.html", "templates/queue.html", "templates/part_*.html", file)
		if err != nil {
			return nil, fmt.Errorf("frontend: template %s: %w", file, err)
		}
		p.set[name] = t
	}
	return p, nil
}

func (p *pages) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":    func(name string) string { return "/static/" + name + "?v=" + p.static[name].hash },
		"date":     func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"datetime": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") + " UTC" },
		"deref":    func(b *bool) bool { return b != nil && *b },
		"euro":     euro,
		"fieldOf":  fieldOf,
		"langs": func(page string) []string {
			if page == "signin" {
				return append(uiLanguages[:len(uiLanguages):len(uiLanguages)], "de")
			}
			return uiLanguages
		},
	}
}

// view is what every page template receives: the signed-in user, the
// language, the CSRF token for its forms, and the page's own data.
type view struct {
	Lang        string
	Page        string
	User        string
	Role        string
	Institution string
	CSRF        string
	// SwitchRole offers the role page in the header: the user holds
	// several roles and may change without signing in again.
	SwitchRole bool
	Dev        bool
	Version    string
	Data       gin.H
	tr         map[string]string
	fallback   map[string]string
}

// Msg says a refused form's message in the page's language when the
// catalogue knows its code, else as the domain said it.
func (v view) Msg(fe formError) string {
	if s, ok := v.tr["msg."+fe.Code]; ok && fe.Code != "" {
		return s
	}
	return fe.Message
}

// T translates a key into the page's language, falling back to English.
func (v view) T(key string, args ...any) string {
	s, ok := v.tr[key]
	if !ok {
		s, ok = v.fallback[key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// render writes a page. Pages are private to their user: no-store.
func (s *Server) render(c *gin.Context, status int, page string, data gin.H) {
	t, ok := s.pages.set[page]
	if !ok {
		s.fail(c, fmt.Errorf("no template %q", page))
		return
	}
	if fe, ok := data["Error"].(formError); ok && status >= 400 && c.GetString(refusalKey) == "" {
		// A refused form shown again: its log entry says why (O6).
		c.Set(refusalKey, cmp.Or(fe.Code, "invalid"))
	}
	v := s.viewFor(c, page, data)
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		s.fail(c, fmt.Errorf("render %s: %w", page, err))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) viewFor(c *gin.Context, page string, data gin.H) view {
	lang := s.language(c)
	if data == nil {
		data = gin.H{}
	}
	data["Self"] = c.Request.URL.Path
	v := view{Lang: lang, Page: page, Dev: s.cfg.Dev, Version: s.cfg.Version, Data: data,
		tr: s.pages.i18n[lang], fallback: s.pages.i18n["en"]}
	if sess := sessionOf(c); sess.User != nil {
		v.User, v.Role, v.CSRF = sess.User.Label(), string(sess.Role), sess.CSRFToken
		v.SwitchRole = sess.RolesHeld > 1
		v.Institution = s.institutionName(c, sess.Institution, lang)
	}
	return v
}

func (s *Server) institutionName(c *gin.Context, code, lang string) string {
	if code == "" {
		return ""
	}
	list, err := s.access.Institutions(c.Request.Context())
	if err != nil {
		return code
	}
	for _, i := range list {
		if i.Code == code {
			return i.Name(lang)
		}
	}
	return code
}

// renderError shows a problem as a page.
func (s *Server) renderError(c *gin.Context, p problem) {
	data := gin.H{"Status": p.Status, "Code": p.Code, "RequestID": requestID(c)}
	if p.Status < 500 {
		data["Detail"] = p.Detail
	}
	s.render(c, p.Status, "error", data)
}

// field is what the "field" template needs: a labelled input whose error,
// if the refused form named it, is tied to it for screen readers.
type field struct {
	V                        view
	Name, Type, Value, Error string
}

func fieldOf(v view, name, typ, value string) field {
	f := field{V: v, Name: name, Type: typ, Value: value}
	if fe, ok := v.Data["Error"].(formError); ok && fe.Field == name {
		f.Error = v.Msg(fe)
	}
	return f
}
