-- Schools registered by their principal, their staff, classes and internship weeks.
CREATE TABLE school_registrations (
    uai TEXT PRIMARY KEY NOT NULL REFERENCES schools (uai),
    registered_by TEXT NOT NULL REFERENCES users (id),
    registered_at TIMESTAMP NOT NULL,
    national_search BOOLEAN NOT NULL DEFAULT FALSE,
    search_radius_km INTEGER NOT NULL DEFAULT 60
);

CREATE TABLE school_staff (
    id TEXT PRIMARY KEY NOT NULL,
    school_uai TEXT NOT NULL REFERENCES school_registrations (uai),
    user_id TEXT NOT NULL REFERENCES users (id),
    function TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX school_staff_member_key ON school_staff (school_uai, user_id);
CREATE INDEX school_staff_user_idx ON school_staff (user_id);

CREATE TABLE school_classes (
    id TEXT PRIMARY KEY NOT NULL,
    school_uai TEXT NOT NULL REFERENCES school_registrations (uai),
    school_year TEXT NOT NULL,
    name TEXT NOT NULL,
    grade TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX school_classes_name_key ON school_classes (school_uai, school_year, name);

CREATE TABLE school_weeks (
    id TEXT PRIMARY KEY NOT NULL,
    school_uai TEXT NOT NULL REFERENCES school_registrations (uai),
    school_year TEXT NOT NULL,
    grade_family TEXT NOT NULL,
    iso_year INTEGER NOT NULL,
    iso_week INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX school_weeks_key ON school_weeks (school_uai, school_year, grade_family, iso_year, iso_week);
CREATE INDEX school_weeks_week_idx ON school_weeks (school_year, grade_family, iso_year, iso_week);
