//! Rows of the schools domain.

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
}

pub const STAFF_ACTIVE: &str = "active";

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_staff)]
pub struct StaffMember {
    pub id: String,
    pub school_uai: String,
    pub user_id: String,
    pub function: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_classes)]
pub struct SchoolClass {
    pub id: String,
    pub school_uai: String,
    pub school_year: String,
    pub name: String,
    pub grade: String,
    pub created_at: NaiveDateTime,
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
