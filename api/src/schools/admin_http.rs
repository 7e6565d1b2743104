//! National settings of schools: the seconde weeks of a school year (admins) and the
//! priority-education derogations (referents of the territory, admins).

use crate::error::ErrorCode;

use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::rules::{IsoWeek, SchoolYear};
use super::{policy, queries, service, years};
use crate::auth::{Admin, CurrentUser, Referent};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SchoolYearResponse {
    pub school_year: String,
    /// The two national seconde weeks.
    pub seconde_weeks: Vec<IsoWeek>,
    /// Whether an admin set them (otherwise: the two weeks ending on the last Friday before 1 July).
    pub set_by_admin: bool,
    #[serde(default, with = "crate::http::utc::option")]
    pub updated_at: Option<chrono::NaiveDateTime>,
    /// First and last day of the school year.
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    /// When the year was closed (nothing new happens in a closed year).
    #[serde(default, with = "crate::http::utc::option")]
    pub closed_at: Option<chrono::NaiveDateTime>,
}

impl From<years::YearSettings> for SchoolYearResponse {
    fn from(s: years::YearSettings) -> Self {
        SchoolYearResponse {
            school_year: s.year.label(),
            seconde_weeks: s.seconde_weeks,
            set_by_admin: s.updated.is_some(),
            updated_at: s.updated.map(|u| u.1),
            starts_on: s.starts_on,
            ends_on: s.ends_on,
            closed_at: s.closed_at,
        }
    }
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SecondeWeeksRequest {
    #[validate(length(min = 2, max = 2, message = "Indiquez exactement deux semaines."))]
    pub seconde_weeks: Vec<IsoWeek>,
}

fn parse_year(raw: &str) -> AppResult<SchoolYear> {
    SchoolYear::parse(raw).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."))
}

/// A school year's national settings (public: pupils and hosts plan with them).
#[utoipa::path(
    tag = "Schools",
    params(("school_year" = String, Path, example = "2026-2027", max_length = 9)),
    responses((status = 200, body = SchoolYearResponse))
)]
#[get("/school-years/{school_year}")]
pub async fn get_school_year(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<web::Json<SchoolYearResponse>> {
    let year = parse_year(&path)?;
    Ok(web::Json(state.run(move |conn| years::settings(conn, year)).await?.into()))
}

/// School years: those admins created, and always the current and the next one, newest first.
#[utoipa::path(tag = "Schools", responses((status = 200, body = Vec<SchoolYearResponse>)))]
#[get("/school-years")]
pub async fn list_school_years(state: web::Data<AppState>) -> AppResult<web::Json<Vec<SchoolYearResponse>>> {
    let today = state.clock.now().date();
    Ok(web::Json(state.run(move |conn| years::list(conn, today)).await?.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolYearDatesRequest {
    /// First day (between August and October of the first civil year).
    pub starts_on: chrono::NaiveDate,
    /// Last day (between June and August of the second civil year).
    pub ends_on: chrono::NaiveDate,
}

/// An admin creates a school year, or changes its first and last days.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("school_year" = String, Path, example = "2027-2028", max_length = 9)),
    request_body = SchoolYearDatesRequest,
    responses((status = 200, body = SchoolYearResponse))
)]
#[put("/admin/school-years/{school_year}")]
pub async fn set_school_year(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: web::Json<SchoolYearDatesRequest>,
) -> AppResult<web::Json<SchoolYearResponse>> {
    let year = parse_year(&path)?;
    let b = body.into_inner();
    let id = admin.0.id.clone();
    Ok(web::Json(state.run(move |conn| years::set_dates(conn, year, b.starts_on, b.ends_on, &id)).await?.into()))
}

/// An admin sets the national seconde weeks of a school year (two consecutive weeks).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("school_year" = String, Path, example = "2026-2027", max_length = 9)),
    request_body = SecondeWeeksRequest,
    responses((status = 200, body = SchoolYearResponse))
)]
#[put("/admin/school-years/{school_year}/seconde-weeks")]
pub async fn set_seconde_weeks(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: web::Json<SecondeWeeksRequest>,
) -> AppResult<web::Json<SchoolYearResponse>> {
    let year = parse_year(&path)?;
    body.validate()?;
    let weeks = body.into_inner().seconde_weeks;
    let id = admin.0.id.clone();
    Ok(web::Json(state.run(move |conn| years::set_seconde_weeks(conn, year, &weeks, &id)).await?.into()))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DerogationRequest {
    /// Why the school's pupils should see offers reserved to priority education.
    #[validate(length(min = 5, max = 500, message = "Motif de 5 à 500 caractères."))]
    #[schema(example = "Collège hors REP accueillant une majorité d'élèves de QPV", min_length = 5, max_length = 500)]
    pub reason: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DerogationResponse {
    pub uai: String,
    /// REP / REP+ from the national register, if any.
    pub priority_education: Option<String>,
    pub derogation: Option<Derogation>,
    /// Whether the school's pupils see offers reserved to priority education.
    pub eligible: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Derogation {
    pub granted_by: String,
    #[serde(with = "crate::http::utc")]
    pub granted_at: chrono::NaiveDateTime,
    pub reason: String,
}

fn derogation_response(conn: &mut crate::db::AnyConnection, uai: &str) -> AppResult<DerogationResponse> {
    let school = service::load_school(conn, uai)?;
    let reg = queries::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit."))?;
    let derogation = match (reg.priority_derogation_by, reg.priority_derogation_at) {
        (Some(by), Some(at)) => Some(Derogation { granted_by: by, granted_at: at, reason: reg.priority_derogation_reason.unwrap_or_default() }),
        _ => None,
    };
    Ok(DerogationResponse {
        uai: school.uai,
        eligible: super::rules::priority_eligible(school.priority_education.as_deref(), derogation.is_some()),
        priority_education: school.priority_education,
        derogation,
    })
}

/// Grants a non-REP school the right to see offers reserved to priority education (recorded
/// with who and when).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = DerogationRequest,
    responses((status = 200, body = DerogationResponse), (status = 409, description = "Already REP/REP+ (`ALREADY_PRIORITY`)", body = ErrorBody), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[put("/schools/{uai}/priority-derogation")]
pub async fn grant_derogation(
    state: web::Data<AppState>,
    Referent(user): Referent,
    uai: web::Path<String>,
    body: web::Json<DerogationRequest>,
) -> AppResult<web::Json<DerogationResponse>> {
    policy::may_handle_derogations(&user)?;
    body.validate()?;
    let reason = body.into_inner().reason.trim().to_owned();
    let uai = uai.into_inner().to_uppercase();
    let out = state
        .run(move |conn| {
            let school = service::load_school(conn, &uai)?;
            policy::may_grant_derogation(&user, &school.department_code, &school.academie_code, &school.region_code)?;
            queries::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit."))?;
            if super::rules::priority_eligible(school.priority_education.as_deref(), false) {
                return Err(AppError::conflict("Cet établissement est déjà en éducation prioritaire.").with_code(ErrorCode::AlreadyPriority));
            }
            queries::set_derogation(conn, &school.uai, Some((&user.id, crate::db::now(), &reason)))?;
            tracing::info!(by = %user.id, uai = %school.uai, "priority-education derogation granted");
            derogation_response(conn, &school.uai)
        })
        .await?;
    Ok(web::Json(out))
}

/// Withdraws the derogation.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    responses((status = 204, description = "Withdrawn"), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[delete("/schools/{uai}/priority-derogation")]
pub async fn withdraw_derogation(state: web::Data<AppState>, Referent(user): Referent, uai: web::Path<String>) -> AppResult<HttpResponse> {
    policy::may_handle_derogations(&user)?;
    let uai = uai.into_inner().to_uppercase();
    state
        .run(move |conn| {
            let school = service::load_school(conn, &uai)?;
            policy::may_grant_derogation(&user, &school.department_code, &school.academie_code, &school.region_code)?;
            queries::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit."))?;
            queries::set_derogation(conn, &school.uai, None)?;
            tracing::info!(by = %user.id, uai = %school.uai, "priority-education derogation withdrawn");
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The school's priority-education status (its staff, referents of the territory, admins).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    responses((status = 200, body = DerogationResponse), (status = 403, description = "Not allowed (`FORBIDDEN`, `OUT_OF_SCOPE`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/priority-derogation")]
pub async fn get_derogation(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>) -> AppResult<web::Json<DerogationResponse>> {
    let uai = uai.into_inner().to_uppercase();
    let out = state
        .run(move |conn| {
            let school = service::load_school(conn, &uai)?;
            let member = queries::member(conn, &school.uai, &user.id)?;
            if policy::may_read(&user, member.as_ref()).is_err() {
                policy::may_grant_derogation(&user, &school.department_code, &school.academie_code, &school.region_code)?;
            }
            derogation_response(conn, &school.uai)
        })
        .await?;
    Ok(web::Json(out))
}

// ----- schools in the back office: find, correct, merge -----

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminSchoolQuery {
    /// UAI, name or commune (accents and case ignored).
    #[param(min_length = 1, max_length = 100)]
    pub q: String,
    /// How many matches at most (a lookup, not a paged list): 1 to 50, 50 by default.
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AdminSchool {
    #[serde(flatten)]
    pub school: crate::reference::SchoolSummary,
    pub registered: bool,
    pub staff: i64,
    pub pupils: i64,
    /// When an admin last corrected its reference row.
    #[serde(default, with = "crate::http::utc::option")]
    pub corrected_at: Option<chrono::NaiveDateTime>,
    /// The UAI it was merged into (it can no longer be registered).
    pub merged_into: Option<String>,
}

/// The first `limit` schools by UAI, name or commune, registered or not, with their staff and pupils:
/// what an admin needs to spot a duplicate.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(AdminSchoolQuery), responses((status = 200, body = Vec<AdminSchool>), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[get("/admin/schools")]
pub async fn admin_search_schools(state: web::Data<AppState>, _admin: Admin, query: web::Query<AdminSchoolQuery>) -> AppResult<web::Json<Vec<AdminSchool>>> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(50).clamp(1, 50);
    let text = query.q;
    if text.trim().is_empty() || text.chars().count() > 100 {
        return Err(AppError::field("q", "Indiquez un UAI, un nom ou une commune (100 caractères au plus)."));
    }
    let found = state
        .run(move |conn| {
            let schools = crate::reference::search_schools(conn, &text, None, limit)?;
            let uais: Vec<String> = schools.iter().map(|s| s.uai.clone()).collect();
            let registered = queries::registrations_and_staff(conn, &uais)?;
            let pupils = crate::pupils::count_by_school(conn, &uais)?;
            let merges = queries::merges_of(conn, &uais)?;
            let corrections = queries::corrections_of(conn, &uais)?;
            Ok(schools
                .into_iter()
                .map(|s| AdminSchool {
                    registered: registered.contains_key(&s.uai),
                    staff: registered.get(&s.uai).copied().unwrap_or(0),
                    pupils: pupils.get(&s.uai).copied().unwrap_or(0),
                    corrected_at: corrections.get(&s.uai).copied(),
                    merged_into: merges.get(&s.uai).cloned(),
                    school: s.into(),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(found))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CorrectSchoolRequest {
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[validate(length(max = 300))]
    pub address: String,
    #[validate(length(max = 5))]
    pub postal_code: String,
    #[validate(length(min = 1, max = 100))]
    pub commune_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// An admin corrects a school's name, address or place; the directory's next import keeps it.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = CorrectSchoolRequest,
    responses((status = 200, body = crate::reference::SchoolSummary), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[put("/admin/schools/{uai}")]
pub async fn correct_school(
    state: web::Data<AppState>,
    admin: Admin,
    uai: web::Path<String>,
    body: web::Json<CorrectSchoolRequest>,
) -> AppResult<web::Json<crate::reference::SchoolSummary>> {
    body.validate()?;
    let b = body.into_inner();
    let correction = queries::SchoolCorrection {
        name: b.name,
        address: b.address,
        postal_code: b.postal_code,
        commune_name: b.commune_name,
        latitude: b.latitude,
        longitude: b.longitude,
    };
    let user = admin.0;
    let school = state.run(move |conn| service::correct(conn, &user, &uai.to_uppercase(), correction)).await?;
    Ok(web::Json(school.into()))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MergeSchoolRequest {
    /// The UAI kept; the one in the path is the duplicate.
    #[validate(length(min = 8, max = 8))]
    pub into: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MergeSchoolResponse {
    pub school: crate::reference::SchoolSummary,
    pub pupils_moved: usize,
    pub applications_moved: usize,
    pub agreements_moved: usize,
    /// Classes of the same year and name, merged into the kept school's.
    pub classes_merged: usize,
}

/// Regroups a school registered twice (e.g. under its old and new UAI): staff, classes (merged
/// by year and name), weeks, pupils, applications, agreements and reserved offers move to the
/// school kept; the duplicate can no longer be registered (`SCHOOL_MERGED`).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = MergeSchoolRequest,
    responses((status = 200, body = MergeSchoolResponse), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/admin/schools/{uai}/merge")]
pub async fn merge_school(
    state: web::Data<AppState>,
    admin: Admin,
    uai: web::Path<String>,
    body: web::Json<MergeSchoolRequest>,
) -> AppResult<web::Json<MergeSchoolResponse>> {
    body.validate()?;
    let into = body.into_inner().into;
    let user = admin.0;
    let (school, m) = state.run(move |conn| service::merge(conn, &user, &uai, &into)).await?;
    Ok(web::Json(MergeSchoolResponse {
        school: school.into(),
        pupils_moved: m.pupils,
        applications_moved: m.applications,
        agreements_moved: m.agreements,
        classes_merged: m.classes_merged,
    }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(admin_search_schools)
        .service(correct_school)
        .service(merge_school)
        .service(list_school_years)
        .service(set_school_year)
        .service(get_school_year)
        .service(set_seconde_weeks)
        .service(grant_derogation)
        .service(withdraw_derogation)
        .service(get_derogation);
}
