package devidp

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// authParams are the authorization request parameters the sign-in form
// carries as hidden fields from GET /authorize to POST /authorize.
var authParams = []string{
	"response_type", "client_id", "redirect_uri", "scope",
	"state", "nonce", "code_challenge", "code_challenge_method",
}

// s256Challenge is the shape of BASE64URL(SHA256(verifier)) (RFC 7636 4.2).
var s256Challenge = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authRequest is a validated authorization request.
type authRequest struct {
	client      Client
	redirectURI string
	state       string
	nonce       string
	challenge   string
	scope       string // requested scopes this provider supports, openid first
	values      url.Values
}

// parseAuthRequest validates an authorization request. When redirectable is
// false the client or redirect URI cannot be trusted and the error must be
// shown to the user instead of being sent to the redirect URI (RFC 6749 4.1.2.1).
func (p *Provider) parseAuthRequest(v url.Values) (req authRequest, err *oauthError, redirectable bool) {
	if len(v["client_id"]) > 1 || len(v["redirect_uri"]) > 1 {
		return req, newErr(errInvalidRequest, "client_id or redirect_uri is repeated"), false
	}
	client, ok := p.clients[v.Get("client_id")]
	if !ok {
		return req, newErr(errInvalidRequest, "unknown client_id "+strconv.Quote(v.Get("client_id"))), false
	}
	req = authRequest{
		client: client, redirectURI: v.Get("redirect_uri"), state: v.Get("state"),
		nonce: v.Get("nonce"), challenge: v.Get("code_challenge"), values: url.Values{},
	}
	if !slices.Contains(client.RedirectURIs, req.redirectURI) {
		return req, newErr(errInvalidRequest, "redirect_uri "+strconv.Quote(req.redirectURI)+" is not registered for client "+client.ID), false
	}
	for _, name := range authParams {
		if len(v[name]) > 1 {
			return req, newErr(errInvalidRequest, "parameter "+name+" is repeated"), true
		}
		if val := v.Get(name); val != "" {
			req.values.Set(name, val)
		}
	}
	requested := strings.Fields(v.Get("scope"))
	for _, s := range supportedScopes {
		if slices.Contains(requested, s) {
			req.scope = strings.TrimSpace(req.scope + " " + s)
		}
	}
	switch {
	case v.Get("response_type") != "code":
		err = newErr(errUnsupportedResponseType, "only response_type=code is supported")
	case !slices.Contains(requested, "openid"):
		err = newErr(errInvalidScope, "scope must contain openid")
	case req.state == "":
		err = newErr(errInvalidRequest, "state is required")
	case req.nonce == "":
		err = newErr(errInvalidRequest, "nonce is required")
	case req.challenge == "":
		err = newErr(errInvalidRequest, "PKCE is required: code_challenge is missing")
	case v.Get("code_challenge_method") != "S256":
		err = newErr(errInvalidRequest, "PKCE code_challenge_method must be S256")
	case !s256Challenge.MatchString(req.challenge):
		err = newErr(errInvalidRequest, "code_challenge is not a base64url SHA-256 digest")
	}
	return req, err, true
}

// handleAuthorizeGet validates the request and shows the sign-in form.
func (p *Provider) handleAuthorizeGet(w http.ResponseWriter, r *http.Request) {
	req, err, redirectable := p.parseAuthRequest(r.URL.Query())
	if err != nil {
		p.refuseAuthorize(w, r, req, err, redirectable)
		return
	}
	p.renderSignIn(w, http.StatusOK, req, "", "")
}

// handleAuthorizePost re-validates the request carried by the form (it
// could have been forged), then signs the chosen demo user in.
func (p *Provider) handleAuthorizePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p.renderError(w, http.StatusBadRequest, "The sign-in form could not be read: "+err.Error())
		return
	}
	req, err, redirectable := p.parseAuthRequest(r.PostForm)
	if err != nil {
		p.refuseAuthorize(w, r, req, err, redirectable)
		return
	}
	typed := r.PostForm.Get("username")
	user, ok := p.lookupUser(typed)
	if !ok {
		msg := "Enter the username of one of the demo users listed below."
		if strings.TrimSpace(typed) != "" {
			msg = "Unknown username " + strconv.Quote(typed) + ". " + msg
		}
		p.log.Info("sign-in refused: unknown username", "client_id", req.client.ID)
		p.renderSignIn(w, http.StatusUnauthorized, req, typed, msg)
		return
	}
	now := p.cfg.Now()
	code := p.storeCode(codeGrant{
		clientID: req.client.ID, redirectURI: req.redirectURI, nonce: req.nonce,
		challenge: req.challenge, scope: req.scope, user: user,
		authTime: now, expires: now.Add(p.cfg.CodeTTL),
	})
	p.log.Info("user signed in", "username", user.Username, "sub", user.Subject, "client_id", req.client.ID)
	p.redirect(w, r, req, url.Values{"code": {code}})
}

// refuseAuthorize reports an invalid authorization request: on an error
// page when the redirect URI is not trusted, otherwise back to the client.
func (p *Provider) refuseAuthorize(w http.ResponseWriter, r *http.Request, req authRequest, err *oauthError, redirectable bool) {
	p.log.Warn("authorization request refused", "client_id", req.client.ID, "error", err.Code, "description", err.Description)
	if !redirectable {
		p.renderError(w, http.StatusBadRequest, err.Description)
		return
	}
	params := url.Values{"error": {err.Code}, "error_description": {err.Description}}
	p.redirect(w, r, req, params)
}

// redirect sends the user agent back to the client with params, the state
// and the issuer (RFC 9207, against mix-up attacks).
func (p *Provider) redirect(w http.ResponseWriter, r *http.Request, req authRequest, params url.Values) {
	u, _ := url.Parse(req.redirectURI) // validated by normalizeClients
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	q.Set("iss", p.cfg.Issuer)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}
