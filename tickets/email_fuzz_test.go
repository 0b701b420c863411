package tickets_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// FuzzIngestEmailSQLite and FuzzIngestEmailPostgres run the e-mail intake
// on each engine: whatever a mail server delivers, the intake keeps it.
func FuzzIngestEmailSQLite(f *testing.F)   { fuzzIngestEmail(f, testdb.SQLite(f)) }
func FuzzIngestEmailPostgres(f *testing.F) { fuzzIngestEmail(f, testdb.Postgres(f)) }

// fuzzIngestEmail checks the intake's promise that a delivered message is
// never lost: any input under the size limit either becomes (or joins) a
// ticket whose text is bounded, valid UTF-8, or is kept whole in the
// quarantine; the intake itself never fails. One database serves the whole
// run, so later inputs meet the tickets earlier ones made, as replies do.
func fuzzIngestEmail(f *testing.F, db *database.DB) {
	svc := tickets.NewService(db, tickets.Options{})
	for _, s := range []string{
		string(letter("Mon relevé", "")),
		string(letter("Re: [CC-2026-000001] suite", "m-Monrelevé@example.be")),
		"From: a@example.org\r\nSubject: =?utf-8?B?w6k=?=\r\nMessage-ID: <" + noise(3000) + "@example.org>\r\n\r\nlong header values\r\n",
		"From: a@example.org\r\nReferences: " + strings.Repeat("<r@example.org> ", 200) + "\r\n\r\nmany references\r\n",
		"From: a@example.org\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n",
		"this is not an e-mail at all",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, raw)
		if err != nil {
			t.Fatalf("intake failed, the message is lost: %v", err)
		}
		if in.Quarantined != 0 {
			requireQuarantined(t, db, in.Quarantined, raw)
			return
		}
		tk := in.Ticket
		if tk.Ref == "" || !utf8.ValidString(tk.Request) || !utf8.ValidString(tk.Subject) || !utf8.ValidString(tk.Sender) {
			t.Fatalf("ticket without a reference or with text that is not UTF-8")
		}
		if len(tk.Request) > 100_000 || utf8.RuneCountInString(tk.Subject) > 200 {
			t.Fatalf("request of %d bytes or subject of %d characters", len(tk.Request), utf8.RuneCountInString(tk.Subject))
		}
	})
}

// noise returns n letters and digits that do not compress, the same on
// every run: header values as long and as varied as a mail server lets
// through.
func noise(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	r := rand.New(rand.NewPCG(uint64(n), 3))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// requireQuarantined checks that the quarantine holds the message whole.
func requireQuarantined(t *testing.T, db *database.DB, id int64, want []byte) {
	t.Helper()
	var raw []byte
	err := db.Bun.NewSelect().Table("mail_quarantine").Column("raw").Where("id = ?", id).Scan(context.Background(), &raw)
	if err != nil || !bytes.Equal(raw, want) {
		t.Fatalf("quarantined message %d not kept whole: %v", id, err)
	}
}
