-- Teachers' classes and pupils (enrolment, profile, parental consent).
CREATE TABLE staff_classes (
    staff_id TEXT NOT NULL REFERENCES school_staff (id) ON DELETE CASCADE,
    class_id TEXT NOT NULL REFERENCES school_classes (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, class_id)
);

CREATE TABLE pupils (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    school_uai TEXT NOT NULL REFERENCES school_registrations (uai),
    class_id TEXT NOT NULL REFERENCES school_classes (id),
    birth_date DATE,
    gender TEXT NOT NULL DEFAULT 'not_stated',
    home_postal_code TEXT,
    contact_phone TEXT,
    -- JSON: [{name, email, phone}]
    legal_representatives TEXT NOT NULL DEFAULT '[]',
    -- JSON: {interests, skills, languages, activities}
    cv TEXT NOT NULL DEFAULT '{}',
    consent_date DATE,
    consent_recorded_by TEXT REFERENCES users (id),
    consent_recorded_at TIMESTAMP(6),
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX pupils_school_idx ON pupils (school_uai);
CREATE INDEX pupils_class_idx ON pupils (class_id);
