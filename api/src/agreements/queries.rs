//! Database access for agreements. State changes are guarded updates: two replicas (or two
//! clicks) cannot both move the same row.

use crate::ids::{AgreementId, ApplicationId, OrganisationId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{AbsenceReport, Agreement, Signature, SigningLink};
use super::rules::Status;
use crate::db::schema::{absence_reports as ab, agreement_delegates as dl, agreement_signatures as sg, agreements as ag, signing_links as sl};
use crate::db::AnyConnection;

pub fn insert(conn: &mut AnyConnection, a: &Agreement) -> QueryResult<()> {
    diesel::insert_into(ag::table).values(a).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, id: &AgreementId) -> QueryResult<Option<Agreement>> {
    ag::table.find(id).first(conn).optional()
}

pub fn of_application(conn: &mut AnyConnection, application_id: &str) -> QueryResult<Option<Agreement>> {
    ag::table.filter(ag::application_id.eq(application_id)).first(conn).optional()
}

/// Agreement id per application, for these applications.
pub fn of_application_ids(conn: &mut AnyConnection, application_ids: &[ApplicationId]) -> QueryResult<Vec<Agreement>> {
    ag::table.filter(ag::application_id.eq_any(application_ids)).load(conn)
}

pub fn of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<Agreement>> {
    ag::table.filter(ag::pupil_id.eq(pupil_id)).order(ag::starts_on.asc()).load(conn)
}

/// The organisations' agreements (of one school year when given), whole: the list people read
/// is bounded by their organisations and filtered by year, never cut silently.
pub fn of_organisations(conn: &mut AnyConnection, org_ids: &[OrganisationId], school_year: Option<&str>) -> QueryResult<Vec<Agreement>> {
    let mut query = ag::table.filter(ag::organisation_id.eq_any(org_ids)).into_boxed();
    if let Some(y) = school_year {
        query = query.filter(ag::school_year.eq(y.to_owned()));
    }
    query.order((ag::starts_on.asc(), ag::id.asc())).load(conn)
}

/// The school's agreements (of one school year when given), whole.
pub fn of_school(conn: &mut AnyConnection, uai: &str, school_year: Option<&str>) -> QueryResult<Vec<Agreement>> {
    let mut query = ag::table.filter(ag::school_uai.eq(uai)).into_boxed();
    if let Some(y) = school_year {
        query = query.filter(ag::school_year.eq(y.to_owned()));
    }
    query.order((ag::starts_on.asc(), ag::id.asc())).load(conn)
}

/// Writes a new text (and parts) if the row is still at `version`; false when someone else
/// changed it meanwhile.
#[allow(clippy::too_many_arguments)]
pub fn save_text(
    conn: &mut AnyConnection,
    a: &Agreement,
    host_part: &str,
    school_part: &str,
    host_filled_at: Option<NaiveDateTime>,
    school_filled_at: Option<NaiveDateTime>,
    text: &str,
    hash: &str,
    status: Status,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(ag::table.filter(ag::id.eq(&a.id)).filter(ag::version.eq(a.version)))
        .set((
            ag::version.eq(a.version + 1),
            ag::host_part.eq(host_part),
            ag::school_part.eq(school_part),
            ag::host_filled_at.eq(host_filled_at),
            ag::school_filled_at.eq(school_filled_at),
            ag::document_text.eq(text),
            ag::document_hash.eq(hash),
            ag::status.eq(status),
            ag::signed_at.eq(None::<NaiveDateTime>),
            ag::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn set_status(conn: &mut AnyConnection, id: &str, version: i32, status: Status, signed_at: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(ag::table.filter(ag::id.eq(id)).filter(ag::version.eq(version)))
        .set((ag::status.eq(status), ag::signed_at.eq(signed_at), ag::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn cancel(conn: &mut AnyConnection, id: &str, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(ag::table.filter(ag::id.eq(id)).filter(ag::status.ne(Status::Cancelled)))
        .set((ag::status.eq(Status::Cancelled), ag::cancelled_at.eq(Some(now)), ag::cancel_reason.eq(Some(reason)), ag::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn live_signatures(conn: &mut AnyConnection, agreement_id: &str) -> QueryResult<Vec<Signature>> {
    sg::table.filter(sg::agreement_id.eq(agreement_id)).filter(sg::voided_at.is_null()).order(sg::signed_at.asc()).load(conn)
}

pub fn all_signatures(conn: &mut AnyConnection, agreement_id: &str) -> QueryResult<Vec<Signature>> {
    sg::table.filter(sg::agreement_id.eq(agreement_id)).order(sg::signed_at.asc()).load(conn)
}

/// Live signatures of many agreements at once (dashboards).
pub fn live_signatures_of(conn: &mut AnyConnection, ids: &[AgreementId]) -> QueryResult<Vec<Signature>> {
    sg::table.filter(sg::agreement_id.eq_any(ids)).filter(sg::voided_at.is_null()).load(conn)
}

pub fn insert_signature(conn: &mut AnyConnection, s: &Signature) -> QueryResult<()> {
    diesel::insert_into(sg::table).values(s).execute(conn).map(|_| ())
}

pub fn void_signatures(conn: &mut AnyConnection, agreement_id: &str, now: NaiveDateTime) -> QueryResult<Vec<Signature>> {
    let live = live_signatures(conn, agreement_id)?;
    diesel::update(sg::table.filter(sg::agreement_id.eq(agreement_id)).filter(sg::voided_at.is_null())).set(sg::voided_at.eq(Some(now))).execute(conn)?;
    Ok(live)
}

pub fn insert_link(conn: &mut AnyConnection, l: &SigningLink) -> QueryResult<()> {
    diesel::insert_into(sl::table).values(l).execute(conn).map(|_| ())
}

pub fn link_by_token_hash(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<SigningLink>> {
    sl::table.filter(sl::token_hash.eq(hash)).first(conn).optional()
}

pub fn links_of(conn: &mut AnyConnection, agreement_id: &str) -> QueryResult<Vec<SigningLink>> {
    sl::table.filter(sl::agreement_id.eq(agreement_id)).order(sl::created_at.asc()).load(conn)
}

/// Older links of this representative stop working when a new one is sent.
pub fn revoke_links(conn: &mut AnyConnection, agreement_id: &str, party: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sl::table.filter(sl::agreement_id.eq(agreement_id)).filter(sl::party.eq(party)).filter(sl::used_at.is_null()).filter(sl::revoked_at.is_null()),
    )
    .set(sl::revoked_at.eq(Some(now)))
    .execute(conn)
}

pub fn set_link_code(conn: &mut AnyConnection, id: &str, code_hash: &str, expires: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sl::table.find(id)).set((sl::code_hash.eq(Some(code_hash)), sl::code_expires_at.eq(Some(expires)))).execute(conn).map(|_| ())
}

/// Counts a wrong code; locks the link at `max`. Returns the failures so far.
pub fn link_failed(conn: &mut AnyConnection, id: &str, max: i32, now: NaiveDateTime) -> QueryResult<i32> {
    diesel::update(sl::table.find(id)).set(sl::failed_attempts.eq(sl::failed_attempts + 1)).execute(conn)?;
    diesel::update(sl::table.find(id).filter(sl::failed_attempts.ge(max)).filter(sl::locked_at.is_null())).set(sl::locked_at.eq(Some(now))).execute(conn)?;
    sl::table.find(id).select(sl::failed_attempts).first(conn)
}

/// Uses the link once: false when it was used (or locked) meanwhile.
pub fn use_link(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(sl::table.find(id).filter(sl::used_at.is_null()).filter(sl::locked_at.is_null()).filter(sl::revoked_at.is_null()))
        .set(sl::used_at.eq(Some(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn is_delegate(conn: &mut AnyConnection, uai: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(dl::table.filter(dl::school_uai.eq(uai)).filter(dl::user_id.eq(user_id)))).get_result(conn)
}

pub fn delegates(conn: &mut AnyConnection, uai: &str) -> QueryResult<Vec<String>> {
    dl::table.filter(dl::school_uai.eq(uai)).select(dl::user_id).load(conn)
}

pub fn set_delegate(conn: &mut AnyConnection, uai: &str, user_id: &str, by: &str, on: bool, now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(dl::table.filter(dl::school_uai.eq(uai)).filter(dl::user_id.eq(user_id))).execute(conn)?;
    if on {
        diesel::insert_into(dl::table)
            .values((dl::school_uai.eq(uai), dl::user_id.eq(user_id), dl::granted_by.eq(by), dl::created_at.eq(now)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_absence(conn: &mut AnyConnection, r: &AbsenceReport) -> QueryResult<()> {
    diesel::insert_into(ab::table).values(r).execute(conn).map(|_| ())
}

pub fn absences(conn: &mut AnyConnection, agreement_id: &str) -> QueryResult<Vec<AbsenceReport>> {
    ab::table.filter(ab::agreement_id.eq(agreement_id)).order((ab::day.asc(), ab::created_at.asc())).load(conn)
}

pub fn request_attestation(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(ag::table.find(id).filter(ag::attestation_requested_at.is_null()))
        .set(ag::attestation_requested_at.eq(Some(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn issue_attestation(conn: &mut AnyConnection, id: &str, by: &str, days_present: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(ag::table.find(id).filter(ag::attestation_issued_at.is_null()))
        .set((ag::attestation_issued_at.eq(Some(now)), ag::attestation_issued_by.eq(Some(by)), ag::attestation_days_present.eq(Some(days_present))))
        .execute(conn)
        .map(|n| n == 1)
}

/// Unfinished agreements whose parties were not reminded lately.
pub fn due_reminders(conn: &mut AnyConnection, before: NaiveDateTime, limit: i64) -> QueryResult<Vec<Agreement>> {
    ag::table
        .filter(ag::status.eq_any([Status::HostToFill, Status::SchoolToFill, Status::ToSign]))
        .filter(ag::created_at.le(before))
        .filter(ag::last_reminder_at.is_null().or(ag::last_reminder_at.le(before)))
        .order(ag::created_at.asc())
        .limit(limit)
        .load(conn)
}

/// Claims the reminder round of one agreement (one replica wins).
pub fn claim_reminder(conn: &mut AnyConnection, id: &str, seen: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<bool> {
    let base = ag::table.find(id);
    let n = match seen {
        Some(t) => diesel::update(base.filter(ag::last_reminder_at.eq(t))).set(ag::last_reminder_at.eq(Some(now))).execute(conn)?,
        None => diesel::update(base.filter(ag::last_reminder_at.is_null())).set(ag::last_reminder_at.eq(Some(now))).execute(conn)?,
    };
    Ok(n == 1)
}

/// An organisation merge: the duplicate's agreements move (their text, already built, keeps the
/// name the parties saw).
pub fn move_to_organisation(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<usize> {
    diesel::update(ag::table.filter(ag::organisation_id.eq(from))).set(ag::organisation_id.eq(into)).execute(conn)
}

/// A school merge: agreements and signing delegations move to the school kept (a delegate of
/// both keeps one delegation).
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<usize> {
    let kept: Vec<String> = dl::table.filter(dl::school_uai.eq(into)).select(dl::user_id).load(conn)?;
    diesel::update(dl::table.filter(dl::school_uai.eq(from)).filter(dl::user_id.ne_all(&kept))).set(dl::school_uai.eq(into)).execute(conn)?;
    diesel::delete(dl::table.filter(dl::school_uai.eq(from))).execute(conn)?;
    diesel::update(ag::table.filter(ag::school_uai.eq(from))).set(ag::school_uai.eq(into)).execute(conn)
}
