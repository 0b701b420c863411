package devidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// keys holds the provider's single RS256 signing key. Keys live only in
// memory: restarting the process rotates them, which is fine for dev/tests.
type keys struct {
	priv *rsa.PrivateKey
	kid  string
}

func newKeys() (*keys, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("devidp: generate RSA key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: &priv.PublicKey}
	thumb, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("devidp: key thumbprint: %w", err)
	}
	return &keys{priv: priv, kid: base64.RawURLEncoding.EncodeToString(thumb)}, nil
}

// publicSet is the JWKS document relying parties fetch to verify tokens.
func (k *keys) publicSet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key:       &k.priv.PublicKey,
		KeyID:     k.kid,
		Use:       "sig",
		Algorithm: string(jose.RS256),
	}}}
}

// sign serializes claims as a compact RS256 JWS with the given typ header
// ("JWT" for ID tokens, "at+jwt" for RFC 9068 access tokens).
func (k *keys) sign(typ string, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("devidp: marshal claims: %w", err)
	}
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: k.priv, KeyID: k.kid}},
		(&jose.SignerOptions{}).WithType(jose.ContentType(typ)),
	)
	if err != nil {
		return "", fmt.Errorf("devidp: signer: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("devidp: sign: %w", err)
	}
	return jws.CompactSerialize()
}

// corruptSignature flips bits in the signature segment of a compact JWS, so
// the token still parses but no longer verifies.
func corruptSignature(token string) string {
	i := strings.LastIndexByte(token, '.')
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil || len(sig) == 0 {
		return token + "x"
	}
	for j := range min(len(sig), 8) {
		sig[j] ^= 0xff
	}
	return token[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

// accessTokenHash computes the at_hash claim (OIDC Core 3.1.3.6) so relying
// parties can bind the access token to the ID token.
func accessTokenHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// randomToken returns 256 bits of randomness as URL-safe text, for codes,
// opaque access tokens and JWT ids.
func randomToken() string {
	return rand.Text() + rand.Text()
}
