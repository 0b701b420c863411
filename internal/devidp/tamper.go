package devidp

import "time"

// Tamper makes the NEXT ID token issued by the code flow deviate, so tests can
// prove the relying party refuses it. Zero fields mean "no change".
type Tamper struct {
	Nonce            string        // replace the nonce claim
	Audience         string        // replace aud
	Issuer           string        // replace iss
	ACR              string        // replace acr
	ExpiresIn        time.Duration // negative => already expired
	CorruptSignature bool          // flip bytes of the signature
}

// TamperNext arms t for the next ID token issued by the authorization code
// grant, replacing any tamper still pending; a zero Tamper disarms it. Only
// one token is affected, so a test can check that the following sign-in
// works again.
func (p *Provider) TamperNext(t Tamper) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t == (Tamper{}) {
		p.tamper = nil
		return
	}
	p.tamper = &t
}

// takeTamper returns and clears the pending tamper, if any.
func (p *Provider) takeTamper() *Tamper {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.tamper
	p.tamper = nil
	return t
}

// applyClaims rewrites ID token claims as t asks; the signature is handled
// separately because it only exists after signing.
func (t *Tamper) applyClaims(claims map[string]any, now time.Time) {
	if t.Nonce != "" {
		claims["nonce"] = t.Nonce
	}
	if t.Audience != "" {
		claims["aud"] = t.Audience
	}
	if t.Issuer != "" {
		claims["iss"] = t.Issuer
	}
	if t.ACR != "" {
		claims["acr"] = t.ACR
	}
	if t.ExpiresIn != 0 {
		claims["exp"] = now.Add(t.ExpiresIn).Unix()
	}
}
