//! Diesel queries of the offers domain, including the backend-specific search indexes
//! (SQLite: R*Tree + FTS5 kept in step by the application; PostgreSQL: GiST + GIN on the table).

use crate::ids::{OfferId, OrganisationId};
use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Text};

use super::model::{Offer, OfferReport, OfferWeek};
use crate::db::schema::{offer_reports, offer_schools, offer_weeks, offers, organisations, sectors};
use crate::db::AnyConnection;
use crate::schools::rules::IsoWeek;

type Db = <AnyConnection as diesel::Connection>::Backend;

pub fn find(conn: &mut AnyConnection, id: &OfferId) -> QueryResult<Option<Offer>> {
    offers::table.find(id).first(conn).optional()
}

/// Whether [`save`] writes a new offer or changes a stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    New,
    Existing,
}

/// The one path that writes an offer, for every writer (hosts, partners, moderators, renewals):
/// the row, its weeks when given (with `places_per_week` on each), then its search index, in
/// the caller's transaction, so that no writer can leave search behind the offer.
pub fn save(conn: &mut AnyConnection, o: &Offer, write: Write, weeks: Option<&[IsoWeek]>) -> QueryResult<()> {
    match write {
        Write::New => diesel::insert_into(offers::table).values(o).execute(conn)?,
        Write::Existing => diesel::update(offers::table.find(&o.id)).set(o).execute(conn)?,
    };
    if let Some(weeks) = weeks {
        set_weeks(conn, &o.id, weeks, o.places_per_week)?;
    }
    sync_search_index(conn, o)
}

pub fn weeks(conn: &mut AnyConnection, offer_id: &str) -> QueryResult<Vec<OfferWeek>> {
    offer_weeks::table.filter(offer_weeks::offer_id.eq(offer_id)).order((offer_weeks::iso_year, offer_weeks::iso_week)).load(conn)
}

pub fn weeks_of(conn: &mut AnyConnection, ids: &[OfferId]) -> QueryResult<HashMap<OfferId, Vec<OfferWeek>>> {
    let rows: Vec<OfferWeek> = offer_weeks::table.filter(offer_weeks::offer_id.eq_any(ids)).order((offer_weeks::iso_year, offer_weeks::iso_week)).load(conn)?;
    let mut out: HashMap<OfferId, Vec<OfferWeek>> = HashMap::new();
    for w in rows {
        out.entry(w.offer_id.clone()).or_default().push(w);
    }
    Ok(out)
}

/// Sets the offer's weeks and places, keeping the confirmed counts of weeks that stay.
/// The caller checked that no week with confirmed pupils is removed or under-sized.
/// Whether the offer is taken as its two weeks only.
pub fn two_weeks_only(conn: &mut AnyConnection, offer_id: &str) -> QueryResult<bool> {
    use crate::db::schema::offers_two_weeks_only as t;
    diesel::select(diesel::dsl::exists(t::table.find(offer_id))).get_result(conn)
}

pub fn set_two_weeks_only(conn: &mut AnyConnection, offer_id: &str, on: bool) -> QueryResult<()> {
    use crate::db::schema::offers_two_weeks_only as t;
    let present = two_weeks_only(conn, offer_id)?;
    if on && !present {
        diesel::insert_into(t::table).values(t::offer_id.eq(offer_id)).execute(conn)?;
    } else if !on && present {
        diesel::delete(t::table.find(offer_id)).execute(conn)?;
    }
    Ok(())
}

