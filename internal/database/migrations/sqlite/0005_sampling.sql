-- Sampling runs (O12, §15): the adviser's check, period after period, that
-- every consultation was justified. A run stores what it drew and why;
-- the adviser's verdicts and the follow-ups of unjustified consultations.
-- Nothing here holds consulted data: items point at consultation records.
CREATE TABLE sampling_runs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    period_start   TIMESTAMP NOT NULL,
    period_end     TIMESTAMP NOT NULL,
    scope          text NOT NULL DEFAULT 'all',
    seed           text NOT NULL,
    confidence     REAL NOT NULL,
    tolerable_rate REAL NOT NULL,
    sample_size    integer NOT NULL,
    population     INTEGER NOT NULL,
    status         text NOT NULL CHECK (status IN ('open', 'closed')),
    requested_by   INTEGER,
    created_at     TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP,
    UNIQUE (period_start, period_end, scope)
);

CREATE TABLE sampling_items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id          INTEGER NOT NULL REFERENCES sampling_runs (id),
    consultation_id INTEGER NOT NULL,
    why             text NOT NULL CHECK (why IN ('random', 'hard_rule', 'flagged')),
    findings        text NOT NULL DEFAULT '',
    flags           text NOT NULL DEFAULT '',
    verdict         text NOT NULL DEFAULT '' CHECK (verdict IN ('', 'justified', 'not_justified', 'explanation_asked')),
    comment         text NOT NULL DEFAULT '',
    reviewed_by     INTEGER,
    reviewed_at     TIMESTAMP,
    UNIQUE (run_id, consultation_id)
);
CREATE INDEX sampling_items_run ON sampling_items (run_id, id);

CREATE TABLE sampling_followups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     INTEGER NOT NULL UNIQUE REFERENCES sampling_items (id),
    referred_to text NOT NULL DEFAULT '',
    sanction    text NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    closed_at   TIMESTAMP,
    closed_by   INTEGER
);
