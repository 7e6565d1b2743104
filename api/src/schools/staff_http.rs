//! HTTP face of a school's team: invitations, join requests, approval, revocation.

use crate::ids::ClassId;
use actix_web::{delete, get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::model::StaffMember;
use super::staff::{self, Invitation};
use super::{policy, queries, service};
use crate::auth::{CurrentUser, SchoolStaff, StaffFunction};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct StaffMemberResponse {
    /// The membership's own id: paths now take `user_id`.
    #[schema(deprecated)]
    pub id: String,
    /// The staff member's account id: what the staff paths take (`/schools/{uai}/staff/{user_id}`).
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub function: StaffFunction,
    /// `active`, `pending` (asked to join) or `revoked`.
    pub status: String,
    /// Classes followed (teachers).
    pub class_ids: Vec<String>,
    /// Whether the person has logged in at least once.
    pub joined: bool,
    /// The principal lets them fill and sign the school's agreements.
    pub agreement_delegate: bool,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    /// An address of the school's académie.
    #[validate(length(min = 3, max = 254, message = "Entre 3 et 254 caractères."))]
    #[schema(example = "karim.haddad@ac-lyon.fr", max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub last_name: String,
    pub function: StaffFunction,
    /// For teachers: the classes they follow (a main teacher: their class).
    #[serde(default)]
    #[validate(length(max = 30, message = "30 classes au plus."))]
    pub class_ids: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub function: StaffFunction,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    #[serde(default)]
    #[validate(length(max = 30, message = "30 classes au plus."))]
    pub class_ids: Vec<String>,
}

fn response(conn: &mut crate::db::AnyConnection, m: StaffMember) -> AppResult<StaffMemberResponse> {
    let user = crate::accounts::find_user(conn, &m.user_id)?.ok_or_else(AppError::internal)?;
    let class_ids = queries::classes_of_member(conn, &m.id)?;
    Ok(to_response(m, user, class_ids, false))
}

fn to_response(m: StaffMember, user: crate::accounts::User, class_ids: Vec<ClassId>, agreement_delegate: bool) -> StaffMemberResponse {
    StaffMemberResponse {
        agreement_delegate,
        function: StaffFunction::parse(&m.function).unwrap_or(StaffFunction::Other),
        joined: user.last_login_at.is_some(),
        id: m.id,
        user_id: m.user_id.into(),
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        status: m.status,
        class_ids: class_ids.into_iter().map(String::from).collect(),
    }
}

/// The school's whole team: every member (principal, teachers, CPE and other staff), active,
/// waiting for approval or revoked, with their classes and whether they sign agreements for the
/// principal. Readable by the principal and the school's non-teaching staff (a teacher: 403
/// `FORBIDDEN`).
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    responses((status = 200, body = Vec<StaffMemberResponse>))
)]
#[get("/schools/{uai}/staff")]
pub async fn list_staff(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>) -> AppResult<web::Json<Vec<StaffMemberResponse>>> {
    let uai = uai.into_inner();
    let rows = state
        .run(move |conn| {
            let (school, v) = service::visible(conn, &uai, &user)?;
            if v != policy::Visibility::WholeSchool {
                return Err(AppError::forbidden("La liste de l'équipe est réservée à la direction et à la vie scolaire."));
            }
            let members = queries::staff_with_users(conn, &school.uai)?;
            let ids: Vec<String> = members.iter().map(|(m, _)| m.id.clone()).collect();
            let mut classes = queries::classes_of_members(conn, &ids)?;
            let delegates = crate::agreements::delegates(conn, &school.uai)?;
            Ok(members
                .into_iter()
                .map(|(m, u)| {
                    let c = classes.remove(&m.id).unwrap_or_default();
                    let delegate = delegates.iter().any(|d| d.as_str() == m.user_id.as_str());
                    to_response(m, u, c, delegate)
                })
                .collect())
        })
        .await?;
    Ok(web::Json(rows))
}

