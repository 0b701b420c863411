package database_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"contactd/internal/database"
)

// TestIsUnavailable: the errors a stopped, stopping or starting server
// gives are "unavailable" (503, retry); a statement refused is not.
// internal/faultdrill's outage drill makes them for real.
func TestIsUnavailable(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for err, want := range map[error]bool{
		nil:                                         false,
		errors.New("tickets: no such row"):          false,
		&pgconn.PgError{Code: "23505"}:              false, // unique violation
		&pgconn.PgError{Code: "28P01"}:              false, // wrong password: waiting will not help
		&pgconn.PgError{Code: "57P01"}:              true,  // terminating connection due to administrator command
		&pgconn.PgError{Code: "57P03"}:              true,  // the database system is starting up
		&pgconn.PgError{Code: "08006"}:              true,  // connection failure
		fmt.Errorf("access: %w", refused):           true,
		fmt.Errorf("view: %w", io.ErrUnexpectedEOF): true,
		fmt.Errorf("tx: %w", pgconn.ErrConnClosed):  true,
		driver.ErrBadConn:                           true,
	} {
		if got := database.IsUnavailable(err); got != want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", err, got, want)
		}
	}
}
