-- The campaign's figures as they stood at the end of each day (the last counters' rebuild of
-- the day), per department: the week-by-week series of the dashboards and of the weekly e-mail.
CREATE TABLE stats_daily (
    school_year TEXT NOT NULL,
    day DATE NOT NULL,
    department_code TEXT NOT NULL,
    metric TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (school_year, day, department_code, metric)
);
-- Referents who asked not to receive the weekly figures by e-mail.
CREATE TABLE kpi_mail_opt_outs (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO periodic_runs (name, last_run_at) VALUES ('kpi_mail', '1970-01-01 00:00:00');
