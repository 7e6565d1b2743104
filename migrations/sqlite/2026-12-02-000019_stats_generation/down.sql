ALTER TABLE stats_meta DROP COLUMN generation;
