DROP TABLE offers_geo;
CREATE VIRTUAL TABLE offers_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
INSERT INTO offers_geo (id, min_lat, max_lat, min_lon, max_lon)
SELECT geo_id, latitude, latitude, longitude, longitude FROM offers WHERE geo_id IS NOT NULL;
