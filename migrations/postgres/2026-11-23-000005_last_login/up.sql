-- When the person last logged in (shows who has joined a school's team).
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMP(6);
