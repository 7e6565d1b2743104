//! Rows of the partners domain.

use crate::ids::OfferId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{api_credentials, operators, partner_offers};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = operators)]
pub struct Operator {
    pub id: String,
    pub organisation_id: String,
    pub departments: String,
    pub full_search: bool,
    pub open_data: bool,
    pub rate_limit_per_minute: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Hash of the v1 contract's static token, when one was issued.
    pub legacy_token_hash: Option<String>,
}

impl Operator {
    pub fn departments(&self) -> Vec<String> {
        serde_json::from_str(&self.departments).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = api_credentials)]
pub struct Credential {
    pub id: String,
    pub operator_id: String,
    pub client_id: String,
    pub secret_hash: String,
    pub label: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = partner_offers)]
pub struct PartnerOffer {
    pub offer_id: OfferId,
    pub operator_id: String,
    pub remote_id: String,
    pub permalink: String,
    pub body: String,
    pub body_hash: String,
    pub clicks: i64,
    pub expired_notified: bool,
    pub deleted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
