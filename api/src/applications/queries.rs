//! Diesel queries of the applications domain. The invariants (one open application per pupil
//! and offer, one placement per pupil and week, never more confirmed pupils than places) are
//! held by the database: partial unique indexes, a CHECK, and guarded updates.

use crate::ids::{ApplicationId, OfferId, PupilId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Application, ApplicationWeek};
use super::rules::Status;
use crate::db::schema::{application_weeks, applications, offer_weeks, pupils};
use crate::db::AnyConnection;
use crate::schools::rules::IsoWeek;

/// Waiting for someone: the host, or the pupil once accepted.
pub const OPEN: [Status; 3] = [Status::Submitted, Status::Read, Status::Accepted];

pub fn find(conn: &mut AnyConnection, id: &ApplicationId) -> QueryResult<Option<Application>> {
    applications::table.find(id).first(conn).optional()
}

pub fn open_for(conn: &mut AnyConnection, pupil_id: &str, offer_id: &str) -> QueryResult<Option<Application>> {
    applications::table
        .filter(applications::pupil_id.eq(pupil_id))
        .filter(applications::offer_id.eq(offer_id))
        .filter(applications::status.eq_any([Status::Submitted, Status::Read, Status::Accepted, Status::Confirmed]))
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut AnyConnection, a: &Application) -> QueryResult<()> {
    diesel::insert_into(applications::table).values(a).execute(conn)?;
    for w in a.weeks() {
        diesel::insert_into(application_weeks::table)
            .values(ApplicationWeek { application_id: a.id.clone(), pupil_id: a.pupil_id.clone(), iso_year: w.year, iso_week: w.week as i32, confirmed: false })
            .execute(conn)?;
    }
    Ok(())
}

/// Serialises one pupil's confirmations: PostgreSQL locks the pupil's row until the end of the
/// transaction (SQLite's write transaction already holds the database).
pub fn lock_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<()> {
    if matches!(conn, AnyConnection::Postgresql(_)) {
        diesel::sql_query("SELECT user_id FROM pupils WHERE user_id = $1 FOR UPDATE").bind::<diesel::sql_types::Text, _>(pupil_id).execute(conn)?;
    } else {
        pupils::table.find(pupil_id).count().get_result::<i64>(conn)?;
    }
    Ok(())
}

