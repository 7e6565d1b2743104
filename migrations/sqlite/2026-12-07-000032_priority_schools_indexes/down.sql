DROP INDEX stats_counters_by_segment;
DROP INDEX schools_by_priority;
