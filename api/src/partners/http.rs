//! HTTP face of the partner API (tag "Partners"): operators and credentials for people, then
//! the client-credentials token and the offer sync for partner systems.

use crate::error::ErrorCode;
use crate::ids::OfferId;

use std::future::{ready, Ready};

use actix_web::http::StatusCode;
use actix_web::{delete, dev::Payload, get, http::header, patch, post, put, web, FromRequest, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Credential, Operator};
use super::rules::{PartnerOfferBody, PartnerOfferPatch};
use super::service::{self, Caller, View};
use crate::auth::tokens::PartnerClaims;
use crate::auth::{Admin, Operator as OperatorStaff};
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::organisations::model::Organisation;
use crate::state::AppState;

/// A partner system, authenticated by a partner token (never a person's token).
pub struct PartnerClient(pub PartnerClaims);

impl FromRequest for PartnerClient {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claims = (|| req.app_data::<web::Data<AppState>>()?.jwt.verify_partner(crate::auth::extractors::bearer(req)?))();
        ready(
            claims
                .map(PartnerClient)
                .ok_or_else(|| AppError::unauthorized("Jeton partenaire attendu : POST /api/v1/partner/token avec vos identifiants d'API.")),
        )
    }
}

type Work<T> = Box<dyn FnOnce(&mut AnyConnection, &Caller) -> AppResult<(StatusCode, T)> + Send>;

/// Authorises the call (credential alive, rate limit), runs it, and answers with the
/// `X-RateLimit-*` headers, errors included.
async fn call<T: Serialize + Send + 'static>(state: &AppState, client: PartnerClient, work: Work<T>) -> AppResult<HttpResponse> {
    let (now, campaign_now) = (chrono::Utc::now().timestamp(), state.clock.now());
    let (status, body, headers) = state
        .run(move |conn| {
            let caller = service::authorise(conn, &client.0.sub, &client.0.cid, now, campaign_now)?;
            let headers = service::limit_headers(caller.limit, caller.remaining, caller.reset_seconds);
            match work(conn, &caller) {
                Ok((status, body)) => Ok((status, body, headers)),
                Err(mut e) => {
                    e.headers.extend(headers);
                    Err(e)
                }
            }
        })
        .await?;
    let mut resp = HttpResponse::build(status);
    for (name, value) in headers {
        resp.insert_header((name, value));
    }
    resp.insert_header((header::CACHE_CONTROL, "no-store"));
    Ok(if status == StatusCode::NO_CONTENT { resp.finish() } else { resp.json(body) })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerTokenRequest {
    #[schema(max_length = 64, example = "pas_0193...")]
    pub client_id: String,
    #[schema(max_length = 128)]
    pub client_secret: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PartnerTokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds (about an hour).
    pub expires_in: i64,
}

