package devidp

import (
	"bytes"
	"net/http"
)

// pageHTML is the sign-in page and the error page. It is plain HTML with no
// script, no style and no external asset, so it works under the strictest
// Content-Security-Policy and in headless browsers driven by tests.
const pageHTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>This is the <strong>development</strong> identity provider. It has no passwords: pick one of the demo users.</p>
{{- if .Error}}
<p id="error" role="alert"><strong>{{.Error}}</strong></p>
{{- end}}
{{- if .Form}}
<p>Application <code>{{.ClientID}}</code> asks you to sign in.</p>
<form method="post" action="{{.Action}}">
{{- range .Fields}}
<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{- end}}
<p>
<label for="username">Username</label>
<input type="text" id="username" name="username" value="{{.Username}}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus>
<button type="submit" id="signin">Sign in</button>
</p>
</form>
<h2>Demo users</h2>
<ul id="users">
{{- range .Users}}
<li><code>{{.Username}}</code>: {{.Name}}{{if .Description}} ({{.Description}}){{end}}</li>
{{- end}}
</ul>
{{- end}}
</main>
</body>
</html>
`

// pageData feeds pageHTML.
type pageData struct {
	Title    string
	Error    string
	Form     bool
	ClientID string
	Action   string
	Fields   []pageField
	Username string
	Users    []User
}

type pageField struct{ Name, Value string }

// renderSignIn shows the sign-in form for req, with the original request
// parameters as hidden fields so POST /authorize can re-validate them.
func (p *Provider) renderSignIn(w http.ResponseWriter, status int, req authRequest, username, errMsg string) {
	data := pageData{
		Title: "Sign in", Error: errMsg, Form: true, ClientID: req.client.ID,
		Action: p.prefix + "/authorize", Username: username, Users: p.cfg.Users,
	}
	for _, name := range authParams {
		if v := req.values.Get(name); v != "" {
			data.Fields = append(data.Fields, pageField{Name: name, Value: v})
		}
	}
	p.renderPage(w, status, data)
}

// renderError shows an error to the user; used when the client cannot be
// trusted with a redirect.
func (p *Provider) renderError(w http.ResponseWriter, status int, msg string) {
	p.renderPage(w, status, pageData{Title: "Sign-in error", Error: msg})
}

func (p *Provider) renderPage(w http.ResponseWriter, status int, data pageData) {
	var buf bytes.Buffer
	if err := p.page.Execute(&buf, data); err != nil {
		p.log.Error("render page", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
