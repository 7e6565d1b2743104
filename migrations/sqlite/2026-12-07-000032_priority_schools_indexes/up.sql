-- The referents' priority schools not started, read on every dashboard at any scale:
-- the REP/REP+ schools of a territory (without it, the directory's 65,000 schools were read)...
CREATE INDEX schools_by_priority ON schools (priority_education, department_code);
-- ...and their per-school counters (pupils, placed, found elsewhere): without it, each read
-- walked the whole year's counters.
CREATE INDEX stats_counters_by_segment ON stats_counters (school_year, metric, segment);
