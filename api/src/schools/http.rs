//! HTTP face of the schools domain.

use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{Registration, SchoolClass, StaffMember};
use super::rules::{Grade, GradeFamily, IsoWeek, SchoolYear};
use super::{policy, queries, service};
use crate::auth::{CurrentUser, SchoolStaff, StaffFunction};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::reference::model::School;
use crate::reference::SchoolSummary;
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SchoolResponse {
    pub school: SchoolSummary,
    #[serde(with = "crate::http::utc")]
    pub registered_at: chrono::NaiveDateTime,
    /// Pupils search offers this far from the school (km), unless `national_search`.
    pub search_radius_km: i32,
    pub national_search: bool,
    /// Seconde pupils may split their internship between two hosts without asking one by one.
    pub splits_allowed: bool,
    /// The scanned parental authorisation must be uploaded before the consent is recorded.
    pub consent_scan_required: bool,
    /// The caller fills and signs the school's agreements (the principal, or a delegate).
    pub can_sign_agreements: bool,
    /// The caller's function in this school, if they belong to it.
    pub my_function: Option<StaffFunction>,
}

fn school_response(school: School, reg: Registration, member: Option<&StaffMember>) -> SchoolResponse {
    SchoolResponse {
        school: school.into(),
        registered_at: reg.registered_at,
        search_radius_km: reg.search_radius_km,
        national_search: reg.national_search,
        splits_allowed: reg.splits_allowed,
        consent_scan_required: reg.consent_scan_required,
        can_sign_agreements: member.is_some_and(|m| m.function == "principal" && m.status == crate::schools::model::STAFF_ACTIVE),
        my_function: member.and_then(|m| StaffFunction::parse(&m.function)),
    }
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RegisterSchoolRequest {
    /// The school's UAI (found through `/api/v1/reference/schools`).
    #[validate(length(min = 8, max = 8, message = "Un UAI a 8 caractères."))]
    #[schema(example = "0931234A", min_length = 8, max_length = 8)]
    pub uai: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ClassResponse {
    pub id: String,
    pub school_year: String,
    pub name: String,
    pub grade: Grade,
    /// The code the school hands out so that pupils join this class at once (shown to the
    /// school's staff only; pupils without it wait for the staff's approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_code: Option<String>,
}

impl From<SchoolClass> for ClassResponse {
    fn from(c: SchoolClass) -> Self {
        ClassResponse { grade: Grade::parse(&c.grade).unwrap_or(Grade::Troisieme), id: c.id.into(), school_year: c.school_year, name: c.name, join_code: None }
    }
}

impl ClassResponse {
    /// For the school's own staff: with the class code.
    pub fn for_staff(c: SchoolClass) -> Self {
        let code = c.join_code.clone();
        ClassResponse { join_code: code, ..c.into() }
    }
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateClassRequest {
    #[validate(length(min = 9, max = 9, message = "Année scolaire attendue sous la forme 2026-2027."))]
    #[schema(example = "2026-2027")]
    pub school_year: String,
    #[validate(length(min = 1, max = 50, message = "Entre 1 et 50 caractères."))]
    #[schema(example = "3e B", min_length = 1, max_length = 50)]
    pub name: String,
    pub grade: Grade,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// e.g. `2026-2027`; the current school year by default.
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WeeksRequest {
    #[validate(length(min = 9, max = 9, message = "Année scolaire attendue sous la forme 2026-2027."))]
    #[schema(example = "2026-2027")]
    pub school_year: String,
    pub grade_family: GradeFamily,
    #[validate(length(max = 20, message = "20 semaines au plus."))]
    pub weeks: Vec<IsoWeek>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct NeighbourResponse {
    pub uai: String,
    pub name: String,
    pub commune_name: String,
    pub distance_km: f64,
    /// Classes of this grade family the school declared for the year.
    pub classes: i64,
    /// Pupils enrolled in those classes.
    pub pupils: i64,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct WeekNeighbours {
    pub week: IsoWeek,
    /// Schools nearby that already chose this week (nearest first).
    pub schools: Vec<NeighbourResponse>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CalendarCheck {
    pub school_year: String,
    pub grade_family: GradeFamily,
    pub radius_km: f64,
    pub weeks: Vec<WeekNeighbours>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct WeeksResponse {
    pub school_year: String,
    /// The national seconde weeks of the year.
    pub seconde_weeks: Vec<IsoWeek>,
    pub college: Vec<IsoWeek>,
    pub lycee: Vec<IsoWeek>,
}

fn year(raw: &str) -> AppResult<SchoolYear> {
    SchoolYear::parse(raw).ok_or_else(|| AppError::field("school_year", "Année scolaire attendue sous la forme 2026-2027."))
}

/// A `school_year` query parameter, or the current school year when absent.
pub fn year_or_current(raw: Option<&str>) -> AppResult<SchoolYear> {
    match raw {
        Some(r) => year(r),
        None => Ok(SchoolYear::of(chrono::Utc::now().date_naive())),
    }
}

/// A principal registers their school (e-mail of the school's académie required).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    request_body = RegisterSchoolRequest,
    responses(
        (status = 201, body = SchoolResponse),
        (status = 403, description = "Not a principal, or not an académie e-mail (`EMAIL_NOT_ACADEMIC`, `FORBIDDEN`)", body = ErrorBody),
        (status = 404, description = "Unknown UAI (`NOT_FOUND`)", body = ErrorBody),
        (status = 409, description = "Already registered (`SCHOOL_ALREADY_REGISTERED`, `SCHOOL_MERGED`)", body = ErrorBody),
    )
)]
#[post("/schools")]
pub async fn register_school(state: web::Data<AppState>, staff: SchoolStaff, body: web::Json<RegisterSchoolRequest>) -> AppResult<HttpResponse> {
    body.validate()?;
    let uai = body.into_inner().uai.to_uppercase();
    let user = staff.0;
    let (school, reg) = state.run(move |conn| service::register(conn, &user, &uai)).await?;
    let mut resp = school_response(school, reg, None);
    resp.my_function = Some(StaffFunction::Principal);
    Ok(HttpResponse::Created().json(resp))
}

/// The schools the signed-in staff member belongs to.
#[utoipa::path(tag = "Schools", security(("bearer" = [])), responses((status = 200, body = Vec<SchoolResponse>)))]
#[get("/schools/mine")]
pub async fn my_schools(state: web::Data<AppState>, staff: SchoolStaff) -> AppResult<web::Json<Vec<SchoolResponse>>> {
    let user_id = staff.id.clone();
    let rows = state
        .run(move |conn| {
            let mut out = Vec::new();
            for (member, school, reg) in queries::schools_of(conn, &user_id)? {
                let delegate = crate::agreements::is_delegate(conn, &school.uai, &user_id)?;
                let mut resp = school_response(school, reg, Some(&member));
                resp.can_sign_agreements |= delegate && member.status == crate::schools::model::STAFF_ACTIVE;
                out.push(resp);
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(rows))
}

/// A registered school, for its staff.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    responses((status = 200, body = SchoolResponse))
)]
#[get("/schools/{uai}")]
pub async fn get_school(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>) -> AppResult<web::Json<SchoolResponse>> {
    let uai = uai.into_inner();
    let resp = state
        .run(move |conn| {
            let (school, reg, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_read(&user, member.as_ref())?;
            let delegate = member.is_some() && crate::agreements::is_delegate(conn, &school.uai, &user.id)?;
            let mut resp = school_response(school, reg, member.as_ref());
            resp.can_sign_agreements |= delegate;
            Ok(resp)
        })
        .await?;
    Ok(web::Json(resp))
}

/// Declares a class for a school year (principal).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = CreateClassRequest,
    responses((status = 201, body = ClassResponse), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`, `VOCATIONAL_SECONDE`)", body = ErrorBody))
)]
#[post("/schools/{uai}/classes")]
pub async fn create_class(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<CreateClassRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    let y = year(&body.school_year)?;
    let name = crate::accounts::rules::clean_name(&body.name).map_err(|m| AppError::field("name", m))?;
    let uai = uai.into_inner();
    let class = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, member.as_ref())?;
            service::add_class(conn, &school, y, &name, body.grade)
        })
        .await?;
    Ok(HttpResponse::Created().json(ClassResponse::for_staff(class)))
}

/// The school's classes for a year.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), YearQuery),
    responses((status = 200, body = Vec<ClassResponse>))
)]
#[get("/schools/{uai}/classes")]
pub async fn list_classes(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<YearQuery>,
) -> AppResult<web::Json<Vec<ClassResponse>>> {
    let y = year_or_current(query.school_year.as_deref())?;
    let uai = uai.into_inner();
    let rows = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_read(&user, member.as_ref())?;
            let classes = queries::classes(conn, &school.uai, &y.label())?;
            if member.is_none() {
                return Ok(classes.into_iter().map(ClassResponse::from).collect::<Vec<_>>());
            }
            // Classes made before class codes existed get theirs when the staff first look.
            let mut out = Vec::with_capacity(classes.len());
            for c in classes {
                let c = match c.join_code {
                    Some(_) => c,
                    None => service::renew_join_code(conn, &school.uai, &c.id)?,
                };
                out.push(ClassResponse::for_staff(c));
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(rows))
}

/// A new code for the class (the old one stops working), e.g. when it went round beyond the
/// class. Principal, or staff who follow the class.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("class_id" = String, Path, max_length = 64)),
    responses((status = 200, body = ClassResponse), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[post("/schools/{uai}/classes/{class_id}/join-code")]
pub async fn renew_join_code(state: web::Data<AppState>, user: CurrentUser, path: web::Path<(String, String)>) -> AppResult<web::Json<ClassResponse>> {
    let (uai, class_id) = path.into_inner();
    let class = state
        .run(move |conn| {
            let (school, v) = service::visible(conn, &uai, &user)?;
            if user.role != crate::auth::Role::SchoolStaff {
                return Err(AppError::forbidden("Réservé aux équipes de l'établissement."));
            }
            super::policy::may_see_class(&v, &class_id)?;
            service::renew_join_code(conn, &school.uai, &class_id)
        })
        .await?;
    Ok(web::Json(ClassResponse::for_staff(class)))
}

/// The school's internship weeks for a year, and the national seconde weeks.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), YearQuery),
    responses((status = 200, body = WeeksResponse))
)]
#[get("/schools/{uai}/weeks")]
pub async fn get_weeks(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    query: web::Query<YearQuery>,
) -> AppResult<web::Json<WeeksResponse>> {
    let y = year_or_current(query.school_year.as_deref())?;
    let uai = uai.into_inner();
    let rows = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_read(&user, member.as_ref())?;
            Ok((queries::weeks(conn, &school.uai, &y.label())?, super::years::seconde_weeks(conn, y)?))
        })
        .await?;
    let (rows, national) = rows;
    let pick = |family: GradeFamily| {
        rows.iter().filter(|w| w.grade_family == family.as_str()).map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }).collect()
    };
    Ok(web::Json(WeeksResponse { school_year: y.label(), seconde_weeks: national, college: pick(GradeFamily::College), lycee: pick(GradeFamily::Lycee) }))
}

async fn calendar(state: &AppState, user: CurrentUser, uai: String, body: WeeksRequest, save: bool) -> AppResult<CalendarCheck> {
    body.validate()?;
    let y = year(&body.school_year)?;
    let radius = state.config.calendar_radius_km;
    let family = body.grade_family;
    let by_week = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, member.as_ref())?;
            let weeks = service::check_weeks(conn, &school, y, family, &body.weeks)?;
            if save {
                let now = crate::db::now();
                crate::db::transaction(conn, |conn| Ok(queries::replace_weeks(conn, &school.uai, &y.label(), family, &weeks, now)?))?;
            }
            Ok(queries::neighbours_on_weeks(conn, &school, &y.label(), family, &weeks, radius)?)
        })
        .await?;
    Ok(calendar_check(y.label(), family, radius, by_week))
}

fn calendar_check(
    school_year: String,
    family: GradeFamily,
    radius_km: f64,
    by_week: std::collections::BTreeMap<IsoWeek, Vec<queries::Neighbour>>,
) -> CalendarCheck {
    CalendarCheck {
        school_year,
        grade_family: family,
        radius_km,
        weeks: by_week
            .into_iter()
            .map(|(week, list)| WeekNeighbours {
                week,
                schools: list
                    .into_iter()
                    .map(|n| NeighbourResponse {
                        uai: n.uai,
                        name: n.name,
                        commune_name: n.commune_name,
                        distance_km: n.distance_km,
                        classes: n.classes,
                        pupils: n.pupils,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeeksAroundQuery {
    #[param(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[param(minimum = -180, maximum = 180)]
    pub longitude: f64,
    /// e.g. `2026-2027`; the current school year by default.
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
    pub grade_family: GradeFamily,
}

/// For a host choosing an offer's weeks: the weeks the schools around a place chose (within
/// `CALENDAR_RADIUS_KM`), each with those schools and their pupils of the grade family.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(WeeksAroundQuery),
    responses((status = 200, body = CalendarCheck), (status = 422, description = "Bad coordinates (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[get("/school-weeks/around")]
pub async fn weeks_around(state: web::Data<AppState>, user: CurrentUser, req: actix_web::HttpRequest) -> AppResult<web::Json<CalendarCheck>> {
    // Who may ask is checked before the parameters (a pupil learns nothing from a 422).
    policy::may_see_weeks_around(&user)?;
    let q = web::Query::<WeeksAroundQuery>::from_query(req.query_string())
        .map_err(|_| AppError::validation().with_field("query", "Paramètres attendus : latitude, longitude, grade_family (college ou lycee)."))?
        .into_inner();
    if !(-90.0..=90.0).contains(&q.latitude) || !(-180.0..=180.0).contains(&q.longitude) {
        return Err(AppError::field("latitude", "Coordonnées invalides."));
    }
    let y = year_or_current(q.school_year.as_deref())?;
    let radius = state.config.calendar_radius_km;
    let family = q.grade_family;
    let by_week = state.run(move |conn| Ok(queries::weeks_around(conn, (q.latitude, q.longitude), None, &y.label(), family, None, radius)?)).await?;
    Ok(web::Json(calendar_check(y.label(), family, radius, by_week)))
}

/// Before saving: which schools nearby already chose these weeks (so schools of one area
/// can avoid sending all their pupils to the same hosts the same week).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = WeeksRequest,
    responses((status = 200, body = CalendarCheck))
)]
#[post("/schools/{uai}/weeks/check")]
pub async fn check_weeks(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<WeeksRequest>,
) -> AppResult<web::Json<CalendarCheck>> {
    Ok(web::Json(calendar(&state, user, uai.into_inner(), body.into_inner(), false).await?))
}

/// Sets the school's internship weeks for a year and grade family (principal); answers the
/// nearby schools on the same weeks, as the check does.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = WeeksRequest,
    responses((status = 200, body = CalendarCheck))
)]
#[put("/schools/{uai}/weeks")]
pub async fn set_weeks(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<WeeksRequest>,
) -> AppResult<web::Json<CalendarCheck>> {
    Ok(web::Json(calendar(&state, user, uai.into_inner(), body.into_inner(), true).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchScopeRequest {
    /// Open the school's pupils to offers anywhere in France.
    pub national_search: bool,
    /// Otherwise, how far from the school pupils search (km).
    #[schema(minimum = 5, maximum = 200)]
    pub search_radius_km: i32,
}

/// The principal sets how far the school's pupils search (or opens national search).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = SearchScopeRequest,
    responses((status = 200, body = SchoolResponse))
)]
#[put("/schools/{uai}/search-scope")]
pub async fn set_search_scope(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<SearchScopeRequest>,
) -> AppResult<web::Json<SchoolResponse>> {
    let b = body.into_inner();
    if !(5..=200).contains(&b.search_radius_km) {
        return Err(AppError::field("search_radius_km", "Entre 5 et 200 km."));
    }
    let uai = uai.into_inner();
    let resp = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, member.as_ref())?;
            queries::set_search_scope(conn, &school.uai, b.national_search, b.search_radius_km)?;
            let (school, reg, member) = service::registered(conn, &school.uai, &user.id)?;
            Ok(school_response(school, reg, member.as_ref()))
        })
        .await?;
    Ok(web::Json(resp))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitPlacementsRequest {
    /// Seconde pupils may do one week in each of two hosts without asking (otherwise the
    /// principal authorises each pupil who asks).
    pub allowed: bool,
}

/// The principal lets seconde pupils split their internship (one week in each of two hosts),
/// the exception the guide leaves to the school, for the whole school.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = SplitPlacementsRequest,
    responses((status = 200, body = SchoolResponse))
)]
#[put("/schools/{uai}/split-placements")]
pub async fn set_split_placements(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<SplitPlacementsRequest>,
) -> AppResult<web::Json<SchoolResponse>> {
    let allowed = body.into_inner().allowed;
    let uai = uai.into_inner();
    let resp = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, member.as_ref())?;
            if !crate::schools::rules::families_of_school_kind(&school.kind).contains(&GradeFamily::Lycee) {
                return Err(AppError::field("allowed", "Le stage en deux lieux ne concerne que la seconde."));
            }
            queries::set_splits_allowed(conn, &school.uai, allowed)?;
            tracing::info!(school = %school.uai, allowed, "split placements setting");
            let (school, reg, member) = service::registered(conn, &school.uai, &user.id)?;
            Ok(school_response(school, reg, member.as_ref()))
        })
        .await?;
    Ok(web::Json(resp))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentSettingsRequest {
    /// Staff must upload the scanned authorisation before recording the consent.
    pub scan_required: bool,
}

/// The principal decides whether the scanned parental authorisation is required (otherwise the
/// date of the paper form suffices, the scan stays optional).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = ConsentSettingsRequest,
    responses((status = 200, body = SchoolResponse))
)]
#[put("/schools/{uai}/consent-settings")]
pub async fn set_consent_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<ConsentSettingsRequest>,
) -> AppResult<web::Json<SchoolResponse>> {
    let required = body.into_inner().scan_required;
    let uai = uai.into_inner();
    let resp = state
        .run(move |conn| {
            let (school, _, member) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, member.as_ref())?;
            queries::set_consent_scan_required(conn, &school.uai, required)?;
            let (school, reg, member) = service::registered(conn, &school.uai, &user.id)?;
            Ok(school_response(school, reg, member.as_ref()))
        })
        .await?;
    Ok(web::Json(resp))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(set_search_scope);
    cfg.service(set_consent_settings);
    cfg.service(weeks_around);
    cfg.service(set_split_placements);
    cfg.service(register_school)
        .service(my_schools)
        .service(get_school)
        .service(create_class)
        .service(list_classes)
        .service(renew_join_code)
        .service(get_weeks)
        .service(check_weeks)
        .service(set_weeks);
}
