-- Whether a lycée teaches the general or technological track (reference data's voie_generale,
-- voie_technologique): a seconde here is seconde générale et technologique, a lycée that has only
-- the vocational track has no pupils for Passerelle's seconde. NULL: unknown.
ALTER TABLE schools ADD COLUMN general_or_technological BOOLEAN;
