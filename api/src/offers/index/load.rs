//! Reading the index's records and the change feed from the database (both backends).

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::core::Record;
use crate::db::schema::{offer_schools, offer_weeks, offers};
use crate::db::AnyConnection;
use crate::schools::rules::IsoWeek;

/// Offers read per query while building.
pub const BUILD_PAGE: i64 = 20_000;
/// Changed offers read per query while catching up.
pub const SYNC_PAGE: i64 = 512;

type Row = (String, String, String, String, f64, f64, bool, String);

/// Live offers (published, not hidden), with the columns of a record.
macro_rules! live {
    () => {
        offers::table.filter(offers::status.eq("published")).filter(offers::hidden.eq(false)).select((
            offers::id,
            offers::school_year,
            offers::grade_family,
            offers::sector_id,
            offers::latitude,
            offers::longitude,
            offers::rep_only,
            offers::search_text,
        ))
    };
}

/// The counter of the change feed: every change stamped up to it is committed and visible.
pub fn head(conn: &mut AnyConnection) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Head {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    Ok(diesel::sql_query("SELECT seq FROM offer_change_head WHERE id = 1").get_result::<Head>(conn)?.seq)
}

/// Offers stamped after `after`, in stamp order, at most `SYNC_PAGE`.
pub fn changes(conn: &mut AnyConnection, after: i64) -> QueryResult<Vec<(String, i64)>> {
    #[derive(QueryableByName)]
    struct Change {
        #[diesel(sql_type = Text)]
        offer_id: String,
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let rows: Vec<Change> = diesel::sql_query("SELECT offer_id, seq FROM offer_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
        .bind::<BigInt, _>(after)
        .bind::<BigInt, _>(SYNC_PAGE)
        .load(conn)?;
    Ok(rows.into_iter().map(|c| (c.offer_id, c.seq)).collect())
}

/// One page of live offers by id, after `after` (the build reads the table this way).
pub fn page(conn: &mut AnyConnection, after: &str) -> QueryResult<Vec<Record>> {
    let rows: Vec<Row> = live!().filter(offers::id.gt(after.to_owned())).order(offers::id).limit(BUILD_PAGE).load(conn)?;
    let (Some(first), Some(last)) = (rows.first().map(|r| r.0.clone()), rows.last().map(|r| r.0.clone())) else { return Ok(Vec::new()) };
    let weeks: Vec<(String, i32, i32)> = offer_weeks::table
        .filter(offer_weeks::offer_id.ge(&first))
        .filter(offer_weeks::offer_id.le(&last))
        .filter(offer_weeks::confirmed.lt(offer_weeks::places))
        .select((offer_weeks::offer_id, offer_weeks::iso_year, offer_weeks::iso_week))
        .load(conn)?;
    let schools: Vec<(String, String)> = offer_schools::table
        .filter(offer_schools::offer_id.ge(&first))
        .filter(offer_schools::offer_id.le(&last))
        .select((offer_schools::offer_id, offer_schools::uai))
        .load(conn)?;
    Ok(assemble(rows, weeks, schools))
}

/// These offers' records, for those live (the others are to leave the index).
pub fn records(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<Vec<Record>> {
    let rows: Vec<Row> = live!().filter(offers::id.eq_any(ids)).load(conn)?;
    let live_ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let weeks: Vec<(String, i32, i32)> = offer_weeks::table
        .filter(offer_weeks::offer_id.eq_any(&live_ids))
        .filter(offer_weeks::confirmed.lt(offer_weeks::places))
        .select((offer_weeks::offer_id, offer_weeks::iso_year, offer_weeks::iso_week))
        .load(conn)?;
    let schools: Vec<(String, String)> =
        offer_schools::table.filter(offer_schools::offer_id.eq_any(&live_ids)).select((offer_schools::offer_id, offer_schools::uai)).load(conn)?;
    Ok(assemble(rows, weeks, schools))
}

fn assemble(rows: Vec<Row>, weeks: Vec<(String, i32, i32)>, schools: Vec<(String, String)>) -> Vec<Record> {
    let mut open: HashMap<String, Vec<IsoWeek>> = HashMap::new();
    for (id, year, week) in weeks {
        open.entry(id).or_default().push(IsoWeek { year, week: week as u32 });
    }
    let mut reserved: HashMap<String, Vec<String>> = HashMap::new();
    for (id, uai) in schools {
        reserved.entry(id).or_default().push(uai);
    }
    rows.into_iter()
        .map(|(id, school_year, grade_family, sector_id, latitude, longitude, rep_only, search_text)| Record {
            open_weeks: open.remove(&id).unwrap_or_default(),
            schools: reserved.remove(&id).unwrap_or_default(),
            id,
            school_year,
            grade_family,
            sector_id,
            latitude,
            longitude,
            rep_only,
            search_text,
        })
        .collect()
}
