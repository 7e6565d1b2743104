//! Rows of the organisations domain.

use crate::ids::{OrganisationId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{ministries, organisation_invitations, organisation_members, organisations};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = ministries)]
pub struct Ministry {
    pub id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub siret: String,
    pub kind: String,
    pub is_public: bool,
    pub ministry_id: Option<String>,
    pub group_name: Option<String>,
    pub naf_code: Option<String>,
    pub sector_id: Option<String>,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub commune_code: Option<String>,
    pub department_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = organisation_members)]
pub struct Member {
    pub organisation_id: OrganisationId,
    pub user_id: UserId,
    pub invited_by: Option<UserId>,
    pub created_at: NaiveDateTime,
}

/// A colleague invited to join, until they accept or decline (no silent joining).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = organisation_invitations)]
pub struct Invitation {
    pub id: String,
    pub organisation_id: OrganisationId,
    pub user_id: UserId,
    pub invited_by: UserId,
    pub created_at: NaiveDateTime,
}
