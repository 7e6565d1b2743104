DROP TABLE periodic_runs;
ALTER TABLE users DROP COLUMN retention_notice_at;
