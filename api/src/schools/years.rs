//! National settings of a school year (the seconde weeks), set by an admin. Without a row, the
//! default rule applies (the two weeks ending on the last Friday before 1 July).

use chrono::NaiveDateTime;
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
}

pub struct YearSettings {
    pub year: SchoolYear,
    pub seconde_weeks: Vec<IsoWeek>,
    /// Set by an admin (`None`: the default rule).
    pub updated: Option<(String, NaiveDateTime)>,
}

pub fn settings(conn: &mut AnyConnection, year: SchoolYear) -> AppResult<YearSettings> {
    let row: Option<YearRow> = school_years::table.find(year.label()).first(conn).optional()?;
    Ok(match row {
        Some(r) => YearSettings {
            year,
            seconde_weeks: serde_json::from_str(&r.seconde_weeks).unwrap_or_else(|_| year.default_seconde_weeks().to_vec()),
            updated: Some((r.updated_by, r.updated_at)),
        },
        None => YearSettings { year, seconde_weeks: year.default_seconde_weeks().to_vec(), updated: None },
    })
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
                .values(YearRow { label: year.label(), seconde_weeks: encoded.clone(), updated_by: admin_id.to_owned(), updated_at: now })
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
