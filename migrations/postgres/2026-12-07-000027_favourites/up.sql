-- A pupil's starred offers ("Mes favoris"). Gone with the pupil's identity (erased on account
-- deletion) and with the offer's row.
CREATE TABLE favourites (
    pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pupil_id, offer_id)
);
CREATE INDEX favourites_offer ON favourites(offer_id);
