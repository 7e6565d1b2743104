DROP TABLE jobs;
DROP TABLE one_time_codes;
DROP TABLE refresh_tokens;
DROP TABLE users;
