//! Rows of the external internships domain.

use crate::ids::PupilId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::Status;
use crate::db::schema::external_internships;
use crate::schools::rules::IsoWeek;

crate::text_enum!(Status);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = external_internships)]
pub struct ExternalInternship {
    pub id: String,
    pub pupil_id: PupilId,
    pub school_uai: String,
    pub school_year: String,
    pub status: Status,
    pub host_name: String,
    pub siret: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub weeks: String,
    pub agreement_document_id: Option<String>,
    pub declared_by: String,
    pub declared_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub rejection_reason: Option<String>,
    pub updated_at: NaiveDateTime,
}

impl ExternalInternship {
    pub fn weeks(&self) -> Vec<IsoWeek> {
        super::rules::parse_weeks_text(&self.weeks)
    }
}
