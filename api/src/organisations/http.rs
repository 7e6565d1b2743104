//! HTTP face of the organisations domain.

use crate::error::ErrorCode;
use crate::ids::OrganisationId;

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::model::{Ministry, Organisation};
use super::rules::OrganisationKind;
use super::{queries, service};
use crate::auth::{Admin, CurrentUser, Host};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MinistryResponse {
    pub id: String,
    pub name: String,
}

impl From<Ministry> for MinistryResponse {
    fn from(m: Ministry) -> Self {
        MinistryResponse { id: m.id, name: m.name }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OrganisationResponse {
    pub id: String,
    pub name: String,
    pub siret: String,
    pub kind: OrganisationKind,
    pub is_public: bool,
    pub ministry_id: Option<String>,
    pub group_name: Option<String>,
    pub naf_code: Option<String>,
    pub sector_id: Option<String>,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub department_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<Organisation> for OrganisationResponse {
    fn from(o: Organisation) -> Self {
        OrganisationResponse {
            kind: OrganisationKind::parse(&o.kind).unwrap_or(OrganisationKind::Company),
            id: o.id.into(),
            name: o.name,
            siret: o.siret,
            is_public: o.is_public,
            ministry_id: o.ministry_id,
            group_name: o.group_name,
            naf_code: o.naf_code,
            sector_id: o.sector_id,
            address: o.address,
            postal_code: o.postal_code,
            city: o.city,
            department_code: o.department_code,
            latitude: o.latitude,
            longitude: o.longitude,
        }
    }
}

impl CreateOrganisationRequest {
    pub(super) fn into_new(self) -> service::NewOrganisation {
        let blank = |o: Option<String>| o.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        service::NewOrganisation {
            name: self.name,
            siret: self.siret,
            kind: self.kind,
            is_public: self.is_public,
            ministry_id: blank(self.ministry_id),
            group_name: blank(self.group_name),
            naf_code: blank(self.naf_code).map(|c| c.to_uppercase()),
            sector_id: blank(self.sector_id),
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
        }
    }
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisationRequest {
    #[validate(length(min = 2, max = 200, message = "Entre 2 et 200 caractères."))]
    #[schema(example = "Électricité Martin et fils", min_length = 2, max_length = 200)]
    pub name: String,
    /// 14 digits (spaces allowed), Luhn-checked.
    #[schema(example = "732 829 320 00074", max_length = 20)]
    #[validate(length(max = 20, message = "SIRET invalide."))]
    pub siret: String,
    pub kind: OrganisationKind,
    pub is_public: bool,
    /// Required for public organisations (`/api/v1/ministries`).
    #[schema(max_length = 64)]
    pub ministry_id: Option<String>,
    /// A private group the organisation belongs to (e.g. a PAQTE signatory).
    #[validate(length(max = 200, message = "200 caractères au plus."))]
    #[schema(max_length = 200)]
    pub group_name: Option<String>,
    /// Pre-selects the sector when `sector_id` is not given.
    #[schema(example = "43.21A", max_length = 6)]
    pub naf_code: Option<String>,
    #[schema(max_length = 16)]
    pub sector_id: Option<String>,
    #[validate(length(min = 3, max = 300, message = "Entre 3 et 300 caractères."))]
    #[schema(example = "12 rue de la République", max_length = 300)]
    pub address: String,
    #[validate(length(min = 5, max = 5, message = "Code postal à 5 chiffres."))]
    #[schema(example = "42000", min_length = 5, max_length = 5)]
    pub postal_code: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(example = "Saint-Étienne", max_length = 100)]
    pub city: String,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct InviteMemberRequest {
    #[validate(length(min = 3, max = 254, message = "Adresse e-mail invalide."))]
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 100)]
    pub first_name: String,
    #[schema(max_length = 100)]
    pub last_name: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MemberResponse {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// Whether they logged in at least once.
    pub joined: bool,
    /// Invited, not accepted yet: not a member until they accept.
    pub pending: bool,
}

/// An invitation waiting for the signed-in person's answer.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct InvitationResponse {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub city: String,
    /// Who invited ("Claire Bernard").
    pub invited_by: String,
    #[serde(with = "crate::http::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateMinistryRequest {
    #[validate(length(min = 3, max = 200, message = "Entre 3 et 200 caractères."))]
    #[schema(max_length = 200)]
    pub name: String,
}

/// Ministries a public organisation can belong to.
#[utoipa::path(tag = "Organisations", responses((status = 200, body = Vec<MinistryResponse>)))]
#[get("/ministries")]
pub async fn list_ministries(state: web::Data<AppState>) -> AppResult<web::Json<Vec<MinistryResponse>>> {
    let rows = state.run(|conn| Ok(queries::ministries(conn)?)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// An admin adds a ministry to the list.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), request_body = CreateMinistryRequest, responses((status = 201, body = MinistryResponse)))]
#[post("/admin/ministries")]
pub async fn create_ministry(state: web::Data<AppState>, _admin: Admin, body: web::Json<CreateMinistryRequest>) -> AppResult<HttpResponse> {
    body.validate()?;
    let name = body.into_inner().name.trim().to_owned();
    let m = state
        .run(move |conn| {
            let id = crate::reference::rules::normalize(&name).replace(' ', "-");
            if queries::ministry(conn, &id)?.is_some() {
                return Err(AppError::conflict("Ce ministère existe déjà.").with_field("name", "Déjà dans la liste."));
            }
            let m = Ministry { id, name, created_at: crate::db::now() };
            queries::insert_ministry(conn, &m)?;
            Ok(m)
        })
        .await?;
    Ok(HttpResponse::Created().json(MinistryResponse::from(m)))
}

/// A host creates their organisation and becomes its first member.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    request_body = CreateOrganisationRequest,
    responses((status = 201, body = OrganisationResponse), (status = 409, description = "SIRET already registered (`ORGANISATION_EXISTS`)", body = ErrorBody))
)]
#[post("/organisations")]
pub async fn create_organisation(state: web::Data<AppState>, user: CurrentUser, body: web::Json<CreateOrganisationRequest>) -> AppResult<HttpResponse> {
    crate::organisations::policy::may_create(&user)?;
    body.validate()?;
    let new = body.into_inner().into_new();
    let org = state.run(move |conn| service::create(conn, &user, new)).await?;
    Ok(HttpResponse::Created().json(OrganisationResponse::from(org)))
}

/// The organisations the user belongs to.
#[utoipa::path(tag = "Organisations", security(("bearer" = [])), responses((status = 200, body = Vec<OrganisationResponse>)))]
#[get("/organisations/mine")]
pub async fn my_organisations(state: web::Data<AppState>, user: CurrentUser) -> AppResult<web::Json<Vec<OrganisationResponse>>> {
    let rows = state.run(move |conn| Ok(queries::of_user(conn, &user.id)?)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// One organisation (its members).
#[utoipa::path(tag = "Organisations", security(("bearer" = [])), params(("org_id" = String, Path, max_length = 64)), responses((status = 200, body = OrganisationResponse), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/organisations/{org_id}")]
pub async fn get_organisation(state: web::Data<AppState>, Host(user): Host, id: web::Path<OrganisationId>) -> AppResult<web::Json<OrganisationResponse>> {
    let id = id.into_inner();
    let org = state.run(move |conn| service::load_for(conn, &id, &user)).await?;
    Ok(web::Json(org.into()))
}

/// The organisation's members.
#[utoipa::path(tag = "Organisations", security(("bearer" = [])), params(("org_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<MemberResponse>), (status = 403, description = "Not allowed (`FORBIDDEN`, `NOT_A_MEMBER`, `TOTP_ENROLMENT_REQUIRED`)", body = ErrorBody)))]
#[get("/organisations/{org_id}/members")]
pub async fn list_members(state: web::Data<AppState>, Host(user): Host, id: web::Path<OrganisationId>) -> AppResult<web::Json<Vec<MemberResponse>>> {
    let id = id.into_inner();
    let rows = state
        .run(move |conn| {
            service::load_for(conn, &id, &user)?;
            Ok((queries::members(conn, &id)?, queries::pending_invitations(conn, &id)?))
        })
        .await?;
    let (members, pending) = rows;
    let member = |u: crate::accounts::User, pending: bool| MemberResponse {
        user_id: u.id.into(),
        first_name: u.first_name,
        last_name: u.last_name,
        email: u.email,
        joined: !pending && u.last_login_at.is_some(),
        pending,
    };
    Ok(web::Json(members.into_iter().map(|(_, u)| member(u, false)).chain(pending.into_iter().map(|(_, u)| member(u, true))).collect()))
}

/// The invitations to join an organisation waiting for the signed-in person's answer.
#[utoipa::path(tag = "Organisations", security(("bearer" = [])), responses((status = 200, body = Vec<InvitationResponse>)))]
#[get("/organisations/invitations")]
pub async fn my_invitations(state: web::Data<AppState>, user: CurrentUser) -> AppResult<web::Json<Vec<InvitationResponse>>> {
    let rows = state.run(move |conn| service::my_invitations(conn, &user)).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(i, o, by)| InvitationResponse {
                id: i.id,
                organisation_id: o.id.into(),
                organisation_name: o.name,
                city: o.city,
                invited_by: by,
                created_at: i.created_at,
            })
            .collect(),
    ))
}

/// The invited person accepts: they join the organisation (its offers, applications, agreements).
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(("invitation_id" = String, Path, max_length = 64)),
    responses((status = 200, body = OrganisationResponse), (status = 404, description = "Not for this person, or already answered (`NOT_FOUND`)", body = ErrorBody))
)]
#[post("/organisations/invitations/{invitation_id}/accept")]
pub async fn accept_invitation(state: web::Data<AppState>, user: CurrentUser, id: web::Path<String>) -> AppResult<web::Json<OrganisationResponse>> {
    let id = id.into_inner();
    let org = state.run(move |conn| service::answer_invitation(conn, &user, &id, true)).await?;
    Ok(web::Json(org.into()))
}

