DROP TABLE admin_actions;
DROP INDEX operators_legacy_token;
ALTER TABLE operators DROP COLUMN legacy_token_hash;
ALTER TABLE users DROP COLUMN suspended_reason;
ALTER TABLE users DROP COLUMN suspended_at;
ALTER TABLE school_registrations DROP COLUMN consent_scan_required;
DROP TABLE consent_withdrawals;
DROP TABLE organisation_invitations;
