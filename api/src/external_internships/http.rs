//! HTTP face of internships found elsewhere: the pupil's declarations under `/pupils/me`, the
//! school's records and answers under `/schools/{uai}`.

use crate::ids::PupilId;
use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::ExternalInternship;
use super::rules::{self, Draft, Status};
use super::service::{self, Settings};
use crate::auth::{Pupil, SchoolStaff};
use crate::error::{AppResult, ErrorBody};
use crate::schools::rules::IsoWeek;
use crate::state::AppState;

/// Largest scan of a paper agreement accepted.
const MAX_BYTES: usize = 5 * 1024 * 1024;

fn settings(state: &AppState) -> Settings {
    Settings { public_url: state.config.public_url.clone(), application_expiry_days: state.config.application_expiry_days }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalInternshipRequest {
    /// The host organisation, as on the paper agreement.
    #[schema(example = "Boulangerie Martin", max_length = 200)]
    pub host_name: String,
    /// When known (14 digits, spaces allowed).
    #[schema(example = "73282932000074", max_length = 20)]
    #[serde(default)]
    pub siret: Option<String>,
    #[schema(example = "12 rue de la Paix", max_length = 200)]
    pub street: String,
    #[schema(example = "75002", max_length = 5)]
    pub postal_code: String,
    #[schema(example = "Paris", max_length = 100)]
    pub city: String,
    /// One week (collège), one or two (seconde): the pupil's internship weeks of the year.
    #[schema(max_items = 2)]
    pub weeks: Vec<IsoWeek>,
}

impl ExternalInternshipRequest {
    fn draft(self) -> Draft {
        Draft {
            host_name: self.host_name.trim().to_owned(),
            siret: rules::clean_siret(self.siret.as_deref()),
            street: self.street.trim().to_owned(),
            postal_code: self.postal_code.trim().to_owned(),
            city: self.city.trim().to_owned(),
            weeks: self.weeks,
        }
    }
}

/// An internship found outside the platform.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ExternalInternshipView {
    pub id: String,
    pub pupil_id: String,
    /// For the school's staff: the pupil's name and class (absent in the pupil's own answers).
    pub pupil_name: Option<String>,
    pub class_name: Option<String>,
    pub school_year: String,
    /// `declared` (awaiting the school), `validated` (counts), `rejected` (with the reason).
    pub status: Status,
    pub host_name: String,
    pub siret: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub weeks: Vec<IsoWeek>,
    /// Whether the scanned paper agreement was uploaded.
    pub agreement_uploaded: bool,
    /// Declared by the pupil (otherwise recorded by the school's staff).
    pub declared_by_pupil: bool,
    #[serde(with = "crate::http::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub declared_at: chrono::NaiveDateTime,
    #[serde(default, with = "crate::http::utc::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<chrono::NaiveDateTime>,
    pub rejection_reason: Option<String>,
}

fn view(e: ExternalInternship, pupil: Option<(String, String)>) -> ExternalInternshipView {
    let (pupil_name, class_name) = pupil.map_or((None, None), |(n, c)| (Some(n), Some(c)));
    ExternalInternshipView {
        weeks: e.weeks(),
        declared_by_pupil: e.declared_by == e.pupil_id.as_str(),
        agreement_uploaded: e.agreement_document_id.is_some(),
        id: e.id,
        pupil_id: e.pupil_id.into(),
        pupil_name,
        class_name,
        school_year: e.school_year,
        status: e.status,
        host_name: e.host_name,
        siret: e.siret,
        street: e.street,
        postal_code: e.postal_code,
        city: e.city,
        declared_at: e.declared_at,
        decided_at: e.decided_at,
        rejection_reason: e.rejection_reason,
    }
}

/// The pupil's internships found elsewhere this year (declared, validated or refused).
#[utoipa::path(tag = "External internships", security(("bearer" = [])), responses((status = 200, body = Vec<ExternalInternshipView>)))]
#[get("/pupils/me/external-internships")]
pub async fn mine(state: web::Data<AppState>, pupil: Pupil) -> AppResult<web::Json<Vec<ExternalInternshipView>>> {
    let rows = state.run(move |conn| service::mine(conn, &pupil)).await?;
    Ok(web::Json(rows.into_iter().map(|e| view(e, None)).collect()))
}

