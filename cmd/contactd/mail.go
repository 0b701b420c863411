package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"contactd/audit"
	"contactd/tickets"
)

// mailFlagsOf declares the flags of `contactd mail ingest`.
func mailFlagsOf(m *Main) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.StringVar(&m.mailPortal, "portal", "", "mail ingest: the portal whose mailbox received the message (mypension or mycareer)")
	}
}

// runMail ingests one raw RFC 5322 message from standard input, as a mail
// server's pipe delivery would: a new ticket, a reply added to its ticket,
// or the quarantine. Exit code 2 when the message is refused (too large).
func runMail(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 || args[0] != "ingest" {
		return fmt.Errorf("%w: mail ingest --portal mypension|mycareer < message.eml", errUsage)
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	m.setupAccess(nil)
	raw, err := io.ReadAll(io.LimitReader(m.Stdin, tickets.MaxEmailBytes+1))
	if err != nil {
		return fmt.Errorf("read the message: %w", err)
	}
	ctx = audit.WithActor(ctx, audit.Actor{System: "cli"})
	in, err := m.Tickets.IngestEmail(ctx, tickets.Portal(m.mailPortal), raw)
	var ve *tickets.ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("%w: %s", errUsage, ve.Error())
	}
	if err != nil {
		return err
	}
	switch {
	case in.Quarantined != 0:
		fmt.Fprintf(m.Stdout, "quarantined as %d: the message could not be read; an agent will deal with it\n", in.Quarantined)
	case in.NewTicket:
		fmt.Fprintf(m.Stdout, "new ticket %s\n", in.Ticket.Ref)
	default:
		fmt.Fprintf(m.Stdout, "added to ticket %s\n", in.Ticket.Ref)
	}
	return nil
}
