package frontend_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/testdb"
)

// TestStaffNotice: a user who has not acknowledged the current staff
// notice (§16) does no work — pages lead to the notice, the API answers
// 403 — until they acknowledge it, which is logged once; a new version of
// the text stops them again.
func TestStaffNotice(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	app := apptest.New(t, db)
	b := app.Browser()
	b.SignInOnly(t, "frontoffice")

	page := b.Get(t, "/front")
	require.Equal(t, http.StatusSeeOther, page.StatusCode)
	require.Equal(t, "/notice", page.Header.Get("Location"))
	res := b.Get(t, "/api/v1/tickets")
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Contains(t, res.Body, "urn:contactd:problem:notice")
	me := decode[map[string]any](t, b.Get(t, "/api/v1/me"))
	require.Equal(t, false, me["notice_acknowledged"], "who am I works before, and says so")

	notice := b.Get(t, "/notice")
	require.Equal(t, http.StatusOK, notice.StatusCode)
	require.Contains(t, notice.Body, `data-version="`+access.NoticeVersion+`"`)
	b.AcknowledgeNotice(t)
	b.AcknowledgeNotice(t) // again: nothing new
	require.Equal(t, http.StatusOK, b.Get(t, "/api/v1/tickets").StatusCode)
	require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode)
	acks, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "notice_ack"})
	require.NoError(t, err)
	require.Len(t, acks, 1)

	// A new version of the text: the acknowledgment of the old one no
	// longer counts.
	_, err = db.Bun.ExecContext(context.Background(), "UPDATE notice_acks SET version = 'older'")
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, b.Get(t, "/api/v1/tickets").StatusCode)
}
