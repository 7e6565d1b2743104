//! Offer search, nearest first: boxes of growing radius through the spatial index, stopping as
//! soon as a page is full (never "filter everything then sort"); keyset pages by (distance, id).

use crate::error::ErrorCode;
use crate::ids::OfferId;

use super::queries::{self as q, SearchFilter};
use super::rules::{self, Cursor};
use crate::auth::{CurrentUser, Role};
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::reference::rules::distance_km;
use crate::schools::rules::{GradeFamily, IsoWeek, SchoolYear};

/// Pupils of a school open to national search look this far (every French territory).
pub const NATIONAL_KM: f64 = 20_000.0;
/// Others may look this far around the centre they give.
pub const MAX_RADIUS_KM: f64 = 200.0;

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub center: Option<(f64, f64)>,
    /// Postal code or city, geocoded offline when no coordinates are given.
    pub place: Option<String>,
    pub radius_km: Option<f64>,
    pub weeks: Vec<IsoWeek>,
    pub sectors: Vec<String>,
    pub keyword: Option<String>,
    pub grade_family: Option<GradeFamily>,
    pub school_year: Option<SchoolYear>,
    pub cursor: Option<String>,
    pub limit: usize,
    /// The time the campaign's openings are judged at (the app's clock); `None`: now.
    pub at: Option<chrono::NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub id: OfferId,
    pub distance_km: f64,
}

#[derive(Debug, Clone)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    pub next_cursor: Option<String>,
    pub center: (f64, f64),
    pub radius_km: f64,
    pub weeks: Vec<IsoWeek>,
    pub school_year: String,
    pub grade_family: Option<GradeFamily>,
    /// The keyword or sectors found nothing: these are the offers near the school instead.
    pub fallback: bool,
    /// A pupil's first page: the offers reserved to pupils like them (their school, priority
    /// education), nearest first, shown before the others.
    pub priority: Vec<Hit>,
}

/// Offers of the priority block at most.
pub const PRIORITY_MAX: usize = 20;

/// Where and what a search looks for, once the searcher is known: two pupils of the same class
/// get the same scope (so the same answer, which the HTTP layer may share for a few seconds).
#[derive(Debug, Clone)]
pub struct Scope {
    center: (f64, f64),
    radius_km: f64,
    filter: SearchFilter,
    /// The grade family asked for is not open to this viewer yet (the campaign's pupils'
    /// opening): the answer is empty, on every path that searches.
    unopened: bool,
}

impl Scope {
    /// A key naming the answer of this scope for this page of this request.
    pub fn cache_key(&self, req: &SearchRequest) -> String {
        format!("{:?}|{:?}|{}", self, req.cursor, req.limit)
    }
}

/// A pupil's search: their school's place, radius, weeks, grade family and rights.
fn pupil_scope(conn: &mut AnyConnection, user: &CurrentUser, req: &SearchRequest) -> AppResult<Scope> {
    let pupil = crate::pupils::of_account(conn, &user.id)?;
    crate::pupils::policy::may_search(pupil.as_ref())?;
    let pupil = pupil.ok_or_else(AppError::internal)?;
    let school = crate::schools::service::load_school(conn, &pupil.school_uai)?;
    let reg = crate::schools::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Établissement non inscrit."))?;
    let (family, year, school_weeks) = pupil_internship(conn, &pupil)?;
    // Search and map alike wait for the opening of the pupil's year and grade family.
    crate::campaigns::service::check(
        conn,
        &year.label(),
        family.as_str(),
        crate::campaigns::rules::Phase::PupilsSearch,
        req.at.unwrap_or_else(crate::db::now),
    )?;
    let (Some(lat), Some(lon)) = (school.latitude, school.longitude) else {
        return Err(
            AppError::conflict("La position de votre établissement est inconnue : prévenez votre établissement.").with_code(ErrorCode::SchoolNotLocated)
        );
    };
    let cap = if reg.national_search { NATIONAL_KM } else { reg.search_radius_km as f64 };
    let weeks = if req.weeks.is_empty() { school_weeks } else { req.weeks.clone() };
    // A pupil searches around their school; a school open to national search lets them look anywhere.
    let center = match (reg.national_search, req.center) {
        (true, Some(c)) => c,
        _ => (lat, lon),
    };
    Ok(Scope {
        center,
        radius_km: req.radius_km.map(|r| r.min(cap)).unwrap_or(cap),
        filter: SearchFilter {
            school_year: year.label(),
            grade_family: Some(family.as_str().to_owned()),
            sectors: req.sectors.clone(),
            weeks,
            keyword_terms: req.keyword.as_deref().map(rules::keyword_terms).unwrap_or_default(),
            school_uai: Some(school.uai.clone()),
            priority_eligible: crate::schools::rules::pupil_priority_eligible(
                school.priority_education.as_deref(),
                reg.priority_derogation_at.is_some(),
                pupil.lives_in_qpv,
            ),
            reserved_only: false,
        },
        unopened: false,
    })
}

