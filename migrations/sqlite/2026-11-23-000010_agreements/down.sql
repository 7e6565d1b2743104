DROP TABLE absence_reports;
DROP TABLE agreement_delegates;
DROP TABLE signing_links;
DROP TABLE agreement_signatures;
DROP TABLE agreements;
