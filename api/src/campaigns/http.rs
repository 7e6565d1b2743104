//! Campaign dates: public (the pupils' countdown), set by admins.

use actix_web::{get, post, put, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::closing::{self, CloseReport};
use super::rules::{self, Phase};
use super::service::{self, Campaign};
use crate::auth::Admin;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::schools::rules::GradeFamily;
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PhaseView {
    /// Europe/Paris wall-clock time, `YYYY-MM-DDTHH:MM`.
    pub opens_at: Option<String>,
    /// The same instant in UTC (for countdowns).
    #[serde(default, with = "crate::http::utc::option")]
    pub opens_at_utc: Option<NaiveDateTime>,
    /// "jeudi 21 janvier 2027 à 14 h".
    pub opens_at_text: Option<String>,
    pub open: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CampaignView {
    pub school_year: String,
    pub grade_family: GradeFamily,
    pub hosts_publish: PhaseView,
    pub pupils_search: PhaseView,
    pub pupils_apply: PhaseView,
    /// Offers already published for this year and family.
    pub offers_published: i64,
    /// The server's time (UTC), so that countdowns do not depend on the device's clock.
    #[serde(with = "crate::http::utc")]
    pub now_utc: NaiveDateTime,
}

fn phase(k: Option<&Campaign>, p: Phase, now: NaiveDateTime) -> PhaseView {
    let at = k.and_then(|k| k.opens_at(p));
    PhaseView {
        opens_at: at.map(|t| rules::utc_to_paris(t).format("%Y-%m-%dT%H:%M").to_string()),
        opens_at_utc: at,
        opens_at_text: at.map(rules::french),
        open: at.is_none_or(|t| now >= t),
    }
}

/// The campaign of a school year, per grade family: openings and offers already published.
#[utoipa::path(tag = "Schools", params(("school_year" = String, Path, max_length = 9)), responses((status = 200, body = Vec<CampaignView>)))]
#[get("/campaigns/{school_year}")]
pub async fn campaign(state: web::Data<AppState>, year: web::Path<String>) -> AppResult<web::Json<Vec<CampaignView>>> {
    Ok(web::Json(views(&state, year.into_inner()).await?))
}

async fn views(state: &AppState, year: String) -> AppResult<Vec<CampaignView>> {
    if crate::schools::rules::SchoolYear::parse(&year).is_none() {
        return Err(AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."));
    }
    let now = state.clock.now();
    state
        .run(move |conn| {
            let rows = service::of_year(conn, &year)?;
            let mut out = Vec::new();
            for family in [GradeFamily::College, GradeFamily::Lycee] {
                let k = rows.iter().find(|r| r.grade_family == family.as_str());
                out.push(CampaignView {
                    school_year: year.clone(),
                    grade_family: family,
                    hosts_publish: phase(k, Phase::HostsPublish, now),
                    pupils_search: phase(k, Phase::PupilsSearch, now),
                    pupils_apply: phase(k, Phase::PupilsApply, now),
                    offers_published: service::offers_published(conn, &year, family.as_str())?,
                    now_utc: now,
                });
            }
            Ok(out)
        })
        .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignRequest {
    /// Europe/Paris time `YYYY-MM-DDTHH:MM`; absent: no restriction.
    #[schema(example = "2027-01-21T14:00", max_length = 16)]
    pub hosts_open_at: Option<String>,
    #[schema(example = "2027-02-13T14:00", max_length = 16)]
    pub search_open_at: Option<String>,
    #[schema(example = "2027-02-13T14:00", max_length = 16)]
    pub apply_open_at: Option<String>,
}

fn local(field: &str, v: Option<String>) -> AppResult<Option<NaiveDateTime>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
            .map(Some)
            .map_err(|_| AppError::field(field, "Date et heure attendues sous la forme 2027-02-13T14:00 (heure de Paris).")),
    }
}

/// An admin sets the openings of a year's campaign for a grade family (Paris times, to the minute).
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(("school_year" = String, Path, max_length = 9), ("grade_family" = GradeFamily, Path)), request_body = CampaignRequest, responses((status = 200, body = Vec<CampaignView>)))]
#[put("/admin/campaigns/{school_year}/{grade_family}")]
pub async fn set_campaign(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(String, GradeFamily)>,
    body: web::Json<CampaignRequest>,
) -> AppResult<web::Json<Vec<CampaignView>>> {
    let ((year, family), b) = (path.into_inner(), body.into_inner());
    let (hosts, search, apply) =
        (local("hosts_open_at", b.hosts_open_at)?, local("search_open_at", b.search_open_at)?, local("apply_open_at", b.apply_open_at)?);
    let y = year.clone();
    state.run(move |conn| service::set(conn, &admin.0, &y, family, hosts, search, apply)).await?;
    Ok(web::Json(views(&state, year).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseYearRequest {
    /// Only say what would be done.
    #[serde(default)]
    pub dry_run: bool,
}

/// An admin closes a school year (ends its open applications, archives its classes, anonymises
/// what retention requires, invites hosts to renew their offers). Idempotent; `dry_run` first.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("school_year" = String, Path, example = "2026-2027", max_length = 9)),
    request_body = CloseYearRequest,
    responses((status = 200, body = CloseReport), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `YEAR_NOT_OVER`)", body = ErrorBody))
)]
#[post("/admin/school-years/{school_year}/close")]
pub async fn close_year(
    state: web::Data<AppState>,
    admin: Admin,
    year: web::Path<String>,
    body: web::Json<CloseYearRequest>,
) -> AppResult<web::Json<CloseReport>> {
    let year =
        crate::schools::rules::SchoolYear::parse(&year).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."))?;
    let now = state.clock.now();
    let (dry_run, url, id) = (body.dry_run, state.config.public_url.clone(), admin.0.id.clone());
    Ok(web::Json(state.run(move |conn| closing::close_year(conn, year, &id, now, &url, dry_run)).await?))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(campaign).service(set_campaign).service(close_year);
}
