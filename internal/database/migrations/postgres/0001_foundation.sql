-- Foundation: institutions (reference data), staff users and their role
-- grants, server-side sessions, pending sign-ins and the access log (O6).

CREATE TABLE institutions (
    code    text PRIMARY KEY,
    kind    text NOT NULL CHECK (kind IN ('contact_centre', 'back_office')),
    name_fr text NOT NULL,
    name_nl text NOT NULL,
    name_de text NOT NULL,
    name_en text NOT NULL
);

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    subject         text UNIQUE,
    display_name    text NOT NULL DEFAULT '',
    national_number text UNIQUE,
    email           text,
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    disabled_at     timestamptz,
    CHECK (subject IS NOT NULL OR national_number IS NOT NULL OR email IS NOT NULL)
);

CREATE TABLE role_grants (
    id               bigserial PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (id),
    role             text NOT NULL CHECK (role IN ('front_office', 'back_office', 'security_adviser', 'local_manager', 'admin')),
    institution_code text NOT NULL REFERENCES institutions (code),
    granted_by       bigint REFERENCES users (id),
    granted_at       timestamptz NOT NULL,
    ends_at          timestamptz,
    UNIQUE (user_id, role, institution_code)
);

CREATE TABLE sessions (
    id_hash          text PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (id),
    role             text NOT NULL DEFAULT '',
    institution_code text NOT NULL DEFAULT '',
    csrf_token       text NOT NULL,
    created_at       timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE sign_in_requests (
    state_hash    text PRIMARY KEY,
    nonce         text NOT NULL,
    code_verifier text NOT NULL,
    return_to     text NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);

CREATE TABLE access_log (
    id               bigserial PRIMARY KEY,
    at               timestamptz NOT NULL,
    user_id          bigint,
    role             text NOT NULL DEFAULT '',
    institution_code text NOT NULL DEFAULT '',
    action           text NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
    ticket_ref       text NOT NULL DEFAULT '',
    citizen          text NOT NULL DEFAULT '',
    detail           text NOT NULL DEFAULT '',
    request_id       text NOT NULL DEFAULT '',
    client_addr      text NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_user ON access_log (user_id, at);
INSERT INTO institutions (code, kind, name_fr, name_nl, name_de, name_en) VALUES
('contact_centre', 'contact_centre', 'Centre de contact mypension et mycareer', 'Contactcenter mypension en mycareer', 'Kontaktzentrum mypension und mycareer', 'mypension and mycareer contact centre'),
('sigedis', 'back_office', 'Sigedis', 'Sigedis', 'Sigedis', 'Sigedis'),
('sfpd', 'back_office', 'Service fédéral des Pensions', 'Federale Pensioendienst', 'Föderaler Pensionsdienst', 'Federal Pension Service'),
('inasti', 'back_office', 'Institut national d''assurances sociales pour travailleurs indépendants', 'Rijksinstituut voor de sociale verzekeringen der zelfstandigen', 'Landesinstitut für die Sozialversicherungen der Selbständigen', 'National Institute for the Social Security of the Self-employed'),
('onss', 'back_office', 'Office national de sécurité sociale', 'Rijksdienst voor Sociale Zekerheid', 'Landesamt für soziale Sicherheit', 'National Social Security Office'),
('onem', 'back_office', 'Office national de l''emploi', 'Rijksdienst voor Arbeidsvoorziening', 'Landesamt für Arbeitsbeschaffung', 'National Employment Office'),
('inami', 'back_office', 'Institut national d''assurance maladie-invalidité', 'Rijksinstituut voor ziekte- en invaliditeitsverzekering', 'Landesinstitut für Kranken- und Invalidenversicherung', 'National Institute for Health and Disability Insurance'),
('fedris', 'back_office', 'Agence fédérale des risques professionnels', 'Federaal agentschap voor beroepsrisico''s', 'Föderalagentur für Berufsrisiken', 'Federal Agency for Occupational Risks');
