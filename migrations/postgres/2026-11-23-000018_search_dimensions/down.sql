DROP INDEX offers_published_sector;
