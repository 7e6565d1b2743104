-- The search index gains two dimensions, so that a search for a sector and a week prunes in the
-- index instead of reading every offer of the area: the sector's number ("s12" -> 12, 0 when the
-- id has no number) and the span of the offer's weeks (iso_year * 100 + iso_week).
DROP TABLE offers_geo;
CREATE VIRTUAL TABLE offers_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_sector, max_sector, min_week, max_week);
INSERT INTO offers_geo (id, min_lat, max_lat, min_lon, max_lon, min_sector, max_sector, min_week, max_week)
SELECT o.geo_id, o.latitude, o.latitude, o.longitude, o.longitude,
       CASE WHEN o.sector_id GLOB 's[0-9]*' THEN CAST(substr(o.sector_id, 2) AS INTEGER) ELSE 0 END,
       CASE WHEN o.sector_id GLOB 's[0-9]*' THEN CAST(substr(o.sector_id, 2) AS INTEGER) ELSE 0 END,
       COALESCE((SELECT MIN(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0),
       COALESCE((SELECT MAX(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0)
FROM offers o WHERE o.geo_id IS NOT NULL;
