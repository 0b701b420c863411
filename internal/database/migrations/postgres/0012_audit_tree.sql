-- The logs' Merkle trees and their witnesses (O6, O9; issue "the audit log,
-- witnessed").
--
-- audit_tree: per seal, the tree (RFC 6962) over every entry sealed so far:
-- its size and root, and the hashes the seal's entries added to it, from
-- which inclusion and consistency proofs are read in log2(n) hashes.
-- audit_witnessed: each checkpoint a witness outside the database accepted,
-- with the note as the witness returned it (cosigned by an HTTP witness).
-- A receipt proves an entry against the newest of these. Both append-only.
CREATE TABLE audit_tree (
    seal_id   bigint PRIMARY KEY REFERENCES audit_seals (id),
    log       text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    from_size bigint NOT NULL,
    size      bigint NOT NULL,
    hash_from bigint NOT NULL,
    root      bytea NOT NULL,
    hashes    bytea NOT NULL,
    UNIQUE (log, size),
    UNIQUE (log, hash_from)
);

-- Hashes are read 32 bytes at a time (substr): stored uncompressed, so
-- that PostgreSQL fetches only the slice, not the seal's whole blob.
ALTER TABLE audit_tree ALTER COLUMN hashes SET STORAGE EXTERNAL;

CREATE TABLE audit_witnessed (
    id            bigserial PRIMARY KEY,
    log           text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints (id),
    size          bigint NOT NULL,
    witness       text NOT NULL,
    note          text NOT NULL,
    witnessed_at  timestamptz NOT NULL
);
CREATE INDEX audit_witnessed_log ON audit_witnessed (log, size);

CREATE TRIGGER audit_tree_append_only BEFORE UPDATE OR DELETE ON audit_tree FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_tree_no_truncate BEFORE TRUNCATE ON audit_tree FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_witnessed_append_only BEFORE UPDATE OR DELETE ON audit_witnessed FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_witnessed_no_truncate BEFORE TRUNCATE ON audit_witnessed FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();

-- A verification now records where it got to, so that the next one starts
-- there (incremental), and what the witnesses held.
ALTER TABLE audit_verifications ADD COLUMN full_run boolean NOT NULL DEFAULT true;
ALTER TABLE audit_verifications ADD COLUMN seal_id bigint;
ALTER TABLE audit_verifications ADD COLUMN tree_size bigint NOT NULL DEFAULT 0;
ALTER TABLE audit_verifications ADD COLUMN witnessed_size bigint NOT NULL DEFAULT 0;
ALTER TABLE audit_verifications ADD COLUMN witnessed_at timestamptz;
ALTER TABLE audit_verifications ADD COLUMN lag_warning text NOT NULL DEFAULT '';
-- Signed by the worker, so that a row written behind its back cannot tell
-- the next verification to skip history (where it resumes, when the last
-- full one ran).
ALTER TABLE audit_verifications ADD COLUMN note text NOT NULL DEFAULT '';