fn set_weeks(conn: &mut AnyConnection, offer_id: &str, weeks: &[IsoWeek], places: i32) -> QueryResult<()> {
    let existing = self::weeks(conn, offer_id)?;
    for w in &existing {
        let keep = weeks.iter().any(|k| k.year == w.iso_year && k.week as i32 == w.iso_week);
        let target = offer_weeks::table.find((offer_id, w.iso_year, w.iso_week));
        if keep {
            diesel::update(target).set(offer_weeks::places.eq(places)).execute(conn)?;
        } else {
            diesel::delete(target).execute(conn)?;
        }
    }
    for k in weeks {
        if !existing.iter().any(|w| k.year == w.iso_year && k.week as i32 == w.iso_week) {
            diesel::insert_into(offer_weeks::table)
                .values(OfferWeek { offer_id: OfferId::from(offer_id), iso_year: k.year, iso_week: k.week as i32, places, confirmed: 0 })
                .execute(conn)?;
        }
    }
    Ok(())
}

pub fn reserved_schools(conn: &mut AnyConnection, offer_id: &str) -> QueryResult<Vec<String>> {
    offer_schools::table.filter(offer_schools::offer_id.eq(offer_id)).select(offer_schools::uai).order(offer_schools::uai).load(conn)
}

/// Which of these offers are reserved to some schools.
pub fn reserved_among(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<std::collections::HashSet<OfferId>> {
    Ok(offer_schools::table
        .filter(offer_schools::offer_id.eq_any(offer_ids))
        .select(offer_schools::offer_id)
        .distinct()
        .load::<OfferId>(conn)?
        .into_iter()
        .collect())
}

pub fn set_reserved_schools(conn: &mut AnyConnection, offer_id: &str, uais: &[String]) -> QueryResult<()> {
    diesel::delete(offer_schools::table.filter(offer_schools::offer_id.eq(offer_id))).execute(conn)?;
    for u in uais {
        diesel::insert_into(offer_schools::table).values((offer_schools::offer_id.eq(offer_id), offer_schools::uai.eq(u))).execute(conn)?;
    }
    Ok(())
}

pub fn of_organisation(conn: &mut AnyConnection, org_id: &str) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::organisation_id.eq(org_id))
        .filter(offers::status.ne(super::rules::OfferStatus::Deleted))
        .order(offers::created_at.desc())
        .load(conn)
}

pub fn organisation_names(conn: &mut AnyConnection, ids: &[OrganisationId]) -> QueryResult<HashMap<OrganisationId, String>> {
    let rows: Vec<(OrganisationId, String)> =
        organisations::table.filter(organisations::id.eq_any(ids)).select((organisations::id, organisations::name)).load(conn)?;
    Ok(rows.into_iter().collect())
}

/// (title, jobs, sector id) of the offers people can find: what keyword suggestions are made of.
pub fn searchable_titles_and_jobs(conn: &mut AnyConnection) -> QueryResult<Vec<(String, String, String)>> {
    offers::table
        .filter(offers::status.eq(super::rules::OfferStatus::Published))
        .filter(offers::hidden.eq(false))
        .select((offers::title, offers::jobs, offers::sector_id))
        .load(conn)
}

pub fn sector_names(conn: &mut AnyConnection) -> QueryResult<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sectors::table.select((sectors::id, sectors::name)).load(conn)?;
    Ok(rows.into_iter().collect())
}

#[derive(QueryableByName)]
pub struct PageNames {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub organisation: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub sector: Option<String>,
    /// The partner offer's body (JSON), when an association published it.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub partner_body: Option<String>,
}

/// What an offer's page names besides the offer, in one round trip (the page is the hottest
/// read of a campaign opening).
pub fn page_names(conn: &mut AnyConnection, offer: &Offer) -> QueryResult<PageNames> {
    diesel::sql_query(
        "SELECT (SELECT name FROM organisations WHERE id = $1) AS organisation, (SELECT name FROM sectors WHERE id = $2) AS sector, \
         (SELECT body FROM partner_offers WHERE offer_id = $3 AND deleted_at IS NULL LIMIT 1) AS partner_body",
    )
    .bind::<Text, _>(&offer.organisation_id)
    .bind::<Text, _>(&offer.sector_id)
    .bind::<Text, _>(&offer.id)
    .get_result(conn)
}

