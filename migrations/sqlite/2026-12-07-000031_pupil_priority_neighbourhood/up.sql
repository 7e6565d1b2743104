-- A pupil living in a priority neighbourhood (QPV), as the staff who follow them know from the
-- family's address (the platform holds only a postal code, which cannot tell): the 2019
-- circular's "élèves des quartiers prioritaires", eligible to the offers reserved to priority
-- education alongside REP/REP+ schools and the referents' derogations.
ALTER TABLE pupils ADD COLUMN lives_in_qpv BOOLEAN NOT NULL DEFAULT FALSE;
