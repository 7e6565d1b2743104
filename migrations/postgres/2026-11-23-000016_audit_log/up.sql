-- Who read or changed a pupil's personal data (profile, applications, agreements): shown to the
-- pupil's principal and to admins. Ids only, never the data itself.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP(6) NOT NULL,
    actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    -- read, change
    action TEXT NOT NULL,
    -- pupil_profile, application, agreement, agreement_pdf, consent
    resource TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    pupil_id TEXT NOT NULL,
    school_uai TEXT NOT NULL
);
CREATE INDEX audit_log_school ON audit_log (school_uai, at);
CREATE INDEX audit_log_pupil ON audit_log (pupil_id, at);