/// The pupil declares an internship found outside Passerelle (family, school network): it counts
/// once the school validates it. The staff who follow the class are told.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    request_body = ExternalInternshipRequest,
    responses(
        (status = 201, body = ExternalInternshipView),
        (status = 403, description = "Not a pupil (`FORBIDDEN`), not in a class yet (`NOT_ENROLLED`)", body = ErrorBody),
        (status = 409, description = "A week already covered (`WEEK_ALREADY_TAKEN`), two already recorded (`TOO_MANY_PLACEMENTS`)", body = ErrorBody),
        (status = 422, description = "A field is wrong (`VALIDATION_ERROR`, with the field)", body = ErrorBody)
    )
)]
#[post("/pupils/me/external-internships")]
pub async fn declare(state: web::Data<AppState>, pupil: Pupil, body: web::Json<ExternalInternshipRequest>) -> AppResult<HttpResponse> {
    let s = settings(&state);
    let draft = body.into_inner().draft();
    let e = state.run(move |conn| service::declare(conn, &pupil, draft, &s)).await?;
    Ok(HttpResponse::Created().json(view(e, None)))
}

/// The pupil withdraws a declaration not validated yet.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("id" = String, Path, max_length = 64)),
    responses((status = 204, description = "Removed"), (status = 404, description = "`NOT_FOUND`", body = ErrorBody), (status = 409, description = "Validated by the school (`ALREADY_DECIDED`)", body = ErrorBody))
)]
#[delete("/pupils/me/external-internships/{id}")]
pub async fn withdraw(state: web::Data<AppState>, pupil: Pupil, id: web::Path<String>) -> AppResult<HttpResponse> {
    state.run(move |conn| service::remove_by_pupil(conn, &pupil, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The pupil attaches the scanned paper agreement to a declaration not validated yet.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("id" = String, Path, max_length = 64)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The scan (PDF, JPEG or PNG, 5 MB at most)"),
    responses(
        (status = 200, body = ExternalInternshipView),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
        (status = 409, description = "Validated by the school (`ALREADY_DECIDED`)", body = ErrorBody),
        (status = 413, description = "`PAYLOAD_TOO_LARGE`", body = ErrorBody),
        (status = 415, description = "`UNSUPPORTED_FILE`", body = ErrorBody)
    )
)]
#[put("/pupils/me/external-internships/{id}/agreement")]
pub async fn attach_mine(
    state: web::Data<AppState>,
    pupil: Pupil,
    id: web::Path<String>,
    payload: web::Payload,
) -> AppResult<web::Json<ExternalInternshipView>> {
    let bytes = crate::http::read_upload(payload, MAX_BYTES).await?;
    let e = state.run(move |conn| service::attach_by_pupil(conn, &pupil, &id, bytes)).await?;
    Ok(web::Json(view(e, None)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolListQuery {
    /// `declared` for the declarations to answer; all statuses when absent.
    pub status: Option<Status>,
    /// One pupil's records (their file).
    #[param(max_length = 64)]
    pub pupil_id: Option<String>,
    #[param(example = "2026-2027", max_length = 9)]
    pub school_year: Option<String>,
}

/// The school's internships found elsewhere, for the pupils the staff member follows (the
/// principal: the whole school), oldest first; `status=declared` lists those to answer.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), SchoolListQuery),
    responses((status = 200, body = Vec<ExternalInternshipView>), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/external-internships")]
pub async fn of_school(
    state: web::Data<AppState>,
    staff: SchoolStaff,
    uai: web::Path<String>,
    query: web::Query<SchoolListQuery>,
) -> AppResult<web::Json<Vec<ExternalInternshipView>>> {
    let q = query.into_inner();
    let year = crate::schools::year_or_current(q.school_year.as_deref())?;
    let rows = state.run(move |conn| service::of_school(conn, &staff, &uai, &year.label(), q.status, q.pupil_id.as_deref())).await?;
    Ok(web::Json(rows.into_iter().map(|(e, u, class)| view(e, Some((format!("{} {}", u.first_name, u.last_name), class)))).collect()))
}

/// A staff member who follows the pupil records an internship the pupil found elsewhere: it
/// counts at once, and the pupil's open applications on its weeks are withdrawn.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = ExternalInternshipRequest,
    responses(
        (status = 201, body = ExternalInternshipView),
        (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 404, description = "No such pupil in the school (`NOT_FOUND`)", body = ErrorBody),
        (status = 409, description = "A week already covered (`WEEK_ALREADY_TAKEN`), two already recorded (`TOO_MANY_PLACEMENTS`)", body = ErrorBody),
        (status = 422, description = "A field is wrong (`VALIDATION_ERROR`, with the field)", body = ErrorBody)
    )
)]
#[post("/schools/{uai}/pupils/{pupil_id}/external-internships")]
pub async fn record(
    state: web::Data<AppState>,
    staff: SchoolStaff,
    path: web::Path<(String, PupilId)>,
    body: web::Json<ExternalInternshipRequest>,
) -> AppResult<HttpResponse> {
    let (uai, pupil_id) = path.into_inner();
    let s = settings(&state);
    let draft = body.into_inner().draft();
    let (e, who) = state.run(move |conn| service::record_by_staff(conn, &staff, &uai, &pupil_id, draft, &s)).await?;
    Ok(HttpResponse::Created().json(view(e, Some(who))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ExternalInternshipDecision)]
pub struct DecisionRequest {
    /// Validate (the internship counts) or refuse (the pupil reads why).
    pub approved: bool,
    /// Required to refuse (5 to 500 characters).
    #[schema(max_length = 500)]
    #[serde(default)]
    pub reason: Option<String>,
}

/// The school answers a pupil's declaration.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("id" = String, Path, max_length = 64)),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = ExternalInternshipView),
        (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
        (status = 409, description = "Answered already (`ALREADY_DECIDED`), a week taken since (`WEEK_ALREADY_TAKEN`)", body = ErrorBody),
        (status = 422, description = "A refusal without its reason (`VALIDATION_ERROR`)", body = ErrorBody)
    )
)]
#[post("/schools/{uai}/external-internships/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    staff: SchoolStaff,
    path: web::Path<(String, String)>,
    body: web::Json<DecisionRequest>,
) -> AppResult<web::Json<ExternalInternshipView>> {
    let (uai, id) = path.into_inner();
    let s = settings(&state);
    let DecisionRequest { approved, reason } = body.into_inner();
    let (e, who) = state.run(move |conn| service::decide(conn, &staff, &uai, &id, approved, reason, &s)).await?;
    Ok(web::Json(view(e, Some(who))))
}

/// Deletes a record (typed by mistake, or the internship fell through), with its scan.
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("id" = String, Path, max_length = 64)),
    responses((status = 204, description = "Deleted"), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 404, description = "`NOT_FOUND`", body = ErrorBody))
)]
#[delete("/schools/{uai}/external-internships/{id}")]
pub async fn remove(state: web::Data<AppState>, staff: SchoolStaff, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (uai, id) = path.into_inner();
    state.run(move |conn| service::remove_by_staff(conn, &staff, &uai, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The staff upload the scanned paper agreement (replacing an earlier one).
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("id" = String, Path, max_length = 64)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The scan (PDF, JPEG or PNG, 5 MB at most)"),
    responses(
        (status = 200, body = ExternalInternshipView),
        (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody),
        (status = 413, description = "`PAYLOAD_TOO_LARGE`", body = ErrorBody),
        (status = 415, description = "`UNSUPPORTED_FILE`", body = ErrorBody)
    )
)]
#[put("/schools/{uai}/external-internships/{id}/agreement")]
pub async fn attach(
    state: web::Data<AppState>,
    staff: SchoolStaff,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> AppResult<web::Json<ExternalInternshipView>> {
    let bytes = crate::http::read_upload(payload, MAX_BYTES).await?;
    let (uai, id) = path.into_inner();
    let (e, who) = state.run(move |conn| service::attach_by_staff(conn, &staff, &uai, &id, bytes)).await?;
    Ok(web::Json(view(e, Some(who))))
}

/// Downloads the scanned paper agreement (the staff who follow the pupil only; audited).
#[utoipa::path(
    tag = "External internships",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("id" = String, Path, max_length = 64)),
    responses(
        (status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 404, description = "`NOT_FOUND`", body = ErrorBody)
    )
)]
#[get("/schools/{uai}/external-internships/{id}/agreement")]
pub async fn download(state: web::Data<AppState>, staff: SchoolStaff, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (uai, id) = path.into_inner();
    let doc = state.run(move |conn| service::agreement_for_staff(conn, &staff, &uai, &id)).await?;
    Ok(HttpResponse::Ok()
        .content_type(doc.content_type.as_str())
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", doc.file_name)))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(doc.content))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(mine)
        .service(declare)
        .service(withdraw)
        .service(attach_mine)
        .service(of_school)
        .service(record)
        .service(decide)
        .service(remove)
        .service(attach)
        .service(download);
}
