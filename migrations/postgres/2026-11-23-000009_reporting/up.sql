-- Campaign targets per school year: per department (total, public, private) and per ministry.
CREATE TABLE campaign_targets (
    school_year TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    target_total INTEGER NOT NULL,
    target_public INTEGER NOT NULL,
    target_private INTEGER NOT NULL,
    PRIMARY KEY (school_year, scope_kind, code)
);

-- Pre-aggregated indicators, refreshed by the job runner (dashboards never scan raw rows).
CREATE TABLE stats_counters (
    school_year TEXT NOT NULL,
    department_code TEXT NOT NULL,
    sector_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    segment TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (school_year, department_code, sector_id, metric, segment)
);

-- When the counters were last rebuilt (one row): replicas take turns through a guarded update.
CREATE TABLE stats_meta (
    id INTEGER PRIMARY KEY NOT NULL,
    refreshed_at TIMESTAMP(6) NOT NULL
);
INSERT INTO stats_meta (id, refreshed_at) VALUES (1, '2000-01-01 00:00:00');
