//! Rows of the agreements domain.

use crate::ids::{AgreementId, ApplicationId, OfferId, OrganisationId, PupilId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::rules::{HostPart, Party, SchoolPart, Status};
use crate::db::schema::{absence_reports, agreement_signatures, agreements, signing_links};

crate::text_enum!(Status);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = agreements)]
pub struct Agreement {
    pub id: AgreementId,
    pub application_id: ApplicationId,
    pub pupil_id: PupilId,
    pub offer_id: OfferId,
    pub organisation_id: OrganisationId,
    pub school_uai: String,
    pub school_year: String,
    pub status: Status,
    pub version: i32,
    pub host_part: String,
    pub school_part: String,
    pub host_filled_at: Option<NaiveDateTime>,
    pub school_filled_at: Option<NaiveDateTime>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub document_text: String,
    pub document_hash: String,
    pub signed_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub attestation_requested_at: Option<NaiveDateTime>,
    pub attestation_issued_at: Option<NaiveDateTime>,
    pub attestation_issued_by: Option<String>,
    pub last_reminder_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// JSON list of the days the host declared present, once the attestation is issued.
    pub attestation_days_present: Option<String>,
}

impl Agreement {
    pub fn host(&self) -> Option<HostPart> {
        self.host_filled_at.and_then(|_| serde_json::from_str(&self.host_part).ok())
    }
    pub fn school(&self) -> Option<SchoolPart> {
        self.school_filled_at.and_then(|_| serde_json::from_str(&self.school_part).ok())
    }
    /// The days of presence on the issued attestation.
    pub fn days_present(&self) -> Option<Vec<NaiveDate>> {
        self.attestation_days_present.as_deref().and_then(|s| serde_json::from_str(s).ok())
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = agreement_signatures)]
pub struct Signature {
    pub id: String,
    pub agreement_id: AgreementId,
    pub version: i32,
    pub party: String,
    pub signer_user_id: Option<String>,
    pub signer_name: String,
    pub method: String,
    pub ip: String,
    pub document_hash: String,
    pub signed_at: NaiveDateTime,
    pub voided_at: Option<NaiveDateTime>,
}

impl Signature {
    pub fn party(&self) -> Option<Party> {
        Party::parse(&self.party)
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = signing_links)]
pub struct SigningLink {
    pub id: String,
    pub agreement_id: AgreementId,
    pub party: String,
    pub token_hash: String,
    pub channel: String,
    pub destination: String,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<NaiveDateTime>,
    pub failed_attempts: i32,
    pub locked_at: Option<NaiveDateTime>,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub expires_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = absence_reports)]
pub struct AbsenceReport {
    pub id: String,
    pub agreement_id: AgreementId,
    pub day: NaiveDate,
    pub kind: String,
    pub note: String,
    pub reported_by: String,
    pub created_at: NaiveDateTime,
}
