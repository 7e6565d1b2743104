-- Internships found outside the platform (family, school networks): recorded by the staff who
-- follow the pupil, or declared by the pupil and validated by the school. They count in the
-- school's follow-up and the referents' coverage. The paper agreement, when uploaded, is a row
-- of `documents` owned by the pupil (erased with the pupil's data, like consent scans).
CREATE TABLE external_internships (
    id TEXT PRIMARY KEY NOT NULL,
    pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_uai TEXT NOT NULL,
    school_year TEXT NOT NULL,
    -- declared (by the pupil, awaiting the school), validated, rejected
    status TEXT NOT NULL,
    host_name TEXT NOT NULL,
    siret TEXT,
    street TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    -- ISO weeks, comma separated ("2027-W03,2027-W04")
    weeks TEXT NOT NULL,
    agreement_document_id TEXT,
    declared_by TEXT NOT NULL,
    declared_at TIMESTAMP NOT NULL,
    decided_by TEXT,
    decided_at TIMESTAMP,
    rejection_reason TEXT,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX external_internships_pupil ON external_internships(pupil_id, school_year);
CREATE INDEX external_internships_school ON external_internships(school_uai, school_year, status);