/// Moves an application from one of `from` to `to`; false when it was no longer in `from`
/// (someone else moved it first): the caller then does nothing more, notifies nobody.
pub fn set_status(conn: &mut AnyConnection, id: &str, from: &[Status], to: Status, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(applications::table.find(id).filter(applications::status.eq_any(from.to_vec())))
        .set((applications::status.eq(to), applications::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn set_read(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(applications::table.find(id).filter(applications::read_at.is_null())).set(applications::read_at.eq(Some(now))).execute(conn)?;
    Ok(())
}

pub fn set_answer(conn: &mut AnyConnection, id: &str, reason: Option<&str>, expires_at: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(applications::table.find(id))
        .set((applications::answered_at.eq(Some(now)), applications::reason.eq(reason), applications::expires_at.eq(expires_at)))
        .execute(conn)?;
    Ok(())
}

pub fn set_closed(conn: &mut AnyConnection, id: &str, reason: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(applications::table.find(id))
        .set((applications::closed_at.eq(Some(now)), applications::reason.eq(reason), applications::expires_at.eq(None::<NaiveDateTime>)))
        .execute(conn)?;
    Ok(())
}

/// Takes one place of the week; false when none is left.
pub fn take_place(conn: &mut AnyConnection, offer_id: &str, w: IsoWeek) -> QueryResult<bool> {
    let n = diesel::update(offer_weeks::table.find((offer_id, w.year, w.week as i32)).filter(offer_weeks::confirmed.lt(offer_weeks::places)))
        .set(offer_weeks::confirmed.eq(offer_weeks::confirmed + 1))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn release_place(conn: &mut AnyConnection, offer_id: &str, w: IsoWeek) -> QueryResult<()> {
    diesel::update(offer_weeks::table.find((offer_id, w.year, w.week as i32)).filter(offer_weeks::confirmed.gt(0)))
        .set(offer_weeks::confirmed.eq(offer_weeks::confirmed - 1))
        .execute(conn)?;
    Ok(())
}

pub fn places_left(conn: &mut AnyConnection, offer_id: &str, w: IsoWeek) -> QueryResult<i32> {
    let row: Option<(i32, i32)> =
        offer_weeks::table.find((offer_id, w.year, w.week as i32)).select((offer_weeks::places, offer_weeks::confirmed)).first(conn).optional()?;
    Ok(row.map(|(p, c)| p - c).unwrap_or(0))
}

pub fn set_weeks_confirmed(conn: &mut AnyConnection, application_id: &str, confirmed: bool) -> QueryResult<()> {
    diesel::update(application_weeks::table.filter(application_weeks::application_id.eq(application_id)))
        .set(application_weeks::confirmed.eq(confirmed))
        .execute(conn)?;
    Ok(())
}

/// The pupil's applications, newest first.
pub fn of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<Application>> {
    applications::table.filter(applications::pupil_id.eq(pupil_id)).order(applications::submitted_at.desc()).load(conn)
}

pub fn of_pupils(conn: &mut AnyConnection, pupil_ids: &[PupilId]) -> QueryResult<Vec<Application>> {
    applications::table.filter(applications::pupil_id.eq_any(pupil_ids)).load(conn)
}

pub fn of_offer(conn: &mut AnyConnection, offer_id: &str) -> QueryResult<Vec<Application>> {
    applications::table.filter(applications::offer_id.eq(offer_id)).order(applications::submitted_at.asc()).load(conn)
}

/// Open applications (waiting for the host, or accepted and waiting for the pupil) to some offers.
pub fn open_of_offers(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::offer_id.eq_any(offer_ids))
        .filter(applications::status.eq_any(OPEN))
        .order(applications::submitted_at.asc())
        .load(conn)
}

/// Confirmed placements at some offers, the most recent first.
pub fn confirmed_of_offers(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::offer_id.eq_any(offer_ids))
        .filter(applications::status.eq(Status::Confirmed))
        .order(applications::confirmed_at.desc())
        .load(conn)
}

pub fn count_by_offer(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<std::collections::HashMap<OfferId, i64>> {
    let rows: Vec<OfferId> = applications::table.filter(applications::offer_id.eq_any(offer_ids)).select(applications::offer_id).load(conn)?;
    let mut out = std::collections::HashMap::new();
    for r in rows {
        *out.entry(r).or_insert(0) += 1;
    }
    Ok(out)
}

/// Open applications whose clock ran out, or whose reminders are due, at `now`.
pub fn due(conn: &mut AnyConnection, until: NaiveDateTime, limit: i64) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::status.eq_any(OPEN))
        .filter(applications::expires_at.le(until))
        .order(applications::expires_at.asc())
        .limit(limit)
        .load(conn)
}

/// Flags a reminder as sent; false if another worker sent it first.
pub fn claim_reminder(conn: &mut AnyConnection, id: &str, five_days: bool) -> QueryResult<bool> {
    let q = applications::table.find(id);
    let n = if five_days {
        diesel::update(q.filter(applications::reminder_5_sent.eq(false))).set(applications::reminder_5_sent.eq(true)).execute(conn)?
    } else {
        diesel::update(q.filter(applications::reminder_1_sent.eq(false))).set(applications::reminder_1_sent.eq(true)).execute(conn)?
    };
    Ok(n == 1)
}

pub fn claim_travel_message(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    let n = diesel::update(applications::table.find(id).filter(applications::travel_message_sent.eq(false)))
        .set(applications::travel_message_sent.eq(true))
        .execute(conn)?;
    Ok(n == 1)
}

/// Confirmed placements of a pupil in a school year.
pub fn confirmed_of(conn: &mut AnyConnection, pupil_id: &str, school_year: &str) -> QueryResult<Vec<Application>> {
    applications::table
        .filter(applications::pupil_id.eq(pupil_id))
        .filter(applications::school_year.eq(school_year))
        .filter(applications::status.eq(Status::Confirmed))
        .load(conn)
}

pub fn open_of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<Application>> {
    applications::table.filter(applications::pupil_id.eq(pupil_id)).filter(applications::status.eq_any(OPEN)).load(conn)
}

/// A school merge: the applications of its pupils now belong to the school kept.
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<usize> {
    diesel::update(applications::table.filter(applications::school_uai.eq(from))).set(applications::school_uai.eq(into)).execute(conn)
}