pub fn load_many(conn: &mut AnyConnection, ids: &[OfferId]) -> QueryResult<Vec<Offer>> {
    offers::table.filter(offers::id.eq_any(ids)).load(conn)
}

/// What a search result shows of an offer: its card, not the whole row (a page of 30 whole
/// offers was a fifth of a search's CPU, their texts read and copied for nothing).
#[derive(Queryable, Debug, Clone)]
pub struct Card {
    pub id: OfferId,
    pub organisation_id: OrganisationId,
    pub title: String,
    pub sector_id: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub grade_family: String,
    pub group_mode: String,
    pub rep_only: bool,
}

pub fn cards(conn: &mut AnyConnection, ids: &[OfferId]) -> QueryResult<Vec<Card>> {
    offers::table
        .filter(offers::id.eq_any(ids))
        .select((
            offers::id,
            offers::organisation_id,
            offers::title,
            offers::sector_id,
            offers::city,
            offers::latitude,
            offers::longitude,
            offers::grade_family,
            offers::group_mode,
            offers::rep_only,
        ))
        .load(conn)
}

#[derive(QueryableByName)]
struct LastId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct WeekSpan {
    #[diesel(sql_type = BigInt)]
    lo: i64,
    #[diesel(sql_type = BigInt)]
    hi: i64,
}

