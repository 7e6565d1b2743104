ALTER TABLE pupils DROP COLUMN consent_document_id;
DROP TABLE documents;
ALTER TABLE school_registrations DROP COLUMN priority_derogation_reason;
ALTER TABLE school_registrations DROP COLUMN priority_derogation_at;
ALTER TABLE school_registrations DROP COLUMN priority_derogation_by;
DROP TABLE school_years;
