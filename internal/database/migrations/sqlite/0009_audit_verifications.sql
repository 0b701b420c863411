-- The worker verifies both logs' chains every day (River job audit_verify)
-- and keeps the outcome here, so that the governance page can show the
-- last verified checkpoint without recomputing millions of entries (O6,
-- O13: accounting for the tamper evidence).
CREATE TABLE audit_verifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    log             text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    verified_at     TIMESTAMP NOT NULL,
    ok              BOOLEAN NOT NULL,
    signed          BOOLEAN NOT NULL,
    entries         INTEGER NOT NULL,
    seals           INTEGER NOT NULL,
    checkpoints     INTEGER NOT NULL,
    unsealed        INTEGER NOT NULL,
    checkpoint_id   INTEGER,
    checkpoint_at   TIMESTAMP,
    problem         text NOT NULL DEFAULT ''
);
CREATE INDEX audit_verifications_log ON audit_verifications (log, id);
