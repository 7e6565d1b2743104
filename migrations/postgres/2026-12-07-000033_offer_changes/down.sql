DROP TRIGGER offers_feed ON offers;
DROP TRIGGER offer_weeks_feed ON offer_weeks;
DROP TRIGGER offer_schools_feed ON offer_schools;
DROP FUNCTION offers_feed();
DROP FUNCTION offer_rows_feed();
DROP FUNCTION offer_change_note(TEXT);
DROP TABLE offer_changes;
DROP TABLE offer_change_head;
