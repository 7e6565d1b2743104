//! National settings of a school year (the seconde weeks), set by an admin. Without a row, the
//! default rule applies (the two weeks ending on the last Friday before 1 July).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::rules::{self, IsoWeek, SchoolYear};
use crate::db::schema::school_years;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = school_years)]
pub struct YearRow {
    pub label: String,
    /// JSON array of two ISO weeks.
    pub seconde_weeks: String,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
}

pub struct YearSettings {
    pub year: SchoolYear,
    pub seconde_weeks: Vec<IsoWeek>,
    /// Set by an admin (`None`: the default rule).
    pub updated: Option<(String, NaiveDateTime)>,
    /// The year's first and last days (defaults: 1 September, 31 August).
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// When the year was closed (`passerelle year close`).
    pub closed_at: Option<NaiveDateTime>,
}

impl YearSettings {
    fn from_row(year: SchoolYear, row: Option<YearRow>) -> YearSettings {
        match row {
            Some(r) => YearSettings {
                year,
                seconde_weeks: serde_json::from_str(&r.seconde_weeks).unwrap_or_else(|_| year.default_seconde_weeks().to_vec()),
                starts_on: r.starts_on.unwrap_or_else(|| year.first_day()),
                ends_on: r.ends_on.unwrap_or_else(|| year.last_day()),
                closed_at: r.closed_at,
                updated: Some((r.updated_by, r.updated_at)),
            },
            None => YearSettings {
                year,
                seconde_weeks: year.default_seconde_weeks().to_vec(),
                updated: None,
                starts_on: year.first_day(),
                ends_on: year.last_day(),
                closed_at: None,
            },
        }
    }
}

pub fn settings(conn: &mut AnyConnection, year: SchoolYear) -> AppResult<YearSettings> {
    let row: Option<YearRow> = school_years::table.find(year.label()).first(conn).optional()?;
    Ok(YearSettings::from_row(year, row))
}

/// The years admins created, and the current and next ones even when nobody did, newest first.
pub fn list(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<Vec<YearSettings>> {
    let rows: Vec<YearRow> = school_years::table.load(conn)?;
    let current = SchoolYear::of(today);
    let mut labels: Vec<SchoolYear> = rows.iter().filter_map(|r| SchoolYear::parse(&r.label)).collect();
    for y in [current, current.next()] {
        if !labels.contains(&y) {
            labels.push(y);
        }
    }
    labels.sort_by_key(|y| std::cmp::Reverse(y.label()));
    Ok(labels
        .into_iter()
        .map(|y| {
            let row = rows.iter().find(|r| r.label == y.label()).cloned();
            YearSettings::from_row(y, row)
        })
        .collect())
}

/// Whether a year was closed (then nothing new happens in it).
pub fn is_closed(conn: &mut AnyConnection, label: &str) -> QueryResult<bool> {
    Ok(school_years::table.find(label).select(school_years::closed_at).first::<Option<NaiveDateTime>>(conn).optional()?.flatten().is_some())
}

/// Years already closed.
pub fn closed_labels(conn: &mut AnyConnection) -> QueryResult<Vec<String>> {
    school_years::table.filter(school_years::closed_at.is_not_null()).select(school_years::label).load(conn)
}

/// Makes sure a row exists for the year (defaults), so that dates and closing can be stored.
fn ensure_row(conn: &mut AnyConnection, year: SchoolYear, by: &str) -> AppResult<()> {
    if school_years::table.find(year.label()).count().get_result::<i64>(conn)? == 0 {
        let weeks = serde_json::to_string(&year.default_seconde_weeks().to_vec()).map_err(|_| AppError::internal())?;
        diesel::insert_into(school_years::table)
            .values((
                school_years::label.eq(year.label()),
                school_years::seconde_weeks.eq(weeks),
                school_years::updated_by.eq(by),
                school_years::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// An admin creates a school year or changes its dates (the campaign dates are set apart).
pub fn set_dates(conn: &mut AnyConnection, year: SchoolYear, starts_on: NaiveDate, ends_on: NaiveDate, admin_id: &str) -> AppResult<YearSettings> {
    if let Some((field, problem)) = rules::year_dates_problem(year, starts_on, ends_on) {
        return Err(AppError::field(field, problem));
    }
    db::transaction(conn, |conn| {
        ensure_row(conn, year, admin_id)?;
        diesel::update(school_years::table.find(year.label()))
            .set((
                school_years::starts_on.eq(starts_on),
                school_years::ends_on.eq(ends_on),
                school_years::updated_by.eq(admin_id),
                school_years::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
        Ok(())
    })?;
    tracing::info!(admin = %admin_id, year = %year.label(), "school year dates set");
    settings(conn, year)
}

/// Marks the year closed (the caller holds the closing transaction). `by`: an admin's id or "cli".
pub fn mark_closed(conn: &mut AnyConnection, year: SchoolYear, by: &str, now: NaiveDateTime) -> AppResult<()> {
    ensure_row(conn, year, by)?;
    diesel::update(school_years::table.find(year.label()).filter(school_years::closed_at.is_null()))
        .set((school_years::closed_at.eq(now), school_years::closed_by.eq(by)))
        .execute(conn)?;
    Ok(())
}

pub fn seconde_weeks(conn: &mut AnyConnection, year: SchoolYear) -> AppResult<Vec<IsoWeek>> {
    Ok(settings(conn, year)?.seconde_weeks)
}

/// An admin sets the national seconde weeks of a year.
pub fn set_seconde_weeks(conn: &mut AnyConnection, year: SchoolYear, weeks: &[IsoWeek], admin_id: &str) -> AppResult<YearSettings> {
    if let Some(problem) = rules::seconde_weeks_problem(year, weeks) {
        return Err(AppError::field("seconde_weeks", problem));
    }
    let encoded = serde_json::to_string(weeks).map_err(|_| AppError::internal())?;
    let now = db::now();
    db::transaction(conn, |conn| {
        let exists = school_years::table.find(year.label()).count().get_result::<i64>(conn)? > 0;
        if exists {
            diesel::update(school_years::table.find(year.label()))
                .set((school_years::seconde_weeks.eq(&encoded), school_years::updated_by.eq(admin_id), school_years::updated_at.eq(now)))
                .execute(conn)?;
        } else {
            diesel::insert_into(school_years::table)
                .values((
                    school_years::label.eq(year.label()),
                    school_years::seconde_weeks.eq(&encoded),
                    school_years::updated_by.eq(admin_id),
                    school_years::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        // Schools' seconde weeks follow the national ones: drop those no longer national.
        use crate::db::schema::school_weeks as w;
        let stale: Vec<(String, i32, i32)> = w::table
            .filter(w::school_year.eq(year.label()).and(w::grade_family.eq(rules::GradeFamily::Lycee.as_str())))
            .select((w::id, w::iso_year, w::iso_week))
            .load(conn)?;
        for (id, y, wk) in stale {
            if !weeks.contains(&IsoWeek { year: y, week: wk as u32 }) {
                diesel::delete(w::table.find(id)).execute(conn)?;
            }
        }
        Ok(())
    })?;
    tracing::info!(admin = %admin_id, year = %year.label(), "national seconde weeks set");
    settings(conn, year)
}
