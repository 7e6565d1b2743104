ALTER TABLE pupils DROP COLUMN lives_in_qpv;
