//! Diesel queries of the aftermath (the only writer of `pupil_feedback` and `week_assessments`).

use crate::ids::{ApplicationId, OfferId, OrganisationId, PupilId};
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

use crate::db::schema::{pupil_feedback as pf, week_assessments as wa};
use crate::db::AnyConnection;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = pf)]
pub struct PupilFeedback {
    pub application_id: ApplicationId,
    pub pupil_id: PupilId,
    pub offer_id: OfferId,
    pub organisation_id: OrganisationId,
    pub asked_at: NaiveDateTime,
    pub reminded_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub observed: String,
    pub recommend: Option<bool>,
    pub jobs: String,
    pub for_class: String,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = wa)]
pub struct Assessment {
    pub application_id: String,
    pub author_side: String,
    pub author_id: String,
    pub attendance: String,
    pub behaviour: String,
    pub word: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(QueryableByName)]
pub struct Due {
    #[diesel(sql_type = Text)]
    pub application_id: String,
    #[diesel(sql_type = Text)]
    pub pupil_id: String,
    #[diesel(sql_type = Text)]
    pub offer_id: String,
    #[diesel(sql_type = Text)]
    pub organisation_id: String,
}

/// Placements whose last day is before `today` (agreement not cancelled) and whose pupil was not
/// asked yet.
pub fn due_to_ask(conn: &mut AnyConnection, today: NaiveDate, limit: i64) -> QueryResult<Vec<Due>> {
    diesel::sql_query(
        "SELECT ag.application_id, ag.pupil_id, ag.offer_id, ag.organisation_id FROM agreements ag \
         WHERE ag.status <> 'cancelled' AND ag.ends_on < $1 \
         AND NOT EXISTS (SELECT 1 FROM pupil_feedback f WHERE f.application_id = ag.application_id) \
         ORDER BY ag.ends_on, ag.id LIMIT $2",
    )
    .bind::<Date, _>(today)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

pub fn insert(conn: &mut AnyConnection, f: &PupilFeedback) -> QueryResult<()> {
    diesel::insert_into(pf::table).values(f).execute(conn).map(|_| ())
}

/// Unanswered questions asked before `asked_before` and never reminded.
pub fn to_remind(conn: &mut AnyConnection, asked_before: NaiveDateTime, limit: i64) -> QueryResult<Vec<PupilFeedback>> {
    pf::table
        .filter(pf::submitted_at.is_null())
        .filter(pf::reminded_at.is_null())
        .filter(pf::asked_at.le(asked_before))
        .order(pf::asked_at.asc())
        .limit(limit)
        .load(conn)
}

pub fn set_reminded(conn: &mut AnyConnection, application_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pf::table.find(application_id)).set(pf::reminded_at.eq(Some(now))).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, application_id: &str) -> QueryResult<Option<PupilFeedback>> {
    pf::table.find(application_id).first(conn).optional()
}