/// The principal invites a member of staff by e-mail (académie address), with a function
/// and, for teachers, their classes. An account is created when needed.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = InviteRequest,
    responses((status = 201, body = StaffMemberResponse), (status = 409, body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/schools/{uai}/staff")]
pub async fn invite(state: web::Data<AppState>, user: CurrentUser, uai: web::Path<String>, body: web::Json<InviteRequest>) -> AppResult<HttpResponse> {
    body.validate()?;
    let b = body.into_inner();
    let email = crate::accounts::rules::normalize_email(&b.email).ok_or_else(|| AppError::field("email", "Adresse e-mail invalide."))?;
    let first = crate::accounts::rules::clean_name(&b.first_name).map_err(|m| AppError::field("first_name", m))?;
    let last = crate::accounts::rules::clean_name(&b.last_name).map_err(|m| AppError::field("last_name", m))?;
    let public_url = state.config.public_url.clone();
    let uai = uai.into_inner();
    let member = state
        .run(move |conn| {
            let (school, _, me) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage(&user, me.as_ref())?;
            let m = staff::invite(
                conn,
                &school,
                Invitation { email, first_name: first, last_name: last, function: b.function, class_ids: b.class_ids },
                &public_url,
            )?;
            response(conn, m)
        })
        .await?;
    Ok(HttpResponse::Created().json(member))
}

/// A member of staff who signed up alone asks to join the school; the principal approves.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8)),
    request_body = JoinRequest,
    responses((status = 201, body = StaffMemberResponse), (status = 409, body = ErrorBody), (status = 403, description = "Not allowed (`EMAIL_NOT_ACADEMIC`, `FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody))
)]
#[post("/schools/{uai}/join")]
pub async fn join(state: web::Data<AppState>, staff_user: SchoolStaff, uai: web::Path<String>, body: web::Json<JoinRequest>) -> AppResult<HttpResponse> {
    let uai = uai.into_inner();
    let function = body.into_inner().function;
    let id = staff_user.id.clone();
    let member = state
        .run(move |conn| {
            let school = service::load_school(conn, &uai)?;
            queries::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit."))?;
            let m = staff::request_to_join(conn, &school, &id, function)?;
            response(conn, m)
        })
        .await?;
    Ok(HttpResponse::Created().json(member))
}

/// The principal approves a join request, with the classes followed.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("user_id" = String, Path, max_length = 64, description = "The staff member's account id (`user_id` in the staff list); the membership `id` is still accepted until the next major version, answered with a `Deprecation` header.")),
    request_body = ApproveRequest,
    responses((status = 200, body = StaffMemberResponse))
)]
#[post("/schools/{uai}/staff/{user_id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<ApproveRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (uai, user_id) = path.into_inner();
    let classes = body.into_inner().class_ids;
    let school_uai = uai.to_uppercase();
    let (member, legacy) = state
        .run(move |conn| {
            let (school, _, me) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage_item(&user, me.as_ref(), "Membre introuvable.")?;
            let (m, legacy) = staff::approve(conn, &school, &user_id, &classes)?;
            Ok((response(conn, m)?, legacy))
        })
        .await?;
    let mut resp = HttpResponse::Ok().json(&member);
    if legacy {
        crate::http::mark_deprecated(&mut resp, &format!("/api/v1/schools/{school_uai}/staff/{}/approve", member.user_id));
    }
    Ok(resp)
}

/// The principal removes someone's access to the school.
#[utoipa::path(
    tag = "Schools",
    security(("bearer" = [])),
    params(("uai" = String, Path, max_length = 8), ("user_id" = String, Path, max_length = 64, description = "The staff member's account id (`user_id` in the staff list); the membership `id` is still accepted until the next major version, answered with a `Deprecation` header.")),
    responses((status = 204, description = "Access removed"))
)]
#[delete("/schools/{uai}/staff/{user_id}")]
pub async fn revoke(state: web::Data<AppState>, user: CurrentUser, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (uai, user_id) = path.into_inner();
    let school_uai = uai.to_uppercase();
    let (member, legacy) = state
        .run(move |conn| {
            let (school, _, me) = service::registered(conn, &uai, &user.id)?;
            policy::may_manage_item(&user, me.as_ref(), "Membre introuvable.")?;
            staff::revoke(conn, &school, &user_id, &user.id)
        })
        .await?;
    let mut resp = HttpResponse::NoContent().finish();
    if legacy {
        crate::http::mark_deprecated(&mut resp, &format!("/api/v1/schools/{school_uai}/staff/{}", member.user_id));
    }
    Ok(resp)
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_staff).service(invite).service(join).service(approve).service(revoke);
}
