-- Bumped each time the counters or the targets change: a replica keeps built dashboards while
-- it reads the same number (dashboards change only then).
ALTER TABLE stats_meta ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
