-- Retention (O13, §17): contact data are kept only as long as their
-- purpose needs. See the PostgreSQL migration for the design; SQLite's
-- triggers take their exception in a WHEN clause directly.
ALTER TABLE tickets ADD COLUMN erased_at TIMESTAMP;
ALTER TABLE tickets ADD COLUMN erased_why text NOT NULL DEFAULT '';
CREATE INDEX tickets_retention ON tickets (closed_at) WHERE status = 'closed' AND erased_at IS NULL;
CREATE INDEX mail_quarantine_received ON mail_quarantine (received_at);

CREATE TABLE retention_runs (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of                 TIMESTAMP NOT NULL UNIQUE,
    started_at            TIMESTAMP NOT NULL,
    finished_at           TIMESTAMP,
    tickets_erased        INTEGER NOT NULL DEFAULT 0,
    quarantine_deleted    INTEGER NOT NULL DEFAULT 0,
    sessions_deleted      INTEGER NOT NULL DEFAULT 0,
    access_log_removed    INTEGER NOT NULL DEFAULT 0,
    consultations_removed INTEGER NOT NULL DEFAULT 0,
    ranges                text NOT NULL DEFAULT '{}',
    notes                 text NOT NULL DEFAULT ''
);

CREATE TABLE audit_horizons (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    log        text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    seal_id    INTEGER NOT NULL REFERENCES audit_seals (id),
    last_id    INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    chain_hash BLOB NOT NULL,
    cutoff     TIMESTAMP NOT NULL,
    note       text NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (log, seal_id)
);
CREATE INDEX audit_horizons_log ON audit_horizons (log, id);

CREATE TABLE audit_prune_permits (
    horizon_id INTEGER NOT NULL REFERENCES audit_horizons (id)
);

CREATE TRIGGER audit_horizons_no_update BEFORE UPDATE ON audit_horizons BEGIN SELECT RAISE(ABORT, 'contactd: audit_horizons is append-only'); END;
CREATE TRIGGER audit_horizons_no_delete BEFORE DELETE ON audit_horizons BEGIN SELECT RAISE(ABORT, 'contactd: audit_horizons is append-only'); END;

-- The one exception to the logs' append-only rule: DELETE (never UPDATE)
-- of an entry at or below a signed horizon, by a transaction that holds a
-- permit for that horizon. The permit is inserted and deleted within the
-- pruning transaction, so a stray DELETE is still refused.
DROP TRIGGER access_log_no_delete;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permits p JOIN audit_horizons h ON h.id = p.horizon_id
                 WHERE h.log = 'access_log' AND OLD.id <= h.last_id)
BEGIN SELECT RAISE(ABORT, 'contactd: access_log is append-only'); END;
DROP TRIGGER consultations_no_delete;
CREATE TRIGGER consultations_no_delete BEFORE DELETE ON consultations
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permits p JOIN audit_horizons h ON h.id = p.horizon_id
                 WHERE h.log = 'consultations' AND OLD.id <= h.last_id)
BEGIN SELECT RAISE(ABORT, 'contactd: consultations is append-only'); END;
