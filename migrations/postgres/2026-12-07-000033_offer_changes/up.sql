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

-- The counter is bumped at COMMIT (deferred triggers), so its row lock is held only from there
-- to the end of the commit: transactions take their numbers in commit order, and a replica
-- that reads the counter at s sees every change stamped up to s (no number taken by a
-- transaction still running, which a sequence would allow). A rollback takes none.
CREATE FUNCTION offer_change_note(changed TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s BIGINT;
BEGIN
    UPDATE offer_change_head SET seq = seq + 1 WHERE id = 1 RETURNING seq INTO s;
    INSERT INTO offer_changes (offer_id, seq) VALUES (changed, s)
        ON CONFLICT (offer_id) DO UPDATE SET seq = excluded.seq;
END $$;

CREATE FUNCTION offers_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN PERFORM offer_change_note(OLD.id); ELSE PERFORM offer_change_note(NEW.id); END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION offer_rows_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN PERFORM offer_change_note(OLD.offer_id); ELSE PERFORM offer_change_note(NEW.offer_id); END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER offers_feed AFTER INSERT OR UPDATE OR DELETE ON offers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION offers_feed();
CREATE CONSTRAINT TRIGGER offer_weeks_feed AFTER INSERT OR UPDATE OR DELETE ON offer_weeks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION offer_rows_feed();
CREATE CONSTRAINT TRIGGER offer_schools_feed AFTER INSERT OR UPDATE OR DELETE ON offer_schools
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION offer_rows_feed();
