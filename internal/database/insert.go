package database

import (
	"reflect"
	"strings"
)

// Insert writes an INSERT of rows — a pointer to a bun model, or to a
// slice of them — with every value as a ? parameter, for a statement whose
// text must not change with its values (QueryPrepared; number the ?s with
// Placeholders once the whole statement is written). A zero autoincrement
// key is left to the table (its sequence or trigger) and a nil pointer is
// NULL. expr, when not nil, may write a column's value as SQL of its own
// instead of a parameter — say, an id another part of the statement
// returns — by answering ok; answering ok for a zero autoincrement key on
// the first row keeps that column, its value the SQL given.
//
// bun's own INSERT writes the values into the text, which PostgreSQL then
// plans anew on every call: for a hot multi-table statement the planning
// costs more than the writes.
func (db *DB) Insert(rows any, expr func(row int, column string) (sql string, ok bool)) (query string, args []any) {
	v := reflect.Indirect(reflect.ValueOf(rows))
	if v.Kind() != reflect.Slice {
		one := reflect.MakeSlice(reflect.SliceOf(v.Type()), 1, 1)
		one.Index(0).Set(v)
		v = one
	}
	table := db.Bun.Table(v.Type().Elem())
	fields := table.Fields[:0:0]
	for _, f := range table.Fields {
		if f.AutoIncrement && v.Len() > 0 && f.Value(v.Index(0)).IsZero() && !claims(expr, f.Name) {
			continue
		}
		fields = append(fields, f)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + table.Name + " (")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
	}
	b.WriteString(") VALUES ")
	for r := range v.Len() {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for i, f := range fields {
			if i > 0 {
				b.WriteString(", ")
			}
			if expr != nil {
				if sql, ok := expr(r, f.Name); ok {
					b.WriteString(sql)
					continue
				}
			}
			b.WriteString("?")
			args = append(args, argOf(f.Value(v.Index(r))))
		}
		b.WriteString(")")
	}
	return b.String(), args
}

// claims reports whether expr writes column of the first row as SQL.
func claims(expr func(row int, column string) (string, bool), column string) bool {
	if expr == nil {
		return false
	}
	_, ok := expr(0, column)
	return ok
}

// argOf is a field's value as a driver argument: nil for a nil pointer,
// the pointed-to value otherwise.
func argOf(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return v.Interface()
}