/// A sector's number in SQLite's search index ("s12" -> 12); `None` for ids without one (the
/// index then cannot narrow on them, the SQL filter still does).
pub fn sector_rank(sector_id: &str) -> Option<i64> {
    // The same rule as PostgreSQL's backfill (`^s[0-9]{1,6}$`): both must agree.
    let digits = sector_id.strip_prefix('s')?;
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An ISO week as the search index's week dimension.
pub fn week_key(w: IsoWeek) -> i64 {
    w.year as i64 * 100 + w.week as i64
}

/// PostgreSQL: the search columns of every offer from its sector and weeks (migration 20 runs the
/// same; bulk loads run it after inserting).
pub const PG_SEARCH_COLUMNS_BACKFILL: &str = "UPDATE offers o SET \
    search_sector = CASE WHEN sector_id ~ '^s[0-9]{1,6}$' THEN substr(sector_id, 2)::integer ELSE 0 END, \
    week_lo = COALESCE((SELECT MIN(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0), \
    week_hi = COALESCE((SELECT MAX(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = o.id), 0)";

/// Keeps the search index in step with the offer: SQLite's R*Tree and full-text rows
/// (searchable: published and not hidden); PostgreSQL's sector and week-span columns, which its
/// GiST index reads (the other indexes live on the table itself).
fn sync_search_index(conn: &mut AnyConnection, offer: &Offer) -> QueryResult<()> {
    if !matches!(conn, AnyConnection::Sqlite(_)) {
        diesel::sql_query(
            "UPDATE offers SET search_sector = $1, \
             week_lo = COALESCE((SELECT MIN(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = $2), 0), \
             week_hi = COALESCE((SELECT MAX(w.iso_year * 100 + w.iso_week) FROM offer_weeks w WHERE w.offer_id = $2), 0) WHERE id = $2",
        )
        .bind::<Integer, _>(sector_rank(&offer.sector_id).unwrap_or(0) as i32)
        .bind::<Text, _>(&offer.id)
        .execute(conn)?;
        return Ok(());
    }
    let searchable = offer.status == super::rules::OfferStatus::Published && !offer.hidden;
    if let Some(geo) = offer.geo_id {
        diesel::sql_query("DELETE FROM offers_geo WHERE id = $1").bind::<BigInt, _>(geo).execute(conn)?;
        diesel::sql_query("DELETE FROM offers_fts WHERE rowid = $1").bind::<BigInt, _>(geo).execute(conn)?;
    }
    if !searchable {
        if offer.geo_id.is_some() {
            diesel::update(offers::table.find(&offer.id)).set(offers::geo_id.eq(None::<i64>)).execute(conn)?;
        }
        return Ok(());
    }
    let geo = match offer.geo_id {
        Some(g) => g,
        None => {
            let next: LastId = diesel::sql_query("SELECT COALESCE(MAX(geo_id), 0) + 1 AS id FROM offers").get_result(conn)?;
            diesel::update(offers::table.find(&offer.id)).set(offers::geo_id.eq(Some(next.id))).execute(conn)?;
            next.id
        }
    };
    let span: WeekSpan = diesel::sql_query(
        "SELECT COALESCE(MIN(iso_year * 100 + iso_week), 0) AS lo, COALESCE(MAX(iso_year * 100 + iso_week), 0) AS hi FROM offer_weeks WHERE offer_id = $1",
    )
    .bind::<Text, _>(&offer.id)
    .get_result(conn)?;
    let sector = sector_rank(&offer.sector_id).unwrap_or(0);
    diesel::sql_query(
        "INSERT INTO offers_geo (id, min_lat, max_lat, min_lon, max_lon, min_sector, max_sector, min_week, max_week) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind::<BigInt, _>(geo)
    .bind::<Double, _>(offer.latitude)
    .bind::<Double, _>(offer.latitude)
    .bind::<Double, _>(offer.longitude)
    .bind::<Double, _>(offer.longitude)
    .bind::<BigInt, _>(sector)
    .bind::<BigInt, _>(sector)
    .bind::<BigInt, _>(span.lo)
    .bind::<BigInt, _>(span.hi)
    .execute(conn)?;
    diesel::sql_query("INSERT INTO offers_fts (rowid, offer_id, text) VALUES ($1, $2, $3)")
        .bind::<BigInt, _>(geo)
        .bind::<Text, _>(&offer.id)
        .bind::<Text, _>(&offer.search_text)
        .execute(conn)?;
    Ok(())
}

/// What a search keeps, beyond the place.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub school_year: String,
    pub grade_family: Option<String>,
    pub sectors: Vec<String>,
    /// Weeks wanted: an offer qualifies when one of them still has a place.
    pub weeks: Vec<IsoWeek>,
    pub keyword_terms: Vec<String>,
    /// The pupil's school: offers reserved to other schools are left out. `None`: every
    /// reserved offer is left out.
    pub school_uai: Option<String>,
    /// Whether offers reserved to priority education are shown.
    pub priority_eligible: bool,
    /// Only the offers reserved to some pupils (priority education, or some schools): the
    /// block a pupil sees first.
    pub reserved_only: bool,
}

enum Param {
    Text(String),
    Double(f64),
    Int(i32),
    BigInt(i64),
}

/// Builds SQL with `$n` placeholders numbered in order (both backends accept them).
struct Sql {
    text: String,
    params: Vec<Param>,
}

impl Sql {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn param(&mut self, p: Param) {
        self.params.push(p);
        self.text.push_str(&format!("${}", self.params.len()));
    }
}

#[derive(QueryableByName, Debug)]
pub struct Hit {
    #[diesel(sql_type = Text)]
    pub id: OfferId,
    #[diesel(sql_type = Double)]
    pub latitude: f64,
    #[diesel(sql_type = Double)]
    pub longitude: f64,
}

#[derive(QueryableByName, Debug)]
struct HitText {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Double)]
    latitude: f64,
    #[diesel(sql_type = Double)]
    longitude: f64,
    #[diesel(sql_type = Text)]
    search_text: String,
}

/// Beyond this many offers in the box (before the keyword), the full-text index does the
/// keyword; below it, reading the offers' text is cheaper.
pub const KEYWORD_SCAN_MAX: usize = 2_000;

