-- When each phase of a school year's campaign opens, per grade family (UTC; admins give
-- Europe/Paris times). No row: no restriction.
CREATE TABLE campaigns (
    school_year TEXT NOT NULL,
    grade_family TEXT NOT NULL,
    hosts_open_at TIMESTAMP,
    search_open_at TIMESTAMP,
    apply_open_at TIMESTAMP,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (school_year, grade_family)
);
