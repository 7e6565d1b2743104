DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE partner_rate;
DROP TABLE partner_offers;
DROP TABLE api_credentials;
DROP TABLE operators;
