-- PostgreSQL's counterpart of SQLite's four-dimension R*Tree (migration 18): place, sector and
-- week span in one GiST index, so a search by sector and week reads only the matching offers of
-- the area instead of every offer of it. `cube` is a standard contrib module, trusted since
-- PostgreSQL 13 (the database owner may create it). The three columns are kept by the
-- application (`sync_search_index`), as SQLite's index is.
CREATE EXTENSION IF NOT EXISTS cube;
ALTER TABLE offers ADD COLUMN search_sector INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN week_lo INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN week_hi INTEGER NOT NULL DEFAULT 0;
UPDATE offers o SET
    search_sector = CASE WHEN sector_id ~ '^s[0-9]{1,6}$' THEN substr(sector_id, 2)::integer ELSE 0 END,
    week_lo = COALESCE((SELECT MIN(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0),
    week_hi = COALESCE((SELECT MAX(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0);
CREATE INDEX offers_search ON offers USING gist (
    cube(ARRAY[longitude, latitude, search_sector::float8, week_lo::float8], ARRAY[longitude, latitude, search_sector::float8, week_hi::float8])
) WHERE status = 'published' AND NOT hidden;
