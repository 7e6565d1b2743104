//! The school staff's actions on pupils: invitations (one or a CSV list) and the scanned
//! parental authorisation.

use crate::ids::{ClassId, PupilId};
use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::consent_form;
use super::http::{followed_pupil, full_row, PupilRow};
use super::invitations::{self, Outcome};
use super::rules::{self, InviteeInput};
use super::{register, register_import};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::schools as school_q;
use crate::schools::policy::may_see_class;
use crate::schools::rules::SchoolYear;
use crate::schools::service::visible;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitePupilRequest {
    #[schema(max_length = 100)]
    pub first_name: String,
    #[schema(max_length = 100)]
    pub last_name: String,
    /// E-mail or mobile phone: one is needed.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    #[schema(max_length = 64)]
    pub class_id: String,
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum InviteOutcome {
    /// Sent: a new account in the class, or (unknown to the caller) an existing account told by
    /// mail how to join. The same answer either way: nobody learns who has an account.
    Invited,
    /// Already a pupil of this school: nothing changed.
    AlreadyThere,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct InvitedPupil {
    pub outcome: InviteOutcome,
    /// The pupil's row, when they were already in the school.
    pub pupil: Option<PupilRow>,
}

/// A staff member invites a pupil into a class they follow. A new address gets an account in
/// the class; an address that already has one gets a message (a pupil: the class code to join;
/// an adult: why not). The answer is the same in both cases (202 `invited`).
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = InvitePupilRequest,
    responses(
        (status = 202, description = "Invited (or told by mail)", body = InvitedPupil),
        (status = 200, description = "Already a pupil of the school", body = InvitedPupil),
        (status = 403, description = "`CLASS_NOT_FOLLOWED`", body = ErrorBody)
    )
)]
#[post("/schools/{uai}/pupils")]
pub async fn invite_pupil(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    body: web::Json<InvitePupilRequest>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let who = rules::check_invitee(&InviteeInput { first_name: b.first_name, last_name: b.last_name, email: b.email, phone: b.phone })
        .map_err(|problems| problems.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m)))?;
    let uai = uai.into_inner();
    let public_url = state.config.public_url.clone();
    let answer = state
        .run(move |conn| {
            let (school, v) = visible(conn, &uai, &user)?;
            let class =
                school_q::class_by_id(conn, &school.uai, &b.class_id)?.ok_or_else(|| AppError::field("class_id", "Classe inconnue dans cet établissement."))?;
            may_see_class(&v, &class.id)?;
            match invitations::invite(conn, &school, &class, &who, &public_url)? {
                Outcome::Invited => {
                    tracing::info!(staff = %user.id, "pupil invited");
                    Ok(InvitedPupil { outcome: InviteOutcome::Invited, pupil: None })
                }
                Outcome::AlreadyThere(id) => {
                    let (p, u, class_name) = followed_pupil(conn, &school.uai, &user, &PupilId::from(id.as_str()))?;
                    Ok(InvitedPupil { outcome: InviteOutcome::AlreadyThere, pupil: Some(full_row(conn, &p, &u, &class_name)?) })
                }
            }
        })
        .await?;
    let mut res = if answer.outcome == InviteOutcome::AlreadyThere { HttpResponse::Ok() } else { HttpResponse::Accepted() };
    Ok(res.json(answer))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ImportLineError {
    /// Line of the file (the header is line 1).
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// Lines sent: new accounts in the class, or existing accounts told by mail how to join.
    pub invited: usize,
    pub already_there: usize,
    pub errors: Vec<ImportLineError>,
    /// The refused lines as CSV (`;`), with the reason, to correct and send again.
    pub error_report_csv: Option<String>,
}

/// Invites a list of pupils from a CSV file (`prenom;nom;email;telephone;classe`, UTF-8).
/// Valid lines are invited, the others reported; sending the same file again is harmless.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body(content = String, content_type = "text/csv", description = "prenom;nom;email;telephone;classe"),
    responses((status = 200, body = ImportReport), (status = 422, description = "Malformed file (nothing imported) (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/schools/{uai}/pupils/import")]
