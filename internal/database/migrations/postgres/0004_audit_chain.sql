-- Tamper evidence of the access and consultation logs (O6, O9, §6).
--
-- Seals: a sealer (River job audit_seal) takes the entries committed since
-- the last seal, in id order, and appends one seal naming them: their ids
-- with a fingerprint each (to name the entry that changed) and a hash that
-- chains the batch to the previous seal. Checkpoints sign the chain's head
-- (an Ed25519 note), so that a copy kept outside the database proves the
-- history later. All four tables are append-only.
CREATE TABLE audit_seals (
    id         bigserial PRIMARY KEY,
    log        text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    first_id   bigint NOT NULL,
    last_id    bigint NOT NULL,
    entries    integer NOT NULL,
    total      bigint NOT NULL,
    prints     bytea NOT NULL,
    chain_hash bytea NOT NULL,
    sealed_at  timestamptz NOT NULL,
    UNIQUE (log, last_id),
    UNIQUE (log, first_id)
);
CREATE INDEX audit_seals_log ON audit_seals (log, id);

CREATE TABLE audit_checkpoints (
    id        bigserial PRIMARY KEY,
    log       text NOT NULL,
    seal_id   bigint NOT NULL REFERENCES audit_seals (id),
    total     bigint NOT NULL,
    note      text NOT NULL,
    signed_at timestamptz NOT NULL
);
CREATE INDEX audit_checkpoints_log ON audit_checkpoints (log, id);

-- Append-only, enforced by the database itself: no UPDATE, DELETE or
-- TRUNCATE on the logs, their seals or their checkpoints. Give the
-- application's role INSERT and SELECT only as well (docs/OPERATIONS.md).
CREATE FUNCTION contactd_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'contactd: % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- Writers number their entries under a shared lock that the sealer takes
-- exclusively for an instant: once it holds it, every numbered entry is
-- committed (or rolled back), so sealing up to the highest id can never
-- skip one that commits later. Writers never wait for each other.
CREATE FUNCTION contactd_number_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtext('contactd_audit_seal'));
    NEW.id := nextval(TG_ARGV[0]::regclass);
    RETURN NEW;
END $$;

-- The trigger numbers entries: the column default would draw a second
-- number and leave the sequence with holes.
ALTER TABLE access_log ALTER COLUMN id DROP DEFAULT;
ALTER TABLE consultations ALTER COLUMN id DROP DEFAULT;
CREATE TRIGGER access_log_number BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION contactd_number_entry('access_log_id_seq');
CREATE TRIGGER consultations_number BEFORE INSERT ON consultations FOR EACH ROW EXECUTE FUNCTION contactd_number_entry('consultations_id_seq');

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER consultations_append_only BEFORE UPDATE OR DELETE ON consultations FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER consultations_no_truncate BEFORE TRUNCATE ON consultations FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
