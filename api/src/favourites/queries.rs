//! The favourites table: the only place that writes it.

use crate::ids::OfferId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::favourites as fav;
use crate::db::AnyConnection;

/// (offer id, starred at), newest first.
pub fn of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<(OfferId, NaiveDateTime)>> {
    fav::table.filter(fav::pupil_id.eq(pupil_id)).select((fav::offer_id, fav::created_at)).order((fav::created_at.desc(), fav::offer_id.asc())).load(conn)
}

pub fn starred_at(conn: &mut AnyConnection, pupil_id: &str, offer_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    fav::table.find((pupil_id, offer_id)).select(fav::created_at).first(conn).optional()
}

pub fn count(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<i64> {
    fav::table.filter(fav::pupil_id.eq(pupil_id)).count().get_result(conn)
}

pub fn insert(conn: &mut AnyConnection, pupil_id: &str, offer_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(fav::table).values((fav::pupil_id.eq(pupil_id), fav::offer_id.eq(offer_id), fav::created_at.eq(now))).execute(conn).map(|_| ())
}

pub fn delete(conn: &mut AnyConnection, pupil_id: &str, offer_id: &str) -> QueryResult<usize> {
    diesel::delete(fav::table.find((pupil_id, offer_id))).execute(conn)
}

pub fn delete_all(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<usize> {
    diesel::delete(fav::table.filter(fav::pupil_id.eq(pupil_id))).execute(conn)
}

/// Stars on the offers of a school year (closed: nothing left to apply to).
pub fn delete_of_year(conn: &mut AnyConnection, school_year: &str) -> QueryResult<usize> {
    use crate::db::schema::offers;
    diesel::delete(fav::table.filter(fav::offer_id.eq_any(offers::table.filter(offers::school_year.eq(school_year)).select(offers::id)))).execute(conn)
}
