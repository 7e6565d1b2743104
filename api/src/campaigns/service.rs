//! Campaign dates: stored per year and grade family, enforced where each phase acts.

use crate::error::ErrorCode;
use crate::ids::OfferId;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rules::{self, Phase};
use crate::auth::{CurrentUser, Role};
use crate::db::schema::campaigns as c;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::schools::rules::GradeFamily;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = c)]
pub struct Campaign {
    pub school_year: String,
    pub grade_family: String,
    pub hosts_open_at: Option<NaiveDateTime>,
    pub search_open_at: Option<NaiveDateTime>,
    pub apply_open_at: Option<NaiveDateTime>,
    pub updated_by: String,
    pub updated_at: NaiveDateTime,
}

impl Campaign {
    pub fn opens_at(&self, phase: Phase) -> Option<NaiveDateTime> {
        match phase {
            Phase::HostsPublish => self.hosts_open_at,
            Phase::PupilsSearch => self.search_open_at,
            Phase::PupilsApply => self.apply_open_at,
        }
    }
}

pub fn find(conn: &mut AnyConnection, year: &str, family: &str) -> QueryResult<Option<Campaign>> {
    c::table.find((year, family)).first(conn).optional()
}

pub fn of_year(conn: &mut AnyConnection, year: &str) -> QueryResult<Vec<Campaign>> {
    c::table.filter(c::school_year.eq(year)).order(c::grade_family.asc()).load(conn)
}

/// Refuses when `phase` of this year and family has not opened at `now` (no dates: open).
pub fn check(conn: &mut AnyConnection, year: &str, family: &str, phase: Phase, now: NaiveDateTime) -> AppResult<()> {
    if crate::schools::years::is_closed(conn, year)? {
        let message = format!("L'année scolaire {year} est close : plus rien ne peut y être publié ni demandé.");
        return Err(AppError::new(ErrorCode::YearClosed, message));
    }
    let opens = find(conn, year, family)?.and_then(|k| k.opens_at(phase));
    match rules::closed(phase, opens, now) {
        None => Ok(()),
        Some((code, message)) => Err(AppError::new(code, message)),
    }
}

pub fn may_publish(conn: &mut AnyConnection, offer: &crate::offers::model::Offer, now: NaiveDateTime) -> AppResult<()> {
    check(conn, &offer.school_year, &offer.grade_family, Phase::HostsPublish, now)
}

pub fn may_apply(conn: &mut AnyConnection, offer_id: &OfferId, now: NaiveDateTime) -> AppResult<()> {
    match crate::offers::find(conn, offer_id)? {
        Some(o) => check(conn, &o.school_year, &o.grade_family, Phase::PupilsApply, now),
        None => Ok(()),
    }
}

/// A pupil's search waits for the opening of their year and grade family.
pub fn may_search(conn: &mut AnyConnection, user: &CurrentUser, now: NaiveDateTime) -> AppResult<()> {
    if user.role != Role::Student {
        return Ok(());
    }
    let Some(pupil) = crate::pupils::of_account(conn, &user.id)? else { return Ok(()) };
    let Ok((family, year, _)) = crate::offers::search::pupil_internship(conn, &pupil) else { return Ok(()) };
    check(conn, &year.label(), family.as_str(), Phase::PupilsSearch, now)
}

/// Whether the pupils' search of this year and grade family is open at `now` (no dates: open).
/// Until then its offers are seen only by their hosts and the partners who sent them (as
/// members of their organisation), school staff and admins: `sees_unopened`.
pub fn opened_to_pupils(conn: &mut AnyConnection, year: &str, family: &str, now: NaiveDateTime) -> QueryResult<bool> {
    Ok(rules::closed(Phase::PupilsSearch, find(conn, year, family)?.and_then(|k| k.search_open_at), now).is_none())
}

/// Who sees offers before the pupils' opening (besides the members of the host).
pub fn sees_unopened(user: Option<&CurrentUser>) -> bool {
    user.is_some_and(|u| matches!(u.role, Role::SchoolStaff | Role::Admin))
}

/// The grade families of this year whose offers this viewer may not see yet at `now`.
pub fn unopened_families(conn: &mut AnyConnection, user: Option<&CurrentUser>, year: &str, now: NaiveDateTime) -> QueryResult<Vec<GradeFamily>> {
    if sees_unopened(user) {
        return Ok(Vec::new());
    }
    // One read of the year's campaigns (a search's hot path), both families judged from it.
    let campaigns = of_year(conn, year)?;
    Ok([GradeFamily::College, GradeFamily::Lycee]
        .into_iter()
        .filter(|f| {
            let opens = campaigns.iter().find(|k| k.grade_family == f.as_str()).and_then(|k| k.search_open_at);
            rules::closed(Phase::PupilsSearch, opens, now).is_some()
        })
        .collect())
}

/// An admin sets the openings (Paris wall-clock times, `None` for no restriction).
pub fn set(
    conn: &mut AnyConnection,
    admin: &CurrentUser,
    year: &str,
    family: GradeFamily,
    hosts: Option<NaiveDateTime>,
    search: Option<NaiveDateTime>,
    apply: Option<NaiveDateTime>,
) -> AppResult<Campaign> {
    if admin.role != Role::Admin {
        return Err(AppError::forbidden("Réservé aux administrateurs de Passerelle."));
    }
    if crate::schools::rules::SchoolYear::parse(year).is_none() {
        return Err(AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."));
    }
    let (hosts, search, apply) = (hosts.map(rules::paris_to_utc), search.map(rules::paris_to_utc), apply.map(rules::paris_to_utc));
    if let Some((field, message)) = rules::order_problem(hosts, search, apply) {
        return Err(AppError::field(field, message));
    }
    let row = Campaign {
        school_year: year.to_owned(),
        grade_family: family.as_str().to_owned(),
        hosts_open_at: hosts,
        search_open_at: search,
        apply_open_at: apply,
        updated_by: admin.id.to_string(),
        updated_at: crate::db::now(),
    };
    crate::db::transaction(conn, |conn| {
        diesel::delete(c::table.find((year, family.as_str()))).execute(conn)?;
        diesel::insert_into(c::table).values(&row).execute(conn)?;
        Ok(())
    })?;
    tracing::info!(school_year = year, family = family.as_str(), "campaign dates set");
    Ok(row)
}

/// Published offers of a year and family (what the countdown shows).
pub fn offers_published(conn: &mut AnyConnection, year: &str, family: &str) -> QueryResult<i64> {
    use crate::db::schema::offers as o;
    o::table
        .filter(o::school_year.eq(year))
        .filter(o::grade_family.eq(family))
        .filter(o::status.eq(crate::offers::rules::OfferStatus::Published))
        .filter(o::hidden.eq(false))
        .count()
        .get_result(conn)
}
