-- The days of presence the host declared when issuing the attestation (JSON list of dates);
-- NULL before: the internship's weekdays less the absences reported.
ALTER TABLE agreements ADD COLUMN attestation_days_present TEXT;