/// Published offers inside a latitude/longitude box that pass the filter, through the
/// spatial index (the caller computes exact distances and grows the box).
pub fn in_box(conn: &mut AnyConnection, b: (f64, f64, f64, f64), f: &SearchFilter) -> QueryResult<Vec<Hit>> {
    in_box_with(conn, b, f, KEYWORD_SCAN_MAX)
}

/// `in_box` with the keyword strategy's threshold given (tests run both strategies).
pub fn in_box_with(conn: &mut AnyConnection, b: (f64, f64, f64, f64), f: &SearchFilter, keyword_scan_max: usize) -> QueryResult<Vec<Hit>> {
    let sqlite = matches!(conn, AnyConnection::Sqlite(_));
    // The full-text match of a frequent word returns a large share of all offers (the
    // benchmark's W3: 40 % for its commonest word) before the box narrows it; the box, sector and
    // week usually leave a few dozen. So: the box first, with the text, and the keyword checked
    // here, the same way both indexes match it (every term is the start of a word of the
    // normalised text); the index only when the box holds too many. On PostgreSQL too: its
    // planner ANDs the GiST box with the GIN match, and reading the GIN list of a frequent word
    // (436,000 offers at L) cost 100 ms where the box's 606 offers were 9 ms.
    if !f.keyword_terms.is_empty() && keyword_scan_max > 0 {
        let rows: Vec<HitText> = box_query(sqlite, b, f, false, Some(keyword_scan_max + 1)).load(conn)?;
        if rows.len() <= keyword_scan_max {
            return Ok(rows
                .into_iter()
                .filter(|r| super::rules::matches_terms(&r.search_text, &f.keyword_terms))
                .map(|r| Hit { id: OfferId::from(r.id), latitude: r.latitude, longitude: r.longitude })
                .collect());
        }
    }
    box_query(sqlite, b, f, true, None).load(conn)
}

