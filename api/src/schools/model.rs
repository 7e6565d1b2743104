//! Rows of the schools domain.

use crate::ids::{ClassId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{school_classes, school_registrations, school_staff, school_weeks};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_registrations)]
pub struct Registration {
    pub uai: String,
    pub registered_by: String,
    pub registered_at: NaiveDateTime,
    pub national_search: bool,
    pub search_radius_km: i32,
    pub priority_derogation_by: Option<String>,
    pub priority_derogation_at: Option<NaiveDateTime>,
    pub priority_derogation_reason: Option<String>,
    /// Seconde pupils may split their internship between two hosts without asking each time.
    pub splits_allowed: bool,
    /// The scanned parental authorisation must be uploaded before the consent is recorded.
    pub consent_scan_required: bool,
}

impl Registration {
    /// A school just registered: 60 km search radius (the default of the live platform).
    pub fn new(uai: &str, registered_by: &str, now: NaiveDateTime) -> Registration {
        Registration {
            uai: uai.to_owned(),
            registered_by: registered_by.to_owned(),
            registered_at: now,
            national_search: false,
            search_radius_km: 60,
            priority_derogation_by: None,
            priority_derogation_at: None,
            priority_derogation_reason: None,
            splits_allowed: false,
            consent_scan_required: false,
        }
    }
}

pub const STAFF_ACTIVE: &str = "active";

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_staff)]
pub struct StaffMember {
    pub id: String,
    pub school_uai: String,
    pub user_id: UserId,
    pub function: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_classes)]
pub struct SchoolClass {
    pub id: ClassId,
    pub school_uai: String,
    pub school_year: String,
    pub name: String,
    pub grade: String,
    pub created_at: NaiveDateTime,
    /// Set when the school year was closed: the class is kept, read-only.
    pub archived_at: Option<NaiveDateTime>,
    /// The code the school hands out so that pupils join this class without waiting for approval.
    pub join_code: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_weeks)]
pub struct SchoolWeek {
    pub id: String,
    pub school_uai: String,
    pub school_year: String,
    pub grade_family: String,
    pub iso_year: i32,
    pub iso_week: i32,
    pub created_at: NaiveDateTime,
}
