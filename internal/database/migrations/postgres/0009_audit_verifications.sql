-- The worker verifies both logs' chains every day (River job audit_verify)
-- and keeps the outcome here, so that the governance page can show the
-- last verified checkpoint without recomputing millions of entries (O6,
-- O13: accounting for the tamper evidence).
CREATE TABLE audit_verifications (
    id              bigserial PRIMARY KEY,
    log             text NOT NULL CHECK (log IN ('access_log', 'consultations')),
    verified_at     timestamptz NOT NULL,
    ok              boolean NOT NULL,
    signed          boolean NOT NULL,
    entries         bigint NOT NULL,
    seals           bigint NOT NULL,
    checkpoints     bigint NOT NULL,
    unsealed        bigint NOT NULL,
    checkpoint_id   bigint,
    checkpoint_at   timestamptz,
    problem         text NOT NULL DEFAULT ''
);
CREATE INDEX audit_verifications_log ON audit_verifications (log, id);
