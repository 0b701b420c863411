package access

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Institution is a member of the network that uses the application: the
// contact centre itself, or a back-office institution that answers content
// questions (Sigedis, the pension service, …). They are reference data,
// seeded by migration with their names in the country's languages.
type Institution struct {
	bun.BaseModel `bun:"table:institutions"`

	Code   string `bun:"code,pk"`
	Kind   string `bun:"kind,notnull"` // "contact_centre" or "back_office"
	NameFR string `bun:"name_fr,notnull"`
	NameNL string `bun:"name_nl,notnull"`
	NameDE string `bun:"name_de,notnull"`
	NameEN string `bun:"name_en,notnull"`
}

// Institution kinds.
const (
	KindContactCentre = "contact_centre"
	KindBackOffice    = "back_office"
)

// Name is the institution's name in a language ("fr", "nl", "de", "en").
func (i Institution) Name(lang string) string {
	switch lang {
	case "fr":
		return i.NameFR
	case "nl":
		return i.NameNL
	case "de":
		return i.NameDE
	default:
		return i.NameEN
	}
}

// Institutions lists every institution, the contact centre first. They are
// reference data that only a migration changes, so the first successful
// read is kept for the life of the process.
func (s *Service) Institutions(ctx context.Context) ([]Institution, error) {
	s.institutionsMu.Lock()
	defer s.institutionsMu.Unlock()
	if s.institutions != nil {
		return s.institutions, nil
	}
	var out []Institution
	err := s.db.Bun.NewSelect().Model(&out).OrderExpr("kind DESC, code").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("access: institutions: %w", err)
	}
	s.institutions = out
	return out, nil
}

func institutionByCode(ctx context.Context, db bun.IDB, code string) (Institution, error) {
	var i Institution
	err := db.NewSelect().Model(&i).Where("code = ?", code).Scan(ctx)
	if err != nil {
		return i, notFound(err, "institution")
	}
	return i, nil
}
