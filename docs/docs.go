// Package docs embeds the documents the application serves itself: the
// OpenAPI description of its JSON API, kept beside the prose it belongs to.
package docs

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte
