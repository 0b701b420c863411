-- Sampling runs (O12, §15): the adviser's check, period after period, that
-- every consultation was justified. A run stores what it drew and why;
-- the adviser's verdicts and the follow-ups of unjustified consultations.
-- Nothing here holds consulted data: items point at consultation records.
CREATE TABLE sampling_runs (
    id             bigserial PRIMARY KEY,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    scope          text NOT NULL DEFAULT 'all',
    seed           text NOT NULL,
    confidence     double precision NOT NULL,
    tolerable_rate double precision NOT NULL,
    sample_size    integer NOT NULL,
    population     bigint NOT NULL,
    status         text NOT NULL CHECK (status IN ('open', 'closed')),
    requested_by   bigint,
    created_at     timestamptz NOT NULL,
    closed_at      timestamptz,
    UNIQUE (period_start, period_end, scope)
);

CREATE TABLE sampling_items (
    id              bigserial PRIMARY KEY,
    run_id          bigint NOT NULL REFERENCES sampling_runs (id),
    consultation_id bigint NOT NULL,
    why             text NOT NULL CHECK (why IN ('random', 'hard_rule', 'flagged')),
    findings        text NOT NULL DEFAULT '',
    flags           text NOT NULL DEFAULT '',
    verdict         text NOT NULL DEFAULT '' CHECK (verdict IN ('', 'justified', 'not_justified', 'explanation_asked')),
    comment         text NOT NULL DEFAULT '',
    reviewed_by     bigint,
    reviewed_at     timestamptz,
    UNIQUE (run_id, consultation_id)
);
CREATE INDEX sampling_items_run ON sampling_items (run_id, id);

CREATE TABLE sampling_followups (
    id          bigserial PRIMARY KEY,
    item_id     bigint NOT NULL UNIQUE REFERENCES sampling_items (id),
    referred_to text NOT NULL DEFAULT '',
    sanction    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    closed_at   timestamptz,
    closed_by   bigint
);
