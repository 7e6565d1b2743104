-- Ministries public host organisations belong to (seeded from the 2019 targets, extendable).
CREATE TABLE ministries (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP(6) NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    siret TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    is_public BOOLEAN NOT NULL,
    ministry_id TEXT REFERENCES ministries(id),
    group_name TEXT,
    naf_code TEXT,
    sector_id TEXT REFERENCES sectors(id),
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    commune_code TEXT,
    department_code TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    invited_by TEXT REFERENCES users(id),
    created_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_members_user ON organisation_members(user_id);

CREATE TABLE offers (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    -- draft, published, unpublished, deleted
    status TEXT NOT NULL,
    -- set by a moderator: hidden from search whatever the status
    hidden BOOLEAN NOT NULL DEFAULT FALSE,
    school_year TEXT NOT NULL,
    grade_family TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    sector_id TEXT NOT NULL REFERENCES sectors(id),
    jobs TEXT NOT NULL,
    activities TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    department_code TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    -- JSON: the tutor's name, function, e-mail and phone
    tutor TEXT NOT NULL,
    places_per_week INTEGER NOT NULL,
    -- individual or group (collective internship)
    group_mode TEXT NOT NULL,
    rep_only BOOLEAN NOT NULL,
    -- JSON: days and hours
    schedule TEXT NOT NULL,
    lunch TEXT NOT NULL,
    accessibility TEXT NOT NULL,
    practical_info TEXT NOT NULL,
    -- lower-case, accent-free title, description and organisation, for keyword search
    search_text TEXT NOT NULL,
    -- SQLite's R*Tree row (unused on PostgreSQL)
    geo_id BIGINT UNIQUE,
    renewed_from TEXT REFERENCES offers(id),
    published_at TIMESTAMP(6),
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    CHECK (places_per_week BETWEEN 1 AND 200)
);
CREATE INDEX offers_organisation ON offers(organisation_id, status);

-- Weeks of an offer, with its places and the pupils confirmed (the applications issue keeps
-- confirmed <= places with a guarded update; the CHECK is the last line of defence).
CREATE TABLE offer_weeks (
    offer_id TEXT NOT NULL REFERENCES offers(id),
    iso_year INTEGER NOT NULL,
    iso_week INTEGER NOT NULL,
    places INTEGER NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (offer_id, iso_year, iso_week),
    CHECK (confirmed >= 0 AND confirmed <= places)
);

CREATE TABLE offer_schools (
    offer_id TEXT NOT NULL REFERENCES offers(id),
    uai TEXT NOT NULL REFERENCES schools(uai),
    PRIMARY KEY (offer_id, uai)
);

CREATE TABLE offer_reports (
    id TEXT PRIMARY KEY NOT NULL,
    offer_id TEXT NOT NULL REFERENCES offers(id),
    reported_by TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    -- open, hidden, kept, contacted
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at TIMESTAMP(6),
    decision_note TEXT,
    created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX offer_reports_status ON offer_reports(status, created_at);

-- Replays of non-idempotent requests (double clicks): the first answer is kept and replayed.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users(id),
    key TEXT NOT NULL,
    operation TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Nearest-first search: a GiST index on the position of published offers; a GIN full-text
-- index over the already accent-free search text ('simple': no stemming, prefix matching).
CREATE INDEX offers_geo ON offers USING gist (point(longitude, latitude)) WHERE status = 'published' AND NOT hidden;
CREATE INDEX offers_fts ON offers USING gin (to_tsvector('simple', search_text));
