//! Counting from the raw rows (only the job runner and `stats verify` do it), and reading the
//! stored counters (what dashboards do).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::rules::*;
use crate::db::schema::{campaign_targets, stats_counters, stats_daily, stats_meta};
use crate::db::AnyConnection;

/// (school year, department, sector, metric, segment)
pub type Key = (String, String, String, String, String);
/// A stored counter of one year: (department, sector, metric, segment, value).
pub type Counter = (String, String, String, String, i64);
/// A target: (label, total, public, private), keyed by (scope kind, code).
pub type Target = (String, i64, i64, i64);

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    y: String,
    #[diesel(sql_type = Text)]
    d: String,
    #[diesel(sql_type = Text)]
    s: String,
    #[diesel(sql_type = Text)]
    g: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every counter, computed from scratch. Portable SQL (GROUP BY positions, CASE, COALESCE).
pub fn recount(conn: &mut AnyConnection) -> QueryResult<BTreeMap<Key, i64>> {
    let live = "o.status = 'published' AND NOT o.hidden";
    let queries: Vec<(&str, String)> = vec![
        (
            OFFERS,
            format!("SELECT o.school_year AS y, o.department_code AS d, o.sector_id AS s, CASE WHEN g.is_public THEN 'public' ELSE 'private' END AS g, COUNT(*) AS n \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE {live} GROUP BY 1, 2, 3, 4"),
        ),
        (
            PLACES,
            format!("SELECT o.school_year AS y, o.department_code AS d, o.sector_id AS s, CASE WHEN g.is_public THEN 'public' ELSE 'private' END AS g, COALESCE(SUM(w.places), 0) AS n \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id JOIN offer_weeks w ON w.offer_id = o.id WHERE {live} GROUP BY 1, 2, 3, 4"),
        ),
        (
            OFFERS_BY_MINISTRY,
            format!("SELECT o.school_year AS y, o.department_code AS d, o.sector_id AS s, g.ministry_id AS g, COUNT(*) AS n \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE {live} AND g.is_public AND g.ministry_id IS NOT NULL GROUP BY 1, 2, 3, 4"),
        ),
        (
            OFFERS_BY_GROUP,
            format!("SELECT o.school_year AS y, o.department_code AS d, o.sector_id AS s, g.group_name AS g, COUNT(*) AS n \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE {live} AND NOT g.is_public AND g.group_name IS NOT NULL GROUP BY 1, 2, 3, 4"),
        ),
        (
            OFFERS_BY_OPERATOR,
            format!("SELECT o.school_year AS y, o.department_code AS d, o.sector_id AS s, p.operator_id AS g, COUNT(*) AS n \
                     FROM offers o JOIN partner_offers p ON p.offer_id = o.id WHERE {live} AND p.deleted_at IS NULL GROUP BY 1, 2, 3, 4"),
        ),
        (
            PUPILS_PLACED,
            "SELECT a.school_year AS y, s.department_code AS d, '' AS s, COALESCE(s.priority_education, 'hors') AS g, COUNT(DISTINCT a.pupil_id) AS n \
             FROM applications a JOIN schools s ON s.uai = a.school_uai WHERE a.status = 'confirmed' GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            SCHOOL_PUPILS,
            "SELECT c.school_year AS y, s.department_code AS d, '' AS s, p.school_uai AS g, COUNT(*) AS n \
             FROM pupils p JOIN school_classes c ON c.id = p.class_id JOIN schools s ON s.uai = p.school_uai GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            SCHOOL_APPLIED,
            "SELECT a.school_year AS y, s.department_code AS d, '' AS s, a.school_uai AS g, COUNT(DISTINCT a.pupil_id) AS n \
             FROM applications a JOIN schools s ON s.uai = a.school_uai GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            SCHOOL_PLACED,
            "SELECT a.school_year AS y, s.department_code AS d, '' AS s, a.school_uai AS g, COUNT(DISTINCT a.pupil_id) AS n \
             FROM applications a JOIN schools s ON s.uai = a.school_uai WHERE a.status = 'confirmed' GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            APPLICATIONS,
            "SELECT a.school_year AS y, s.department_code AS d, o.sector_id AS s, p.gender AS g, COUNT(*) AS n \
             FROM applications a JOIN offers o ON o.id = a.offer_id JOIN schools s ON s.uai = a.school_uai JOIN pupils p ON p.user_id = a.pupil_id GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            PLACEMENTS,
            "SELECT a.school_year AS y, s.department_code AS d, o.sector_id AS s, p.gender AS g, COUNT(*) AS n \
             FROM applications a JOIN offers o ON o.id = a.offer_id JOIN schools s ON s.uai = a.school_uai JOIN pupils p ON p.user_id = a.pupil_id \
             WHERE a.status = 'confirmed' GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            AGREEMENTS_SIGNED,
            "SELECT ag.school_year AS y, s.department_code AS d, o.sector_id AS s, p.gender AS g, COUNT(*) AS n \
             FROM agreements ag JOIN offers o ON o.id = ag.offer_id JOIN schools s ON s.uai = ag.school_uai JOIN pupils p ON p.user_id = ag.pupil_id \
             WHERE ag.status = 'signed' GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            // CURRENT_DATE is the same keyword on SQLite ('YYYY-MM-DD', UTC) and PostgreSQL.
            INTERNSHIPS_DONE,
            "SELECT ag.school_year AS y, s.department_code AS d, o.sector_id AS s, p.gender AS g, COUNT(*) AS n \
             FROM agreements ag JOIN offers o ON o.id = ag.offer_id JOIN schools s ON s.uai = ag.school_uai JOIN pupils p ON p.user_id = ag.pupil_id \
             WHERE ag.status = 'signed' AND ag.ends_on < CURRENT_DATE GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            PUPILS_APPLIED,
            "SELECT a.school_year AS y, s.department_code AS d, '' AS s, p.gender AS g, COUNT(DISTINCT a.pupil_id) AS n \
             FROM applications a JOIN schools s ON s.uai = a.school_uai JOIN pupils p ON p.user_id = a.pupil_id GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            PUPILS,
            "SELECT c.school_year AS y, s.department_code AS d, '' AS s, COALESCE(s.priority_education, 'hors') AS g, COUNT(*) AS n \
             FROM pupils p JOIN school_classes c ON c.id = p.class_id JOIN schools s ON s.uai = p.school_uai GROUP BY 1, 2, 3, 4"
                .into(),
        ),
        (
            CONSENTS,
            "SELECT c.school_year AS y, s.department_code AS d, '' AS s, COALESCE(s.priority_education, 'hors') AS g, COUNT(*) AS n \
             FROM pupils p JOIN school_classes c ON c.id = p.class_id JOIN schools s ON s.uai = p.school_uai WHERE p.consent_date IS NOT NULL GROUP BY 1, 2, 3, 4"
                .into(),
        ),
    ];
    // Found elsewhere: a validated record and no placement confirmed here the same year (a pupil
    // counts once, as placed through the platform if both).
    let elsewhere = "FROM external_internships e JOIN schools s ON s.uai = e.school_uai WHERE e.status = 'validated' \
                     AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.pupil_id = e.pupil_id AND a.school_year = e.school_year AND a.status = 'confirmed')";
    let mut queries = queries;
    queries.push((
        PUPILS_ELSEWHERE,
        format!("SELECT e.school_year AS y, s.department_code AS d, '' AS s, COALESCE(s.priority_education, 'hors') AS g, COUNT(DISTINCT e.pupil_id) AS n {elsewhere} GROUP BY 1, 2, 3, 4"),
    ));
    queries.push((
        SCHOOL_ELSEWHERE,
        format!(
            "SELECT e.school_year AS y, s.department_code AS d, '' AS s, e.school_uai AS g, COUNT(DISTINCT e.pupil_id) AS n {elsewhere} GROUP BY 1, 2, 3, 4"
        ),
    ));
    let mut out = BTreeMap::new();
    for (metric, sql) in queries {
        for r in diesel::sql_query(sql).load::<Row>(conn)? {
            out.insert((r.y, r.d, r.s, metric.to_owned(), r.g), r.n);
        }
    }
    Ok(out)
}

