-- Boarding houses (internats) that take pupils during their internship week, from an optional
-- reference file (`passerelle import boarding-houses`): the offer page lists those near an offer
-- far from home. The search works without any.
CREATE TABLE boarding_houses (
    uai TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    department_code TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    -- beds offered to internship pupils, when the file says
    places INTEGER,
    -- e-mail, phone or web page to ask
    contact TEXT
);
CREATE INDEX boarding_houses_position ON boarding_houses(latitude, longitude);
