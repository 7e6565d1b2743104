DROP TABLE renewal_invitations;
ALTER TABLE users DROP COLUMN anonymised_at;
ALTER TABLE school_classes DROP COLUMN archived_at;
ALTER TABLE school_years DROP COLUMN closed_by;
ALTER TABLE school_years DROP COLUMN closed_at;
ALTER TABLE school_years DROP COLUMN ends_on;
ALTER TABLE school_years DROP COLUMN starts_on;
