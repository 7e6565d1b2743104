DROP TABLE naf_codes;
DROP TABLE sectors;
DROP TABLE schools;
DROP TABLE communes;
DROP TABLE departments;
