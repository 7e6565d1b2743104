DROP INDEX offers_search;
ALTER TABLE offers DROP COLUMN week_hi;
ALTER TABLE offers DROP COLUMN week_lo;
ALTER TABLE offers DROP COLUMN search_sector;
