-- The logs' Merkle trees and their witnesses; see the PostgreSQL migration.
CREATE TABLE audit_tree (
    seal_id   INTEGER PRIMARY KEY REFERENCES audit_seals (id),
    log       text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    from_size INTEGER NOT NULL,
    size      INTEGER NOT NULL,
    hash_from INTEGER NOT NULL,
    root      BLOB NOT NULL,
    hashes    BLOB NOT NULL,
    UNIQUE (log, size),
    UNIQUE (log, hash_from)
);

CREATE TABLE audit_witnessed (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    log           text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    checkpoint_id INTEGER NOT NULL REFERENCES audit_checkpoints (id),
    size          INTEGER NOT NULL,
    witness       text NOT NULL,
    note          text NOT NULL,
    witnessed_at  TIMESTAMP NOT NULL
);
CREATE INDEX audit_witnessed_log ON audit_witnessed (log, size);

CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree BEGIN SELECT RAISE(ABORT, 'contactd: audit_tree is append-only'); END;
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree BEGIN SELECT RAISE(ABORT, 'contactd: audit_tree is append-only'); END;
CREATE TRIGGER audit_witnessed_no_update BEFORE UPDATE ON audit_witnessed BEGIN SELECT RAISE(ABORT, 'contactd: audit_witnessed is append-only'); END;
CREATE TRIGGER audit_witnessed_no_delete BEFORE DELETE ON audit_witnessed BEGIN SELECT RAISE(ABORT, 'contactd: audit_witnessed is append-only'); END;

ALTER TABLE audit_verifications ADD COLUMN full_run INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_verifications ADD COLUMN seal_id INTEGER;
ALTER TABLE audit_verifications ADD COLUMN tree_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_verifications ADD COLUMN witnessed_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_verifications ADD COLUMN witnessed_at TIMESTAMP;
ALTER TABLE audit_verifications ADD COLUMN lag_warning text NOT NULL DEFAULT '';
-- Signed by the worker, so that a row written behind its back cannot tell
-- the next verification to skip history (where it resumes, when the last
-- full one ran).
ALTER TABLE audit_verifications ADD COLUMN note text NOT NULL DEFAULT '';
