ALTER TABLE school_classes DROP COLUMN join_code;
ALTER TABLE pupils DROP COLUMN join_status;
DROP TABLE login_throttles;
DROP TABLE offer_clicks;
ALTER TABLE idempotency_keys DROP COLUMN request_hash;
DROP TABLE sealed_checks;
DROP TABLE session_revocations;
