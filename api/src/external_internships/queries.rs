//! The external_internships table: the only place that writes it.

use crate::ids::PupilId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::ExternalInternship;
use super::rules::Status;
use crate::db::schema::external_internships as ext;
use crate::db::AnyConnection;

pub fn insert(conn: &mut AnyConnection, e: &ExternalInternship) -> QueryResult<()> {
    diesel::insert_into(ext::table).values(e).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<ExternalInternship>> {
    ext::table.find(id).first(conn).optional()
}

/// A pupil's records of a year, oldest first.
pub fn of_pupil(conn: &mut AnyConnection, pupil_id: &str, school_year: &str) -> QueryResult<Vec<ExternalInternship>> {
    ext::table.filter(ext::pupil_id.eq(pupil_id)).filter(ext::school_year.eq(school_year)).order((ext::declared_at.asc(), ext::id.asc())).load(conn)
}

/// Every record of a pupil, all years (their data export).
pub fn all_of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<ExternalInternship>> {
    ext::table.filter(ext::pupil_id.eq(pupil_id)).order((ext::declared_at.asc(), ext::id.asc())).load(conn)
}

/// Records of these pupils at one school (the follow-up of a school counts its own).
pub fn of_pupils(conn: &mut AnyConnection, uai: &str, pupil_ids: &[PupilId]) -> QueryResult<Vec<ExternalInternship>> {
    let mut out = Vec::new();
    // Bounded IN lists: a school counts up to a few thousand pupils.
    for chunk in pupil_ids.chunks(500) {
        out.extend(ext::table.filter(ext::school_uai.eq(uai)).filter(ext::pupil_id.eq_any(chunk)).load::<ExternalInternship>(conn)?);
    }
    Ok(out)
}

/// A school's records of a year, in one status or all, oldest first.
/// The school's records of a year, of one status and one pupil when given (a pupil's file).
pub fn of_school(
    conn: &mut AnyConnection,
    uai: &str,
    school_year: &str,
    status: Option<Status>,
    pupil_id: Option<&str>,
) -> QueryResult<Vec<ExternalInternship>> {
    let mut q = ext::table.filter(ext::school_uai.eq(uai)).filter(ext::school_year.eq(school_year)).into_boxed();
    if let Some(s) = status {
        q = q.filter(ext::status.eq(s));
    }
    if let Some(p) = pupil_id {
        q = q.filter(ext::pupil_id.eq(p.to_owned()));
    }
    q.order((ext::declared_at.asc(), ext::id.asc())).load(conn)
}

/// The school's decision, only on a record still in one of `from` (two staff members answering
/// at once: one wins, the other is told).
pub fn decide(conn: &mut AnyConnection, id: &str, from: &[Status], to: Status, by: &str, reason: Option<&str>, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(ext::table.find(id).filter(ext::status.eq_any(from.to_vec())))
        .set((ext::status.eq(to), ext::decided_by.eq(Some(by)), ext::decided_at.eq(Some(now)), ext::rejection_reason.eq(reason), ext::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn set_document(conn: &mut AnyConnection, id: &str, document_id: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(ext::table.find(id)).set((ext::agreement_document_id.eq(document_id), ext::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn delete(conn: &mut AnyConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(ext::table.find(id)).execute(conn)
}

/// Anonymisation: the host's address and the words typed go; the weeks and the status stay
/// (the coverage of a closed year keeps its shape).
pub fn anonymise_of_pupil(conn: &mut AnyConnection, pupil_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(ext::table.filter(ext::pupil_id.eq(pupil_id)))
        .set((
            ext::host_name.eq("[anonymisé]"),
            ext::siret.eq(None::<String>),
            ext::street.eq(""),
            ext::agreement_document_id.eq(None::<String>),
            ext::rejection_reason.eq(None::<String>),
            ext::updated_at.eq(now),
        ))
        .execute(conn)
}

/// A pupil moved to another school (a merge of two UAIs): their records follow.
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<usize> {
    diesel::update(ext::table.filter(ext::school_uai.eq(from))).set(ext::school_uai.eq(into)).execute(conn)
}
