-- A colleague joins an organisation only once they accept (no silent joining): the invitation
-- waits here until then; accepting writes the membership.
CREATE TABLE organisation_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    invited_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, user_id)
);
CREATE INDEX organisation_invitations_user ON organisation_invitations(user_id);
-- A parental consent withdrawn by the school, with the family's reason (kept for the audit).
CREATE TABLE consent_withdrawals (
    id TEXT PRIMARY KEY NOT NULL,
    pupil_id TEXT NOT NULL REFERENCES users(id),
    school_uai TEXT NOT NULL,
    consent_date DATE NOT NULL,
    reason TEXT NOT NULL,
    withdrawn_by TEXT NOT NULL REFERENCES users(id),
    withdrawn_at TIMESTAMP NOT NULL
);
CREATE INDEX consent_withdrawals_pupil ON consent_withdrawals(pupil_id);
-- Per school: whether the scanned authorisation must be uploaded before the consent is recorded.
ALTER TABLE school_registrations ADD COLUMN consent_scan_required BOOLEAN NOT NULL DEFAULT FALSE;
-- An admin suspends an account (left, misuse): no log-in until reactivated. Apart from the
-- 15-minute lock-out after failed log-ins, which a password reset lifts.
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMP;
ALTER TABLE users ADD COLUMN suspended_reason TEXT;
-- The v1 partner contract's static token (shown once in the association's space, rotatable):
-- only its hash is kept.
ALTER TABLE operators ADD COLUMN legacy_token_hash TEXT;
CREATE UNIQUE INDEX operators_legacy_token ON operators(legacy_token_hash);
-- Every change an admin makes (what the back office does), for the admins to read back.
CREATE TABLE admin_actions (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL
);
CREATE INDEX admin_actions_at ON admin_actions(at);
