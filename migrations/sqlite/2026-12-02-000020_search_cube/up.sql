-- PostgreSQL gains its four-dimension search index in this step; SQLite has had its R*Tree since
-- migration 18. Nothing to do here (kept so both backends have the same steps).
SELECT 1;
