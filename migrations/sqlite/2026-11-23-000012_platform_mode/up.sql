-- The platform's mode, shared by every replica: normal, maintenance (503 except health checks
-- and admins) or read_only (reads work, writes answer 503).
CREATE TABLE platform_settings (
    id INTEGER PRIMARY KEY NOT NULL,
    mode TEXT NOT NULL DEFAULT 'normal',
    message TEXT NOT NULL DEFAULT '',
    updated_by TEXT,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO platform_settings (id, mode, message, updated_at) VALUES (1, 'normal', '', CURRENT_TIMESTAMP);
