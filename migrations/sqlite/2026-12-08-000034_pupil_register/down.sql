DROP INDEX pupils_ine_key;
ALTER TABLE pupils DROP COLUMN ine;
