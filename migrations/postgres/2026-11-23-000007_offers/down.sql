DROP TABLE idempotency_keys;
DROP TABLE offer_reports;
DROP TABLE offer_schools;
DROP TABLE offer_weeks;
DROP TABLE offers;
DROP TABLE organisation_members;
DROP TABLE organisations;
DROP TABLE ministries;
