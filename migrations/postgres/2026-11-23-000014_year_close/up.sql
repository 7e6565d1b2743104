-- A school year as a first-class object: its dates, and when (and by whom) it was closed.
ALTER TABLE school_years ADD COLUMN starts_on DATE;
ALTER TABLE school_years ADD COLUMN ends_on DATE;
ALTER TABLE school_years ADD COLUMN closed_at TIMESTAMP(6);
ALTER TABLE school_years ADD COLUMN closed_by TEXT;

-- Classes of a closed year are kept, read-only, for history.
ALTER TABLE school_classes ADD COLUMN archived_at TIMESTAMP(6);

-- Accounts anonymised by the retention rules (the row stays so that history keeps its shape).
ALTER TABLE users ADD COLUMN anonymised_at TIMESTAMP(6);

-- Hosts invited to renew a closed year's offers: once per organisation and year.
CREATE TABLE renewal_invitations (
    school_year TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    offers INTEGER NOT NULL,
    sent_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (school_year, organisation_id)
);
