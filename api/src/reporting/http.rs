//! HTTP face of reporting: referents' dashboards, their CSV and XLSX exports, public open data.

use actix_web::{get, post, put, web, HttpResponse};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rules::{self, View};
use super::service::{self, SharedDashboard, StatsDashboard};
use crate::auth::{CurrentUser, Referent};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::http::spreadsheet::{self, Cell, Format, Sheet};
use crate::schools::rules::SchoolYear;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    /// A department of the reader's scope (403 `OUT_OF_SCOPE` otherwise).
    #[param(example = "42", max_length = 3)]
    pub department: Option<String>,
    #[param(example = "s10", max_length = 16)]
    pub sector: Option<String>,
}

fn year(raw: Option<&str>) -> AppResult<SchoolYear> {
    crate::schools::year_or_current(raw)
}

fn load(
    conn: &mut crate::db::AnyConnection,
    memo: &service::DashboardMemo,
    user: &CurrentUser,
    q: &StatsQuery,
    y: SchoolYear,
) -> AppResult<Arc<SharedDashboard>> {
    let view = service::view(conn, user)?;
    let view = rules::narrow(&view, q.department.as_deref().filter(|d| !d.is_empty()))?;
    service::dashboard_shared(conn, memo, &view, &y.label(), q.sector.as_deref().filter(|s| !s.is_empty()))
}

/// A referent's indicators for their scope: offers against targets, applications and
/// placements by sector, gender and department. Read from counters the job runner rebuilds
/// every minute, never from the raw rows: how old they are is `refreshed_at`, and the
/// `Last-Modified` header (`POST /api/v1/stats/refresh` rebuilds them at once).
#[utoipa::path(tag = "Reporting", security(("bearer" = [])), params(StatsQuery), responses((status = 200, body = StatsDashboard, headers(
    ("Last-Modified" = String, description = "When the counters were last rebuilt (the `refreshed_at` field)")
)), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/stats")]
pub async fn stats(state: web::Data<AppState>, Referent(user): Referent, query: web::Query<StatsQuery>) -> AppResult<HttpResponse> {
    let y = year(query.school_year.as_deref())?;
    let memo = state.dashboards.clone();
    let d = state.run(move |conn| load(conn, &memo, &user, &query, y)).await?;
    let mut resp = HttpResponse::Ok();
    if let Some(at) = d.dashboard.refreshed_at {
        resp.insert_header(actix_web::http::header::LastModified(http_date(at)));
    }
    Ok(resp.content_type("application/json").body(d.json()))
}

fn http_date(at: chrono::NaiveDateTime) -> actix_web::http::header::HttpDate {
    let secs = u64::try_from(at.and_utc().timestamp()).unwrap_or(0);
    (std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).into()
}

/// How fresh the counters are after a refresh request.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct StatsFreshness {
    /// When the counters were last rebuilt.
    #[serde(default, with = "crate::http::utc::option")]
    pub refreshed_at: Option<chrono::NaiveDateTime>,
    /// Whether this request rebuilt them (`false`: a rebuild less than 10 seconds old stands).
    pub rebuilt: bool,
}

