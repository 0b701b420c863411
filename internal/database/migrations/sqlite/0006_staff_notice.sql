-- The staff notice (§16): each user acknowledges, once per version of its
-- text, that their consultations are recorded and checked by sampling.
CREATE TABLE notice_acks (
    user_id INTEGER NOT NULL REFERENCES users (id),
    version text NOT NULL,
    at      TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, version)
);
