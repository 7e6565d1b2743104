//! The current platform's v2 partner contract (`/api/v2`), so that existing partner code keeps
//! working: its log-in, its `{"internship_offer": {…}}` wrapper, field names, error envelope
//! `{"code", "error"}` and page fields. One implementation underneath (partners::service);
//! where the old platform misbehaved, this does the right thing (see the README).

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use super::http::PartnerClient;
use super::rules::{PartnerOfferBody, PartnerOfferPatch};
use super::service::{self, Caller, View};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::schools::rules::{Grade, GradeFamily};
use crate::state::AppState;

const PER_PAGE: i64 = 30;

/// The v2 error envelope.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyError {
    /// `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, `DUPLICATE_API`, `API_ALREADY_DESTROYED`,
    /// `VALIDATION_ERROR`, `BAD_PAYLOAD`, `WRONG_PARAMS`, `RATE_LIMITED`.
    pub code: String,
    /// For people (French).
    pub error: String,
    /// Per field, for `VALIDATION_ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Value>,
}

fn envelope(status: StatusCode, code: &str, error: &str, errors: Option<Value>) -> HttpResponse {
    HttpResponse::build(status).json(LegacyError { code: code.into(), error: error.into(), errors })
}

/// The native field names the v2 contract names otherwise.
fn legacy_field(f: &str) -> String {
    let (head, tail) = f.split_once('[').map(|(h, t)| (h, format!("[{t}"))).unwrap_or((f, String::new()));
    let name = match head {
        "sector_id" => "sector_uuid",
        "places" => "max_candidates",
        "latitude" | "longitude" => "coordinates",
        "published" => "published_at",
        other => other,
    };
    format!("{name}{tail}")
}

/// Our errors in the v2 envelope and statuses.
fn answer(e: AppError) -> HttpResponse {
    let mut resp = match (e.status.as_u16(), e.code) {
        (422, "VALIDATION_ERROR") | (422, "BAD_ITEM") => {
            let errors: serde_json::Map<String, Value> = e.fields.iter().map(|(f, m)| (legacy_field(f), json!(m))).collect();
            envelope(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", &e.message, Some(Value::Object(errors)))
        }
        (409, "DUPLICATE") => envelope(StatusCode::CONFLICT, "DUPLICATE_API", &e.message, None),
        (401, _) => envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", &e.message, None),
        (403, _) => envelope(StatusCode::FORBIDDEN, "FORBIDDEN", &e.message, None),
        (404, _) => envelope(StatusCode::NOT_FOUND, "NOT_FOUND", &e.message, None),
        (status, code) => envelope(e.status, if status == 429 { "RATE_LIMITED" } else { code }, &e.message, None),
    };
    let headers = resp.headers_mut();
    for (name, value) in &e.headers {
        if let (Ok(n), Ok(v)) = (actix_web::http::header::HeaderName::from_bytes(name.as_bytes()), actix_web::http::header::HeaderValue::from_str(value)) {
            headers.insert(n, v);
        }
    }
    if let Some(s) = e.retry_after {
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&s.to_string()) {
            headers.insert(actix_web::http::header::RETRY_AFTER, v);
        }
    }
    resp
}

fn unauthorized() -> HttpResponse {
    envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Jeton manquant ou invalide : POST /api/v2/auth/login.", None)
}

fn bad_payload(message: &str) -> HttpResponse {
    envelope(StatusCode::UNPROCESSABLE_ENTITY, "BAD_PAYLOAD", message, None)
}

/// An answer computed on the database thread (an `HttpResponse` cannot cross threads).
pub struct Reply(StatusCode, Value);

fn reply<T: Serialize>(status: StatusCode, body: &T) -> Reply {
    Reply(status, serde_json::to_value(body).unwrap_or(Value::Null))
}

fn legacy_reply(status: StatusCode, code: &str, error: &str) -> Reply {
    Reply(status, json!({"code": code, "error": error}))
}

