-- SQLite's search index gains sector and week dimensions in this step. PostgreSQL: a partial
-- index by sector for the searches that name one (the spatial GiST stays for the others).
CREATE INDEX offers_published_sector ON offers (sector_id, school_year) WHERE status = 'published' AND NOT hidden;
