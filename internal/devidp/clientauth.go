package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
)

// authenticateClient checks the client credentials of a token request, sent
// either as HTTP Basic (client_secret_basic, RFC 6749 2.3.1: form-urlencoded
// id and secret) or in the body (client_secret_post), never both.
func (p *Provider) authenticateClient(r *http.Request) (Client, *oauthError) {
	postID, postSecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	id, secret, basic := r.BasicAuth()
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		switch {
		case err1 != nil || err2 != nil:
			return Client{}, newErr(errInvalidClient, "malformed Basic credentials")
		case postSecret != "":
			return Client{}, newErr(errInvalidRequest, "use only one client authentication method")
		case postID != "" && postID != id:
			return Client{}, newErr(errInvalidRequest, "client_id does not match the authenticated client")
		}
	} else {
		id, secret = postID, postSecret
	}
	if id == "" {
		return Client{}, newErr(errInvalidClient, "client authentication is required")
	}
	client, known := p.clients[id]
	expected := client.Secret
	if !known {
		// Still compare, so unknown ids cost the same as wrong secrets.
		expected = randomToken()
	}
	if !secretEqual(secret, expected) || !known {
		return Client{}, newErr(errInvalidClient, "client authentication failed")
	}
	return client, nil
}

// secretEqual compares in constant time; hashing first also hides the
// length of the expected secret.
func secretEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
