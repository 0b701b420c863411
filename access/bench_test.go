package access_test

import (
	"context"
	"fmt"
	"testing"

	"contactd/access"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// BenchmarkResume measures the session check every request pays, on both
// databases, from parallel goroutines (b.SetParallelism scales them).
func BenchmarkResume(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *database.DB{"sqlite": testdb.SQLite, "postgres": testdb.Postgres} {
		b.Run(name, func(b *testing.B) {
			db := open(b)
			svc := access.NewService(db, access.Options{SessionKey: make([]byte, 32)})
			in, err := svc.SignIn(context.Background(), access.Identity{Subject: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := svc.Resume(context.Background(), in.Token); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkSignIn measures a sign-in's transaction: find or bind the user,
// open a session, append the access-log entry.
func BenchmarkSignIn(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *database.DB{"sqlite": testdb.SQLite, "postgres": testdb.Postgres} {
		b.Run(name, func(b *testing.B) {
			svc := access.NewService(open(b), access.Options{SessionKey: make([]byte, 32)})
			i := 0
			for b.Loop() {
				i++
				if _, err := svc.SignIn(context.Background(), access.Identity{Subject: fmt.Sprint("bench-", i%50)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
