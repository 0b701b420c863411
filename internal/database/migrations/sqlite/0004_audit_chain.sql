-- Tamper evidence of the access and consultation logs (O6, O9, §6); see
-- the PostgreSQL migration for the design. SQLite serialises writers, so
-- ids commit in order and no numbering lock is needed.
CREATE TABLE audit_seals (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    log        text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    first_id   INTEGER NOT NULL,
    last_id    INTEGER NOT NULL,
    entries    INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    prints     BLOB NOT NULL,
    chain_hash BLOB NOT NULL,
    sealed_at  TIMESTAMP NOT NULL,
    UNIQUE (log, last_id),
    UNIQUE (log, first_id)
);
CREATE INDEX audit_seals_log ON audit_seals (log, id);

CREATE TABLE audit_checkpoints (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    log       text NOT NULL,
    seal_id   INTEGER NOT NULL REFERENCES audit_seals (id),
    total     INTEGER NOT NULL,
    note      text NOT NULL,
    signed_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_checkpoints_log ON audit_checkpoints (log, id);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'contactd: access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'contactd: access_log is append-only'); END;
CREATE TRIGGER consultations_no_update BEFORE UPDATE ON consultations BEGIN SELECT RAISE(ABORT, 'contactd: consultations is append-only'); END;
CREATE TRIGGER consultations_no_delete BEFORE DELETE ON consultations BEGIN SELECT RAISE(ABORT, 'contactd: consultations is append-only'); END;
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals BEGIN SELECT RAISE(ABORT, 'contactd: audit_seals is append-only'); END;
CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals BEGIN SELECT RAISE(ABORT, 'contactd: audit_seals is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'contactd: audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'contactd: audit_checkpoints is append-only'); END;
