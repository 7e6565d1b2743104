ALTER TABLE pupils DROP COLUMN split_approved_by;
ALTER TABLE pupils DROP COLUMN split_approved_at;
ALTER TABLE pupils DROP COLUMN split_requested_at;
ALTER TABLE school_registrations DROP COLUMN splits_allowed;
DROP TABLE offers_two_weeks_only;
