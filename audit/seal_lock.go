package audit

import (
	"context"
	"sync"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// sealing serialises the sealers of this process.
var sealing sync.Mutex

// trySealLock takes the right to seal, or says another sealer has it. On
// PostgreSQL it is a session advisory lock on a connection of its own: a
// worker killed in the middle of a seal loses its connection, and with it
// the lock, at once — unlike a River job left "running", which would
// block a unique job until River rescues it twenty minutes later. The
// sealing job is therefore not unique: the next one, ten seconds later on
// any worker, takes over (O6: sealing never stalls).
func trySealLock(ctx context.Context, db bun.IDB) (unlock func(), ok bool, err error) {
	if !sealing.TryLock() {
		return nil, false, nil
	}
	bdb, isDB := db.(*bun.DB)
	if !isDB || db.Dialect().Name() != dialect.PG {
		return sealing.Unlock, true, nil
	}
	conn, err := bdb.Conn(ctx)
	if err != nil {
		sealing.Unlock()
		return nil, false, err
	}
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock(hashtext('contactd_sealer'))").Scan(&got); err != nil || !got {
		conn.Close()
		sealing.Unlock()
		return nil, false, err
	}
	return func() {
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(hashtext('contactd_sealer'))")
		conn.Close()
		sealing.Unlock()
	}, true, nil
}