/// Runs partner work with the caller authorised and rate-limited; everything answered in v2 form.
async fn call(
    state: &AppState,
    client: Option<PartnerClient>,
    work: impl FnOnce(&mut AnyConnection, &Caller) -> Result<Reply, AppError> + Send + 'static,
) -> HttpResponse {
    let Some(client) = client else { return unauthorized() };
    let (now, campaign_now) = (chrono::Utc::now().timestamp(), state.clock.now());
    let outcome = state
        .run(move |conn| {
            let caller = service::authorise(conn, &client.0.sub, &client.0.cid, now, campaign_now)?;
            let headers = service::limit_headers(caller.limit, caller.remaining, caller.reset_seconds);
            work(conn, &caller).map(|r| (r, headers)).map_err(|mut e| {
                e.headers.extend(service::limit_headers(caller.limit, caller.remaining, caller.reset_seconds));
                e
            })
        })
        .await;
    match outcome {
        Ok((Reply(status, body), headers)) => {
            let mut resp = HttpResponse::build(status);
            for (name, value) in headers {
                resp.insert_header((name, value));
            }
            resp.json(body)
        }
        Err(e) => answer(e),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LegacyLogin {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 128)]
    pub password: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyToken {
    pub token: String,
}

/// v2 log-in: an association member's e-mail and password → a partner token (≈ 1 h).
#[utoipa::path(tag = "Partners (v2)", request_body = LegacyLogin, responses((status = 200, body = LegacyToken), (status = 401, body = LegacyError)))]
#[post("/auth/login")]
pub async fn legacy_login(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = state.limit(&req, "partner-token", 30) {
        return answer(e);
    }
    let Ok(b) = serde_json::from_slice::<LegacyLogin>(&body) else { return bad_payload("Corps attendu : {\"email\": …, \"password\": …}.") };
    let outcome = state.run(move |conn| service::legacy_login(conn, &b.email, &b.password)).await;
    match outcome.and_then(|(op, sub)| state.jwt.issue_partner(&op, &sub, super::rules::TOKEN_TTL_SECONDS)) {
        Ok(token) => HttpResponse::Ok().json(LegacyToken { token }),
        Err(e) if e.status.as_u16() == 429 => answer(e),
        Err(e) if e.status.as_u16() == 403 => answer(e),
        Err(_) => envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "E-mail ou mot de passe invalide.", None),
    }
}

/// `null` sent explicitly differs from absent (published_at: null unpublishes).
fn explicit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

/// The v2 offer fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LegacyOfferFields {
    pub title: Option<String>,
    pub description: Option<String>,
    pub employer_name: Option<String>,
    pub employer_description: Option<String>,
    pub employer_website: Option<String>,
    pub street: Option<String>,
    pub zipcode: Option<String>,
    pub city: Option<String>,
    pub coordinates: Option<Coordinates>,
    /// A sector id of `GET /api/v2/sectors` (`s1` … `s51`).
    pub sector_uuid: Option<String>,
    #[schema(max_length = 60)]
    pub remote_id: Option<String>,
    pub permalink: Option<String>,
    pub max_candidates: Option<i32>,
    pub is_public: Option<bool>,
    pub grades: Option<Vec<String>>,
    /// `YYYY-Www`.
    pub weeks: Option<Vec<String>>,
    /// Set (any date): published; `null`: unpublished.
    #[serde(default, deserialize_with = "explicit")]
    #[schema(value_type = Option<String>)]
    pub published_at: Option<Option<String>>,
}

#[derive(Deserialize, ToSchema)]
pub struct LegacyWrapper {
    pub internship_offer: LegacyOfferFields,
}

/// Mixed grade families: `WRONG_PARAMS`. (A seconde week that is not a national one is a field
/// error, as for a host; one national week is kept as one week.)
fn wrong_params_problem(grades: &[String]) -> Option<&'static str> {
    let parsed: Vec<Grade> = grades.iter().filter_map(|g| Grade::parse(g.trim())).collect();
    let families: Vec<GradeFamily> = parsed.iter().map(|g| g.family()).collect();
    families.iter().any(|f| *f != families[0]).then_some("Une offre est pour le collège ou pour le lycée, jamais les deux.")
}

fn to_patch(f: LegacyOfferFields) -> PartnerOfferPatch {
    PartnerOfferPatch {
        title: f.title,
        description: f.description,
        employer_name: f.employer_name,
        employer_description: f.employer_description,
        employer_website: f.employer_website,
        street: f.street,
        zipcode: f.zipcode,
        city: f.city,
        latitude: f.coordinates.as_ref().map(|c| c.latitude),
        longitude: f.coordinates.as_ref().map(|c| c.longitude),
        sector_id: f.sector_uuid,
        permalink: f.permalink,
        places: f.max_candidates,
        is_public: f.is_public,
        grades: f.grades,
        weeks: f.weeks,
        school_year: None,
        published: f.published_at.map(|p| p.is_some()),
    }
}