/// Rebuilds the dashboards' counters now, for a referent or an administrator who needs the
/// figures of this minute (the job runner does it every minute anyway). A rebuild less than
/// 10 seconds old is kept: many readers asking together cost one rebuild.
#[utoipa::path(tag = "Reporting", security(("bearer" = [])), responses((status = 200, body = StatsFreshness), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[post("/stats/refresh")]
pub async fn refresh_stats(state: web::Data<AppState>, Referent(user): Referent) -> AppResult<web::Json<StatsFreshness>> {
    state.limit_key("stats-refresh", &user.id, 6)?;
    let (rebuilt, refreshed_at) = state
        .run(move |conn| {
            service::view(conn, &user)?;
            let now = chrono::Utc::now().naive_utc();
            let rebuilt = service::refresh_if_due(conn, now, chrono::Duration::seconds(10))?;
            Ok((rebuilt, service::refreshed_at(conn)?))
        })
        .await?;
    Ok(web::Json(StatsFreshness { refreshed_at, rebuilt }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `sectors`, `genders`, `departments` or `schools` (every school of a one-department
    /// view, where the JSON shows the first 50). Required for CSV; an XLSX workbook without it
    /// holds every table, a sheet each.
    #[param(example = "sectors", max_length = 12)]
    pub table: Option<String>,
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<Format>,
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    #[param(max_length = 3)]
    pub department: Option<String>,
    #[param(max_length = 16)]
    pub sector: Option<String>,
}

const TABLES: [&str; 4] = ["departments", "sectors", "genders", "schools"];

/// One table of a dashboard, typed for a spreadsheet.
fn sheet(d: &service::StatsDashboard, table: &str) -> Sheet {
    let pct = Cell::Pct;
    match table {
        "sectors" => {
            let mut s = Sheet::new("Secteurs", &["secteur", "offres", "places", "candidatures", "stages confirmés", "conventions signées", "stages effectués"]);
            s.rows = d
                .by_sector
                .iter()
                .map(|x| {
                    vec![
                        x.name.clone().into(),
                        x.offers.into(),
                        x.places.into(),
                        x.applications.into(),
                        x.placements.into(),
                        x.agreements_signed.into(),
                        x.internships_done.into(),
                    ]
                })
                .collect();
            s
        }
        "genders" => {
            let label = |g: &str| match g {
                "female" => "filles",
                "male" => "garçons",
                _ => "non renseigné",
            };
            let mut s =
                Sheet::new("Genres", &["genre", "candidatures", "élèves ayant candidaté", "stages confirmés", "conventions signées", "stages effectués"]);
            s.rows = d
                .by_gender
                .iter()
                .map(|g| {
                    vec![
                        label(&g.gender).into(),
                        g.applications.into(),
                        g.pupils_applied.into(),
                        g.placements.into(),
                        g.agreements_signed.into(),
                        g.internships_done.into(),
                    ]
                })
                .collect();
            s
        }
        "schools" => {
            let mut s = Sheet::new(
                "Établissements",
                &[
                    "UAI",
                    "établissement",
                    "éducation prioritaire",
                    "élèves",
                    "ont candidaté",
                    "stage trouvé sur Passerelle",
                    "stage trouvé ailleurs",
                    "sans stage",
                ],
            );
            s.rows = d
                .by_school
                .iter()
                .map(|x| {
                    vec![
                        x.uai.clone().into(),
                        x.name.clone().into(),
                        x.priority_education.clone().unwrap_or_default().into(),
                        x.pupils.into(),
                        x.applied.into(),
                        x.placed.into(),
                        x.placed_elsewhere.into(),
                        x.without_placement.into(),
                    ]
                })
                .collect();
            s
        }
        _ => {
            let mut s = Sheet::new(
                "Départements",
                &[
                    "département",
                    "nom",
                    "offres",
                    "objectif",
                    "% atteint",
                    "places",
                    "candidatures",
                    "stages confirmés",
                    "conventions signées",
                    "stages effectués",
                    "élèves",
                    "élèves placés sur Passerelle",
                    "élèves placés ailleurs",
                    "% couverture",
                ],
            );
            s.rows = d
                .by_department
                .iter()
                .map(|r| {
                    vec![
                        r.code.clone().into(),
                        r.name.clone().into(),
                        r.offers.into(),
                        r.target_total.map(Cell::Int).unwrap_or(Cell::Text(String::new())),
                        pct(r.reached_pct),
                        r.places.into(),
                        r.applications.into(),
                        r.placements.into(),
                        r.agreements_signed.into(),
                        r.internships_done.into(),
                        r.pupils.into(),
                        r.pupils_placed.into(),
                        r.pupils_placed_elsewhere.into(),
                        pct(r.coverage_pct),
                    ]
                })
                .collect();
            s
        }
    }
}

/// Tables of the dashboard for spreadsheets: one as CSV (UTF-8 with BOM, `;`), or an XLSX
/// workbook (one table, or all of them without `table`).
#[utoipa::path(
    tag = "Reporting",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 422, description = "An unknown table, or none for a CSV (`VALIDATION_ERROR`)", body = ErrorBody)
    )
)]
#[get("/stats/export")]
pub async fn export(state: web::Data<AppState>, Referent(user): Referent, query: web::Query<ExportQuery>) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let y = year(q.school_year.as_deref())?;
    let format = q.format.unwrap_or_default();
    let tables: Vec<&str> = match (q.table.as_deref(), format) {
        (Some(t), _) if TABLES.contains(&t) => vec![t],
        (None, Format::Xlsx) => TABLES.to_vec(),
        _ => return Err(AppError::field("table", "Tableau attendu : sectors, genders, departments ou schools.")),
    };
    let sq = StatsQuery { school_year: q.school_year, department: q.department, sector: q.sector };
    let memo = state.dashboards.clone();
    let d = state.run(move |conn| load(conn, &memo, &user, &sq, y)).await?;
    // The schools' table exists for a one-department view only.
    let sheets: Vec<Sheet> = tables.iter().filter(|t| tables.len() == 1 || **t != "schools" || !d.by_school.is_empty()).map(|t| sheet(&d, t)).collect();
    let stem = match tables.as_slice() {
        [one] => format!("passerelle-{one}-{}", y.label()),
        _ => format!("passerelle-statistiques-{}", y.label()),
    };
    spreadsheet::respond(format, &stem, &sheets)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicFigure {
    pub label: String,
    /// Absent under 5 (figures that small are not published).
    pub offers: Option<i64>,
    pub placements: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicStats {
    pub school_year: String,
    pub offers: Option<i64>,
    pub places: Option<i64>,
    pub placements: Option<i64>,
    pub by_sector: Vec<PublicFigure>,
    pub by_department: Vec<PublicFigure>,
}

/// National open data, anonymised: no figure under 5 is published.
#[utoipa::path(tag = "Reporting", params(("school_year" = Option<String>, Query, max_length = 9)), responses((status = 200, body = PublicStats)))]
#[get("/public/stats")]
pub async fn public_stats(state: web::Data<AppState>, query: web::Query<StatsQuery>) -> AppResult<web::Json<PublicStats>> {
    let y = year(query.school_year.as_deref())?;
    let memo = state.dashboards.clone();
    let d = state.run(move |conn| service::dashboard_shared(conn, &memo, &View::All, &y.label(), None)).await?;
    let p = rules::publishable;
    Ok(web::Json(PublicStats {
        school_year: d.school_year.clone(),
        offers: p(d.offers),
        places: p(d.places),
        placements: p(d.placements),
        by_sector: d.by_sector.iter().map(|s| PublicFigure { label: s.name.clone(), offers: p(s.offers), placements: p(s.placements) }).collect(),
        by_department: d
            .by_department
            .iter()
            .map(|r| PublicFigure { label: format!("{} {}", r.code, r.name), offers: p(r.offers), placements: p(r.placements) })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicExportQuery {
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    /// `csv` (default: one table) or `xlsx` (a sheet per level).
    #[param(inline)]
    pub format: Option<Format>,
}

/// National open data for spreadsheets (the same figures, small ones withheld): CSV, or an
/// XLSX workbook with a sheet per level.
#[utoipa::path(
    tag = "Reporting",
    params(PublicExportQuery),
    responses((status = 200, content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))))
)]
#[get("/public/stats/export")]
pub async fn public_stats_csv(state: web::Data<AppState>, query: web::Query<PublicExportQuery>) -> AppResult<HttpResponse> {
    let y = year(query.school_year.as_deref())?;
    let format = query.format.unwrap_or_default();
    let memo = state.dashboards.clone();
    let d = state.run(move |conn| service::dashboard_shared(conn, &memo, &View::All, &y.label(), None)).await?;
    let cell = |v: i64| rules::publishable(v).map(Cell::Int).unwrap_or(Cell::Withheld);
    let coverage = |covered: i64, pupils: i64| if rules::publishable(pupils).is_some() { Cell::Pct(rules::percent(covered, pupils)) } else { Cell::Withheld };
    let header = ["niveau", "libellé", "offres", "stages confirmés", "% d'élèves ayant un stage (ici ou ailleurs)"];
    let mut france = Sheet::new("France", &header);
    france.rows.push(vec![
        "France".into(),
        "France entière".into(),
        cell(d.offers),
        cell(d.placements),
        coverage(d.pupils_placed + d.pupils_placed_elsewhere, d.pupils),
    ]);
    let mut sectors = Sheet::new("Secteurs", &header);
    sectors.rows =
        d.by_sector.iter().map(|s| vec!["secteur".into(), s.name.clone().into(), cell(s.offers), cell(s.placements), Cell::Text(String::new())]).collect();
    let mut departments = Sheet::new("Départements", &header);
    departments.rows = d
        .by_department
        .iter()
        .map(|r| {
            vec![
                "département".into(),
                format!("{} {}", r.code, r.name).into(),
                cell(r.offers),
                cell(r.placements),
                coverage(r.pupils_placed + r.pupils_placed_elsewhere, r.pupils),
            ]
        })
        .collect();
    let stem = format!("passerelle-statistiques-{}", d.school_year);
    match format {
        // One CSV table, its levels one under the other, as published so far.
        Format::Csv => {
            let mut all = france;
            all.rows.extend(sectors.rows);
            all.rows.extend(departments.rows);
            spreadsheet::respond(format, &stem, &[all])
        }
        Format::Xlsx => spreadsheet::respond(format, &stem, &[france, sectors, departments]),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    /// Shown in dashboards (the department's or ministry's name).
    #[schema(max_length = 200)]
    pub label: String,
    #[schema(minimum = 0)]
    pub target_total: i32,
    #[schema(minimum = 0)]
    pub target_public: i32,
    #[schema(minimum = 0)]
    pub target_private: i32,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TargetView {
    /// `department` or `ministry`.
    pub kind: String,
    pub code: String,
    pub label: String,
    pub target_total: i64,
    pub target_public: i64,
    pub target_private: i64,
}

/// The campaign targets of a school year (departments' and ministries').
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("school_year" = String, Path, max_length = 9)),
    responses((status = 200, body = Vec<TargetView>))
)]
#[get("/admin/targets/{school_year}")]
pub async fn list_targets(state: web::Data<AppState>, _admin: crate::auth::Admin, path: web::Path<String>) -> AppResult<web::Json<Vec<TargetView>>> {
    let y = year(Some(&path.into_inner()))?;
    let (rows, names) = state
        .run(move |conn| {
            // Departments by their reference name ("Ain"), not the capitals of the imported targets.
            let names: std::collections::HashMap<String, String> = crate::reference::departments(conn)?.into_iter().map(|d| (d.code, d.name)).collect();
            Ok((super::queries::targets(conn, &y.label())?, names))
        })
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|((kind, code), (label, total, public, private))| TargetView {
                label: if kind == "department" { names.get(&code).cloned().unwrap_or(label) } else { label },
                kind,
                code,
                target_total: total,
                target_public: public,
                target_private: private,
            })
            .collect(),
    ))
}

