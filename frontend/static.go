package frontend

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// staticFile is an embedded asset with the checksum its URL carries, so a
// browser may keep it forever and a new release is fetched at once.
type staticFile struct {
	body        []byte
	hash        string
	contentType string
}

func loadStatic() (map[string]staticFile, error) {
	out := map[string]staticFile{}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[strings.TrimPrefix(p, "static/")] = staticFile{body: b, hash: hex.EncodeToString(sum[:6]), contentType: ct}
		return nil
	})
	return out, err
}

// handleStatic serves embedded assets: never a directory listing, long-lived
// caching only for the URL that names the current checksum.
func (s *Server) handleStatic(c *gin.Context) {
	f, ok := s.pages.static[strings.TrimPrefix(c.Param("file"), "/")]
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	if c.Query("v") == f.hash {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Data(http.StatusOK, f.contentType, f.body)
}
