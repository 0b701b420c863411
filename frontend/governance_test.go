package frontend_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"contactd/access"
	"contactd/audit"
	"contactd/governance"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestGovernanceReport: with a grant ending in ten days, a user invited
// three months ago who never signed in, a retention run and a verification
// of the logs, the admin and the adviser see each part of the report —
// on the page, as JSON and as a workbook whose text cannot run as a
// formula — every view is logged, and nobody else gets it.
func TestGovernanceReport(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
		ends := app.Clock.Now().Add(101 * 24 * time.Hour)
		invited := "=1+2@contactd.test" // a formula, should a workbook run it (and a valid address)
		_, err := app.Access.Grant(cli, access.GrantInput{User: access.UserRef{Email: invited}, Role: audit.RoleBackOffice,
			Institution: "sigedis", EndsAt: &ends})
		require.NoError(t, err)
		app.Clock.Advance(91 * 24 * time.Hour)

		_, err = app.Retention.Run(cli, app.Clock.Now())
		require.NoError(t, err)
		_, err = audit.VerifyAndRecord(context.Background(), db.Bun, nil, app.Clock.Now())
		require.NoError(t, err)

		admin, adv, front := app.Browser(), app.Browser(), app.Browser()
		admin.SignIn(t, "admin")
		adv.SignIn(t, "adviser")
		front.SignIn(t, "frontoffice")

		for _, br := range []*apptest.Browser{admin, adv} {
			res := br.Get(t, "/api/v1/governance")
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
			require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			r := decode[governance.Report](t, res)
			require.True(t, slices.ContainsFunc(r.Roles, func(c governance.RoleCount) bool {
				return c.Role == audit.RoleFrontOffice && c.Institution == "contact_centre" && c.Users >= 1
			}), "users per role and institution: %+v", r.Roles)
			require.Len(t, r.EndingGrants, 1)
			require.Equal(t, strings.ToLower(invited), r.EndingGrants[0].User)
			require.WithinDuration(t, ends, r.EndingGrants[0].EndsAt, time.Second)
			require.True(t, slices.ContainsFunc(r.Inactive, func(u governance.InactiveUser) bool { return u.User == strings.ToLower(invited) }))
			require.False(t, slices.ContainsFunc(r.Inactive, func(u governance.InactiveUser) bool { return u.User == "Lotte Voorbeeld" }),
				"the front-office agent just signed in")
			require.Equal(t, 90, r.InactiveAfterDays)
			require.Len(t, r.Retention, 6)
			require.NotNil(t, r.LastRetention)
			require.Len(t, r.Verifications, 2)
			for _, v := range r.Verifications {
				require.True(t, v.OK, v.Problem)
			}
		}

		page := admin.Get(t, "/governance")
		require.Equal(t, http.StatusOK, page.StatusCode)
		for _, id := range []string{`id="gov-roles"`, `id="gov-ending"`, `id="gov-inactive"`, `id="gov-retention"`, `id="gov-last-run"`, `id="gov-audit"`} {
			require.Contains(t, page.Body, id)
		}

		book := adv.Get(t, "/api/v1/governance/report.xlsx")
		require.Equal(t, http.StatusOK, book.StatusCode)
		require.Contains(t, book.Header.Get("Content-Disposition"), "governance-")
		f, err := excelize.OpenReader(bytes.NewReader([]byte(book.Body)))
		require.NoError(t, err)
		defer f.Close()
		require.Equal(t, []string{"Rôles", "Droits expirant", "Utilisateurs inactifs", "Conservation", "Chaîne d'audit"}, f.GetSheetList(), "in the user's language")
		user, err := f.GetCellValue("Droits expirant", "A2")
		require.NoError(t, err)
		require.Equal(t, "'"+strings.ToLower(invited), user, "escaped: shown as text, never run")
		formula, err := f.GetCellFormula("Droits expirant", "A2")
		require.NoError(t, err)
		require.Empty(t, formula)
		outcome, err := f.GetCellValue("Chaîne d'audit", "C2")
		require.NoError(t, err)
		require.Equal(t, "intact", outcome)

		// Nobody else: the front office, and no session at all.
		require.Equal(t, http.StatusForbidden, front.Get(t, "/governance").StatusCode)
		res := front.Get(t, "/api/v1/governance")
		require.Equal(t, http.StatusForbidden, res.StatusCode)
		require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
		require.Equal(t, http.StatusForbidden, front.Get(t, "/api/v1/governance/report.xlsx").StatusCode)
		require.Equal(t, http.StatusUnauthorized, app.Browser().Get(t, "/api/v1/governance").StatusCode)

		var views, exports int
		require.NoError(t, db.Bun.NewSelect().Table("access_log").ColumnExpr("count(*)").
			Where("action = 'governance_view' AND outcome = 'ok'").Scan(context.Background(), &views))
		require.NoError(t, db.Bun.NewSelect().Table("access_log").ColumnExpr("count(*)").
			Where("action = 'governance_export' AND outcome = 'ok'").Scan(context.Background(), &exports))
		require.Equal(t, 3, views, "two API reads and a page")
		require.Equal(t, 1, exports)
	})
}
