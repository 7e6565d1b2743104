-- A school year's national settings, set by an admin (the seconde weeks; campaigns later).
CREATE TABLE school_years (
    label TEXT PRIMARY KEY NOT NULL,
    seconde_weeks TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMP(6) NOT NULL
);

-- A referent or admin lets a non-REP school's pupils see the offers reserved to REP/REP+.
ALTER TABLE school_registrations ADD COLUMN priority_derogation_by TEXT REFERENCES users(id);
ALTER TABLE school_registrations ADD COLUMN priority_derogation_at TIMESTAMP(6);
ALTER TABLE school_registrations ADD COLUMN priority_derogation_reason TEXT;

-- Uploaded files kept in the database, so that every replica serves them (scanned consent forms).
CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX documents_owner ON documents(owner_id, kind);

ALTER TABLE pupils ADD COLUMN consent_document_id TEXT REFERENCES documents(id) ON DELETE SET NULL;
