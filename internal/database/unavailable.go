package database

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable says whether err means that the database could not be
// reached or went away mid-request — connection refused or lost, the
// server shutting down, crashed or still starting — rather than that it
// refused a statement. The request may succeed in a moment, once the
// server is back: the HTTP layer answers 503, not 500, and the pool
// reconnects by itself.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08 is a connection exception; class 57P the server's
		// operator intervention: admin_shutdown (57P01, a fast stop),
		// crash_shutdown (57P02), cannot_connect_now (57P03, shutting
		// down or starting up). Anything else — an authentication failure
		// included — is a real error that waiting will not cure.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	var connectErr *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone)
}