pub async fn import_pupils(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>, payload: web::Payload) -> AppResult<web::Json<ImportReport>> {
    let bytes = crate::http::read_body(payload, 1024 * 1024).await?;
    let text = String::from_utf8(bytes).map_err(|_| AppError::field("file", "Le fichier doit être enregistré en UTF-8 (CSV UTF-8)."))?;
    let lines = rules::parse_invitee_csv(&text, invitations::MAX_CSV_PUPILS).map_err(|m| AppError::field("file", m))?;
    let uai = uai.into_inner();
    let public_url = state.config.public_url.clone();
    let report = state
        .run(move |conn| {
            let (school, v) = visible(conn, &uai, &user)?;
            let year = SchoolYear::of(chrono::Utc::now().date_naive()).label();
            let classes = school_q::classes(conn, &school.uai, &year)?;
            let report = invitations::invite_csv(conn, &school, &classes, &|id| v.sees_class(id), lines, &public_url);
            tracing::info!(staff = %user.id, invited = report.invited, refused = report.errors.len(), "pupil list imported");
            Ok(report)
        })
        .await?;
    Ok(web::Json(ImportReport {
        invited: report.invited,
        already_there: report.already_there,
        error_report_csv: (!report.errors.is_empty()).then(|| invitations::error_report_csv(&report.errors)),
        errors: report.errors.into_iter().map(|e| ImportLineError { line: e.line, field: e.field, message: e.message }).collect(),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RegisterLineError {
    /// The CSV's line (the header is line 1), or the pupil's rank in the XML export.
    pub line: usize,
    /// The pupil as the file names them (first and last name), to find the line again.
    pub pupil: String,
    /// The column at fault (`ine`, `nom`, `prenom`, `date_naissance`, `sexe`, `niveau`, `classe`).
    pub field: Option<String>,
    pub message: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RegisterImportReport {
    /// Pupils enrolled by this import: accounts without password, in their class.
    pub created: usize,
    /// Pupils found again (by INE, or by name and birth date for pupils enrolled before) whose
    /// class, birth date, sex or INE changed.
    pub updated: usize,
    /// Pupils found again with nothing to change.
    pub unchanged: usize,
    /// Lines of levels without observation internship (sixième, première…): skipped.
    pub not_concerned: usize,
    /// Pupils the register says left the school: skipped.
    pub left: usize,
    /// The classes this import created, by name.
    pub classes_created: Vec<String>,
    pub errors: Vec<RegisterLineError>,
    /// The refused lines as CSV (`;`), with the reason, to correct and send again.
    pub error_report_csv: Option<String>,
}

/// The principal imports the school's pupils from the register: its XML export ("élèves sans
/// adresses", ISO-8859-15 or UTF-8) or a CSV file (`ine;nom;prenom;date_naissance;sexe;niveau;classe`,
/// UTF-8 or Windows-1252). Pupils of quatrième, troisième and seconde générale et technologique
/// are enrolled in their class (created when missing), found again by their INE on the next
/// import (a class change follows), never duplicated; the other levels and the pupils who left
/// are skipped; every refused line is reported with its reason.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body(content = String, content_type = "application/xml", description = "The register's XML export, or the CSV file (text/csv)"),
    responses(
        (status = 200, body = RegisterImportReport),
        (status = 403, description = "Not the school's principal (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody),
        (status = 409, description = "The school year is closed (`YEAR_CLOSED`)", body = ErrorBody),
        (status = 422, description = "Unreadable file, or another school's (nothing imported) (`VALIDATION_ERROR`)", body = ErrorBody)
    )
)]
#[post("/schools/{uai}/pupils/register-import")]
pub async fn import_register(
    state: web::Data<AppState>,
    user: CurrentUser,
    uai: web::Path<String>,
    payload: web::Payload,
) -> AppResult<web::Json<RegisterImportReport>> {
    let bytes = crate::http::read_body(payload, 16 * 1024 * 1024).await?;
    let uai = uai.into_inner();
    let report = state
        .run(move |conn| {
            let (school, _, member) = crate::schools::service::registered(conn, &uai, &user.id)?;
            crate::schools::policy::may_manage(&user, member.as_ref())?;
            // Read once the caller is known to be allowed: a stranger's file is not even parsed.
            let file = register::parse(&register::decode(&bytes)).map_err(|m| AppError::field("file", m))?;
            let report = register_import::import(conn, &school, file, chrono::Utc::now().date_naive())?;
            tracing::info!(
                staff = %user.id,
                school = %school.uai,
                created = report.created,
                updated = report.updated,
                refused = report.errors.len(),
                "pupils imported from the register"
            );
            Ok(report)
        })
        .await?;
    Ok(web::Json(RegisterImportReport {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        not_concerned: report.not_concerned,
        left: report.left,
        classes_created: report.classes_created,
        error_report_csv: (!report.errors.is_empty()).then(|| invitations::error_report_csv_with(&register::CSV_HEADER, &report.errors)),
        errors: report
            .errors
            .into_iter()
            .map(|e| {
                // The cells are the register's columns: ine, nom, prenom…
                let pupil =
                    format!("{} {}", e.cells.get(2).map(String::as_str).unwrap_or(""), e.cells.get(1).map(String::as_str).unwrap_or("")).trim().to_owned();
                RegisterLineError { line: e.line, pupil, field: e.field, message: e.message }
            })
            .collect(),
    }))
}

/// Uploads the scanned parental authorisation (PDF, JPEG or PNG, 5 MB at most).
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file (PDF, JPEG or PNG)"),
    responses((status = 200, body = PupilRow), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody), (status = 415, description = "Unsupported content (`UNSUPPORTED_FILE`, `UNSUPPORTED_MEDIA_TYPE`)", body = ErrorBody))
)]
#[put("/schools/{uai}/pupils/{pupil_id}/consent-form")]
pub async fn upload_consent_form(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    payload: web::Payload,
) -> AppResult<web::Json<PupilRow>> {
    let bytes = crate::http::read_upload(payload, consent_form::MAX_BYTES).await?;
    let (uai, pupil_id) = path.into_inner();
    let out = state
        .run(move |conn| {
            followed_pupil(conn, &uai, &user, &pupil_id)?;
            consent_form::store(conn, &pupil_id, bytes, &user.id)?;
            let (p, u, class_name) = followed_pupil(conn, &uai, &user, &pupil_id)?;
            full_row(conn, &p, &u, &class_name)
        })
        .await?;
    Ok(web::Json(out))
}

/// Downloads the scanned authorisation (the staff who follow the pupil only).
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 403, description = "Not allowed (`CLASS_NOT_FOLLOWED`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[get("/schools/{uai}/pupils/{pupil_id}/consent-form")]
pub async fn download_consent_form(state: web::Data<AppState>, user: CurrentUser, path: web::Path<(String, PupilId)>) -> AppResult<HttpResponse> {
    let (uai, pupil_id) = path.into_inner();
    let doc = state
        .run(move |conn| {
            let (p, _, _) = followed_pupil(conn, &uai, &user, &pupil_id)?;
            let id = p.consent_document_id.ok_or_else(|| AppError::not_found("Aucune autorisation numérisée pour cet élève."))?;
            consent_form::load(conn, &id)?.ok_or_else(|| AppError::not_found("Document introuvable."))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(doc.content_type.as_str())
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", doc.file_name)))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(doc.content))
}

/// A pupil who asked to join a class without its code, waiting for the school's answer.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ClassJoinRequest {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub class_id: String,
    pub class_name: String,
    /// E-mail or phone the pupil signed up with, to recognise them.
    pub contact: Option<String>,
    pub requested_at: chrono::NaiveDateTime,
}

/// Pupils who asked to join the classes the staff member follows (the whole school for the
/// principal), oldest first. Until approved they see no offer reserved to the school and are in
/// no list nor figure.
#[utoipa::path(tag = "Pupils", security(("bearer" = [])), params(("uai" = String, Path, max_length = 8)), responses((status = 200, body = Vec<ClassJoinRequest>)))]
#[get("/schools/{uai}/join-requests")]
pub async fn join_requests(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>) -> AppResult<web::Json<Vec<ClassJoinRequest>>> {
    let uai = uai.into_inner();
    let rows = state
        .run(move |conn| {
            let (school, v) = visible(conn, &uai, &user)?;
            let names: std::collections::HashMap<ClassId, String> = school_q::classes_all(conn, &school.uai)?.into_iter().map(|c| (c.id, c.name)).collect();
            Ok(super::queries::pending_of_school(conn, &school.uai)?
                .into_iter()
                .filter(|(p, _)| v.sees_class(&p.class_id))
                .map(|(p, u)| ClassJoinRequest {
                    class_name: names.get(&p.class_id).cloned().unwrap_or_default(),
                    user_id: p.user_id.into(),
                    first_name: u.first_name,
                    last_name: u.last_name,
                    class_id: p.class_id.into(),
                    contact: u.email.or(u.phone),
                    requested_at: p.updated_at,
                })
                .collect())
        })
        .await?;
    Ok(web::Json(rows))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinDecision {
    /// `approve`: the pupil joins the class; `refuse`: the pupil is in no class again.
    pub decision: JoinVerdict,
}

#[derive(Deserialize, Serialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum JoinVerdict {
    Approve,
    Refuse,
}

/// A staff member who follows the class answers a pupil's request to join it.
#[utoipa::path(
    tag = "Pupils",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("pupil_id" = String, Path, max_length = 64)),
    request_body = JoinDecision,
    responses((status = 204, description = "Answered"), (status = 404, description = "No such request (`NOT_FOUND`)", body = ErrorBody))
)]
#[post("/schools/{uai}/join-requests/{pupil_id}")]
pub async fn answer_join_request(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, PupilId)>,
    body: web::Json<JoinDecision>,
) -> AppResult<HttpResponse> {
    let (uai, pupil_id) = path.into_inner();
    let decision = body.into_inner().decision;
    state
        .run(move |conn| {
            const MISSING: &str = "Aucune demande de cet élève pour cet établissement.";
            let (school, v) = crate::schools::service::visible_item(conn, &uai, &user, MISSING)?;
            let missing = || AppError::not_found(MISSING);
            let pupil = super::queries::find(conn, &pupil_id)?.filter(|p| p.school_uai == school.uai && p.join_status == "pending").ok_or_else(missing)?;
            may_see_class(&v, &pupil.class_id)?;
            let done = match decision {
                JoinVerdict::Approve => super::queries::approve_join(conn, &school.uai, &pupil_id, crate::db::now())?,
                JoinVerdict::Refuse => super::queries::refuse_join(conn, &school.uai, &pupil_id)?,
            };
            if !done {
                return Err(missing());
            }
            tracing::info!(school = %school.uai, pupil = %pupil_id, by = %user.id, ?decision, "join request answered");
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(invite_pupil)
        .service(import_pupils)
        .service(import_register)
        .service(upload_consent_form)
        .service(download_consent_form)
        .service(join_requests)
        .service(answer_join_request);
}
