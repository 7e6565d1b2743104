-- Sessions ended before their access tokens expire (log-out, password change, account deletion,
-- suspension): each replica reads the new rows about once a second and refuses those sessions'
-- access tokens from then on, without a database read per request.
CREATE TABLE session_revocations (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX session_revocations_created ON session_revocations(created_at);
-- A value sealed with SECRETS_KEY when the database was first used: a replica started with
-- another key cannot open it and refuses to start (instead of failing sign-ins later).
CREATE TABLE sealed_checks (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- An idempotency key answers again only the very same request (operation, target, body).
ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
-- One counted click per visitor, offer and day (the visitor is a keyed hash, never an address).
CREATE TABLE offer_clicks (
    offer_id TEXT NOT NULL,
    visitor TEXT NOT NULL,
    day DATE NOT NULL,
    PRIMARY KEY (offer_id, visitor, day)
);
CREATE INDEX offer_clicks_day ON offer_clicks(day);
-- Failed sign-ins per identifier, whether or not an account has it (so that locking does not
-- tell who has an account).
CREATE TABLE login_throttles (
    identifier TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
-- A pupil who picks a class on their own waits for the school's approval, unless they typed the
-- class code the school handed out or the school invited them.
ALTER TABLE pupils ADD COLUMN join_status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE school_classes ADD COLUMN join_code TEXT;
