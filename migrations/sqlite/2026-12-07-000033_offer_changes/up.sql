-- The change feed of what offer search sees (issue 28): every write to an offer, its weeks
-- (places) or its reserved schools bumps one counter and stamps the offer with it, in the
-- writing transaction. Each replica's in-memory search index reads the offers stamped after
-- the counter it last applied. Triggers rather than application code: no writer (the API,
-- the partners' bulk path, a script) can forget one.
CREATE TABLE offer_change_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL);
INSERT INTO offer_change_head (id, seq) VALUES (1, 0);
-- One row per offer, holding its latest change: nothing to purge, and a replica that missed an
-- intermediate stamp finds the offer at its later one.
CREATE TABLE offer_changes (offer_id TEXT PRIMARY KEY NOT NULL, seq BIGINT NOT NULL);
CREATE INDEX offer_changes_by_seq ON offer_changes (seq);

CREATE TRIGGER offers_feed_insert AFTER INSERT ON offers BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offers_feed_update AFTER UPDATE ON offers BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offers_feed_delete AFTER DELETE ON offers BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT OLD.id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_weeks_feed_insert AFTER INSERT ON offer_weeks BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_weeks_feed_update AFTER UPDATE ON offer_weeks BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_weeks_feed_delete AFTER DELETE ON offer_weeks BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT OLD.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_schools_feed_insert AFTER INSERT ON offer_schools BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_schools_feed_update AFTER UPDATE ON offer_schools BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT NEW.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER offer_schools_feed_delete AFTER DELETE ON offer_schools BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1;
    INSERT INTO offer_changes (offer_id, seq) SELECT OLD.offer_id, seq FROM offer_change_head WHERE id = 1
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END;