fn to_body(f: LegacyOfferFields) -> PartnerOfferBody {
    let empty = PartnerOfferBody {
        title: String::new(),
        description: String::new(),
        employer_name: String::new(),
        employer_description: String::new(),
        employer_website: None,
        street: String::new(),
        zipcode: String::new(),
        city: String::new(),
        latitude: None,
        longitude: None,
        sector_id: String::new(),
        permalink: String::new(),
        places: 0,
        is_public: false,
        grades: Vec::new(),
        weeks: Vec::new(),
        school_year: None,
        published: true,
    };
    empty.patched(to_patch(f))
}

/// An offer in v2 form.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyOffer {
    pub id: String,
    pub remote_id: String,
    pub title: String,
    pub description: String,
    pub employer_name: String,
    pub employer_description: String,
    pub employer_website: Option<String>,
    pub street: String,
    pub zipcode: String,
    pub city: String,
    pub coordinates: Coordinates,
    pub sector_uuid: String,
    pub permalink: String,
    pub max_candidates: i32,
    pub is_public: bool,
    pub grades: Vec<String>,
    pub weeks: Vec<String>,
    #[serde(default, with = "crate::http::utc::option")]
    pub published_at: Option<NaiveDateTime>,
    #[serde(with = "crate::http::utc")]
    pub created_at: NaiveDateTime,
    #[serde(with = "crate::http::utc")]
    pub updated_at: NaiveDateTime,
}

fn legacy(v: View) -> LegacyOffer {
    LegacyOffer {
        id: v.offer.id.clone(),
        remote_id: v.row.remote_id,
        title: v.body.title,
        description: v.body.description,
        employer_name: v.body.employer_name,
        employer_description: v.body.employer_description,
        employer_website: v.body.employer_website,
        street: v.body.street,
        zipcode: v.body.zipcode,
        city: v.body.city,
        coordinates: Coordinates { latitude: v.offer.latitude, longitude: v.offer.longitude },
        sector_uuid: v.body.sector_id,
        permalink: v.body.permalink,
        max_candidates: v.body.places,
        is_public: v.body.is_public,
        grades: v.body.grades,
        weeks: v.body.weeks,
        published_at: if v.offer.status == "published" { v.offer.published_at } else { None },
        created_at: v.row.created_at,
        updated_at: v.row.updated_at,
    }
}