/// Exchanges API credentials for a partner access token (≈ 1 h), accepted on partner
/// endpoints only. Limited per IP address.
#[utoipa::path(tag = "Partners API", request_body = PartnerTokenRequest, responses((status = 200, body = PartnerTokenResponse), (status = 401, description = "`INVALID_CLIENT`", body = ErrorBody), (status = 429, description = "Too many attempts", body = ErrorBody)))]
#[post("/partner/token")]
pub async fn partner_token(state: web::Data<AppState>, req: HttpRequest, body: web::Json<PartnerTokenRequest>) -> AppResult<web::Json<PartnerTokenResponse>> {
    state.limit(&req, "partner-token", 30)?;
    let b = body.into_inner();
    let (operator, credential) = state.run(move |conn| service::exchange(conn, &b.client_id, &b.client_secret)).await?;
    let access_token = state.jwt.issue_partner(&operator, &credential, super::rules::TOKEN_TTL_SECONDS)?;
    Ok(web::Json(PartnerTokenResponse { access_token, token_type: "Bearer".into(), expires_in: super::rules::TOKEN_TTL_SECONDS }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PartnerOfferView {
    pub remote_id: String,
    /// The offer's id on Passerelle.
    pub offer_id: String,
    #[serde(flatten)]
    pub body: PartnerOfferBody,
    /// `published`, `unpublished`, or `hidden` (by moderation).
    pub status: String,
    /// Pupils who followed the permalink.
    pub clicks: i64,
    /// The offer's page on Passerelle.
    pub url: String,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::http::utc")]
    pub updated_at: NaiveDateTime,
}

pub fn offer_view(v: View, public_url: &str) -> PartnerOfferView {
    let status = if v.offer.hidden { "hidden".to_owned() } else { v.offer.status.as_str().to_owned() };
    PartnerOfferView {
        url: format!("{public_url}/offres/{}", v.offer.id),
        remote_id: v.row.remote_id,
        offer_id: v.row.offer_id.into(),
        body: v.body,
        status,
        clicks: v.row.clicks,
        created_at: v.row.created_at,
        updated_at: v.row.updated_at,
    }
}

/// Creates (201) or replaces (200) the whole offer with this remote id; the same body twice
/// changes nothing.
#[utoipa::path(
    tag = "Partners API",
    security(("partner" = [])),
    params(("remote_id" = String, Path, max_length = 60)),
    request_body = PartnerOfferBody,
    responses((status = 200, description = "Replaced", body = PartnerOfferView), (status = 201, description = "Created", body = PartnerOfferView), (status = 429, body = ErrorBody), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `PUBLISHING_NOT_OPEN`)", body = ErrorBody), (status = 422, description = "Invalid field values (`VALIDATION_ERROR`)", body = ErrorBody))
)]
#[put("/partner/offers/{remote_id}")]
pub async fn put_partner_offer(
    state: web::Data<AppState>,
    client: PartnerClient,
    remote_id: web::Path<String>,
    body: web::Json<PartnerOfferBody>,
) -> AppResult<HttpResponse> {
    let (remote_id, body, url) = (remote_id.into_inner(), body.into_inner(), state.config.public_url.clone());
    call(
        &state,
        client,
        Box::new(move |conn, c| {
            let (v, created) = service::upsert(conn, c, &remote_id, &body)?;
            Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, offer_view(v, &url)))
        }),
    )
    .await
}

/// Changes only the fields present (`"published": false|true` unpublishes or republishes).
#[utoipa::path(tag = "Partners API", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), request_body = PartnerOfferPatch, responses((status = 200, body = PartnerOfferView), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[patch("/partner/offers/{remote_id}")]
pub async fn patch_partner_offer(
    state: web::Data<AppState>,
    client: PartnerClient,
    remote_id: web::Path<String>,
    body: web::Json<PartnerOfferPatch>,
) -> AppResult<HttpResponse> {
    let (remote_id, body, url) = (remote_id.into_inner(), body.into_inner(), state.config.public_url.clone());
    call(&state, client, Box::new(move |conn, c| Ok((StatusCode::OK, offer_view(service::patch(conn, c, &remote_id, body)?, &url))))).await
}

/// Removes the offer from search (204); later PATCH or DELETE answer 404, a PUT creates it anew.
#[utoipa::path(tag = "Partners API", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), responses((status = 204, description = "Deleted"), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[delete("/partner/offers/{remote_id}")]
pub async fn delete_partner_offer(state: web::Data<AppState>, client: PartnerClient, remote_id: web::Path<String>) -> AppResult<HttpResponse> {
    let remote_id = remote_id.into_inner();
    call(&state, client, Box::new(move |conn, c| service::delete(conn, c, &remote_id).map(|_| (StatusCode::NO_CONTENT, ())))).await
}

/// One of the operator's offers.
#[utoipa::path(tag = "Partners API", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), responses((status = 200, body = PartnerOfferView), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[get("/partner/offers/{remote_id}")]
pub async fn get_partner_offer(state: web::Data<AppState>, client: PartnerClient, remote_id: web::Path<String>) -> AppResult<HttpResponse> {
    let (remote_id, url) = (remote_id.into_inner(), state.config.public_url.clone());
    call(
        &state,
        client,
        Box::new(move |conn, c| {
            let row = super::queries::live(conn, &c.operator.id, &remote_id)?.ok_or_else(|| AppError::not_found("Offre introuvable pour ce partenaire."))?;
            Ok((StatusCode::OK, offer_view(service::view(conn, row)?, &url)))
        }),
    )
    .await
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// From 1; beyond the end: an empty page with the real totals.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PartnerOfferPage {
    pub items: Vec<PartnerOfferView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub total_pages: i64,
}

