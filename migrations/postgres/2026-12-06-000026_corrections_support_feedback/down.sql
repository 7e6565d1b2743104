DELETE FROM periodic_runs WHERE name = 'feedback';
DROP TABLE week_assessments;
DROP TABLE pupil_feedback;
DROP TABLE terms_acceptances;
DROP TABLE support_messages;
DROP TABLE support_tickets;
DROP TABLE school_merges;
DROP TABLE school_corrections;
