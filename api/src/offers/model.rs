//! Rows of the offers domain.

use crate::ids::{OfferId, OrganisationId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::OfferStatus;
use crate::db::schema::{offer_reports, offer_weeks, offers};

crate::text_enum!(OfferStatus);

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = offers, treat_none_as_null = true)]
pub struct Offer {
    pub id: OfferId,
    pub organisation_id: OrganisationId,
    pub created_by: UserId,
    pub status: OfferStatus,
    pub hidden: bool,
    pub school_year: String,
    pub grade_family: String,
    pub title: String,
    pub description: String,
    pub sector_id: String,
    pub jobs: String,
    pub activities: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub department_code: String,
    pub latitude: f64,
    pub longitude: f64,
    /// JSON of [`Tutor`].
    pub tutor: String,
    pub places_per_week: i32,
    pub group_mode: String,
    pub rep_only: bool,
    pub schedule: String,
    pub lunch: String,
    pub accessibility: String,
    pub practical_info: String,
    pub search_text: String,
    pub geo_id: Option<i64>,
    pub renewed_from: Option<OfferId>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The member of the organisation who welcomes the pupils.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Tutor {
    pub name: String,
    pub function: String,
    pub email: String,
    pub phone: String,
}

impl Offer {
    pub fn tutor(&self) -> Tutor {
        serde_json::from_str(&self.tutor).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = offer_weeks)]
pub struct OfferWeek {
    pub offer_id: OfferId,
    pub iso_year: i32,
    pub iso_week: i32,
    pub places: i32,
    pub confirmed: i32,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = offer_reports)]
pub struct OfferReport {
    pub id: String,
    pub offer_id: OfferId,
    pub reported_by: UserId,
    pub reason: String,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: Option<String>,
    pub created_at: NaiveDateTime,
}
