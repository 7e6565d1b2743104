//! The back office's organisations: find duplicates, correct what members typed, merge.

use crate::ids::OrganisationId;
use actix_web::{get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::http::{CreateOrganisationRequest, OrganisationResponse};
use super::{queries, service};
use crate::auth::Admin;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminOrganisationQuery {
    /// Part of the name, the town or the SIRET (3 digits or more).
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// How many matches at most (a lookup, not a paged list): 1 to 50, 50 by default.
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AdminOrganisation {
    #[serde(flatten)]
    pub organisation: OrganisationResponse,
    pub members: i64,
    /// Offers not deleted.
    pub offers: i64,
}

/// The first `limit` organisations by name, town or SIRET, with their members and offers: what an
/// admin needs to spot a duplicate.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(AdminOrganisationQuery), responses((status = 200, body = Vec<AdminOrganisation>), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[get("/admin/organisations")]
pub async fn search_organisations(
    state: web::Data<AppState>,
    _admin: Admin,
    query: web::Query<AdminOrganisationQuery>,
) -> AppResult<web::Json<Vec<AdminOrganisation>>> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(50).clamp(1, 50);
    let text = query.q.unwrap_or_default();
    if text.chars().count() > 100 {
        return Err(AppError::field("q", "Recherche trop longue (100 caractères au plus)."));
    }
    let found = state.run(move |conn| Ok(queries::search(conn, &text, limit)?)).await?;
    Ok(web::Json(found.into_iter().map(|(o, members, offers)| AdminOrganisation { organisation: o.into(), members, offers }).collect()))
}

/// An admin corrects an organisation (same fields and checks as its creation).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64)),
    request_body = CreateOrganisationRequest,
    responses((status = 200, body = OrganisationResponse), (status = 409, description = "Another organisation has this SIRET (`ORGANISATION_EXISTS`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[put("/admin/organisations/{org_id}")]
pub async fn correct_organisation(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<OrganisationId>,
    body: web::Json<CreateOrganisationRequest>,
) -> AppResult<web::Json<OrganisationResponse>> {
    body.validate()?;
    let new = body.into_inner().into_new();
    let org = state.run(move |conn| service::correct(conn, &id, new)).await?;
    Ok(web::Json(org.into()))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MergeOrganisationRequest {
    /// The organisation kept; the one in the path is the duplicate, deleted once merged.
    #[validate(length(min = 1, max = 64))]
    pub into: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MergeOrganisationResponse {
    pub organisation: OrganisationResponse,
    pub members_moved: usize,
    pub offers_moved: usize,
    pub agreements_moved: usize,
}

/// Merges a duplicate into the organisation kept: members (once each), pending invitations,
/// offers, agreements and a partner's API access move; the duplicate is deleted.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64)),
    request_body = MergeOrganisationRequest,
    responses((status = 200, body = MergeOrganisationResponse), (status = 404, body = ErrorBody), (status = 409, description = "Both are partner associations (`BOTH_PARTNERS`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[post("/admin/organisations/{org_id}/merge")]
pub async fn merge_organisation(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<OrganisationId>,
    body: web::Json<MergeOrganisationRequest>,
) -> AppResult<web::Json<MergeOrganisationResponse>> {
    body.validate()?;
    let into = body.into_inner().into;
    let (org, moved) = state.run(move |conn| service::merge(conn, &id, &OrganisationId::from(into))).await?;
    Ok(web::Json(MergeOrganisationResponse {
        organisation: org.into(),
        members_moved: moved.members,
        offers_moved: moved.offers,
        agreements_moved: moved.agreements,
    }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(search_organisations).service(correct_organisation).service(merge_organisation);
}
