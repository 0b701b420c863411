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