/// The operator's offers (unpublished included, deleted excluded), oldest first.
#[utoipa::path(tag = "Partners API", security(("partner" = [])), params(PageQuery), responses((status = 200, body = PartnerOfferPage)))]
#[get("/partner/offers")]
pub async fn list_partner_offers(state: web::Data<AppState>, client: PartnerClient, query: web::Query<PageQuery>) -> AppResult<HttpResponse> {
    let (q, url) = (query.into_inner(), state.config.public_url.clone());
    call(
        &state,
        client,
        Box::new(move |conn, c| {
            let p = service::list(conn, c, q.page, q.per_page)?;
            let total_pages = super::rules::total_pages(p.total, p.per_page);
            Ok((
                StatusCode::OK,
                PartnerOfferPage {
                    items: p.items.into_iter().map(|v| offer_view(v, &url)).collect(),
                    total: p.total,
                    page: p.page,
                    per_page: p.per_page,
                    total_pages,
                },
            ))
        }),
    )
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// Up to 100 items `{"remote_id": "…", "offer": {…}}`, each checked on its own.
    #[schema(value_type = Vec<BatchItemRequest>)]
    pub items: Vec<serde_json::Value>,
}

#[derive(Deserialize, ToSchema)]
pub struct BatchItemRequest {
    pub remote_id: String,
    pub offer: PartnerOfferBody,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct BatchItemResult {
    pub index: usize,
    pub remote_id: Option<String>,
    /// 201 created, 200 replaced, or the error's status.
    pub status: u16,
    pub offer: Option<PartnerOfferView>,
    pub error: Option<ErrorBody>,
}

/// Up to 100 upserts in one call; each item succeeds or fails on its own.
#[utoipa::path(tag = "Partners API", security(("partner" = [])), request_body = BatchRequest, responses((status = 200, body = Vec<BatchItemResult>), (status = 422, description = "More than 100 items (`VALIDATION_ERROR`)", body = ErrorBody)))]
#[post("/partner/offers/batch")]
pub async fn batch_partner_offers(state: web::Data<AppState>, client: PartnerClient, body: web::Json<BatchRequest>) -> AppResult<HttpResponse> {
    let (items, url) = (body.into_inner().items, state.config.public_url.clone());
    if items.is_empty() || items.len() > super::rules::BATCH_MAX {
        return Err(AppError::field("items", "Entre 1 et 100 offres par appel."));
    }
    call(
        &state,
        client,
        Box::new(move |conn, c| {
            let mut out = Vec::with_capacity(items.len());
            for (index, raw) in items.into_iter().enumerate() {
                let remote_id = raw.get("remote_id").and_then(|r| r.as_str()).map(str::to_owned);
                let result = match serde_json::from_value::<BatchItemRequest>(raw) {
                    Ok(item) => service::upsert(conn, c, &item.remote_id, &item.offer),
                    Err(e) => Err(AppError::validation().with_code(ErrorCode::BadItem).with_field("offer", format!("Élément illisible : {e}"))),
                };
                out.push(match result {
                    Ok((v, created)) => {
                        BatchItemResult { index, remote_id, status: if created { 201 } else { 200 }, offer: Some(offer_view(v, &url)), error: None }
                    }
                    Err(e) => BatchItemResult { index, remote_id, status: e.status().as_u16(), offer: None, error: Some(e.body()) },
                });
            }
            Ok((StatusCode::OK, out))
        }),
    )
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForSchoolQuery {
    /// Search as a pupil of this registered school would (UAI): around the school unless a
    /// place is given, in its internship weeks, with the offers reserved to its pupils (its own,
    /// and priority education's when the school is REP, REP+ or granted a derogation) in
    /// `priority` and among the results.
    #[param(example = "0420916T", max_length = 8)]
    pub for_school: Option<String>,
}

/// Published offers of the whole platform (every host, and the partners who share theirs as
/// open data), with the pupils' filters, nearest first. For associations with full access.
#[utoipa::path(
    tag = "Partners API",
    security(("partner" = [])),
    params(crate::offers::SearchQuery, crate::offers::CursorQuery, ForSchoolQuery),
    responses(
        (status = 200, body = crate::offers::SearchResponse),
        (status = 403, description = "`SEARCH_NOT_ALLOWED`", body = ErrorBody),
        (status = 404, description = "`for_school` is not a registered school (`NOT_FOUND`)", body = ErrorBody),
        (status = 409, description = "The school has no known position (`SCHOOL_NOT_LOCATED`)", body = ErrorBody)
    )
)]
#[get("/partner/search")]
pub async fn partner_search(
    state: web::Data<AppState>,
    client: PartnerClient,
    query: web::Query<crate::offers::SearchQuery>,
    page: web::Query<crate::offers::CursorQuery>,
    school: web::Query<ForSchoolQuery>,
) -> AppResult<HttpResponse> {
    let for_school = school.into_inner().for_school.map(|u| u.trim().to_uppercase()).filter(|u| !u.is_empty());
    let mut sreq = crate::offers::search_request(query.into_inner(), page.into_inner(), 20)?;
    sreq.at = Some(state.clock.now());
    let index = state.search.clone();
    call(
        &state,
        client,
        Box::new(move |conn, c| {
            let engine = crate::offers::search::Engine::Memory(&index);
            if !c.operator.full_search {
                return Err(AppError::forbidden(
                    "La recherche sur toute la plateforme n'est pas ouverte à votre association : demandez-la à l'équipe Passerelle.",
                )
                .with_code(ErrorCode::SearchNotAllowed));
            }
            let mut found = match &for_school {
                Some(uai) => crate::offers::run_search_for_school(conn, engine, uai, &sreq)?,
                None if sreq.center.is_none() && sreq.place.is_none() => {
                    return Err(AppError::field("lat", "Donnez un centre (lat et lon), un lieu (place) ou un établissement (for_school)."));
                }
                None => crate::offers::run_search(conn, engine, None, &sreq)?,
            };
            // Other partners' offers appear only when they share them as open data.
            let ids: Vec<OfferId> = found.items.iter().chain(&found.priority).map(|i| OfferId::from(&i.id)).collect();
            let closed = super::queries::closed_partner_offers(conn, &ids, &c.operator.id)?;
            found.items.retain(|i| !closed.iter().any(|c| c.as_str() == i.id));
            found.priority.retain(|i| !closed.iter().any(|c| c.as_str() == i.id));
            Ok((StatusCode::OK, found))
        }),
    )
    .await
}

