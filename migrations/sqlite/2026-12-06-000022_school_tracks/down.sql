ALTER TABLE schools DROP COLUMN general_or_technological;