fn wrapper(body: &[u8]) -> Result<LegacyOfferFields, Box<HttpResponse>> {
    let value: Value = serde_json::from_slice(body).map_err(|_| Box::new(bad_payload("Corps JSON illisible.")))?;
    let inner = value.get("internship_offer").cloned().ok_or_else(|| Box::new(bad_payload("Enveloppe {\"internship_offer\": {…}} attendue.")))?;
    serde_json::from_value(inner).map_err(|e| {
        Box::new(envelope(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", "Certains champs sont invalides.", Some(json!({"internship_offer": [e.to_string()]}))))
    })
}

/// v2 creation. 409 `DUPLICATE_API` when the remote id exists; 422 `BAD_PAYLOAD` without the
/// wrapper, grades or weeks; 422 `WRONG_PARAMS` for mixed families; 400 `VALIDATION_ERROR` keyed
/// by field (a seconde week that is not a national one among them).
#[utoipa::path(tag = "Partners (v2)", security(("partner" = [])), request_body = LegacyWrapper, responses((status = 201, body = LegacyOffer), (status = 400, body = LegacyError), (status = 409, body = LegacyError), (status = 422, body = LegacyError)))]
#[post("/internship_offers")]
pub async fn legacy_create(state: web::Data<AppState>, client: Option<PartnerClient>, body: web::Bytes) -> HttpResponse {
    if client.is_none() {
        return unauthorized();
    }
    let fields = match wrapper(&body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    let (Some(grades), Some(_)) = (fields.grades.clone(), fields.weeks.as_ref()) else { return bad_payload("grades et weeks sont obligatoires.") };
    let remote_id = fields.remote_id.clone().unwrap_or_default();
    call(&state, client, move |conn, c| {
        if let Some(m) = wrong_params_problem(&grades) {
            return Ok(legacy_reply(StatusCode::UNPROCESSABLE_ENTITY, "WRONG_PARAMS", m));
        }
        let v = service::create_only(conn, c, &remote_id, &to_body(fields))?;
        Ok(reply(StatusCode::CREATED, &legacy(v)))
    })
    .await
}

/// v2 partial change: absent fields stay (grades included); a deleted offer is 404.
#[utoipa::path(tag = "Partners (v2)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), request_body = LegacyWrapper, responses((status = 200, body = LegacyOffer), (status = 404, body = LegacyError)))]
#[patch("/internship_offers/{remote_id}")]
pub async fn legacy_update(state: web::Data<AppState>, client: Option<PartnerClient>, remote_id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    if client.is_none() {
        return unauthorized();
    }
    let fields = match wrapper(&body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    let remote_id = remote_id.into_inner();
    call(&state, client, move |conn, c| {
        let row = super::queries::live(conn, &c.operator.id, &remote_id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
        let current: PartnerOfferBody = serde_json::from_str(&row.body).map_err(|_| AppError::internal())?;
        let grades = fields.grades.clone().unwrap_or(current.grades.clone());
        if let Some(m) = wrong_params_problem(&grades) {
            return Ok(legacy_reply(StatusCode::UNPROCESSABLE_ENTITY, "WRONG_PARAMS", m));
        }
        let v = service::patch(conn, c, &remote_id, to_patch(fields))?;
        Ok(reply(StatusCode::OK, &legacy(v)))
    })
    .await
}

/// v2 deletion: 409 `API_ALREADY_DESTROYED` the second time.
#[utoipa::path(tag = "Partners (v2)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), responses((status = 200, description = "Deleted"), (status = 404, body = LegacyError), (status = 409, body = LegacyError)))]
#[delete("/internship_offers/{remote_id}")]
pub async fn legacy_delete(state: web::Data<AppState>, client: Option<PartnerClient>, remote_id: web::Path<String>) -> HttpResponse {
    let remote_id = remote_id.into_inner();
    call(&state, client, move |conn, c| {
        if super::queries::live(conn, &c.operator.id, &remote_id)?.is_none() && service::was_deleted(conn, c, &remote_id)? {
            return Ok(legacy_reply(StatusCode::CONFLICT, "API_ALREADY_DESTROYED", "Cette offre a déjà été supprimée."));
        }
        service::delete(conn, c, &remote_id)?;
        Ok(Reply(StatusCode::OK, json!({"remote_id": remote_id, "deleted": true})))
    })
    .await
}

#[derive(Deserialize, IntoParams)]
pub struct LegacyPage {
    #[param(minimum = 1)]
    pub page: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyPagination {
    #[serde(rename = "totalInternshipOffers")]
    pub total_internship_offers: i64,
    #[serde(rename = "totalPages")]
    pub total_pages: i64,
    #[serde(rename = "currentPage")]
    pub current_page: i64,
    #[serde(rename = "nextPage")]
    pub next_page: Option<i64>,
    #[serde(rename = "prevPage")]
    pub prev_page: Option<i64>,
    #[serde(rename = "isFirstPage")]
    pub is_first_page: bool,
    #[serde(rename = "isLastPage")]
    pub is_last_page: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyList {
    #[serde(rename = "internshipOffers")]
    pub internship_offers: Vec<LegacyOffer>,
    pub pagination: LegacyPagination,
}

fn pagination(total: i64, page: i64) -> LegacyPagination {
    let pages = super::rules::total_pages(total, PER_PAGE);
    LegacyPagination {
        total_internship_offers: total,
        total_pages: pages,
        current_page: page,
        next_page: (page < pages).then_some(page + 1),
        prev_page: (page > 1).then(|| (page - 1).min(pages.max(1))),
        is_first_page: page == 1,
        is_last_page: page >= pages,
    }
}

/// v2 list: the association's offers, 30 a page.
#[utoipa::path(tag = "Partners (v2)", security(("partner" = [])), params(LegacyPage), responses((status = 200, body = LegacyList)))]
#[get("/internship_offers")]
pub async fn legacy_list(state: web::Data<AppState>, client: Option<PartnerClient>, query: web::Query<LegacyPage>) -> HttpResponse {
    let page = query.into_inner().page;
    call(&state, client, move |conn, c| {
        let p = service::list(conn, c, page, Some(PER_PAGE))?;
        let pagination = pagination(p.total, p.page);
        Ok(reply(StatusCode::OK, &LegacyList { internship_offers: p.items.into_iter().map(legacy).collect(), pagination }))
    })
    .await
}

#[derive(Deserialize, IntoParams)]
pub struct LegacySearch {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Metres (60,000 by default).
    pub radius: Option<f64>,
    #[param(max_length = 200)]
    pub keyword: Option<String>,
    /// `YYYY-Www`, comma-separated.
    #[param(max_length = 400)]
    pub weeks: Option<String>,
    #[param(max_length = 400)]
    pub sector_ids: Option<String>,
}

/// v2 search (associations with full access): nearest first, the first 30.
#[utoipa::path(tag = "Partners (v2)", security(("partner" = [])), params(LegacySearch), responses((status = 200, body = crate::offers::http::SearchResponse), (status = 403, body = LegacyError)))]
#[get("/internship_offers/search")]
pub async fn legacy_search(state: web::Data<AppState>, client: Option<PartnerClient>, query: web::Query<LegacySearch>) -> HttpResponse {
    if client.is_none() {
        return unauthorized();
    }
    let q = query.into_inner();
    let native = crate::offers::http::SearchQuery {
        lat: q.latitude,
        lon: q.longitude,
        place: None,
        radius_km: Some(q.radius.unwrap_or(60_000.0) / 1000.0),
        weeks: q.weeks,
        sectors: q.sector_ids,
        q: q.keyword,
        grade_family: None,
        school_year: None,
        cursor: None,
        limit: Some(30),
    };
    let sreq = match crate::offers::http::search_request(native, 30) {
        Ok(r) => crate::offers::search::SearchRequest { at: Some(state.clock.now()), ..r },
        Err(e) => return answer(e),
    };
    call(&state, client, move |conn, c| {
        if !c.operator.full_search {
            return Err(AppError::forbidden("La recherche n'est pas ouverte à votre association."));
        }
        if sreq.center.is_none() {
            return Err(AppError::field("latitude", "latitude et longitude sont obligatoires."));
        }
        let mut found = crate::offers::http::run_search(conn, None, &sreq)?;
        let ids: Vec<String> = found.items.iter().map(|i| i.id.clone()).collect();
        let closed = super::queries::closed_partner_offers(conn, &ids, &c.operator.id)?;
        found.items.retain(|i| !closed.contains(&i.id));
        Ok(reply(StatusCode::OK, &found))
    })
    .await
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacySector {
    pub uuid: String,
    pub name: String,
}

/// v2 sectors (`uuid` is what `sector_uuid` takes).
#[utoipa::path(tag = "Partners (v2)", responses((status = 200, body = Vec<LegacySector>)))]
#[get("/sectors")]
pub async fn legacy_sectors(state: web::Data<AppState>) -> HttpResponse {
    match state.run(|conn| Ok(crate::reference::queries::sectors(conn)?)).await {
        Ok(rows) => HttpResponse::Ok().json(rows.into_iter().map(|s| LegacySector { uuid: s.id, name: s.name }).collect::<Vec<_>>()),
        Err(e) => answer(e),
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(legacy_login)
        .service(legacy_search)
        .service(legacy_list)
        .service(legacy_create)
        .service(legacy_update)
        .service(legacy_delete)
        .service(legacy_sectors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_fields_are_reported_under_their_v2_names() {
        assert_eq!(legacy_field("sector_id"), "sector_uuid");
        assert_eq!(legacy_field("places"), "max_candidates");
        assert_eq!(legacy_field("latitude"), "coordinates");
        assert_eq!(legacy_field("weeks[2]"), "weeks[2]");
    }

    #[test]
    fn pages_say_where_they_are() {
        let p = pagination(61, 1);
        assert_eq!((p.total_pages, p.next_page, p.prev_page, p.is_first_page, p.is_last_page), (3, Some(2), None, true, false));
        let last = pagination(61, 3);
        assert_eq!((last.next_page, last.prev_page, last.is_last_page), (None, Some(2), true));
        let beyond = pagination(61, 9);
        assert_eq!((beyond.next_page, beyond.is_last_page, beyond.total_internship_offers), (None, true, 61));
        let empty = pagination(0, 1);
        assert_eq!((empty.total_pages, empty.is_last_page), (0, true));
    }

    #[test]
    fn a_v2_body_maps_onto_the_native_one() {
        let f: LegacyOfferFields = serde_json::from_value(
            json!({"title": "T", "sector_uuid": "s3", "max_candidates": 5, "coordinates": {"latitude": 45.0, "longitude": 4.0}, "published_at": null}),
        )
        .expect("fields");
        let b = to_body(f);
        assert_eq!((b.sector_id.as_str(), b.places, b.latitude, b.published), ("s3", 5, Some(45.0), false));
        let absent: LegacyOfferFields = serde_json::from_value(json!({"title": "T"})).expect("fields");
        assert!(to_body(absent).published, "absent published_at: published");
    }
}