pub fn stored(conn: &mut AnyConnection) -> QueryResult<BTreeMap<Key, i64>> {
    let rows: Vec<(String, String, String, String, String, i64)> = stats_counters::table.load(conn)?;
    Ok(rows.into_iter().map(|(y, d, s, m, g, n)| ((y, d, s, m, g), n)).collect())
}

/// Replaces the stored counters of every year but the `frozen` ones (the caller holds a transaction).
pub fn replace(conn: &mut AnyConnection, counters: &BTreeMap<Key, i64>, frozen: &[String], now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(stats_counters::table.filter(stats_counters::school_year.ne_all(frozen))).execute(conn)?;
    for ((y, d, s, m, g), n) in counters {
        diesel::insert_into(stats_counters::table)
            .values((
                stats_counters::school_year.eq(y),
                stats_counters::department_code.eq(d),
                stats_counters::sector_id.eq(s),
                stats_counters::metric.eq(m),
                stats_counters::segment.eq(g),
                stats_counters::value.eq(n),
            ))
            .execute(conn)?;
    }
    diesel::update(stats_meta::table.find(1)).set((stats_meta::refreshed_at.eq(now), stats_meta::generation.eq(stats_meta::generation + 1))).execute(conn)?;
    keep_day(conn, counters, frozen, now.date())
}