/// A search as a pupil of this school would make it, without being one: the school's place
/// (or the place asked), its internship weeks of the grade family, and the offers reserved to
/// its pupils (its own, and priority education's when it is eligible), first. Partner
/// associations with full search use it for the pupils they accompany.
pub fn school_scope(conn: &mut AnyConnection, uai: &str, req: &SearchRequest) -> AppResult<Scope> {
    let school = crate::schools::service::load_school(conn, uai)?;
    let reg = crate::schools::registration(conn, &school.uai)?
        .ok_or_else(|| AppError::not_found("Établissement non inscrit sur Passerelle.").with_field("for_school", "Établissement non inscrit."))?;
    let family = req.grade_family.unwrap_or(if school.kind == "lycee" { GradeFamily::Lycee } else { GradeFamily::College });
    let year = req.school_year.unwrap_or_else(|| SchoolYear::of(chrono::Utc::now().date_naive()));
    let mut weeks: Vec<IsoWeek> = crate::schools::weeks(conn, &school.uai, &year.label())?
        .into_iter()
        .filter(|w| w.grade_family == family.as_str())
        .map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 })
        .collect();
    if weeks.is_empty() && family == GradeFamily::Lycee {
        weeks = crate::schools::years::seconde_weeks(conn, year)?;
    }
    let center = match (req.center, &req.place, school.latitude.zip(school.longitude)) {
        (Some(c), _, _) => c,
        (None, Some(place), _) => {
            let c = crate::reference::geocode(conn, place)?.ok_or_else(|| AppError::field("place", "Commune ou code postal inconnu."))?;
            c.latitude.zip(c.longitude).ok_or_else(|| AppError::field("place", "Commune sans coordonnées."))?
        }
        (None, None, Some(at)) => at,
        (None, None, None) => {
            return Err(AppError::conflict("La position de cet établissement est inconnue.").with_code(ErrorCode::SchoolNotLocated));
        }
    };
    let unopened = !crate::campaigns::service::opened_to_pupils(conn, &year.label(), family.as_str(), req.at.unwrap_or_else(crate::db::now))?;
    let cap = if reg.national_search { NATIONAL_KM } else { reg.search_radius_km as f64 };
    Ok(Scope {
        center,
        radius_km: req.radius_km.map(|r| r.min(cap)).unwrap_or(cap),
        filter: SearchFilter {
            school_year: year.label(),
            grade_family: Some(family.as_str().to_owned()),
            sectors: req.sectors.clone(),
            weeks: if req.weeks.is_empty() { weeks } else { req.weeks.clone() },
            keyword_terms: req.keyword.as_deref().map(rules::keyword_terms).unwrap_or_default(),
            school_uai: Some(school.uai.clone()),
            priority_eligible: crate::schools::rules::priority_eligible(school.priority_education.as_deref(), reg.priority_derogation_at.is_some()),
            reserved_only: false,
        },
        unopened,
    })
}

