-- Tickets (the contact dossier, O1–O5, O7, O8): the citizen's identity and
-- the request's metadata, an append-only timeline of actions, and the
-- quarantine of e-mails that could not be parsed. Never consulted data.

CREATE TABLE tickets (
    id               bigserial PRIMARY KEY,
    ref              text NOT NULL UNIQUE,
    insz             text,
    last_name        text NOT NULL DEFAULT '',
    first_name       text NOT NULL DEFAULT '',
    sex              text NOT NULL DEFAULT '',
    birth_date       text NOT NULL DEFAULT '',
    birth_place      text NOT NULL DEFAULT '',
    address          text NOT NULL DEFAULT '',
    identified_at    timestamptz,
    sender           text NOT NULL DEFAULT '',
    portal           text NOT NULL CHECK (portal IN ('mypension', 'mycareer')),
    channel          text NOT NULL CHECK (channel IN ('portal_form', 'email', 'post', 'phone')),
    purpose          text NOT NULL CHECK (purpose IN ('content_question', 'error_report', 'complaint', 'access_problem', 'other')),
    subject          text NOT NULL,
    request          text NOT NULL DEFAULT '',
    received_at      timestamptz NOT NULL,
    status           text NOT NULL CHECK (status IN ('new', 'in_progress', 'assigned', 'answered', 'closed')),
    institution_code text NOT NULL REFERENCES institutions (code),
    owner_id         bigint REFERENCES users (id),
    due_at           timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       bigint REFERENCES users (id),
    updated_at       timestamptz NOT NULL,
    closed_at        timestamptz,
    idempotency_key  text UNIQUE,
    message_id       text
);
CREATE INDEX tickets_insz ON tickets (insz, id);
CREATE INDEX tickets_queue ON tickets (institution_code, status, id);
CREATE INDEX tickets_owner ON tickets (owner_id, id);
CREATE INDEX tickets_message ON tickets (message_id);

CREATE TABLE ticket_actions (
    id               bigserial PRIMARY KEY,
    ticket_id        bigint NOT NULL REFERENCES tickets (id),
    at               timestamptz NOT NULL,
    actor_id         bigint REFERENCES users (id),
    actor_role       text NOT NULL DEFAULT '',
    kind             text NOT NULL,
    from_status      text NOT NULL DEFAULT '',
    to_status        text NOT NULL DEFAULT '',
    institution_code text NOT NULL DEFAULT '',
    channel          text NOT NULL DEFAULT '',
    text             text NOT NULL DEFAULT '',
    questions_put    integer NOT NULL DEFAULT 0,
    questions_passed boolean,
    consultation_ref text NOT NULL DEFAULT ''
);
CREATE INDEX ticket_actions_ticket ON ticket_actions (ticket_id, id);

CREATE TABLE mail_quarantine (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL,
    reason      text NOT NULL,
    size        integer NOT NULL,
    raw         bytea NOT NULL,
    resolved_at timestamptz,
    resolved_by bigint REFERENCES users (id)
);