fn box_query(
    sqlite: bool,
    b: (f64, f64, f64, f64),
    f: &SearchFilter,
    keyword: bool,
    limit: Option<usize>,
) -> diesel::query_builder::BoxedSqlQuery<'static, Db, diesel::query_builder::SqlQuery> {
    let mut q = Sql { text: String::new(), params: Vec::new() };
    let columns = if limit.is_some() { "o.id, o.latitude, o.longitude, o.search_text" } else { "o.id, o.latitude, o.longitude" };
    // Bounds of the search index's sector and week dimensions, the same on both backends;
    // `None`: that dimension does not narrow (no sector asked, or one without a number).
    let sectors = f.sectors.iter().map(|s| sector_rank(s)).collect::<Option<Vec<i64>>>().and_then(|r| Some((*r.iter().min()?, *r.iter().max()?)));
    let weeks = f.weeks.iter().map(|w| week_key(*w)).fold(None, |acc: Option<(i64, i64)>, k| Some(acc.map_or((k, k), |(lo, hi)| (lo.min(k), hi.max(k)))));
    if sqlite {
        q.push(&format!("SELECT {columns} FROM offers_geo g JOIN offers o ON o.geo_id = g.id WHERE g.min_lat >= "));
        q.param(Param::Double(b.0));
        q.push(" AND g.max_lat <= ");
        q.param(Param::Double(b.1));
        q.push(" AND g.min_lon >= ");
        q.param(Param::Double(b.2));
        q.push(" AND g.max_lon <= ");
        q.param(Param::Double(b.3));
        // The index's other dimensions: the sectors' numbers and the weeks' span.
        if let Some((lo, hi)) = sectors {
            q.push(" AND g.min_sector >= ");
            q.param(Param::BigInt(lo));
            q.push(" AND g.max_sector <= ");
            q.param(Param::BigInt(hi));
        }
        if let Some((lo, hi)) = weeks {
            q.push(" AND g.max_week >= ");
            q.param(Param::BigInt(lo));
            q.push(" AND g.min_week <= ");
            q.param(Param::BigInt(hi));
        }
    } else {
        // The GiST index over (longitude, latitude, sector, week span), written exactly as the
        // index's expression; the offer's box overlaps the query's in every dimension: inside the
        // area, one of the sectors' numbers, a week span meeting the weeks asked.
        let (s_lo, s_hi) = sectors.map_or((-1.0, 1e9), |(lo, hi)| (lo as f64, hi as f64));
        let (w_lo, w_hi) = weeks.map_or((-1.0, 1e9), |(lo, hi)| (lo as f64, hi as f64));
        q.push(&format!(
            "SELECT {columns} FROM offers o WHERE cube(ARRAY[o.longitude, o.latitude, o.search_sector::float8, o.week_lo::float8], \
             ARRAY[o.longitude, o.latitude, o.search_sector::float8, o.week_hi::float8]) && cube(ARRAY["
        ));
        for (i, v) in [b.2, b.0, s_lo, w_lo].into_iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.param(Param::Double(v));
        }
        q.push("]::float8[], ARRAY[");
        for (i, v) in [b.3, b.1, s_hi, w_hi].into_iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.param(Param::Double(v));
        }
        q.push("]::float8[])");
    }
    q.push(" AND o.status = 'published' AND NOT o.hidden AND o.school_year = ");
    q.param(Param::Text(f.school_year.clone()));
    if let Some(g) = &f.grade_family {
        q.push(" AND o.grade_family = ");
        q.param(Param::Text(g.clone()));
    }
    if !f.sectors.is_empty() {
        q.push(" AND o.sector_id IN (");
        for (i, s) in f.sectors.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.param(Param::Text(s.clone()));
        }
        q.push(")");
    }
    // A place left in one of the wanted weeks (any week when none is asked).
    q.push(" AND EXISTS (SELECT 1 FROM offer_weeks w WHERE w.offer_id = o.id AND w.confirmed < w.places");
    if !f.weeks.is_empty() {
        q.push(" AND (");
        for (i, w) in f.weeks.iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            q.push("(w.iso_year = ");
            q.param(Param::Int(w.year));
            q.push(" AND w.iso_week = ");
            q.param(Param::Int(w.week as i32));
            q.push(")");
        }
        q.push(")");
    }
    q.push(")");
    if !f.priority_eligible {
        q.push(" AND NOT o.rep_only");
    }
    q.push(" AND (NOT EXISTS (SELECT 1 FROM offer_schools s WHERE s.offer_id = o.id)");
    if let Some(uai) = &f.school_uai {
        q.push(" OR EXISTS (SELECT 1 FROM offer_schools s WHERE s.offer_id = o.id AND s.uai = ");
        q.param(Param::Text(uai.clone()));
        q.push(")");
    }
    q.push(")");
    if f.reserved_only {
        q.push(" AND (o.rep_only OR EXISTS (SELECT 1 FROM offer_schools s WHERE s.offer_id = o.id))");
    }
    if keyword && !f.keyword_terms.is_empty() {
        if sqlite {
            // `+g.id`: not a constraint the R*Tree may take. Given `g.id IN (…)`, SQLite looked
            // up every offer of the word by its id in the R*Tree and checked the box afterwards
            // (392,000 lookups, 2 s, for a frequent word at L); this way the R*Tree reads the
            // box and each offer is checked against the word's list, built once.
            q.push(" AND +g.id IN (SELECT rowid FROM offers_fts WHERE offers_fts MATCH ");
            // Terms are normalised to letters and digits: no FTS syntax can slip in.
            q.param(Param::Text(f.keyword_terms.iter().map(|t| format!("{t}*")).collect::<Vec<_>>().join(" ")));
            q.push(")");
        } else {
            q.push(" AND to_tsvector('simple', o.search_text) @@ to_tsquery('simple', ");
            q.param(Param::Text(f.keyword_terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ")));
            q.push(")");
        }
    }
    if let Some(n) = limit {
        q.push(&format!(" LIMIT {n}"));
    }
    let mut query = diesel::sql_query(q.text).into_boxed::<Db>();
    for p in q.params {
        query = match p {
            Param::Text(s) => query.bind::<Text, _>(s),
            Param::Double(d) => query.bind::<Double, _>(d),
            Param::Int(i) => query.bind::<Integer, _>(i),
            Param::BigInt(i) => query.bind::<BigInt, _>(i),
        };
    }
    query
}

pub fn insert_report(conn: &mut AnyConnection, r: &OfferReport) -> QueryResult<()> {
    diesel::insert_into(offer_reports::table).values(r).execute(conn).map(|_| ())
}

/// A page of the open reports, oldest first, and how many are open.
pub fn open_reports(conn: &mut AnyConnection, limit: i64, offset: i64) -> QueryResult<(Vec<OfferReport>, i64)> {
    let open = || offer_reports::table.filter(offer_reports::status.eq("open"));
    let total = open().count().get_result(conn)?;
    Ok((open().order((offer_reports::created_at.asc(), offer_reports::id.asc())).limit(limit).offset(offset).load(conn)?, total))
}

/// Offers the moderators hid, most recently changed first, with the decision that hid them.
/// A hidden offer and the decision that hid it (none when hidden without a report).
pub type HiddenWithDecision = (Offer, Option<OfferReport>);

/// A page of them, and how many offers are hidden.
pub fn hidden_offers(conn: &mut AnyConnection, limit: i64, offset: i64) -> QueryResult<(Vec<HiddenWithDecision>, i64)> {
    let total = offers::table.filter(offers::hidden.eq(true)).count().get_result(conn)?;
    let rows: Vec<Offer> =
        offers::table.filter(offers::hidden.eq(true)).order((offers::updated_at.desc(), offers::id.desc())).limit(limit).offset(offset).load(conn)?;
    let ids: Vec<OfferId> = rows.iter().map(|o| o.id.clone()).collect();
    let decisions: Vec<OfferReport> = offer_reports::table
        .filter(offer_reports::offer_id.eq_any(&ids))
        .filter(offer_reports::status.eq("hidden"))
        .order(offer_reports::decided_at.desc())
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|o| {
                let d = decisions.iter().find(|r| r.offer_id == o.id).cloned();
                (o, d)
            })
            .collect::<Vec<_>>(),
        total,
    ))
}

