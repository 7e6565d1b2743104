//! Rows of the pupils domain.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::pupils;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = pupils)]
pub struct Pupil {
    pub user_id: String,
    pub school_uai: String,
    pub class_id: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: String,
    pub home_postal_code: Option<String>,
    pub contact_phone: Option<String>,
    pub legal_representatives: String,
    pub cv: String,
    pub consent_date: Option<NaiveDate>,
    pub consent_recorded_by: Option<String>,
    pub consent_recorded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
