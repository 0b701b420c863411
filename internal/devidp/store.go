package devidp

import "time"

// codeGrant is what an authorization code stands for. It is kept after
// redemption (until it expires) so a replay can be detected and the access
// token it produced revoked, as RFC 6749 4.1.2 recommends.
type codeGrant struct {
	clientID    string
	redirectURI string
	nonce       string
	challenge   string // PKCE S256 code_challenge
	scope       string
	user        User
	authTime    time.Time
	expires     time.Time
	used        bool
	accessToken string // issued on redemption, revoked on replay
}

// accessGrant is what an opaque access token from the code flow stands for;
// the userinfo endpoint resolves it.
type accessGrant struct {
	clientID string
	scope    string
	user     User
	expires  time.Time
}

// storeCode remembers g under a fresh random code and returns the code.
func (p *Provider) storeCode(g codeGrant) string {
	code := randomToken()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.purgeLocked(p.cfg.Now())
	p.codes[code] = &g
	return code
}

// redeemCode consumes code on behalf of clientID. check runs under the lock
// after the code is marked used, so a failed PKCE or redirect_uri check
// burns the code too. On success it mints and stores an opaque access token.
func (p *Provider) redeemCode(code, clientID string, check func(codeGrant) *oauthError) (codeGrant, string, *oauthError) {
	now := p.cfg.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.codes[code]
	switch {
	case !ok || !now.Before(g.expires):
		return codeGrant{}, "", newErr(errInvalidGrant, "authorization code is unknown or expired")
	case g.clientID != clientID:
		return codeGrant{}, "", newErr(errInvalidGrant, "authorization code was issued to another client")
	case g.used:
		delete(p.tokens, g.accessToken)
		return codeGrant{}, "", newErr(errInvalidGrant, "authorization code was already used; tokens issued with it are revoked")
	}
	g.used = true
	if err := check(*g); err != nil {
		return codeGrant{}, "", err
	}
	g.accessToken = randomToken()
	p.purgeLocked(now)
	p.tokens[g.accessToken] = accessGrant{clientID: clientID, scope: g.scope, user: g.user, expires: now.Add(p.cfg.TokenTTL)}
	return *g, g.accessToken, nil
}

// lookupAccessToken resolves an opaque access token that has not expired.
func (p *Provider) lookupAccessToken(token string) (accessGrant, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.tokens[token]
	if !ok || !p.cfg.Now().Before(a.expires) {
		return accessGrant{}, false
	}
	return a, true
}

// purgeLocked drops expired codes and tokens; it runs whenever something is
// added so the maps stay small without a background goroutine.
func (p *Provider) purgeLocked(now time.Time) {
	for k, g := range p.codes {
		if !now.Before(g.expires) {
			delete(p.codes, k)
		}
	}
	for k, a := range p.tokens {
		if !now.Before(a.expires) {
			delete(p.tokens, k)
		}
	}
}