/// A pupil follows a partner offer's link: the click is counted, then the partner's page opens.
/// Counted at most once per visitor (address and browser) and day; limited per address.
#[utoipa::path(
    tag = "Offers",
    params(("offer_id" = String, Path, max_length = 64)),
    responses((status = 302, description = "To the partner's page"), (status = 429, body = ErrorBody), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody))
)]
#[get("/offers/{offer_id}/partner-link")]
pub async fn follow_partner_link(state: web::Data<AppState>, req: HttpRequest, offer_id: web::Path<OfferId>) -> AppResult<HttpResponse> {
    state.limit(&req, "partner-link", 30)?;
    let offer_id = offer_id.into_inner();
    let now = state.clock.now();
    let agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Keyed with the server's secret and the day: the mark cannot be traced back to an address.
    let visitor = crate::auth::tokens::hash_secret(&format!("{}|{}|{agent}|{}", state.config.jwt_secret, state.client_ip(&req), now.date()));
    let target = state.run(move |conn| service::follow(conn, &offer_id, &visitor, now)).await?;
    Ok(HttpResponse::Found().insert_header((header::LOCATION, target)).insert_header((header::CACHE_CONTROL, "no-store")).finish())
}

// ---- Operators and credentials, for people ----

#[derive(Serialize, Deserialize, ToSchema)]
pub struct OperatorView {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub siret: String,
    pub departments: Vec<String>,
    pub full_search: bool,
    pub open_data: bool,
    pub rate_limit_per_minute: i32,
}

