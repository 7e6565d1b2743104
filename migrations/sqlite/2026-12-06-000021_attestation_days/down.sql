ALTER TABLE agreements DROP COLUMN attestation_days_present;
