-- Partner associations (operators): their organisation carries their offers; an admin sets
-- their departments and flags.
CREATE TABLE operators (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL UNIQUE REFERENCES organisations(id),
    -- JSON list of department codes
    departments TEXT NOT NULL DEFAULT '[]',
    -- may search every published offer of the platform
    full_search BOOLEAN NOT NULL DEFAULT FALSE,
    -- its offers may be re-exposed through other partners' searches
    open_data BOOLEAN NOT NULL DEFAULT FALSE,
    rate_limit_per_minute INTEGER NOT NULL DEFAULT 100,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- API credentials: the secret is stored hashed and shown once.
CREATE TABLE api_credentials (
    id TEXT PRIMARY KEY NOT NULL,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    client_id TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    label TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_credentials_operator ON api_credentials (operator_id);

-- The partner side of an offer: its remote id (unique per operator among live offers), the
-- permalink pupils follow, the employer it describes, the canonical body last received.
CREATE TABLE partner_offers (
    offer_id TEXT PRIMARY KEY NOT NULL REFERENCES offers(id),
    operator_id TEXT NOT NULL REFERENCES operators(id),
    remote_id TEXT NOT NULL,
    permalink TEXT NOT NULL,
    body TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    clicks BIGINT NOT NULL DEFAULT 0,
    -- the "offer expired" webhook was sent
    expired_notified BOOLEAN NOT NULL DEFAULT FALSE,
    deleted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX partner_offers_live ON partner_offers (operator_id, remote_id) WHERE deleted_at IS NULL;
CREATE INDEX partner_offers_operator ON partner_offers (operator_id, deleted_at, created_at);

-- Requests per operator and minute, shared by every replica.
CREATE TABLE partner_rate (
    operator_id TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (operator_id, window_start)
);

-- Where an operator wants to be told, and what (HTTPS; deliveries signed with the secret).
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    url TEXT NOT NULL,
    -- JSON list: offer.hidden, offer.restored, offer.expired, clicks.daily
    events TEXT NOT NULL,
    -- HMAC-SHA256 key, shown once to the operator (the platform must keep it to sign)
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_summary_on DATE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_operator ON webhooks (operator_id);

-- Every delivery and its last answer, for the operator to see.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- pending, delivered, failed
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    response_status INTEGER,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);
