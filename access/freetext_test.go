package access_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// accessTextRegistry names every string and struct parameter of the access
// service: the reasons people write, and why the rest is not free text.
var accessTextRegistry = map[string]string{
	"Disable#2": "reason",
	"Enable#2":  "reason",
	// Keys, codes and tokens, each parsed or matched, never kept as prose.
	"ChooseRole#2":           "-", // a role, checked against the user's grants
	"ChooseRole#3":           "-", // an institution code, likewise
	"GrantableRoles#1":       "-", // an institution code
	"Users#1":                "-", // an institution code
	"RecordRefusedSignIn#1":  "-", // a reason code chosen by the web layer
	"Resume#1":               "-", // a session token, hashed
	"SignOut#1":              "-", // a session token, hashed
	"StartSignIn#1":          "-", // a return path, bounded and checked to be local
	"TakeSignIn#1":           "-", // a sign-in state, hashed
	"type:access.Session":    "-", // the session the server loaded
	"type:access.User":       "-", // a user the server loaded
	"type:access.UserRef":    "-", // keys naming a user (checked by Fields)
	"type:access.GrantInput": "reason (checked by Fields)",
	"type:access.Identity":   "-", // what a verified ID token says (checked by Fields)
}

// TestReasonsForAccessAreGuarded: the reasons a manager, an admin or the
// operator gives for a grant, a withdrawal or a disabling go through the
// free-text guard before the access log keeps them — another person's
// national number, a salary, career periods refused, nothing changed.
// Every string the service takes is found by reflection, so a new one
// must be registered as guarded or as no free text.
func TestReasonsForAccessAreGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		freetexttest.Fields(t, access.GrantInput{}, access.UserRef{}, access.Identity{})
		freetexttest.Params(t, accessTextRegistry, b.svc)
		agent := staff(t, b, "agent", audit.RoleFrontOffice, "contact_centre")
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		ctx := manager(mgr, "contact_centre")
		for _, text := range []string{freetexttest.OtherNumber(1, ""), freetexttest.Salary, freetexttest.Career} {
			in := access.GrantInput{User: access.UserRef{ID: agent}, Role: audit.RoleLocalManager, Institution: "contact_centre", Reason: text}
			_, err := b.svc.Grant(ctx, in)
			requireReasonRefused(t, err, text)
			in.Role = audit.RoleFrontOffice
			requireReasonRefused(t, b.svc.Revoke(ctx, in), text)
			requireReasonRefused(t, b.svc.Disable(ctx, access.UserRef{ID: agent}, text), text)
		}
		u, err := b.svc.UserByID(cli, agent)
		require.NoError(t, err)
		require.Len(t, u.Grants, 1)
		require.Nil(t, u.DisabledAt)
		n, err := db.Bun.NewSelect().Model((*audit.Entry)(nil)).Where("detail LIKE ?", "%Loon%").Count(context.Background())
		require.NoError(t, err)
		require.Zero(t, n, "the access log holds none of it")
	})
}

func requireReasonRefused(t *testing.T, err error, text string) {
	t.Helper()
	var ve *access.ValidationError
	require.ErrorAs(t, err, &ve, text)
	require.Equal(t, "reason", ve.Field, text)
}
