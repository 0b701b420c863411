package tickets

import (
	"bytes"
	"fmt"
	"testing"

	"contactd/tickets/mailparse"
)

// BenchmarkEmailRequest reads messages of more and more one-byte
// attachments and makes their ticket's text — the work IngestEmail does
// before its transaction. The time per attachment stays flat: linear in
// the message, where naming every attachment by appending to a string
// grew with their number (10,000 took 6.4 s).
func BenchmarkEmailRequest(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 60_000} {
		var raw bytes.Buffer
		raw.WriteString("From: flood@example.org\r\nSubject: Flood\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n")
		for i := range n {
			fmt.Fprintf(&raw, "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f%d.bin\"\r\n\r\nx\r\n", i)
		}
		raw.WriteString("--b--\r\n")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				msg, err := mailparse.Parse(bytes.NewReader(raw.Bytes()), MaxEmailBytes)
				if err != nil {
					b.Fatal(err)
				}
				_ = emailRequest(msg)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/attachment")
		})
	}
}