/// An admin sets a campaign target (a department's or a ministry's) for a school year.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("school_year" = String, Path, max_length = 9), ("kind" = String, Path, description = "`department` or `ministry`", max_length = 12), ("code" = String, Path, max_length = 64)),
    request_body = TargetRequest,
    responses((status = 204, description = "Saved"))
)]
#[put("/admin/targets/{school_year}/{kind}/{code}")]
pub async fn set_target(
    state: web::Data<AppState>,
    _admin: crate::auth::Admin,
    path: web::Path<(String, String, String)>,
    body: web::Json<TargetRequest>,
) -> AppResult<HttpResponse> {
    let (raw_year, kind, code) = path.into_inner();
    let y = year(Some(&raw_year))?;
    if kind != "department" && kind != "ministry" {
        return Err(AppError::field("kind", "`department` ou `ministry`."));
    }
    let b = body.into_inner();
    let mut err = AppError::validation();
    for (f, v) in [("target_total", b.target_total), ("target_public", b.target_public), ("target_private", b.target_private)] {
        if !(0..=1_000_000).contains(&v) {
            err = err.with_field(f, "Entre 0 et 1 000 000.");
        }
    }
    if b.label.trim().is_empty() || b.label.chars().count() > 200 {
        err = err.with_field("label", "Entre 1 et 200 caractères.");
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    state
        .run(move |conn| {
            super::queries::upsert_target(conn, &y.label(), &kind, &code, b.label.trim(), (b.target_total, b.target_public, b.target_private))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, IntoParams)]
pub struct ScopeQuery {
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    /// A department of the reader's scope (403 `OUT_OF_SCOPE` otherwise).
    #[param(example = "93", max_length = 3)]
    pub department: Option<String>,
}

/// The REP and REP+ schools of the reader's scope that have not started this year: not
/// registered, no weeks, no pupils, or no placement yet (the furthest behind first), with how
/// to reach them.
#[utoipa::path(
    tag = "Reporting",
    security(("bearer" = [])),
    params(ScopeQuery),
    responses((status = 200, body = Vec<service::PrioritySchool>), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[get("/stats/priority-schools")]
pub async fn priority_schools(
    state: web::Data<AppState>,
    Referent(user): Referent,
    query: web::Query<ScopeQuery>,
) -> AppResult<web::Json<Vec<service::PrioritySchool>>> {
    let q = query.into_inner();
    let y = year(q.school_year.as_deref())?.label();
    let rows = state
        .run(move |conn| {
            let view = rules::narrow(&service::view(conn, &user)?, q.department.as_deref())?;
            service::priority_schools(conn, &view, &y)
        })
        .await?;
    Ok(web::Json(rows))
}

/// The reader's figures at the end of each day of the campaign (offers, applications,
/// placements, pupils, pupils placed, agreements signed), oldest first: the week-by-week
/// series of the dashboard.
#[utoipa::path(
    tag = "Reporting",
    security(("bearer" = [])),
    params(ScopeQuery),
    responses((status = 200, body = Vec<service::DayFigures>), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[get("/stats/series")]
pub async fn series(state: web::Data<AppState>, Referent(user): Referent, query: web::Query<ScopeQuery>) -> AppResult<web::Json<Vec<service::DayFigures>>> {
    let q = query.into_inner();
    let y = year(q.school_year.as_deref())?.label();
    let rows = state
        .run(move |conn| {
            let view = rules::narrow(&service::view(conn, &user)?, q.department.as_deref())?;
            service::series(conn, &view, &y)
        })
        .await?;
    Ok(web::Json(rows))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct KpiEmailSetting {
    /// Gets the campaign's figures by e-mail every Monday (for their scope).
    pub subscribed: bool,
}

/// Whether the signed-in referent (or admin) gets the weekly figures by e-mail.
#[utoipa::path(tag = "Reporting", security(("bearer" = [])), responses((status = 200, body = KpiEmailSetting), (status = 403, description = "Not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/me/kpi-email")]
pub async fn kpi_email(state: web::Data<AppState>, Referent(user): Referent) -> AppResult<web::Json<KpiEmailSetting>> {
    let subscribed = state.run(move |conn| service::kpi_subscribed(conn, &user.id)).await?;
    Ok(web::Json(KpiEmailSetting { subscribed }))
}

/// Subscribes to the weekly figures by e-mail, or opts out.
#[utoipa::path(tag = "Reporting", security(("bearer" = [])), request_body = KpiEmailSetting, responses((status = 200, body = KpiEmailSetting), (status = 403, description = "Not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[put("/me/kpi-email")]
pub async fn set_kpi_email(state: web::Data<AppState>, Referent(user): Referent, body: web::Json<KpiEmailSetting>) -> AppResult<web::Json<KpiEmailSetting>> {
    let subscribed = body.subscribed;
    state.run(move |conn| service::set_kpi_subscribed(conn, &user.id, subscribed)).await?;
    Ok(web::Json(KpiEmailSetting { subscribed }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(stats)
        .service(refresh_stats)
        .service(priority_schools)
        .service(series)
        .service(kpi_email)
        .service(set_kpi_email)
        .service(export)
        .service(public_stats)
        .service(public_stats_csv)
        .service(list_targets)
        .service(set_target);
}