pub fn report(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<OfferReport>> {
    offer_reports::table.find(id).first(conn).optional()
}

/// Offers per organisation (any status but deleted).
pub fn count_by_organisation(conn: &mut AnyConnection, org_ids: &[OrganisationId]) -> QueryResult<HashMap<OrganisationId, i64>> {
    Ok(offers::table
        .filter(offers::organisation_id.eq_any(org_ids))
        .filter(offers::status.ne(super::rules::OfferStatus::Deleted))
        .group_by(offers::organisation_id)
        .select((offers::organisation_id, diesel::dsl::count_star()))
        .load::<(OrganisationId, i64)>(conn)?
        .into_iter()
        .collect())
}

/// An organisation merge: the duplicate's offers move to the organisation kept (the search index
/// does not hold the organisation, so it stays as it is).
pub fn move_to_organisation(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<usize> {
    diesel::update(offers::table.filter(offers::organisation_id.eq(from))).set(offers::organisation_id.eq(into)).execute(conn)
}

/// A school merge: offers reserved to the duplicate are reserved to the school kept.
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<()> {
    let kept: Vec<String> = offer_schools::table.filter(offer_schools::uai.eq(into)).select(offer_schools::offer_id).load(conn)?;
    diesel::update(offer_schools::table.filter(offer_schools::uai.eq(from)).filter(offer_schools::offer_id.ne_all(&kept)))
        .set(offer_schools::uai.eq(into))
        .execute(conn)?;
    diesel::delete(offer_schools::table.filter(offer_schools::uai.eq(from))).execute(conn).map(|_| ())
}
