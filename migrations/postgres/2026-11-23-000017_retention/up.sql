-- Retention of idle adult accounts: when the two weeks' notice was sent.
ALTER TABLE users ADD COLUMN retention_notice_at TIMESTAMP(6);

-- Periodic work claimed by one replica at a time (a guarded update on last_run_at).
CREATE TABLE periodic_runs (
    name TEXT PRIMARY KEY NOT NULL,
    last_run_at TIMESTAMP(6) NOT NULL
);
INSERT INTO periodic_runs (name, last_run_at) VALUES ('retention', '1970-01-01 00:00:00');
