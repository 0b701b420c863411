package database_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

type insertRow struct {
	bun.BaseModel `bun:"table:insert_rows"`

	ID   int64      `bun:"id,pk,autoincrement"`
	Name string     `bun:"name,notnull"`
	At   *time.Time `bun:"at"`
	Ref  string     `bun:"ref,notnull"`
}

// TestInsertWritesParameters: database.Insert gives a fixed text with one
// parameter per value — a zero autoincrement key left out unless written
// as SQL, a nil pointer NULL, a column written as SQL where asked — and the statement stores
// what bun's own INSERT would, on both engines.
func TestInsertWritesParameters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		_, err := db.Bun.NewCreateTable().Model((*insertRow)(nil)).Exec(t.Context())
		require.NoError(t, err)
		at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		rows := []insertRow{{Name: "first", At: &at, Ref: "x"}, {Name: "second", Ref: "y"}}
		query, args := db.Insert(&rows, func(row int, column string) (string, bool) {
			return "'computed'", row == 1 && column == "ref"
		})
		require.Equal(t, "INSERT INTO insert_rows (name, at, ref) VALUES (?, ?, ?), (?, ?, 'computed')", query)
		require.Equal(t, []any{"first", at, "x", "second", nil}, args)
		_, err = db.Bun.DB.ExecContext(t.Context(), db.Placeholders(query), args...)
		require.NoError(t, err)

		one, oneArgs := db.Insert(&insertRow{ID: 7, Name: "third", Ref: "z"}, nil)
		require.Equal(t, "INSERT INTO insert_rows (id, name, at, ref) VALUES (?, ?, ?, ?)", one)
		_, err = db.Bun.DB.ExecContext(t.Context(), db.Placeholders(one), oneArgs...)
		require.NoError(t, err)

		// A zero key that expr writes is kept, its value the SQL given.
		four, fourArgs := db.Insert(&insertRow{Name: "fourth", Ref: "w"}, func(_ int, column string) (string, bool) {
			return "40 + 2", column == "id"
		})
		require.Equal(t, "INSERT INTO insert_rows (id, name, at, ref) VALUES (40 + 2, ?, ?, ?)", four)
		_, err = db.Bun.DB.ExecContext(t.Context(), db.Placeholders(four), fourArgs...)
		require.NoError(t, err)

		var got []insertRow
		require.NoError(t, db.Bun.NewSelect().Model(&got).Order("name").Scan(t.Context()))
		require.Len(t, got, 4)
		require.EqualValues(t, 42, got[1].ID)
		got = append(got[:1], got[2:]...)
		require.True(t, got[0].At.Equal(at))
		require.Nil(t, got[1].At)
		require.Equal(t, "computed", got[1].Ref)
		require.EqualValues(t, 7, got[2].ID)
	})
}
