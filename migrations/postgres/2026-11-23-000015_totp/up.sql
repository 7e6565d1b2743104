-- Two-factor authentication (TOTP): the shared secret (base32; the server must compute codes
-- with it), when it was confirmed, and the last step used (a code is good once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP(6);
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
