package upstream

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
	"contactd/lookup"
)

// Answers with obviously synthetic values, one per kind. Each carries a
// field the contract does not define, which must be ignored.
var (
	identityJSON = withAsked(`{"insz":"ASKED","last_name":"Testperson","first_name":"Example",
		"sex":"male","birth_date":"1985-07-00","birth_place":"Testville",
		"address":{"street":"Example Street","number":"1","box":"2","postal_code":"1000",
		"municipality":"Testville","country":"BE"},"future_field":true}`)
	careerJSON = withAsked(`{"insz":"ASKED","periods":[
		{"regime":"self_employed","employer":"Example Shop","start":"2011-01-01","end":"2012-12-31","quarters":8},
		{"regime":"salaried","employer":"Example Ltd","start":"2005-09-01","end":"2010-12-31","days":1600},
		{"regime":"salaried","employer":"Example Fund","start":"2003-01-01","end":"2003-06-30","days":120,"assimilation":"unemployment"}]}`)
	pensionJSON = withAsked(`{"insz":"ASKED","reference_date":"2025-01-01","plans":[
		{"institution":"Example Insurer","plan":"Sector Plan","employer":"Example Ltd",
		"kind":"defined_contribution","reserves_cents":1234500,"accrued_benefit_cents":2345600,"active":true}]}`)
)

var (
	wantIdentity = lookup.Identity{
		INSZ: asked, LastName: "Testperson", FirstName: "Example", Sex: insz.SexMale,
		BirthDate: "1985-07-00", BirthPlace: "Testville",
		Address: lookup.Address{Street: "Example Street", Number: "1", Box: "2", PostalCode: "1000", Municipality: "Testville", Country: "BE"},
	}
	// Sorted by regime, then start, whatever the registry's order.
	wantCareer = lookup.Career{INSZ: asked, Periods: []lookup.Period{
		{Regime: lookup.RegimeSalaried, Employer: "Example Fund", Start: "2003-01-01", End: "2003-06-30", Days: 120, Assimilation: lookup.AssimilatedUnemployment},
		{Regime: lookup.RegimeSalaried, Employer: "Example Ltd", Start: "2005-09-01", End: "2010-12-31", Days: 1600},
		{Regime: lookup.RegimeSelfEmployed, Employer: "Example Shop", Start: "2011-01-01", End: "2012-12-31", Quarters: 8},
	}}
	wantPension = lookup.SupplementaryPension{INSZ: asked, ReferenceDate: "2025-01-01", Plans: []lookup.Plan{
		{Institution: "Example Insurer", Plan: "Sector Plan", Employer: "Example Ltd", Kind: "defined_contribution",
			Reserves: 1234500, AccruedBenefit: 2345600, Active: true},
	}}
)

// allKinds is the registry's answers for the person asked.
func allKinds(t *testing.T) map[string]string {
	t.Helper()
	return map[string]string{"/v1/identity": identityJSON, "/v1/career": careerJSON, "/v1/supplementary-pension": pensionJSON}
}

func TestFoundIdentity(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, allKinds(t)))
	got, err := b.client.Identity(consulting(t), asked)
	require.NoError(t, err)
	require.Equal(t, wantIdentity, got)
}

func TestFoundCareer(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, allKinds(t)))
	got, err := b.client.Career(consulting(t), asked)
	require.NoError(t, err)
	require.Equal(t, wantCareer, got)
}

func TestFoundSupplementaryPension(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, allKinds(t)))
	got, err := b.client.SupplementaryPension(consulting(t), asked)
	require.NoError(t, err)
	require.Equal(t, wantPension, got)
}

// A person without any career yet has an empty list, not "not found".
func TestFoundEmptyCareer(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, withAsked(`{"insz":"ASKED","periods":[]}`)))
	got, err := b.client.Career(consulting(t), asked)
	require.NoError(t, err)
	require.Equal(t, lookup.Career{INSZ: asked, Periods: []lookup.Period{}}, got)
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, nil))
	_, err := b.client.Career(consulting(t), asked)
	require.ErrorIs(t, err, lookup.ErrNotFound)
	require.NotErrorIs(t, err, lookup.ErrUnavailable)
	require.Equal(t, "not_found", Reason(err))
	require.EqualValues(t, 1, b.calls.Load(), "not found is an answer, not retried")
}

// A 404 without the contract's body comes from a wrong base URL or a
// proxy: the agent must not be told the number is unknown.
func TestNotFoundWithoutContractBodyIsUnavailable(t *testing.T) {
	t.Parallel()
	b := setup(t, func(w http.ResponseWriter, r *http.Request, _ int) { http.NotFound(w, r) })
	_, err := b.client.Identity(consulting(t), asked)
	require.ErrorIs(t, err, lookup.ErrUnavailable)
	require.ErrorIs(t, err, ErrFailed)
	require.NotErrorIs(t, err, lookup.ErrNotFound)
	require.EqualValues(t, 1, b.calls.Load())
}

// A number that is not 11 digits cannot be in the register: the registry
// is not asked.
func TestMalformedNumberNotAsked(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, allKinds(t)))
	_, err := b.client.Identity(consulting(t), "85.07.30-033.28")
	require.ErrorIs(t, err, lookup.ErrNotFound)
	require.Zero(t, b.calls.Load())
}