/// Today's figures per department, as the counters now say: each rebuild overwrites the day's,
/// so the last one of the day stays.
fn keep_day(conn: &mut AnyConnection, counters: &BTreeMap<Key, i64>, frozen: &[String], day: chrono::NaiveDate) -> QueryResult<()> {
    let mut totals: BTreeMap<(&str, &str, &str), i64> = BTreeMap::new();
    for ((y, d, _, m, _), n) in counters {
        if SERIES.contains(&m.as_str()) {
            *totals.entry((y, d, m)).or_default() += n;
        }
    }
    diesel::delete(stats_daily::table.filter(stats_daily::day.eq(day)).filter(stats_daily::school_year.ne_all(frozen))).execute(conn)?;
    for ((y, d, m), n) in totals {
        diesel::insert_into(stats_daily::table)
            .values((
                stats_daily::school_year.eq(y),
                stats_daily::day.eq(day),
                stats_daily::department_code.eq(d),
                stats_daily::metric.eq(m),
                stats_daily::value.eq(n),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (day, metric) → total over these departments (all: `None`), oldest first.
pub fn series(conn: &mut AnyConnection, year: &str, departments: Option<&[String]>) -> QueryResult<BTreeMap<(chrono::NaiveDate, String), i64>> {
    let mut q = stats_daily::table.filter(stats_daily::school_year.eq(year)).select((stats_daily::day, stats_daily::metric, stats_daily::value)).into_boxed();
    if let Some(d) = departments {
        q = q.filter(stats_daily::department_code.eq_any(d.to_vec()));
    }
    let mut out = BTreeMap::new();
    for (day, metric, value) in q.load::<(chrono::NaiveDate, String, i64)>(conn)? {
        *out.entry((day, metric)).or_default() += value;
    }
    Ok(out)
}

/// Marks the dashboards stale (targets changed): replicas rebuild them at the next read.
pub fn bump_generation(conn: &mut AnyConnection) -> QueryResult<()> {
    diesel::update(stats_meta::table.find(1)).set(stats_meta::generation.eq(stats_meta::generation + 1)).execute(conn)?;
    Ok(())
}

/// The counters' stamp and generation, in one read.
pub fn meta(conn: &mut AnyConnection) -> QueryResult<(NaiveDateTime, i64)> {
    stats_meta::table.find(1).select((stats_meta::refreshed_at, stats_meta::generation)).first(conn)
}

/// Claims the refresh when the last one is older than `before` (one replica wins).
pub fn claim_refresh(conn: &mut AnyConnection, before: NaiveDateTime, now: NaiveDateTime) -> QueryResult<bool> {
    // A read first: the worker asks every round, and most rounds nothing is due (an UPDATE
    // would take SQLite's write lock each time).
    if refreshed_at(conn)? >= before {
        return Ok(false);
    }
    let n = diesel::update(stats_meta::table.find(1).filter(stats_meta::refreshed_at.lt(before))).set(stats_meta::refreshed_at.eq(now)).execute(conn)?;
    Ok(n == 1)
}

pub fn refreshed_at(conn: &mut AnyConnection) -> QueryResult<NaiveDateTime> {
    stats_meta::table.find(1).select(stats_meta::refreshed_at).first(conn)
}

/// Counters of a year, for some departments (`None`: all). The per-school rows (three per
/// school: 180,000 at national scale) only when `with_schools` (one department's drill-down).
pub fn counters(conn: &mut AnyConnection, year: &str, departments: Option<&[String]>, with_schools: bool) -> QueryResult<Vec<Counter>> {
    let mut q = stats_counters::table
        .filter(stats_counters::school_year.eq(year))
        .select((stats_counters::department_code, stats_counters::sector_id, stats_counters::metric, stats_counters::segment, stats_counters::value))
        .into_boxed();
    if let Some(d) = departments {
        q = q.filter(stats_counters::department_code.eq_any(d.to_vec()));
    }
    if !with_schools {
        q = q.filter(stats_counters::metric.ne_all(vec![
            super::rules::SCHOOL_PUPILS,
            super::rules::SCHOOL_APPLIED,
            super::rules::SCHOOL_PLACED,
            super::rules::SCHOOL_ELSEWHERE,
        ]));
    }
    q.load(conn)
}

/// Targets of a year: (scope kind, code) → (label, total, public, private).
pub fn targets(conn: &mut AnyConnection, year: &str) -> QueryResult<BTreeMap<(String, String), Target>> {
    let rows: Vec<(String, String, String, String, i32, i32, i32)> = campaign_targets::table.filter(campaign_targets::school_year.eq(year)).load(conn)?;
    Ok(rows.into_iter().map(|(_, k, c, l, t, pu, pr)| ((k, c), (l, t as i64, pu as i64, pr as i64))).collect())
}

pub fn upsert_target(conn: &mut AnyConnection, year: &str, kind: &str, code: &str, label: &str, t: (i32, i32, i32)) -> QueryResult<bool> {
    let key = campaign_targets::table.find((year, kind, code));
    let exists = key.count().get_result::<i64>(conn)? > 0;
    if exists {
        diesel::update(key)
            .set((campaign_targets::target_total.eq(t.0), campaign_targets::target_public.eq(t.1), campaign_targets::target_private.eq(t.2)))
            .execute(conn)?;
    } else {
        diesel::insert_into(campaign_targets::table)
            .values((
                campaign_targets::school_year.eq(year),
                campaign_targets::scope_kind.eq(kind),
                campaign_targets::code.eq(code),
                campaign_targets::label.eq(label),
                campaign_targets::target_total.eq(t.0),
                campaign_targets::target_public.eq(t.1),
                campaign_targets::target_private.eq(t.2),
            ))
            .execute(conn)?;
    }
    bump_generation(conn)?;
    Ok(!exists)
}

/// A priority-education school (REP, REP+) and its campaign facts.
pub struct PriorityFacts {
    pub uai: String,
    pub name: String,
    pub city: String,
    pub department_code: String,
    pub priority_education: String,
    pub registered: bool,
    pub has_weeks: bool,
    pub pupils: i64,
    pub placed: i64,
    pub principal_email: Option<String>,
}

/// The REP and REP+ schools of these departments (all: `None`), with what the campaign knows of
/// them this year. A read model, as the counters are: it reads the schools' tables directly.
pub fn priority_schools(conn: &mut AnyConnection, year: &str, departments: Option<&[String]>) -> QueryResult<Vec<PriorityFacts>> {
    use crate::db::schema::{school_registrations as reg, school_staff as staff, school_weeks as sw, schools, users};
    let mut q = schools::table
        .filter(schools::priority_education.eq_any(["REP", "REP+"]))
        .select((schools::uai, schools::name, schools::commune_name, schools::department_code, schools::priority_education))
        .into_boxed();
    if let Some(d) = departments {
        q = q.filter(schools::department_code.eq_any(d.to_vec()));
    }
    // Unordered: the caller sorts the few rows; an ORDER BY here led SQLite to walk the whole
    // directory by department rather than the REP/REP+ index.
    let rows: Vec<(String, String, String, String, Option<String>)> = q.load(conn)?;
    let uais: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut registered = std::collections::HashSet::new();
    let mut with_weeks = std::collections::HashSet::new();
    let mut counts: std::collections::HashMap<(String, String), i64> = std::collections::HashMap::new();
    let mut principals: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for chunk in uais.chunks(500) {
        registered.extend(reg::table.filter(reg::uai.eq_any(chunk)).select(reg::uai).load::<String>(conn)?);
        with_weeks
            .extend(sw::table.filter(sw::school_uai.eq_any(chunk)).filter(sw::school_year.eq(year)).select(sw::school_uai).distinct().load::<String>(conn)?);
        let figures: Vec<(String, String, i64)> = stats_counters::table
            .filter(stats_counters::school_year.eq(year))
            .filter(stats_counters::metric.eq_any([SCHOOL_PUPILS, SCHOOL_PLACED, SCHOOL_ELSEWHERE]))
            .filter(stats_counters::segment.eq_any(chunk))
            .select((stats_counters::segment, stats_counters::metric, stats_counters::value))
            .load(conn)?;
        for (uai, metric, value) in figures {
            *counts.entry((uai, metric)).or_default() += value;
        }
        let heads: Vec<(String, Option<String>)> = staff::table
            .inner_join(users::table.on(users::id.eq(staff::user_id)))
            .filter(staff::school_uai.eq_any(chunk))
            .filter(staff::function.eq(crate::auth::StaffFunction::Principal.as_str()))
            .filter(staff::status.eq(crate::schools::model::STAFF_ACTIVE))
            .select((staff::school_uai, users::email))
            .load(conn)?;
        for (uai, email) in heads {
            if let Some(e) = email {
                principals.entry(uai).or_insert(e);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(uai, name, city, department_code, priority)| PriorityFacts {
            registered: registered.contains(&uai),
            has_weeks: with_weeks.contains(&uai),
            pupils: counts.get(&(uai.clone(), SCHOOL_PUPILS.to_owned())).copied().unwrap_or(0),
            // Found here or elsewhere: a school whose pupils all found one has started.
            placed: counts.get(&(uai.clone(), SCHOOL_PLACED.to_owned())).copied().unwrap_or(0)
                + counts.get(&(uai.clone(), SCHOOL_ELSEWHERE.to_owned())).copied().unwrap_or(0),
            principal_email: principals.remove(&uai),
            priority_education: priority.unwrap_or_default(),
            uai,
            name,
            city,
            department_code,
        })
        .collect())
}

/// Whoever gets the weekly figures: admins (the national team) and referents, with an address,
/// neither suspended nor erased, who did not opt out: (id, e-mail, first name, role, scope kind,
/// scope code).
pub type KpiReader = (String, String, String, String, Option<String>, Option<String>);

pub fn kpi_readers(conn: &mut AnyConnection) -> QueryResult<Vec<KpiReader>> {
    use crate::db::schema::{kpi_mail_opt_outs as out, users};
    type Row = (String, Option<String>, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = users::table
        .filter(users::role.eq_any(["admin", "referent"]))
        .filter(users::anonymised_at.is_null())
        .filter(users::suspended_at.is_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(out::table.filter(out::user_id.eq(users::id)))))
        .select((users::id, users::email, users::first_name, users::role, users::scope_kind, users::scope_code))
        .order(users::id)
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, email, first, role, kind, code)| email.map(|e| (id, e, first, role, kind, code))).collect())
}

pub fn kpi_opted_out(conn: &mut AnyConnection, user_id: &str) -> QueryResult<bool> {
    use crate::db::schema::kpi_mail_opt_outs as out;
    diesel::select(diesel::dsl::exists(out::table.filter(out::user_id.eq(user_id)))).get_result(conn)
}

pub fn set_kpi_opt_out(conn: &mut AnyConnection, user_id: &str, opted_out: bool, now: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::kpi_mail_opt_outs as out;
    diesel::delete(out::table.filter(out::user_id.eq(user_id))).execute(conn)?;
    if opted_out {
        diesel::insert_into(out::table).values((out::user_id.eq(user_id), out::created_at.eq(now))).execute(conn)?;
    }
    Ok(())
}

/// Whether this week's e-mail is still to send (a read, before the figures are computed: the
/// job ticks all Monday long and the series costs a year of daily rows).
pub fn kpi_mail_free(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<bool> {
    use crate::db::schema::periodic_runs;
    use diesel::dsl::exists;
    diesel::select(exists(periodic_runs::table.find("kpi_mail").filter(periodic_runs::last_run_at.lt(now - chrono::Duration::days(6))))).get_result(conn)
}

/// Claims this week's e-mail for this replica (at most one claim in six days).
pub fn claim_kpi_mail(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<bool> {
    use crate::db::schema::periodic_runs;
    Ok(diesel::update(periodic_runs::table.find("kpi_mail").filter(periodic_runs::last_run_at.lt(now - chrono::Duration::days(6))))
        .set(periodic_runs::last_run_at.eq(now))
        .execute(conn)?
        == 1)
}