/// A pupil's grade family, school year and internship weeks (their school's; for seconde,
/// the national weeks when the school saved none).
pub fn pupil_internship(conn: &mut AnyConnection, pupil: &crate::pupils::model::Pupil) -> AppResult<(GradeFamily, SchoolYear, Vec<IsoWeek>)> {
    let class = crate::schools::class_by_id(conn, &pupil.school_uai, &pupil.class_id)?.ok_or_else(|| AppError::not_found("Classe introuvable."))?;
    let family = crate::schools::rules::Grade::parse(&class.grade).map(|g| g.family()).unwrap_or(GradeFamily::College);
    let year = SchoolYear::parse(&class.school_year).unwrap_or_else(|| SchoolYear::of(chrono::Utc::now().date_naive()));
    let weeks: Vec<IsoWeek> = crate::schools::weeks(conn, &pupil.school_uai, &year.label())?
        .into_iter()
        .filter(|w| w.grade_family == family.as_str())
        .map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 })
        .collect();
    let weeks = if weeks.is_empty() && family == GradeFamily::Lycee { crate::schools::years::seconde_weeks(conn, year)? } else { weeks };
    Ok((family, year, weeks))
}

/// Anyone else: the centre they give; offers reserved to schools or to priority education stay
/// hidden, and so do a grade family's offers before the pupils' opening (except for school
/// staff and admins).
fn open_scope(conn: &mut AnyConnection, user: Option<&CurrentUser>, req: &SearchRequest) -> AppResult<Scope> {
    let center = match (req.center, &req.place) {
        (Some(c), _) => c,
        (None, Some(place)) => {
            let c = crate::reference::geocode(conn, place)?.ok_or_else(|| AppError::field("place", "Commune ou code postal inconnu."))?;
            c.latitude.zip(c.longitude).ok_or_else(|| AppError::field("place", "Commune sans coordonnées."))?
        }
        (None, None) => return Err(AppError::field("lat", "Indiquez un lieu (lat et lon, ou place).")),
    };
    let school_year = req.school_year.unwrap_or_else(|| SchoolYear::of(chrono::Utc::now().date_naive())).label();
    let not_yet = crate::campaigns::service::unopened_families(conn, user, &school_year, req.at.unwrap_or_else(crate::db::now))?;
    let (grade_family, unopened) = match (req.grade_family, not_yet.as_slice()) {
        (Some(f), _) => (Some(f), not_yet.contains(&f)),
        (None, []) => (None, false),
        (None, [only]) => (Some(if *only == GradeFamily::Lycee { GradeFamily::College } else { GradeFamily::Lycee }), false),
        (None, _) => (None, true),
    };
    Ok(Scope {
        center,
        radius_km: req.radius_km.unwrap_or(60.0).min(MAX_RADIUS_KM),
        unopened,
        filter: SearchFilter {
            school_year,
            grade_family: grade_family.map(|f| f.as_str().to_owned()),
            sectors: req.sectors.clone(),
            weeks: req.weeks.clone(),
            keyword_terms: req.keyword.as_deref().map(rules::keyword_terms).unwrap_or_default(),
            school_uai: None,
            priority_eligible: false,
            reserved_only: false,
        },
    })
}

/// Where a search reads the offers: this replica's index in memory, or SQL. Both answer the
/// same (`tests/search_index.rs` compares them on random offers and queries).
#[derive(Clone, Copy)]
pub enum Engine<'a> {
    Sql,
    Memory(&'a super::index::SearchIndex),
}

impl Scope {
    /// A scope made by hand (tests comparing the engines on the same question).
    #[doc(hidden)]
    pub fn new(center: (f64, f64), radius_km: f64, filter: SearchFilter) -> Scope {
        Scope { center, radius_km, filter, unopened: false }
    }
}

