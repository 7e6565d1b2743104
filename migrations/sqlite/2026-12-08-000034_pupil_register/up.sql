-- Pupils enrolled from the school's register (issue 25): the national pupil id (INE), unique
-- across schools, is how a re-import finds the pupil again (class changes, never a duplicate)
-- and how a pupil signing in with the pupils' federation is matched to the school's enrolment.
-- NULL for pupils enrolled otherwise (invitation, class code).
ALTER TABLE pupils ADD COLUMN ine TEXT;
CREATE UNIQUE INDEX pupils_ine_key ON pupils (ine);
