// Package freetexttest finds, by reflection, every place where a person's
// text enters a domain package — the string fields of its input structs
// and the string parameters of its service methods — so that each
// package's test drives the guard through every one of them (O5, §5). A
// new field or parameter that nobody registered fails that test.
package freetexttest

import (
	"context"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"contactd/freetext"
	"contactd/internal/database"
	"contactd/internal/insz"
)

// The attacks of issue 14: what a career or pension screen shows, copied
// into a text field.
const (
	Salary = "Loon € 2.345,67 salaris"
	Career = "Transport Claeys CV 1985-03-24 tot 2003-11-23"
)

// OtherNumber is a valid national number of another citizen than own,
// written with the separators people use.
func OtherNumber(seed uint64, own string) string {
	r := rand.New(rand.NewPCG(seed, 14))
	for {
		n := insz.Generate(r, insz.GenerateOptions{}).String()
		if n != own {
			return n[:2] + "." + n[2:4] + "." + n[4:6] + "-" + n[6:9] + "." + n[9:]
		}
	}
}

// Site is where text enters: "Struct.Field" or "Func#i" (the i-th
// parameter, the context first, the receiver left out), with the field's
// name as the guard reports it.
type Site struct {
	Where string
	Field string
}

// Fields lists the guarded string fields (string or *string, named string
// types too) of the structs' types. A string field without the freetext
// tag fails t; a field tagged "-" is not free text and is left out.
func Fields(t testing.TB, structs ...any) []Site {
	t.Helper()
	var out []Site
	for _, v := range structs {
		ty := reflect.TypeOf(v)
		for i := range ty.NumField() {
			f := ty.Field(i)
			if !isString(f.Type) {
				continue
			}
			where := ty.Name() + "." + f.Name
			tag, ok := f.Tag.Lookup(freetext.Tag)
			switch {
			case !ok || tag == "":
				t.Errorf("%s is a string field without a `freetext` tag: guard it and tag it with its field name, or tag it \"-\" saying why it is not free text", where)
			case tag != "-":
				out = append(out, Site{Where: where, Field: tag})
			}
		}
	}
	return out
}

// Params lists the guarded string parameters of functions and of the
// methods of pointer-to-struct values. Every string parameter must be in
// registry as "Name#i" with its field name, or "-" when it is not free
// text; every struct parameter's type as "type:pkg.Type" with the input
// struct it is (checked by Fields) or "-" saying why it holds no text a
// person writes. Anything unregistered, and any stale entry, fails t.
func Params(t testing.TB, registry map[string]string, funcs ...any) []Site {
	t.Helper()
	seen := map[string]bool{}
	var out []Site
	check := func(name string, ft reflect.Type, skip int) {
		for i := skip; i < ft.NumIn(); i++ {
			p := ft.In(i)
			if ft.IsVariadic() && i == ft.NumIn()-1 {
				p = p.Elem()
			}
			key := ""
			switch {
			case p == reflect.TypeFor[context.Context]():
				continue
			case isString(p):
				key = name + "#" + itoa(i-skip)
			case p.Kind() == reflect.Struct || p.Kind() == reflect.Pointer && p.Elem().Kind() == reflect.Struct:
				key = "type:" + strings.TrimPrefix(p.String(), "*")
			default:
				continue
			}
			seen[key] = true
			field, ok := registry[key]
			switch {
			case !ok:
				t.Errorf("%s: a parameter a person may fill is not registered: guard it and register its field, or register \"-\" saying why it is not free text", key)
			case field != "-" && !strings.HasPrefix(key, "type:"):
				out = append(out, Site{Where: key, Field: field})
			}
		}
	}
	for _, fn := range funcs {
		ty := reflect.TypeOf(fn)
		if ty.Kind() == reflect.Func {
			name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
			check(name[strings.LastIndex(name, ".")+1:], ty, 0)
			continue
		}
		for i := range ty.NumMethod() {
			m := ty.Method(i)
			check(m.Name, m.Type, 1)
		}
	}
	for key := range registry {
		if !seen[key] {
			t.Errorf("%s is registered but is no longer a parameter: remove it", key)
		}
	}
	return out
}

func isString(t reflect.Type) bool {
	return t.Kind() == reflect.String || t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String
}

func itoa(i int) string { return string(rune('0' + i)) }

// Stored counts the ticket fields and timeline texts that hold needle:
// what the guard refused must be nowhere in the database (§5).
func Stored(t testing.TB, db *database.DB, needle string) int {
	t.Helper()
	ctx, like := context.Background(), "%"+needle+"%"
	n, err := db.Bun.NewSelect().Table("tickets").Where("subject LIKE ? OR request LIKE ? OR sender LIKE ?", like, like, like).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Bun.NewSelect().Table("ticket_actions").Where("text LIKE ?", like).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n + m)
}
