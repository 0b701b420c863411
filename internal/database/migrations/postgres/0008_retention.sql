-- Retention (O13, §17): contact data are kept only as long as their
-- purpose needs.
--
-- Tickets closed long enough ago lose the citizen's identity and every
-- free text; they keep what statistics need and say when they were erased
-- (erased_at) and why (erased_why: retention or citizen_request). Each
-- retention run leaves a row: when, and what it erased (counts and
-- ranges, never contents).
ALTER TABLE tickets ADD COLUMN erased_at timestamptz;
ALTER TABLE tickets ADD COLUMN erased_why text NOT NULL DEFAULT '';
CREATE INDEX tickets_retention ON tickets (closed_at) WHERE status = 'closed' AND erased_at IS NULL;
CREATE INDEX mail_quarantine_received ON mail_quarantine (received_at);

CREATE TABLE retention_runs (
    id                    bigserial PRIMARY KEY,
    as_of                 timestamptz NOT NULL UNIQUE,
    started_at            timestamptz NOT NULL,
    finished_at           timestamptz,
    tickets_erased        bigint NOT NULL DEFAULT 0,
    quarantine_deleted    bigint NOT NULL DEFAULT 0,
    sessions_deleted      bigint NOT NULL DEFAULT 0,
    access_log_removed    bigint NOT NULL DEFAULT 0,
    consultations_removed bigint NOT NULL DEFAULT 0,
    ranges                text NOT NULL DEFAULT '{}',
    notes                 text NOT NULL DEFAULT ''
);

-- A horizon says, signed with the checkpoint key, where a log's history
-- now begins: after seal seal_id, whose last entry is last_id, with the
-- chain at total entries and chain_hash. Verification starts there. The
-- seals and checkpoints before it are kept: they hold no personal data and
-- prove what the removed history hashed to.
CREATE TABLE audit_horizons (
    id         bigserial PRIMARY KEY,
    log        text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    seal_id    bigint NOT NULL REFERENCES audit_seals (id),
    last_id    bigint NOT NULL,
    total      bigint NOT NULL,
    chain_hash bytea NOT NULL,
    cutoff     timestamptz NOT NULL,
    note       text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (log, seal_id)
);
CREATE INDEX audit_horizons_log ON audit_horizons (log, id);

-- A permit lives only inside a pruning transaction: inserted before its
-- DELETE, deleted before its commit.
CREATE TABLE audit_prune_permits (
    horizon_id bigint NOT NULL REFERENCES audit_horizons (id)
);

CREATE TRIGGER audit_horizons_append_only BEFORE UPDATE OR DELETE ON audit_horizons FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_horizons_no_truncate BEFORE TRUNCATE ON audit_horizons FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();

-- The one exception to the logs' append-only rule (0004): DELETE — never
-- UPDATE, never TRUNCATE — of an entry at or below a signed horizon, by a
-- transaction holding a permit for that horizon. Entries below a horizon
-- are outside verified history already, so removing them hides nothing
-- verification relies on; a horizon that was not signed with the key fails
-- verification. A trigger's WHEN cannot hold a subquery on PostgreSQL,
-- hence the function.
CREATE FUNCTION contactd_prune_permitted(log_name text, entry_id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM audit_prune_permits p JOIN audit_horizons h ON h.id = p.horizon_id
                   WHERE h.log = log_name AND entry_id <= h.last_id)
$$;

DROP TRIGGER access_log_append_only ON access_log;
CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_log FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log FOR EACH ROW
    WHEN (NOT contactd_prune_permitted('access_log', OLD.id)) EXECUTE FUNCTION contactd_append_only();
DROP TRIGGER consultations_append_only ON consultations;
CREATE TRIGGER consultations_append_only BEFORE UPDATE ON consultations FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER consultations_no_delete BEFORE DELETE ON consultations FOR EACH ROW
    WHEN (NOT contactd_prune_permitted('consultations', OLD.id)) EXECUTE FUNCTION contactd_append_only();
