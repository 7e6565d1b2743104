//! Rows of the applications domain.

use crate::ids::{ApplicationId, OfferId, PupilId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::Status;
use crate::db::schema::{application_weeks, applications};

crate::text_enum!(Status);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: ApplicationId,
    pub pupil_id: PupilId,
    pub offer_id: OfferId,
    pub school_uai: String,
    pub school_year: String,
    pub status: Status,
    pub weeks_key: String,
    pub motivation: String,
    pub distance_km: Option<f64>,
    pub reason: Option<String>,
    pub submitted_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub answered_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub reminder_5_sent: bool,
    pub reminder_1_sent: bool,
    pub travel_message_sent: bool,
    pub updated_at: NaiveDateTime,
}

impl Application {
    pub fn weeks(&self) -> Vec<crate::schools::rules::IsoWeek> {
        super::rules::parse_weeks_key(&self.weeks_key)
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = application_weeks)]
pub struct ApplicationWeek {
    pub application_id: ApplicationId,
    pub pupil_id: PupilId,
    pub iso_year: i32,
    pub iso_week: i32,
    pub confirmed: bool,
}
