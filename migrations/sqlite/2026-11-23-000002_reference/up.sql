-- Reference data (imported from reference-data/*.csv): territories, communes, schools,
-- sectors, NAF codes. `search_text` holds lower-case, accent-free words for searching.
CREATE TABLE departments (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL,
    region_name TEXT NOT NULL,
    zone TEXT NOT NULL,
    academie_code TEXT,
    academie_name TEXT,
    academie_email_domain TEXT
);

CREATE TABLE communes (
    id TEXT PRIMARY KEY NOT NULL,
    insee_code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_code TEXT,
    department_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    academie_code TEXT,
    postal_codes TEXT NOT NULL,
    population INTEGER,
    latitude REAL,
    longitude REAL
);
CREATE INDEX communes_insee_idx ON communes (insee_code);
CREATE INDEX communes_search_idx ON communes (search_text);
CREATE INDEX communes_postal_idx ON communes (postal_codes);

CREATE TABLE schools (
    uai TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    status TEXT NOT NULL,
    nature_label TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    commune_name TEXT NOT NULL,
    department_code TEXT NOT NULL,
    academie_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    priority_education TEXT,
    qpv TEXT
);
CREATE INDEX schools_department_idx ON schools (department_code);
CREATE INDEX schools_commune_idx ON schools (commune_code);

CREATE TABLE sectors (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    onisep_url TEXT
);

CREATE TABLE naf_codes (
    code TEXT PRIMARY KEY NOT NULL,
    level TEXT NOT NULL,
    label TEXT NOT NULL,
    sector_id TEXT REFERENCES sectors (id)
);
