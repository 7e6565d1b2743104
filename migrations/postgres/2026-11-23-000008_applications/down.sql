DROP TABLE application_weeks;
DROP TABLE applications;