pub fn of_pupil(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Vec<PupilFeedback>> {
    pf::table.filter(pf::pupil_id.eq(pupil_id)).order(pf::asked_at.desc()).load(conn)
}

pub fn of_pupils(conn: &mut AnyConnection, pupil_ids: &[PupilId]) -> QueryResult<Vec<PupilFeedback>> {
    pf::table.filter(pf::pupil_id.eq_any(pupil_ids)).order(pf::asked_at.desc()).load(conn)
}

/// Answered feedback about the organisation's offers.
pub fn answered_of_organisation(conn: &mut AnyConnection, org_id: &str) -> QueryResult<Vec<PupilFeedback>> {
    pf::table.filter(pf::organisation_id.eq(org_id)).filter(pf::submitted_at.is_not_null()).load(conn)
}

pub fn submit(
    conn: &mut AnyConnection,
    application_id: &str,
    observed: &str,
    recommend: bool,
    jobs: &str,
    for_class: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(pf::table.find(application_id))
        .set((pf::observed.eq(observed), pf::recommend.eq(Some(recommend)), pf::jobs.eq(jobs), pf::for_class.eq(for_class), pf::submitted_at.eq(Some(now))))
        .execute(conn)
        .map(|_| ())
}

/// A pupil's data reaches its retention: their words go, the yes/no stays in the aggregates.
pub fn forget_words(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<()> {
    diesel::update(pf::table.filter(pf::pupil_id.eq(pupil_id))).set((pf::observed.eq(""), pf::jobs.eq(""), pf::for_class.eq(""))).execute(conn)?;
    diesel::delete(wa::table.filter(wa::application_id.eq_any(pf::table.filter(pf::pupil_id.eq(pupil_id)).select(pf::application_id))))
        .execute(conn)
        .map(|_| ())
}

pub fn assessments(conn: &mut AnyConnection, application_id: &str) -> QueryResult<Vec<Assessment>> {
    wa::table.filter(wa::application_id.eq(application_id)).order(wa::author_side.asc()).load(conn)
}

pub fn upsert_assessment(conn: &mut AnyConnection, a: &Assessment) -> QueryResult<()> {
    let updated = diesel::update(wa::table.find((&a.application_id, &a.author_side)))
        .set((
            wa::author_id.eq(&a.author_id),
            wa::attendance.eq(&a.attendance),
            wa::behaviour.eq(&a.behaviour),
            wa::word.eq(&a.word),
            wa::updated_at.eq(a.updated_at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(wa::table).values(a).execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    yes: i64,
}

/// Per organisation of the year: offers, placements, cancellations by the host, absences
/// reported, answers and "would recommend" answers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub offers: i64,
    pub placements: i64,
    pub cancellations: i64,
    pub absences: i64,
    pub answers: i64,
    pub recommend: i64,
}

/// Per offer or per organisation (the grouping columns are fixed strings, never input), for one
/// organisation or all.
fn figures(conn: &mut AnyConnection, year: &str, per_offer: bool, org: Option<&str>) -> QueryResult<HashMap<String, Figures>> {
    let (o_key, ag_key, f_key) =
        if per_offer { ("o.id", "ag.offer_id", "f.offer_id") } else { ("o.organisation_id", "ag.organisation_id", "f.organisation_id") };
    let only = |col: &str| if org.is_some() { format!(" AND {col} = $2") } else { String::new() };
    let (o_only, ag_only, f_only) = (only("o.organisation_id"), only("ag.organisation_id"), only("f.organisation_id"));
    let mut out: HashMap<String, Figures> = HashMap::new();
    let queries = [
        format!("SELECT {o_key} AS key, COUNT(*) AS n, CAST(0 AS BIGINT) AS yes FROM offers o WHERE o.school_year = $1 AND o.status <> 'deleted'{o_only} GROUP BY {o_key}"),
        format!(
            "SELECT {o_key} AS key, SUM(CASE WHEN a.status = 'confirmed' THEN 1 ELSE 0 END) AS n, SUM(CASE WHEN a.status = 'cancelled_by_host' THEN 1 ELSE 0 END) AS yes \
             FROM applications a JOIN offers o ON o.id = a.offer_id WHERE o.school_year = $1 AND a.status IN ('confirmed', 'cancelled_by_host'){o_only} GROUP BY {o_key}"
        ),
        format!("SELECT {ag_key} AS key, COUNT(*) AS n, CAST(0 AS BIGINT) AS yes FROM absence_reports r JOIN agreements ag ON ag.id = r.agreement_id WHERE ag.school_year = $1{ag_only} GROUP BY {ag_key}"),
        format!(
            "SELECT {f_key} AS key, COUNT(*) AS n, SUM(CASE WHEN f.recommend THEN 1 ELSE 0 END) AS yes FROM pupil_feedback f JOIN offers o ON o.id = f.offer_id \
             WHERE o.school_year = $1 AND f.submitted_at IS NOT NULL{f_only} GROUP BY {f_key}"
        ),
    ];
    for (i, sql) in queries.iter().enumerate() {
        let rows: Vec<Count> = match org {
            Some(o) => diesel::sql_query(sql.as_str()).bind::<Text, _>(year).bind::<Text, _>(o).load(conn)?,
            None => diesel::sql_query(sql.as_str()).bind::<Text, _>(year).load(conn)?,
        };
        for r in rows {
            let e = out.entry(r.key).or_default();
            match i {
                0 => e.offers = r.n,
                1 => (e.placements, e.cancellations) = (r.n, r.yes),
                2 => e.absences = r.n,
                _ => (e.answers, e.recommend) = (r.n, r.yes),
            }
        }
    }
    Ok(out)
}

pub fn figures_per_organisation(conn: &mut AnyConnection, year: &str) -> QueryResult<HashMap<String, Figures>> {
    figures(conn, year, false, None)
}

/// One organisation's offers.
pub fn figures_per_offer(conn: &mut AnyConnection, year: &str, org_id: &str) -> QueryResult<HashMap<String, Figures>> {
    figures(conn, year, true, Some(org_id))
}
