package database

import (
	"net/url"
	"strings"
)

// hasParam says whether a connection URL sets a query parameter.
func hasParam(raw, name string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return strings.Contains(raw, name+"=")
	}
	return u.Query().Has(name)
}

// Redact returns the URL with any password replaced, for messages and logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
