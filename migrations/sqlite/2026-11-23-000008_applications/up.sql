-- A pupil's application to an offer, for one or more of its weeks.
CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    pupil_id TEXT NOT NULL REFERENCES users(id),
    offer_id TEXT NOT NULL REFERENCES offers(id),
    school_uai TEXT NOT NULL REFERENCES schools(uai),
    school_year TEXT NOT NULL,
    -- submitted, read, accepted, confirmed, rejected, cancelled_by_pupil, cancelled_by_host, withdrawn, expired
    status TEXT NOT NULL,
    -- canonical list of the weeks ("2027-03,2027-04"): the same application twice is found by it
    weeks_key TEXT NOT NULL,
    motivation TEXT NOT NULL,
    -- from the pupil's home postal code, when known (the host is warned beyond 10 km)
    distance_km REAL,
    reason TEXT,
    submitted_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    answered_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    closed_at TIMESTAMP,
    -- no answer (or no confirmation) by then: expired
    expires_at TIMESTAMP,
    reminder_5_sent BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_1_sent BOOLEAN NOT NULL DEFAULT FALSE,
    travel_message_sent BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
-- One open application per pupil and offer: a double click finds the first.
CREATE UNIQUE INDEX applications_open ON applications (pupil_id, offer_id)
    WHERE status IN ('submitted', 'read', 'accepted', 'confirmed');
CREATE INDEX applications_offer ON applications (offer_id, status);
CREATE INDEX applications_pupil ON applications (pupil_id, status);
CREATE INDEX applications_due ON applications (expires_at) WHERE status IN ('submitted', 'read', 'accepted');

-- The weeks of each application; a confirmed week is the pupil's placement.
CREATE TABLE application_weeks (
    application_id TEXT NOT NULL REFERENCES applications(id),
    pupil_id TEXT NOT NULL REFERENCES users(id),
    iso_year INTEGER NOT NULL,
    iso_week INTEGER NOT NULL,
    confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (application_id, iso_year, iso_week)
);
-- Never two confirmed placements on one week for a pupil, whatever the application code does.
CREATE UNIQUE INDEX application_weeks_one_placement ON application_weeks (pupil_id, iso_year, iso_week) WHERE confirmed;