/// The nearest offers after `cursor`, at most `limit`, and whether more follow.
fn nearest(conn: &mut AnyConnection, engine: Engine, scope: &Scope, cursor: Option<&Cursor>, limit: usize) -> AppResult<(Vec<Hit>, bool)> {
    if scope.unopened {
        return Ok((Vec::new(), false));
    }
    if let Engine::Memory(index) = engine {
        if let Some((hits, more)) = index.nearest(scope.center, scope.radius_km, &scope.filter, cursor, limit) {
            return Ok((hits.into_iter().map(|(id, distance_km)| Hit { id: OfferId::from(id), distance_km }).collect(), more));
        }
    }
    nearest_sql(conn, scope, cursor, limit)
}

/// `nearest` from the database: boxes of growing radius through its spatial index.
fn nearest_sql(conn: &mut AnyConnection, scope: &Scope, cursor: Option<&Cursor>, limit: usize) -> AppResult<(Vec<Hit>, bool)> {
    let (lat, lon) = scope.center;
    let start = cursor.map(|c| c.distance_km + 1.0).unwrap_or(5.0).max(5.0);
    // Growing rings save reading a dense area's far offers. With a keyword, the full-text match
    // costs as much at every ring as over the whole radius (the benchmark's W3): search once.
    let rings = if scope.filter.keyword_terms.is_empty() { rules::rings(start, scope.radius_km) } else { vec![scope.radius_km] };
    for r in rings {
        let mut hits: Vec<Hit> = q::in_box(conn, rules::bbox(lat, lon, r), &scope.filter)?
            .into_iter()
            .map(|h| Hit { distance_km: distance_km(lat, lon, h.latitude, h.longitude), id: h.id })
            .filter(|h| h.distance_km <= r && cursor.is_none_or(|c| c.before(h.distance_km, &h.id)))
            .collect();
        if hits.len() > limit || r >= scope.radius_km {
            hits.sort_by(|a, b| a.distance_km.total_cmp(&b.distance_km).then_with(|| a.id.cmp(&b.id)));
            let more = hits.len() > limit;
            hits.truncate(limit);
            return Ok((hits, more));
        }
    }
    Ok((Vec::new(), false))
}

/// The scope of this searcher's request (a pupil's school, weeks and rights; or the place given).
pub fn scope_for(conn: &mut AnyConnection, user: Option<&CurrentUser>, req: &SearchRequest) -> AppResult<Scope> {
    match user {
        Some(u) if u.role == Role::Student => pupil_scope(conn, u, req),
        _ => open_scope(conn, user, req),
    }
}

pub fn search(conn: &mut AnyConnection, engine: Engine, user: Option<&CurrentUser>, req: &SearchRequest) -> AppResult<SearchOutcome> {
    let scope = scope_for(conn, user, req)?;
    search_in(conn, engine, scope, req)
}

/// An open search without the 200 km cap, as a pupil of a school open to national search
/// gets (used by the benchmark, which has no pupils).
pub fn search_unbounded(conn: &mut AnyConnection, engine: Engine, req: &SearchRequest) -> AppResult<SearchOutcome> {
    let mut scope = open_scope(conn, None, req)?;
    scope.radius_km = req.radius_km.unwrap_or(NATIONAL_KM).min(NATIONAL_KM);
    search_in(conn, engine, scope, req)
}

