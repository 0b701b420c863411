-- The consultation log (O9, §9): one row per consultation of a citizen's
-- identity, career or supplementary pension, found or not, refused or
-- failed. It records that a consultation happened and why — never what it
-- showed. Rows are only ever inserted.
CREATE TABLE consultations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    at               TIMESTAMP NOT NULL,
    user_id          INTEGER,
    role             text NOT NULL DEFAULT '',
    institution_code text NOT NULL DEFAULT '',
    ticket_id        INTEGER,
    ticket_ref       text NOT NULL DEFAULT '',
    insz             text NOT NULL DEFAULT '',
    kind             text NOT NULL CHECK (kind IN ('identity', 'career', 'supplementary_pension')),
    reason           text NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('found', 'not_found', 'refused', 'upstream_error')),
    detail           text NOT NULL DEFAULT '',
    latency_us       INTEGER NOT NULL DEFAULT 0,
    request_id       text NOT NULL DEFAULT '',
    client_addr      text NOT NULL DEFAULT ''
);
CREATE INDEX consultations_at ON consultations (at);
-- The per-agent rate limit counts an agent's last hour.
CREATE INDEX consultations_user ON consultations (user_id, at);
CREATE INDEX consultations_ticket ON consultations (ticket_id);
CREATE INDEX consultations_insz ON consultations (insz, at);
