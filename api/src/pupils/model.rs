//! Rows of the pupils domain.

use crate::ids::{ClassId, PupilId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::pupils;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = pupils)]
pub struct Pupil {
    pub user_id: PupilId,
    pub school_uai: String,
    pub class_id: ClassId,
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
    pub consent_document_id: Option<String>,
    /// A seconde pupil asked to split their internship (one week in each of two hosts).
    pub split_requested_at: Option<NaiveDateTime>,
    /// The school authorised this pupil's split, and who did.
    pub split_approved_at: Option<NaiveDateTime>,
    pub split_approved_by: Option<String>,
    /// `active`, or `pending` while the school has not approved a pupil who joined on their own.
    pub join_status: String,
    /// Lives in a priority neighbourhood (QPV), as recorded by the staff who follow the pupil.
    pub lives_in_qpv: bool,
    /// The national pupil id (INE) when the pupil came from the school's register.
    pub ine: Option<String>,
}

impl Pupil {
    /// A pupil just enrolled in a class: empty profile, no consent yet.
    pub fn enrolled(user_id: &str, school_uai: &str, class_id: &str, now: NaiveDateTime) -> Pupil {
        Pupil {
            user_id: PupilId::from(user_id),
            school_uai: school_uai.to_owned(),
            class_id: ClassId::from(class_id),
            birth_date: None,
            gender: super::rules::Gender::NotStated.as_str().to_owned(),
            home_postal_code: None,
            contact_phone: None,
            legal_representatives: "[]".into(),
            cv: "{}".into(),
            consent_date: None,
            consent_recorded_by: None,
            consent_recorded_at: None,
            created_at: now,
            updated_at: now,
            consent_document_id: None,
            split_requested_at: None,
            split_approved_at: None,
            split_approved_by: None,
            join_status: "active".into(),
            lives_in_qpv: false,
            ine: None,
        }
    }
}

/// A parental consent the school withdrew, with the reason (kept for the audit).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = crate::db::schema::consent_withdrawals)]
pub struct ConsentWithdrawal {
    pub id: String,
    pub pupil_id: PupilId,
    pub school_uai: String,
    pub consent_date: chrono::NaiveDate,
    pub reason: String,
    pub withdrawn_by: String,
    pub withdrawn_at: chrono::NaiveDateTime,
}