pub fn search_in(conn: &mut AnyConnection, engine: Engine, mut scope: Scope, req: &SearchRequest) -> AppResult<SearchOutcome> {
    if let Engine::Memory(index) = engine {
        // Every change committed so far, here or on another replica, is in this search.
        index.catch_up(conn)?;
    }
    let cursor = match &req.cursor {
        Some(c) => Some(Cursor::decode(c).ok_or_else(|| AppError::field("cursor", "Curseur de page invalide."))?),
        None => None,
    };
    let limit = req.limit.clamp(1, 500);
    let (mut hits, mut more) = nearest(conn, engine, &scope, cursor.as_ref(), limit)?;
    let mut fallback = false;
    let narrowed = !scope.filter.keyword_terms.is_empty() || !scope.filter.sectors.is_empty();
    if hits.is_empty() && cursor.is_none() && narrowed {
        scope.filter.keyword_terms.clear();
        scope.filter.sectors.clear();
        (hits, more) = nearest(conn, engine, &scope, None, limit)?;
        fallback = !hits.is_empty();
    }
    let next_cursor = if more { hits.last().map(|h| Cursor { distance_km: (h.distance_km * 1e6).round() / 1e6, id: h.id.to_string() }.encode()) } else { None };
    // Only pupils see reserved offers (visitors and adults never do): their first page starts
    // with those, in the same filters (the block follows the keyword, or its fallback).
    let priority = if cursor.is_none() && scope.filter.school_uai.is_some() {
        let mut reserved = scope.clone();
        reserved.filter.reserved_only = true;
        nearest(conn, engine, &reserved, None, PRIORITY_MAX)?.0
    } else {
        Vec::new()
    };
    Ok(SearchOutcome {
        hits,
        next_cursor,
        center: scope.center,
        radius_km: scope.radius_km,
        weeks: scope.filter.weeks,
        school_year: scope.filter.school_year,
        grade_family: scope.filter.grade_family.as_deref().map(|f| if f == "lycee" { GradeFamily::Lycee } else { GradeFamily::College }),
        fallback,
        priority,
    })
}

/// Whether this viewer may see an offer of this year and grade family at `now`: the pupils'
/// opening has come, or the viewer is school staff or an admin (members of the host are let
/// through before this is asked).
pub fn opened_for(conn: &mut AnyConnection, user: Option<&CurrentUser>, year: &str, family: &str, now: chrono::NaiveDateTime) -> AppResult<bool> {
    Ok(crate::campaigns::service::sees_unopened(user) || crate::campaigns::service::opened_to_pupils(conn, year, family, now)?)
}

/// Whether a viewer who is not a member of the host may see this offer: published and not
/// hidden, open to this viewer (the pupils' opening), and not reserved to others. The one rule
/// of every screen that shows one offer (its page, its lodging block).
pub fn visible_offer(
    conn: &mut AnyConnection,
    user: Option<&CurrentUser>,
    offer: &crate::offers::model::Offer,
    reserved: &[String],
    now: chrono::NaiveDateTime,
) -> AppResult<bool> {
    Ok(offer.status == crate::offers::rules::OfferStatus::Published
        && !offer.hidden
        && opened_for(conn, user, &offer.school_year, &offer.grade_family, now)?
        && visible_with(conn, user, reserved, offer.rep_only)?)
}

/// Whether this user may see this published offer (reserved to other schools, REP-only).
pub fn visible_to(conn: &mut AnyConnection, user: Option<&CurrentUser>, offer_id: &str, rep_only: bool) -> AppResult<bool> {
    let reserved = q::reserved_schools(conn, offer_id)?;
    visible_with(conn, user, &reserved, rep_only)
}

/// `visible_to` for a caller that already holds the offer's reserved schools (the offer page).
pub fn visible_with(conn: &mut AnyConnection, user: Option<&CurrentUser>, reserved: &[String], rep_only: bool) -> AppResult<bool> {
    if reserved.is_empty() && !rep_only {
        return Ok(true);
    }
    let Some(u) = user.filter(|u| u.role == Role::Student) else { return Ok(false) };
    let Some(pupil) = crate::pupils::of_account(conn, &u.id)?.filter(|p| p.join_status == "active") else { return Ok(false) };
    if !reserved.is_empty() && !reserved.iter().any(|u| u == &pupil.school_uai) {
        return Ok(false);
    }
    if rep_only {
        let school = crate::schools::service::load_school(conn, &pupil.school_uai)?;
        let derogation = crate::schools::registration(conn, &school.uai)?.is_some_and(|r| r.priority_derogation_at.is_some());
        return Ok(crate::schools::rules::pupil_priority_eligible(school.priority_education.as_deref(), derogation, pupil.lives_in_qpv));
    }
    Ok(true)
}