fn operator_view((op, org): (Operator, Organisation)) -> OperatorView {
    OperatorView {
        departments: op.departments(),
        id: op.id,
        organisation_id: org.id.into(),
        name: org.name,
        siret: org.siret,
        full_search: op.full_search,
        open_data: op.open_data,
        rate_limit_per_minute: op.rate_limit_per_minute,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOperatorRequest {
    #[schema(max_length = 200)]
    pub name: String,
    #[schema(max_length = 14)]
    pub siret: String,
    #[schema(max_length = 300)]
    pub address: String,
    #[schema(max_length = 5)]
    pub postal_code: String,
    #[schema(max_length = 100)]
    pub city: String,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub full_search: bool,
    #[serde(default)]
    pub open_data: bool,
    pub rate_limit_per_minute: Option<i32>,
}

/// An admin registers a partner association.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), request_body = NewOperatorRequest, responses((status = 201, body = OperatorView)))]
#[post("/admin/operators")]
pub async fn create_operator(state: web::Data<AppState>, admin: Admin, body: web::Json<NewOperatorRequest>) -> AppResult<HttpResponse> {
    let (b, rate) = (body.into_inner(), state.config.partner_rate_limit_per_minute);
    let n = service::NewOperator {
        organisation: crate::organisations::service::NewOrganisation {
            name: b.name,
            siret: b.siret,
            kind: crate::organisations::rules::OrganisationKind::Association,
            is_public: false,
            ministry_id: None,
            group_name: None,
            naf_code: None,
            sector_id: None,
            address: b.address,
            postal_code: b.postal_code,
            city: b.city,
        },
        departments: b.departments,
        full_search: b.full_search,
        open_data: b.open_data,
        rate_limit_per_minute: b.rate_limit_per_minute,
    };
    let v = state.run(move |conn| service::create_operator(conn, &admin, n, rate)).await?;
    Ok(HttpResponse::Created().json(operator_view(v)))
}

/// Every partner association (admins).
#[utoipa::path(tag = "Partners", security(("bearer" = [])), responses((status = 200, body = Vec<OperatorView>)))]
#[get("/admin/operators")]
pub async fn list_operators(state: web::Data<AppState>, admin: Admin) -> AppResult<web::Json<Vec<OperatorView>>> {
    let list = state.run(move |conn| service::all_operators(conn, &admin)).await?;
    Ok(web::Json(list.into_iter().map(operator_view).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatorFlagsRequest {
    pub departments: Option<Vec<String>>,
    /// May search every published offer of the platform.
    pub full_search: Option<bool>,
    /// Its offers may be re-exposed through other partners' searches.
    pub open_data: Option<bool>,
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_limit_per_minute: Option<i32>,
}

/// An admin sets an association's departments, flags and rate limit.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), request_body = OperatorFlagsRequest, responses((status = 200, body = OperatorView)))]
#[patch("/admin/operators/{operator_id}")]
pub async fn update_operator(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<String>,
    body: web::Json<OperatorFlagsRequest>,
) -> AppResult<web::Json<OperatorView>> {
    let (id, b) = (id.into_inner(), body.into_inner());
    let f = service::Flags { departments: b.departments, full_search: b.full_search, open_data: b.open_data, rate_limit_per_minute: b.rate_limit_per_minute };
    Ok(web::Json(operator_view(state.run(move |conn| service::update_operator(conn, &admin, &id, f)).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatorMemberRequest {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 100)]
    pub first_name: String,
    #[schema(max_length = 100)]
    pub last_name: String,
}

/// An admin adds a member to an association (an operator account is created and mailed).
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), request_body = OperatorMemberRequest, responses((status = 204, description = "Added")))]
#[post("/admin/operators/{operator_id}/members")]
pub async fn add_operator_member(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<String>,
    body: web::Json<OperatorMemberRequest>,
) -> AppResult<HttpResponse> {
    let (id, b, url) = (id.into_inner(), body.into_inner(), state.config.public_url.clone());
    state.run(move |conn| service::add_member(conn, &admin, &id, &b.email, &b.first_name, &b.last_name, &url)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The associations the signed-in operator member belongs to.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), responses((status = 200, body = Vec<OperatorView>)))]
#[get("/operators/me")]
pub async fn my_operators(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff) -> AppResult<web::Json<Vec<OperatorView>>> {
    let list = state.run(move |conn| service::mine(conn, &user)).await?;
    Ok(web::Json(list.into_iter().map(operator_view).collect()))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CredentialView {
    pub id: String,
    pub client_id: String,
    pub label: String,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
    #[serde(default, with = "crate::http::utc::option")]
    pub rotated_at: Option<NaiveDateTime>,
    #[serde(default, with = "crate::http::utc::option")]
    pub last_used_at: Option<NaiveDateTime>,
    #[serde(default, with = "crate::http::utc::option")]
    pub revoked_at: Option<NaiveDateTime>,
}

fn credential_view(c: Credential) -> CredentialView {
    CredentialView {
        id: c.id,
        client_id: c.client_id,
        label: c.label,
        created_at: c.created_at,
        rotated_at: c.rotated_at,
        last_used_at: c.last_used_at,
        revoked_at: c.revoked_at,
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct NewCredentialResponse {
    pub credential: CredentialView,
    /// Shown once: store it now.
    pub client_secret: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCredentialRequest {
    #[schema(max_length = 100, example = "Serveur de production")]
    pub label: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyTokenResponse {
    /// For the v1 contract (`Authorization: Bearer <token>` on `/api/v1/internship_offers`):
    /// shown once; asking again replaces it.
    pub token: String,
}

/// A new static token for the v1 partner contract (the previous one stops working at once).
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), responses((status = 201, body = LegacyTokenResponse)))]
#[post("/operators/{operator_id}/legacy-token")]
pub async fn issue_legacy_token(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let token = state.run(move |conn| service::issue_legacy_token(conn, &user, &id)).await?;
    Ok(HttpResponse::Created().json(LegacyTokenResponse { token }))
}

/// The association's API credentials (secrets are never shown again).
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<CredentialView>)))]
#[get("/operators/{operator_id}/credentials")]
pub async fn list_credentials(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    id: web::Path<String>,
) -> AppResult<web::Json<Vec<CredentialView>>> {
    let id = id.into_inner();
    let list = state.run(move |conn| service::credentials(conn, &user, &id)).await?;
    Ok(web::Json(list.into_iter().map(credential_view).collect()))
}

/// A new credential: client id and secret, the secret shown once.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), request_body = NewCredentialRequest, responses((status = 201, body = NewCredentialResponse)))]
#[post("/operators/{operator_id}/credentials")]
pub async fn create_credential(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    id: web::Path<String>,
    body: web::Json<NewCredentialRequest>,
) -> AppResult<HttpResponse> {
    let (id, label) = (id.into_inner(), body.into_inner().label);
    let (c, secret) = state.run(move |conn| service::create_credential(conn, &user, &id, &label)).await?;
    Ok(HttpResponse::Created().json(NewCredentialResponse { credential: credential_view(c), client_secret: secret }))
}

/// A new secret for the same client id; the old one stops working at once.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), ("credential_id" = String, Path, max_length = 64)), responses((status = 200, body = NewCredentialResponse)))]
#[post("/operators/{operator_id}/credentials/{credential_id}/rotate")]
pub async fn rotate_credential(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<NewCredentialResponse>> {
    let (op, id) = path.into_inner();
    let (c, secret) = state.run(move |conn| service::rotate_credential(conn, &user, &op, &id)).await?;
    Ok(web::Json(NewCredentialResponse { credential: credential_view(c), client_secret: secret }))
}

/// Revokes a credential: its secret and its tokens stop working at once.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), ("credential_id" = String, Path, max_length = 64)), responses((status = 204, description = "Revoked")))]
#[delete("/operators/{operator_id}/credentials/{credential_id}")]
pub async fn revoke_credential(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (op, id) = path.into_inner();
    state.run(move |conn| service::revoke_credential(conn, &user, &op, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The association's offers sent through the API, with their clicks (for its members).
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), PageQuery), responses((status = 200, body = PartnerOfferPage)))]
#[get("/operators/{operator_id}/offers")]
pub async fn operator_offers(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> AppResult<web::Json<PartnerOfferPage>> {
    let (id, query, url) = (id.into_inner(), query.into_inner(), state.config.public_url.clone());
    let p = state.run(move |conn| service::offers_for_member(conn, &user, &id, query.page, query.per_page)).await?;
    let total_pages = super::rules::total_pages(p.total, p.per_page);
    Ok(web::Json(PartnerOfferPage {
        items: p.items.into_iter().map(|v| offer_view(v, &url)).collect(),
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        total_pages,
    }))
}

// ---- Webhooks ----

#[derive(Serialize, Deserialize, ToSchema)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
}

fn webhook_view(w: super::webhooks::Webhook) -> WebhookView {
    WebhookView { events: w.events(), id: w.id, url: w.url, created_at: w.created_at }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookRequest {
    /// HTTPS address that receives the POSTs.
    #[schema(max_length = 500, example = "https://association.example/passerelle/webhook")]
    pub url: String,
    /// Among `offer.hidden`, `offer.restored`, `offer.expired`, `clicks.daily`.
    pub events: Vec<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct NewWebhookResponse {
    pub webhook: WebhookView,
    /// Key of the `X-Passerelle-Signature` HMAC-SHA256 (`t=<unix>,v1=<hex of HMAC(secret, "t.body")>`), shown once.
    pub secret: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    pub id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed` (after about 24 hours of tries).
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub error: Option<String>,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
    #[serde(default, with = "crate::http::utc::option")]
    pub delivered_at: Option<NaiveDateTime>,
}

/// The association's webhooks.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), responses((status = 200, body = Vec<WebhookView>)))]
#[get("/operators/{operator_id}/webhooks")]
pub async fn list_webhooks(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff, id: web::Path<String>) -> AppResult<web::Json<Vec<WebhookView>>> {
    let id = id.into_inner();
    let list = state
        .run(move |conn| {
            let (op, _) = service::operator_for(conn, &user, &id)?;
            super::webhooks::list(conn, &op.id)
        })
        .await?;
    Ok(web::Json(list.into_iter().map(webhook_view).collect()))
}

/// Registers an HTTPS endpoint for some events; the signing secret is shown once.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64)), request_body = NewWebhookRequest, responses((status = 201, body = NewWebhookResponse)))]
#[post("/operators/{operator_id}/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    id: web::Path<String>,
    body: web::Json<NewWebhookRequest>,
) -> AppResult<HttpResponse> {
    let (id, b, allow_http, allow_private) = (id.into_inner(), body.into_inner(), state.config.webhook_allow_http, state.config.webhook_allow_private);
    let (w, secret) = state.run(move |conn| super::webhooks::create(conn, &user, &id, &b.url, &b.events, allow_http, allow_private)).await?;
    Ok(HttpResponse::Created().json(NewWebhookResponse { webhook: webhook_view(w), secret }))
}

/// Stops a webhook.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), ("webhook_id" = String, Path, max_length = 64)), responses((status = 204, description = "Removed")))]
#[delete("/operators/{operator_id}/webhooks/{webhook_id}")]
pub async fn delete_webhook(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (op, id) = path.into_inner();
    state.run(move |conn| super::webhooks::remove(conn, &user, &op, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a test delivery (`ping`) through the job runner.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), ("webhook_id" = String, Path, max_length = 64)), responses((status = 202, description = "Queued")))]
#[post("/operators/{operator_id}/webhooks/{webhook_id}/test")]
pub async fn test_webhook(state: web::Data<AppState>, OperatorStaff(user): OperatorStaff, path: web::Path<(String, String)>) -> AppResult<HttpResponse> {
    let (op, id) = path.into_inner();
    let delivery = state.run(move |conn| super::webhooks::ping(conn, &user, &op, &id)).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"delivery_id": delivery})))
}

/// The webhook's deliveries with their answers, newest first, paged.
#[utoipa::path(tag = "Partners", security(("bearer" = [])), params(("operator_id" = String, Path, max_length = 64), ("webhook_id" = String, Path, max_length = 64), crate::http::paging::PageQuery), responses((status = 200, body = DeliveryPage)))]
#[get("/operators/{operator_id}/webhooks/{webhook_id}/deliveries")]
pub async fn webhook_deliveries(
    state: web::Data<AppState>,
    OperatorStaff(user): OperatorStaff,
    path: web::Path<(String, String)>,
    paging: web::Query<crate::http::paging::PageQuery>,
) -> AppResult<web::Json<DeliveryPage>> {
    let (op, id) = path.into_inner();
    let p = paging.into_inner().paging();
    let (list, total) = state.run(move |conn| super::webhooks::deliveries(conn, &user, &op, &id, p)).await?;
    Ok(web::Json(DeliveryPage::of(
        list.into_iter()
            .map(|d| DeliveryView {
                id: d.id,
                event: d.event,
                status: d.status,
                attempts: d.attempts,
                response_status: d.response_status,
                error: d.error,
                created_at: d.created_at,
                delivered_at: d.delivered_at,
            })
            .collect(),
        total,
        p,
    )))
}

crate::paged!(
    /// A page of a webhook's deliveries.
    DeliveryPage,
    DeliveryView
);

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(operator_offers)
        .service(list_webhooks)
        .service(create_webhook)
        .service(delete_webhook)
        .service(test_webhook)
        .service(webhook_deliveries)
        .service(partner_token)
        .service(batch_partner_offers)
        .service(list_partner_offers)
        .service(put_partner_offer)
        .service(patch_partner_offer)
        .service(delete_partner_offer)
        .service(get_partner_offer)
        .service(partner_search)
        .service(follow_partner_link)
        .service(create_operator)
        .service(list_operators)
        .service(update_operator)
        .service(add_operator_member)
        .service(my_operators)
        .service(list_credentials)
        .service(create_credential)
        .service(rotate_credential)
        .service(revoke_credential)
        .service(issue_legacy_token);
}
