package mailparse

import (
	"mime"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// contentType returns the lower-cased media type and parameters of a
// Content-Type value, defType if it is empty, and text/plain if it cannot
// be read (RFC 2045 §5.2).
func contentType(v, defType string) (string, map[string]string) {
	if strings.TrimSpace(v) == "" {
		return defType, map[string]string{}
	}
	mt, params := mediaParams(v)
	if !validMediaType(mt) {
		return "text/plain", map[string]string{}
	}
	return mt, params
}

// validMediaType reports whether mt is type/subtype made of RFC 2045
// token characters.
func validMediaType(mt string) bool {
	typ, sub, ok := strings.Cut(mt, "/")
	return ok && isToken(typ) && isToken(sub)
}

// isToken reports whether s is a non-empty RFC 2045 token.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return s != ""
}

// looseParamNames are the parameters looked for by hand when
// mime.ParseMediaType refuses a header value.
var looseParamNames = []string{"boundary", "charset", "name", "filename", "format", "delsp"}

// mediaParams parses a Content-Type or Content-Disposition value. When
// mime.ParseMediaType refuses it, the value and the parameters this package
// needs are taken leniently.
func mediaParams(v string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(v)
	if err == nil {
		return mt, params
	}
	if mt == "" {
		before, _, _ := strings.Cut(v, ";")
		mt = strings.ToLower(strings.TrimSpace(before))
	}
	params = map[string]string{}
	for _, name := range looseParamNames {
		if val := looseParam(v, name); val != "" {
			params[name] = val
		}
	}
	return mt, params
}

var (
	looseParamRes = map[string]*regexp.Regexp{}
	ext2231Res    = map[string]*regexp.Regexp{}
)

func init() {
	for _, name := range looseParamNames {
		looseParamRes[name] = regexp.MustCompile(`(?i)(?:^|;)\s*` + name + `\s*=\s*(?:"([^"]*)"?|([^;]*))`)
	}
	for _, name := range []string{"name", "filename"} {
		ext2231Res[name] = regexp.MustCompile(`(?i)(?:^|;)\s*` + name + `\*\s*=\s*"?([^'";\s]*)'[^']*'([^;"\s]*)`)
	}
}

// looseParam finds parameter name in a header value that
// mime.ParseMediaType refused (unquoted spaces, 8-bit bytes, ...).
func looseParam(v, name string) string {
	m := looseParamRes[name].FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1] + m[2])
}

// ext2231 decodes a single-segment RFC 2231 parameter in a charset other
// than the UTF-8 and US-ASCII that mime.ParseMediaType handles, such as
// filename*=iso-8859-1'fr'p%E9riodes.xls.
func ext2231(v, name string) string {
	m := ext2231Res[name].FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	raw, err := url.PathUnescape(m[2])
	if err != nil {
		return ""
	}
	return toUTF8([]byte(raw), m[1])
}

// filename returns the decoded file name of a part: the filename parameter
// of Content-Disposition, else the name parameter of Content-Type.
func filename(h textproto.MIMEHeader, ctParams map[string]string) string {
	cd := h.Get("Content-Disposition")
	_, dParams := mediaParams(cd)
	name := dParams["filename"]
	if name == "" {
		name = ext2231(cd, "filename")
	}
	if name == "" {
		name = ctParams["name"]
	}
	if name == "" {
		name = ext2231(h.Get("Content-Type"), "name")
	}
	return cleanFilename(decodeHeader(name))
}

// cleanFilename keeps the last path element of a file name, so that a name
// like "../../etc/passwd" or "C:\fakepath\x.pdf" cannot point elsewhere,
// and caps its length at 255 bytes.
func cleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	if len(name) > 255 {
		cut := 255
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	return name
}
