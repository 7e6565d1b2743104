-- When each phase of a school year's campaign opens, per grade family (UTC; admins give
-- Europe/Paris times). No row: no restriction.
CREATE TABLE campaigns (
    school_year TEXT NOT NULL,
    grade_family TEXT NOT NULL,
    hosts_open_at TIMESTAMP(6),
    search_open_at TIMESTAMP(6),
    apply_open_at TIMESTAMP(6),
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (school_year, grade_family)
);