/// The invited person declines: the invitation is gone, nothing else changes.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(("invitation_id" = String, Path, max_length = 64)),
    responses((status = 204, description = "Declined"), (status = 404, description = "Not for this person, or already answered (`NOT_FOUND`)", body = ErrorBody))
)]
#[post("/organisations/invitations/{invitation_id}/decline")]
pub async fn decline_invitation(state: web::Data<AppState>, user: CurrentUser, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state.run(move |conn| service::answer_invitation(conn, &user, &id, false)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A member invites a colleague by e-mail; the colleague joins (and can act as tutor on offers)
/// only once they accept (`/organisations/invitations`).
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(("org_id" = String, Path, max_length = 64)),
    request_body = InviteMemberRequest,
    responses((status = 204, description = "Invited"), (status = 409, description = "`ALREADY_MEMBER`", body = ErrorBody))
)]
#[post("/organisations/{org_id}/members")]
pub async fn invite_member(
    state: web::Data<AppState>,
    Host(user): Host,
    id: web::Path<OrganisationId>,
    body: web::Json<InviteMemberRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let b = body.into_inner();
    let id = id.into_inner();
    let public_url = state.config.public_url.clone();
    state
        .run(move |conn| {
            let org = service::load_for(conn, &id, &user)?;
            service::invite(conn, &org, &user, &b.email, &b.first_name, &b.last_name, &public_url, crate::auth::Role::Employer)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    #[param(example = "73282932000074", max_length = 20)]
    pub siret: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LookupResponse {
    pub company: super::lookup::Company,
    /// The sector the NAF code pre-selects, when known.
    pub sector_id: Option<String>,
}

/// Fills the organisation form from a SIRET through the company directory, when one is set
/// up (`SIRET_LOOKUP_URL`); 404 `LOOKUP_DISABLED` otherwise: the form works without it.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(LookupQuery),
    responses((status = 200, body = LookupResponse), (status = 404, description = "`LOOKUP_DISABLED` or unknown SIRET (`SIRET_UNKNOWN`)", body = ErrorBody), (status = 503, description = "Directory unreachable", body = ErrorBody))
)]
#[get("/organisations/lookup")]
pub async fn lookup_siret(state: web::Data<AppState>, user: CurrentUser, query: web::Query<LookupQuery>) -> AppResult<web::Json<LookupResponse>> {
    crate::organisations::policy::may_create(&user)?;
    let siret = super::rules::clean_siret(query.siret.as_deref().unwrap_or(""));
    if !super::rules::siret_valid(&siret) {
        return Err(AppError::field("siret", "SIRET invalide."));
    }
    let Some(url) = state.config.siret_lookup_url.clone() else {
        return Err(AppError::not_found("La recherche par SIRET n'est pas disponible : remplissez le formulaire.").with_code(ErrorCode::LookupDisabled));
    };
    let company = super::lookup::fetch(&url, &siret)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "company directory unreachable");
            AppError::unavailable("L'annuaire des entreprises ne répond pas : remplissez le formulaire.")
        })?
        .ok_or_else(|| AppError::not_found("SIRET inconnu de l'annuaire des entreprises.").with_code(ErrorCode::SiretUnknown))?;
    let naf = company.naf_code.clone();
    let sector_id = match naf {
        Some(code) => state.run(move |conn| Ok(crate::reference::naf(conn, &code)?.and_then(|n| n.sector_id))).await?,
        None => None,
    };
    Ok(web::Json(LookupResponse { company, sector_id }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The fixed paths before `/organisations/{org_id}`.
    cfg.service(lookup_siret)
        .service(my_invitations)
        .service(accept_invitation)
        .service(decline_invitation)
        .service(list_ministries)
        .service(create_ministry)
        .service(create_organisation)
        .service(my_organisations)
        .service(get_organisation)
        .service(list_members)
        .service(invite_member);
}
