package lookup

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// identity derives citizen i's register entry from (seed, i) and the
// citizen's number: the birth date and sex come from the number, the rest
// from the citizen's identity stream.
func (d *Demo) identity(i int) Identity {
	n := d.numbers[i]
	r := citizenRand(d.seed, i, streamIdentity)
	y, m, day, _ := n.BirthDate()
	id := Identity{
		INSZ:      n,
		Sex:       n.Sex(),
		BirthDate: fmt.Sprintf("%04d-%02d-%02d", y, m, day),
	}

	// The serial number's parity is the person's sex even when a +20 BIS
	// number does not tell it; first names follow it.
	female := (n[8]-'0')%2 == 0

	var home municipality
	if n.IsBIS() {
		born := foreignPlaces[r.IntN(len(foreignPlaces))]
		id.BirthPlace = born.City + " (" + born.Country + ")"
		if r.IntN(2) == 0 {
			abroad := born
			if r.IntN(10) < 3 {
				abroad = foreignPlaces[r.IntN(len(foreignPlaces))]
			}
			id.Address = foreignAddress(r, abroad)
			home = municipality{lang: language(r.IntN(numLanguages))}
		} else {
			home = municipalities[r.IntN(len(municipalities))]
			id.Address = belgianAddress(r, home)
		}
	} else {
		born := municipalities[r.IntN(len(municipalities))]
		id.BirthPlace = born.name
		home = born
		if r.IntN(10) < 6 {
			home = municipalities[r.IntN(len(municipalities))]
		}
		id.Address = belgianAddress(r, home)
	}

	// Most people carry names of the language of where they live.
	lang := home.lang
	if r.IntN(100) < 15 {
		lang = language(r.IntN(numLanguages))
	}
	id.LastName = pick(r, lastNames[lang])
	sex := 0
	if female {
		sex = 1
	}
	id.FirstName = pick(r, firstNames[lang][sex])
	return id
}

// belgianAddress draws a street address in m.
func belgianAddress(r *rand.Rand, m municipality) Address {
	a := Address{
		Street:       pick(r, streets[m.lang]),
		Number:       houseNumber(r),
		PostalCode:   m.postalCode,
		Municipality: m.name,
		Country:      "BE",
	}
	if r.IntN(5) == 0 {
		a.Box = strconv.Itoa(1 + r.IntN(24))
	}
	return a
}

// foreignAddress draws a street address in p.
func foreignAddress(r *rand.Rand, p foreignPlace) Address {
	return Address{
		Street:       pick(r, p.Streets),
		Number:       houseNumber(r),
		PostalCode:   p.PostalCode,
		Municipality: p.City,
		Country:      p.Country,
	}
}

// houseNumber draws 1..199, sometimes with a letter ("12A").
func houseNumber(r *rand.Rand) string {
	s := strconv.Itoa(1 + r.IntN(199))
	if r.IntN(20) == 0 {
		s += string(rune('A' + r.IntN(3)))
	}
	return s
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }
