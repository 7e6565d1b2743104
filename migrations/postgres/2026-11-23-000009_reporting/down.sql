DROP TABLE stats_meta;
DROP TABLE stats_counters;
DROP TABLE campaign_targets;
