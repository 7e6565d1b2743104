-- A two-week seconde offer is taken as the two weeks only (the guide's preferred form) or as one
-- or two weeks: the offers taken as the two weeks only (a table of its own: the offers table is
-- at diesel's 32 columns).
CREATE TABLE offers_two_weeks_only (
    offer_id TEXT PRIMARY KEY REFERENCES offers(id) ON DELETE CASCADE
);
-- Split seconde placements (one week in each of two hosts) are the exception the principal
-- authorises: for the whole school, or pupil by pupil once the pupil asked.
ALTER TABLE school_registrations ADD COLUMN splits_allowed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE pupils ADD COLUMN split_requested_at TIMESTAMP;
ALTER TABLE pupils ADD COLUMN split_approved_at TIMESTAMP;
ALTER TABLE pupils ADD COLUMN split_approved_by TEXT;
