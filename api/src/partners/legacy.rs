//! The current platform's v2 partner contract (`/api/v2`), so that existing partner code keeps
//! working: its log-in, its `{"internship_offer": {…}}` wrapper, field names, error envelope
//! `{"code", "error"}` and page fields. One implementation underneath (partners::service);
//! where the old platform misbehaved, this does the right thing (see the README).

use crate::ids::{OfferId, OrganisationId};
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
use crate::schools::rules::{Grade, GradeFamily, IsoWeek};
use crate::state::AppState;

const PER_PAGE: i64 = 30;

/// The paths answered by the legacy contracts (their error envelope is `{code, error}`).
pub fn is_legacy_path(path: &str) -> bool {
    path.starts_with("/api/v2/") || path.starts_with("/api/v1/internship_offers") || path == "/api/v1/sectors"
}

/// The v2 error envelope.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyError {
    /// `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, `DUPLICATE_API`, `API_ALREADY_DESTROYED`,
    /// `VALIDATION_ERROR`, `BAD_PAYLOAD`, `BAD_ARGUMENT`, `WRONG_PARAMS`.
    pub code: String,
    /// A sentence; for `VALIDATION_ERROR`, the map field → messages (as the guide documents).
    pub error: Value,
}

/// The documented 429 body (no `code`).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyTooMany {
    pub error: String,
}

const TOO_MANY: &str = "Trop de requêtes - Limite d'utilisation de l'API dépassée.";

fn envelope(status: StatusCode, code: &str, error: &str, errors: Option<Value>) -> HttpResponse {
    if status == StatusCode::TOO_MANY_REQUESTS {
        return HttpResponse::build(status).json(LegacyTooMany { error: TOO_MANY.into() });
    }
    HttpResponse::build(status).json(LegacyError { code: code.into(), error: errors.unwrap_or_else(|| Value::String(error.into())) })
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

/// Field → messages, under the v2 names (several native fields may share one).
fn field_map(e: &AppError) -> Value {
    let mut map = serde_json::Map::new();
    for (f, messages) in e.fields.iter() {
        let name = legacy_field(f);
        // The guide's answers name the sector `sector`; `sector_uuid` is the request's name.
        let names = if name == "sector_uuid" { vec![name, "sector".to_owned()] } else { vec![name] };
        for n in names {
            let entry = map.entry(n).or_insert_with(|| json!([]));
            if let Some(list) = entry.as_array_mut() {
                list.extend(messages.iter().map(|m| json!(m)));
            }
        }
    }
    Value::Object(map)
}

/// Our errors in the v2 envelope and statuses.
fn answer(e: AppError) -> HttpResponse {
    let mut resp = match (e.status().as_u16(), e.code.as_str()) {
        (422, "VALIDATION_ERROR") | (422, "BAD_ITEM") => envelope(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", &e.message, Some(field_map(&e))),
        (409, "DUPLICATE") => envelope(StatusCode::CONFLICT, "DUPLICATE_API", &e.message, None),
        (401, _) => envelope(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", &e.message, None),
        (403, _) => envelope(StatusCode::FORBIDDEN, "FORBIDDEN", &e.message, None),
        (404, _) => envelope(StatusCode::NOT_FOUND, "NOT_FOUND", &e.message, None),
        (status, code) => envelope(e.status(), if status == 429 { "RATE_LIMITED" } else { code }, &e.message, None),
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
    envelope(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "Jeton d'API manquant ou invalide (v2 : POST /api/v2/auth/login ; v1 : le jeton de votre espace association).",
        None,
    )
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

/// Who calls the legacy surface: a partner token (v2 log-in or native credentials), or the v1
/// contract's static token.
pub enum Auth {
    Jwt(PartnerClient),
    Static(String),
    /// A static token already checked: its association.
    Operator(String),
    Missing,
}

impl Auth {
    fn v2(client: Option<PartnerClient>) -> Auth {
        client.map(Auth::Jwt).unwrap_or(Auth::Missing)
    }

    /// v1: the association's static token; a partner token works too.
    fn v1(req: &HttpRequest, client: Option<PartnerClient>) -> Auth {
        match (client, crate::auth::extractors::bearer(req)) {
            (Some(c), _) => Auth::Jwt(c),
            (None, Some(token)) => Auth::Static(token.to_owned()),
            (None, None) => Auth::Missing,
        }
    }

    fn missing(&self) -> bool {
        matches!(self, Auth::Missing)
    }

    /// Checks a static token before anything is read of the request (401 first, as documented).
    async fn checked(self, state: &AppState) -> Result<Auth, HttpResponse> {
        match self {
            Auth::Static(token) => match state.run(move |conn| service::operator_by_legacy_token(conn, &token)).await {
                Ok(id) => Ok(Auth::Operator(id)),
                Err(e) => Err(answer(e)),
            },
            other => Ok(other),
        }
    }
}

/// Which contract answers: where its pages live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contract {
    V1,
    V2,
}

impl Contract {
    fn base(self) -> &'static str {
        match self {
            Contract::V1 => "/api/v1",
            Contract::V2 => "/api/v2",
        }
    }
}

/// Runs partner work with the caller authorised and rate-limited; everything answered in the
/// legacy form.
async fn call(
    state: &AppState,
    auth: Auth,
    work: impl FnOnce(&mut AnyConnection, &Caller) -> Result<Reply, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    if auth.missing() {
        return Ok(unauthorized());
    }
    let (now, campaign_now) = (chrono::Utc::now().timestamp(), state.clock.now());
    let outcome = state
        .run(move |conn| {
            let (operator, credential) = match auth {
                Auth::Jwt(c) => (c.0.sub, c.0.cid),
                Auth::Static(token) => (service::operator_by_legacy_token(conn, &token)?, service::STATIC_TOKEN.to_owned()),
                Auth::Operator(id) => (id, service::STATIC_TOKEN.to_owned()),
                Auth::Missing => return Err(AppError::unauthorized("wrong api token")),
            };
            let caller = service::authorise(conn, &operator, &credential, now, campaign_now)?;
            let headers = service::limit_headers(caller.limit, caller.remaining, caller.reset_seconds);
            work(conn, &caller).map(|r| (r, headers)).map_err(|mut e| {
                e.headers.extend(service::limit_headers(caller.limit, caller.remaining, caller.reset_seconds));
                e
            })
        })
        .await;
    outcome.map(|(Reply(status, body), headers)| {
        let mut resp = HttpResponse::build(status);
        for (name, value) in headers {
            resp.insert_header((name, value));
        }
        resp.json(body)
    })
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
#[utoipa::path(tag = "Partenaires (contrat historique)", request_body = LegacyLogin, responses((status = 200, body = LegacyToken), (status = 401, body = LegacyError)))]
#[post("/auth/login")]
pub async fn legacy_login(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = state.limit(&req, "partner-token", 30) {
        return answer(e);
    }
    let Ok(b) = serde_json::from_slice::<LegacyLogin>(&body) else { return bad_payload("Corps attendu : {\"email\": …, \"password\": …}.") };
    let url = state.config.public_url.clone();
    let outcome = state.run(move |conn| service::legacy_login(conn, &b.email, &b.password, &url)).await;
    match outcome.and_then(|(op, sub)| state.jwt.issue_partner(&op, &sub, super::rules::TOKEN_TTL_SECONDS)) {
        Ok(token) => HttpResponse::Ok().json(LegacyToken { token }),
        Err(e) if e.status().as_u16() == 429 => answer(e),
        // One answer for a wrong password and for an account that is not an association's:
        // the log-in never tells whether a password was right.
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
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
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

/// An offer in v2 form (the answer of create, update and delete).
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
    /// The same point, under the name the guide's answers use.
    pub formatted_coordinates: Coordinates,
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
    let point = Coordinates { latitude: v.offer.latitude, longitude: v.offer.longitude };
    LegacyOffer {
        id: v.offer.id.to_string(),
        remote_id: v.row.remote_id,
        title: v.body.title,
        description: v.body.description,
        employer_name: v.body.employer_name,
        employer_description: v.body.employer_description,
        employer_website: v.body.employer_website,
        street: v.body.street,
        zipcode: v.body.zipcode,
        city: v.body.city,
        coordinates: point.clone(),
        formatted_coordinates: point,
        sector_uuid: v.body.sector_id,
        permalink: v.body.permalink,
        max_candidates: v.body.places,
        is_public: v.body.is_public,
        grades: v.body.grades,
        weeks: v.body.weeks,
        published_at: if v.offer.status == crate::offers::rules::OfferStatus::Published { v.offer.published_at } else { None },
        created_at: v.row.created_at,
        updated_at: v.row.updated_at,
    }
}

/// Reads the `internship_offer` fields one by one, so that a value of the wrong type is
/// reported at its field, in French (serde would stop at the first, in English).
fn read_fields(inner: &Value) -> Result<LegacyOfferFields, Value> {
    let Some(obj) = inner.as_object() else { return Err(json!({"internship_offer": ["doit être un objet"]})) };
    let mut errors = serde_json::Map::new();
    let mut bad = |field: &str, message: &str| {
        errors.insert(field.to_owned(), json!([message]));
    };
    let mut f = LegacyOfferFields::default();
    let text = |v: &Value| -> Option<Option<String>> {
        match v {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(s.clone())),
            Value::Number(n) => Some(Some(n.to_string())),
            _ => None,
        }
    };
    for (key, value) in obj {
        match key.as_str() {
            "title"
            | "description"
            | "employer_name"
            | "employer_description"
            | "employer_website"
            | "street"
            | "zipcode"
            | "city"
            | "sector_uuid"
            | "remote_id"
            | "permalink" => match text(value) {
                Some(v) => {
                    let slot = match key.as_str() {
                        "title" => &mut f.title,
                        "description" => &mut f.description,
                        "employer_name" => &mut f.employer_name,
                        "employer_description" => &mut f.employer_description,
                        "employer_website" => &mut f.employer_website,
                        "street" => &mut f.street,
                        "zipcode" => &mut f.zipcode,
                        "city" => &mut f.city,
                        "sector_uuid" => &mut f.sector_uuid,
                        "remote_id" => &mut f.remote_id,
                        _ => &mut f.permalink,
                    };
                    *slot = v;
                }
                None => bad(key, "doit être du texte"),
            },
            "max_candidates" => match value {
                Value::Null => {}
                Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => f.max_candidates = n.as_i64().map(|i| i as i32),
                Value::String(s) if s.trim().parse::<i32>().is_ok() => f.max_candidates = s.trim().parse().ok(),
                _ => bad(key, "doit être un nombre entier"),
            },
            "is_public" => match value {
                Value::Null => {}
                Value::Bool(b) => f.is_public = Some(*b),
                _ => bad(key, "doit être true ou false"),
            },
            "coordinates" => match serde_json::from_value::<Coordinates>(value.clone()) {
                Ok(c) => f.coordinates = Some(c),
                Err(_) if value.is_null() => {}
                Err(_) => bad(key, "attendu : {\"latitude\": nombre, \"longitude\": nombre}"),
            },
            "grades" | "weeks" => match serde_json::from_value::<Option<Vec<String>>>(value.clone()) {
                Ok(list) if key == "grades" => f.grades = list,
                Ok(list) => f.weeks = list,
                Err(_) => bad(key, "doit être une liste de textes"),
            },
            "published_at" => match value {
                Value::Null => f.published_at = Some(None),
                Value::String(s) => f.published_at = Some(Some(s.clone())),
                _ => bad(key, "doit être une date ISO 8601 ou null"),
            },
            // Documented and accepted, not used by Passerelle (the host fills the schedule).
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(Value::Object(errors))
    }
}

fn wrapper(body: &[u8]) -> Result<LegacyOfferFields, Box<HttpResponse>> {
    const MISSING: &str = "param is missing or the value is empty or invalid: internship_offer";
    let value: Value = serde_json::from_slice(body).map_err(|_| Box::new(bad_payload(MISSING)))?;
    let inner = value.get("internship_offer").filter(|v| v.as_object().is_some_and(|o| !o.is_empty())).ok_or_else(|| Box::new(bad_payload(MISSING)))?;
    let fields = read_fields(inner).map_err(|errors| Box::new(envelope(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", "", Some(errors))))?;
    // A week that is not `YYYY-Www` at all: 422 `BAD_ARGUMENT`, as documented.
    if let Some(w) = fields.weeks.iter().flatten().find(|w| !week_format_ok(w)) {
        return Err(Box::new(envelope(StatusCode::UNPROCESSABLE_ENTITY, "BAD_ARGUMENT", &format!("bad week format: {w}, expecting ISO 8601 format"), None)));
    }
    Ok(fields)
}

/// The fields the guide makes mandatory at creation, all reported at once (under the guide's
/// names: the sector is `sector`).
fn missing_fields(f: &LegacyOfferFields) -> Option<Value> {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let checks = [
        ("title", blank(&f.title)),
        ("description", blank(&f.description)),
        ("employer_name", blank(&f.employer_name)),
        ("employer_description", blank(&f.employer_description)),
        ("street", blank(&f.street)),
        ("zipcode", blank(&f.zipcode)),
        ("city", blank(&f.city)),
        ("sector", blank(&f.sector_uuid)),
        ("remote_id", blank(&f.remote_id)),
        ("permalink", blank(&f.permalink)),
    ];
    let map: serde_json::Map<String, Value> =
        checks.iter().filter(|(_, missing)| *missing).map(|(k, _)| (k.to_string(), json!(["doit être rempli(e)"]))).collect();
    (!map.is_empty()).then_some(Value::Object(map))
}

/// `2025-W20` (or `2025-W5`): four digits, `-W`, a week number 1–53.
fn week_format_ok(w: &str) -> bool {
    let Some((year, week)) = w.trim().split_once("-W") else { return false };
    year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) && week.parse::<u32>().is_ok_and(|n| (1..=53).contains(&n)) && week.len() <= 2
}

/// Problems with data that parse but cannot be used (weeks, position): the guide answers 422
/// with the offer as received; the problems ride along under `error`.
fn data_problem(e: &AppError, f: &LegacyOfferFields) -> Option<HttpResponse> {
    let data_only = !e.fields.is_empty() && e.fields.keys().all(|k| k.starts_with("weeks") || k == "latitude" || k == "longitude" || k == "coordinates");
    if !(e.status().as_u16() == 422 && data_only) {
        return None;
    }
    // Seconde offers must take the national weeks: the guide's own code and sentence.
    if f.grades.iter().flatten().any(|g| g.trim() == "seconde") && e.fields.keys().any(|k| k.starts_with("weeks")) {
        let detail: Vec<&str> = e.fields.values().flatten().map(String::as_str).collect();
        return Some(envelope(
            StatusCode::UNPROCESSABLE_ENTITY,
            "WRONG_PARAMS",
            &format!("Les semaines obligatoires de la seconde doivent être incluses : {}", detail.join(" ; ")),
            None,
        ));
    }
    let point = f.coordinates.clone().unwrap_or_default();
    Some(HttpResponse::UnprocessableEntity().json(json!({
        "code": "VALIDATION_ERROR",
        "error": field_map(e),
        "title": f.title, "description": f.description, "employer_name": f.employer_name,
        "employer_description": f.employer_description, "employer_website": f.employer_website,
        "street": f.street, "zipcode": f.zipcode, "city": f.city, "remote_id": f.remote_id, "permalink": f.permalink,
        "max_candidates": f.max_candidates.unwrap_or(1), "published_at": f.published_at.clone().flatten(), "is_public": f.is_public.unwrap_or(false),
        "formatted_coordinates": point, "weeks": f.weeks.clone().unwrap_or_default(), "grades": f.grades.clone().unwrap_or_default(),
    })))
}

/// v2 creation. 409 `DUPLICATE_API` when the remote id exists; 422 `BAD_PAYLOAD` without the
/// wrapper, grades or weeks; 422 `BAD_ARGUMENT` for a malformed week; 422 `WRONG_PARAMS` for
/// mixed families; 400 `VALIDATION_ERROR` with the map field → messages under `error`; 422
/// with the offer as received for weeks or a position that cannot be used.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), request_body = LegacyWrapper, responses((status = 201, body = LegacyOffer), (status = 400, body = LegacyError), (status = 409, body = LegacyError), (status = 422, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[post("/internship_offers")]
pub async fn legacy_create(state: web::Data<AppState>, client: Option<PartnerClient>, body: web::Bytes) -> HttpResponse {
    create(&state, Auth::v2(client), &body).await
}

/// v1 creation (static token): as v2.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), request_body = LegacyWrapper, responses((status = 201, body = LegacyOffer), (status = 400, body = LegacyError), (status = 409, body = LegacyError), (status = 422, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[post("/internship_offers")]
pub async fn v1_create(state: web::Data<AppState>, req: HttpRequest, client: Option<PartnerClient>, body: web::Bytes) -> HttpResponse {
    create(&state, Auth::v1(&req, client), &body).await
}

async fn create(state: &AppState, auth: Auth, body: &[u8]) -> HttpResponse {
    let auth = match auth.checked(state).await {
        Ok(a) => a,
        Err(resp) => return resp,
    };
    if auth.missing() {
        return unauthorized();
    }
    let fields = match wrapper(body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    let (Some(grades), Some(_)) = (fields.grades.clone(), fields.weeks.as_ref()) else {
        return bad_payload("param is missing or the value is empty or invalid: grades, weeks");
    };
    if let Some(missing) = missing_fields(&fields) {
        return envelope(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", "", Some(missing));
    }
    let remote_id = fields.remote_id.clone().unwrap_or_default();
    let echo = fields.clone();
    let resp = call(state, auth, move |conn, c| {
        if let Some(m) = wrong_params_problem(&grades) {
            return Ok(legacy_reply(StatusCode::UNPROCESSABLE_ENTITY, "WRONG_PARAMS", m));
        }
        match service::create_only(conn, c, &remote_id, &to_body(fields)) {
            Ok(v) => Ok(reply(StatusCode::CREATED, &legacy(v))),
            Err(e) => Err(e),
        }
    })
    .await;
    resp.map_err_body(&echo)
}

/// An offer the moderators hid stays as they left it: 403, as the guide documents for an offer
/// the partner may not touch.
fn refuse_if_moderated(conn: &mut AnyConnection, offer_id: &OfferId) -> Result<(), AppError> {
    match crate::offers::find(conn, offer_id)? {
        Some(o) if o.hidden => Err(AppError::forbidden("Cette offre a été masquée par la modération : écrivez à l'équipe Passerelle pour la modifier.")),
        _ => Ok(()),
    }
}

/// The answer of `call`, with 422 data problems turned into the documented shape.
trait DataProblem {
    fn map_err_body(self, f: &LegacyOfferFields) -> HttpResponse;
}

impl DataProblem for Result<HttpResponse, AppError> {
    fn map_err_body(self, f: &LegacyOfferFields) -> HttpResponse {
        match self {
            Ok(r) => r,
            Err(e) => data_problem(&e, f).unwrap_or_else(|| answer(e)),
        }
    }
}

/// v2 partial change: absent fields stay (grades included); a deleted offer is 404.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), request_body = LegacyWrapper, responses((status = 200, body = LegacyOffer), (status = 400, body = LegacyError), (status = 404, body = LegacyError), (status = 422, body = LegacyError)))]
#[patch("/internship_offers/{remote_id}")]
pub async fn legacy_update(state: web::Data<AppState>, client: Option<PartnerClient>, remote_id: web::Path<String>, body: web::Bytes) -> HttpResponse {
    update(&state, Auth::v2(client), remote_id.into_inner(), &body).await
}

/// v1 partial change (static token): as v2.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), request_body = LegacyWrapper, responses((status = 200, body = LegacyOffer), (status = 400, body = LegacyError), (status = 404, body = LegacyError), (status = 422, body = LegacyError)))]
#[patch("/internship_offers/{remote_id}")]
pub async fn v1_update(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Option<PartnerClient>,
    remote_id: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    update(&state, Auth::v1(&req, client), remote_id.into_inner(), &body).await
}

async fn update(state: &AppState, auth: Auth, remote_id: String, body: &[u8]) -> HttpResponse {
    let auth = match auth.checked(state).await {
        Ok(a) => a,
        Err(resp) => return resp,
    };
    if auth.missing() {
        return unauthorized();
    }
    let fields = match wrapper(body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    let echo = fields.clone();
    call(state, auth, move |conn, c| {
        let row =
            super::queries::live(conn, &c.operator.id, &remote_id)?.ok_or_else(|| AppError::not_found("can't find internship_offer with this remote_id"))?;
        refuse_if_moderated(conn, &row.offer_id)?;
        let current: PartnerOfferBody = serde_json::from_str(&row.body).map_err(|_| AppError::internal())?;
        let grades = fields.grades.clone().unwrap_or(current.grades.clone());
        if let Some(m) = wrong_params_problem(&grades) {
            return Ok(legacy_reply(StatusCode::UNPROCESSABLE_ENTITY, "WRONG_PARAMS", m));
        }
        let v = service::patch(conn, c, &remote_id, to_patch(fields))?;
        Ok(reply(StatusCode::OK, &legacy(v)))
    })
    .await
    .map_err_body(&echo)
}

/// v2 deletion: answers the deleted offer; 409 `API_ALREADY_DESTROYED` the second time.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), responses((status = 200, body = LegacyOffer), (status = 404, body = LegacyError), (status = 409, body = LegacyError)))]
#[delete("/internship_offers/{remote_id}")]
pub async fn legacy_delete(state: web::Data<AppState>, client: Option<PartnerClient>, remote_id: web::Path<String>) -> HttpResponse {
    delete_offer(&state, Auth::v2(client), remote_id.into_inner()).await
}

/// v1 deletion (static token): as v2.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(("remote_id" = String, Path, max_length = 60)), responses((status = 200, body = LegacyOffer), (status = 404, body = LegacyError), (status = 409, body = LegacyError)))]
#[delete("/internship_offers/{remote_id}")]
pub async fn v1_delete(state: web::Data<AppState>, req: HttpRequest, client: Option<PartnerClient>, remote_id: web::Path<String>) -> HttpResponse {
    delete_offer(&state, Auth::v1(&req, client), remote_id.into_inner()).await
}

async fn delete_offer(state: &AppState, auth: Auth, remote_id: String) -> HttpResponse {
    call(state, auth, move |conn, c| {
        let Some(row) = super::queries::live(conn, &c.operator.id, &remote_id)? else {
            if service::was_deleted(conn, c, &remote_id)? {
                return Ok(legacy_reply(StatusCode::CONFLICT, "API_ALREADY_DESTROYED", "api already destroyed"));
            }
            return Err(AppError::not_found("can't find internship_offer with this remote_id"));
        };
        refuse_if_moderated(conn, &row.offer_id)?;
        let before = service::view(conn, row)?;
        service::delete(conn, c, &remote_id)?;
        let mut gone = legacy(before);
        gone.published_at = None;
        Ok(reply(StatusCode::OK, &gone))
    })
    .await
    .unwrap_or_else(answer)
}

#[derive(Deserialize, IntoParams)]
pub struct LegacyPage {
    #[param(minimum = 1)]
    pub page: Option<i64>,
}

/// Where a list stands; `nextPage` and `prevPage` are the addresses of those pages.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyPagination {
    #[serde(rename = "totalInternshipOffers")]
    pub total_internship_offers: i64,
    #[serde(rename = "internshipOffersPerPage")]
    pub internship_offers_per_page: i64,
    #[serde(rename = "totalPages")]
    pub total_pages: i64,
    #[serde(rename = "currentPage")]
    pub current_page: i64,
    #[serde(rename = "nextPage")]
    pub next_page: Option<String>,
    #[serde(rename = "prevPage")]
    pub prev_page: Option<String>,
    #[serde(rename = "isFirstPage")]
    pub is_first_page: bool,
    #[serde(rename = "isLastPage")]
    pub is_last_page: bool,
    #[serde(rename = "pageUrlBase")]
    pub page_url_base: String,
}

/// An offer of the index and the search, as the guide shows them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyItem {
    pub id: String,
    pub title: String,
    pub description: String,
    pub employer_name: String,
    /// The offer's page on Passerelle (with `utm_source=operator-<id>`).
    pub url: String,
    pub city: String,
    pub zipcode: String,
    pub street: String,
    /// " 4 septembre 2023": the first week's Monday, French long form.
    pub date_start: String,
    /// The last week's Friday.
    pub date_end: String,
    pub latitude: f64,
    pub longitude: f64,
    pub image: String,
    /// The sector's name.
    pub sector: String,
    pub handicap_accessible: bool,
    /// The live platform's period code; every Passerelle internship is by whole weeks, its 0.
    pub period: i32,
    /// "du 04/09/2023 au 08/09/2023, du …".
    pub weeks: String,
    pub remote_id: Option<String>,
    pub is_public: bool,
    pub employer_website: Option<String>,
    pub employer_description: Option<String>,
    pub grades: Vec<String>,
    pub permalink: Option<String>,
    pub rep: bool,
    pub qpv: bool,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyList {
    #[serde(rename = "internshipOffers")]
    pub internship_offers: Vec<LegacyItem>,
    pub pagination: LegacyPagination,
}

fn pagination(total: i64, page: i64, base: &str) -> LegacyPagination {
    let pages = super::rules::total_pages(total, PER_PAGE);
    let at = |n: i64| format!("{base}?page={n}");
    LegacyPagination {
        total_internship_offers: total,
        internship_offers_per_page: PER_PAGE,
        total_pages: pages,
        current_page: page,
        next_page: (page < pages).then(|| at(page + 1)),
        prev_page: (page > 1).then(|| at((page - 1).min(pages.max(1)))),
        is_first_page: page == 1,
        is_last_page: page >= pages,
        page_url_base: base.to_owned(),
    }
}

const MONTHS: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// " 4 septembre 2023" (the day padded to two characters, as the guide's answers show).
fn long_date_fr(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:>2} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn weeks_text(weeks: &[IsoWeek]) -> String {
    weeks.iter().filter_map(|w| Some(format!("du {} au {}", w.monday()?.format("%d/%m/%Y"), w.friday()?.format("%d/%m/%Y")))).collect::<Vec<_>>().join(", ")
}

/// The items of some offers, in the order given.
fn items(conn: &mut AnyConnection, ids: &[OfferId], public_url: &str, operator_id: &str, page: i64) -> Result<Vec<LegacyItem>, AppError> {
    let offers: std::collections::HashMap<OfferId, crate::offers::model::Offer> =
        crate::offers::load_many(conn, ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let weeks = crate::offers::weeks_of(conn, ids)?;
    let sectors = crate::offers::sector_names(conn)?;
    let mut partners: std::collections::HashMap<OfferId, super::model::PartnerOffer> =
        super::queries::live_by_offers(conn, ids)?.into_iter().map(|r| (r.offer_id.clone(), r)).collect();
    let mut orgs: std::collections::HashMap<OrganisationId, crate::organisations::model::Organisation> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for id in ids {
        let Some(o) = offers.get(id) else { continue };
        if !orgs.contains_key(&o.organisation_id) {
            if let Some(org) = crate::organisations::find(conn, &o.organisation_id)? {
                orgs.insert(org.id.clone(), org);
            }
        }
        let org = orgs.get(&o.organisation_id);
        let partner = partners.remove(id);
        let body: Option<PartnerOfferBody> = partner.as_ref().and_then(|r| serde_json::from_str(&r.body).ok());
        let mut ws: Vec<IsoWeek> = weeks.get(id).map(|v| v.iter().map(|w| IsoWeek { year: w.iso_year, week: w.iso_week as u32 }).collect()).unwrap_or_default();
        ws.sort();
        let family = if o.grade_family == "lycee" { GradeFamily::Lycee } else { GradeFamily::College };
        out.push(LegacyItem {
            id: o.id.to_string(),
            title: o.title.clone(),
            description: o.description.clone(),
            employer_name: body.as_ref().map(|b| b.employer_name.clone()).or_else(|| org.map(|g| g.name.clone())).unwrap_or_default(),
            url: format!("{public_url}/offres/{}?page={page}&utm_source=operator-{operator_id}", o.id),
            city: o.city.clone(),
            zipcode: o.postal_code.clone(),
            street: o.address.clone(),
            date_start: ws.first().and_then(|w| w.monday()).map(long_date_fr).unwrap_or_default(),
            date_end: ws.last().and_then(|w| w.friday()).map(long_date_fr).unwrap_or_default(),
            latitude: o.latitude,
            longitude: o.longitude,
            image: format!("{public_url}/api/v2/sectors/{}/image.svg", o.sector_id),
            sector: sectors.get(&o.sector_id).cloned().unwrap_or_default(),
            handicap_accessible: !o.accessibility.trim().is_empty(),
            period: 0,
            weeks: weeks_text(&ws),
            remote_id: partner.as_ref().map(|r| r.remote_id.clone()),
            is_public: body.as_ref().map(|b| b.is_public).or_else(|| org.map(|g| g.is_public)).unwrap_or(false),
            employer_website: body.as_ref().and_then(|b| b.employer_website.clone()),
            employer_description: body.as_ref().map(|b| b.employer_description.clone()),
            grades: crate::offers::service::grades_of(family).iter().map(|g| g.as_str().to_owned()).collect(),
            permalink: partner.map(|r| r.permalink),
            rep: o.rep_only,
            qpv: false,
        });
    }
    Ok(out)
}

/// v2 list: the association's offers, 30 a page.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(LegacyPage), responses((status = 200, body = LegacyList), (status = 401, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/internship_offers")]
pub async fn legacy_list(state: web::Data<AppState>, client: Option<PartnerClient>, query: web::Query<LegacyPage>) -> HttpResponse {
    list(&state, Auth::v2(client), query.into_inner().page, Contract::V2).await
}

/// v1 list (static token): as v2.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(LegacyPage), responses((status = 200, body = LegacyList), (status = 401, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/internship_offers")]
pub async fn v1_list(state: web::Data<AppState>, req: HttpRequest, client: Option<PartnerClient>, query: web::Query<LegacyPage>) -> HttpResponse {
    list(&state, Auth::v1(&req, client), query.into_inner().page, Contract::V1).await
}

async fn list(state: &AppState, auth: Auth, page: Option<i64>, contract: Contract) -> HttpResponse {
    let public_url = state.config.public_url.clone();
    call(state, auth, move |conn, c| {
        let p = service::list(conn, c, page, Some(PER_PAGE))?;
        let ids: Vec<OfferId> = p.items.iter().map(|v| v.offer.id.clone()).collect();
        let list = items(conn, &ids, &public_url, &c.operator.id, p.page)?;
        Ok(reply(
            StatusCode::OK,
            &LegacyList { internship_offers: list, pagination: pagination(p.total, p.page, &format!("{public_url}{}/internship_offers", contract.base())) },
        ))
    })
    .await
    .unwrap_or_else(answer)
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
    #[param(minimum = 1, maximum = 34)]
    pub page: Option<i64>,
}

/// At most this many offers are counted and paged through (34 pages of 30).
const SEARCH_MAX: usize = 1020;

/// v2 search (associations with full access): nearest first, 30 a page, `{pagination,
/// internshipOffers}`. Without a position: around the centre of France, nationwide.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(LegacySearch), responses((status = 200, body = LegacyList), (status = 401, body = LegacyError), (status = 403, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/internship_offers/search")]
pub async fn legacy_search(state: web::Data<AppState>, client: Option<PartnerClient>, query: web::Query<LegacySearch>, body: GetBody) -> HttpResponse {
    search(&state, Auth::v2(client), with_body(query.into_inner(), &body.0), Contract::V2).await
}

/// The body some clients send with their GET (not part of our documented contract).
pub struct GetBody(web::Bytes);

impl actix_web::FromRequest for GetBody {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        // An unreadable body is an absent one.
        Box::pin(async move { Ok(GetBody(bytes.await.unwrap_or_default())) })
    }
}

/// The guide's example sends the search as a JSON body on the GET (`keyword`, `latitude`,
/// `longitude`, `radius`, or `coordinates: {latitude, longitude}` as in its input file): what the
/// query string does not say is read from there.
fn with_body(mut q: LegacySearch, body: &[u8]) -> LegacySearch {
    let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(body) else { return q };
    let num = |v: Option<&Value>| match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let coords = b.get("coordinates");
    q.latitude = q.latitude.or_else(|| num(b.get("latitude")).or_else(|| num(coords.and_then(|c| c.get("latitude")))));
    q.longitude = q.longitude.or_else(|| num(b.get("longitude")).or_else(|| num(coords.and_then(|c| c.get("longitude")))));
    q.radius = q.radius.or_else(|| num(b.get("radius")));
    q.keyword = q.keyword.or_else(|| b.get("keyword").and_then(Value::as_str).map(|k| k.chars().take(200).collect()));
    q.page = q.page.or_else(|| num(b.get("page")).map(|p| p as i64));
    q
}

/// v1 search (static token): as v2.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), params(LegacySearch), responses((status = 200, body = LegacyList), (status = 401, body = LegacyError), (status = 403, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/internship_offers/search")]
pub async fn v1_search(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: Option<PartnerClient>,
    query: web::Query<LegacySearch>,
    body: GetBody,
) -> HttpResponse {
    search(&state, Auth::v1(&req, client), with_body(query.into_inner(), &body.0), Contract::V1).await
}

async fn search(state: &AppState, auth: Auth, q: LegacySearch, contract: Contract) -> HttpResponse {
    let auth = match auth.checked(state).await {
        Ok(a) => a,
        Err(resp) => return resp,
    };
    if auth.missing() {
        return unauthorized();
    }
    let page = q.page.unwrap_or(1).clamp(1, (SEARCH_MAX as i64) / PER_PAGE);
    // No position: the whole of metropolitan France from its centre.
    let (lat, lon, radius_m) = match (q.latitude, q.longitude) {
        (Some(a), Some(b)) => (a, b, q.radius.unwrap_or(60_000.0)),
        _ => (46.6, 2.4, q.radius.unwrap_or(1_200_000.0)),
    };
    let native = crate::offers::SearchQuery {
        lat: Some(lat),
        lon: Some(lon),
        place: None,
        radius_km: Some(radius_m / 1000.0),
        weeks: q.weeks,
        sectors: q.sector_ids,
        q: q.keyword,
        grade_family: None,
        school_year: None,
    };
    let sreq = match crate::offers::search_request(native, crate::offers::CursorQuery { cursor: None, limit: Some(100) }, 100) {
        Ok(r) => crate::offers::search::SearchRequest { at: Some(state.clock.now()), ..r },
        Err(e) => return answer(e),
    };
    let public_url = state.config.public_url.clone();
    let index = state.search.clone();
    call(state, auth, move |conn, c| {
        if !c.operator.full_search {
            return Err(AppError::forbidden("La recherche n'est pas ouverte à votre association."));
        }
        // Walk the pages of the native search to count and slice (nearest first).
        let mut found: Vec<OfferId> = Vec::new();
        let mut req = sreq;
        loop {
            let r = crate::offers::run_search(conn, crate::offers::search::Engine::Memory(&index), None, &req)?;
            if r.fallback {
                break; // the keyword found nothing: no nearby offers instead, here
            }
            found.extend(r.items.into_iter().map(|i| OfferId::from(i.id)));
            match r.next_cursor {
                Some(next) if found.len() < SEARCH_MAX => req.cursor = Some(next),
                _ => break,
            }
        }
        let closed = super::queries::closed_partner_offers(conn, &found, &c.operator.id)?;
        found.retain(|id| !closed.contains(id));
        let total = found.len() as i64;
        let slice: Vec<OfferId> = found.into_iter().skip(((page - 1) * PER_PAGE) as usize).take(PER_PAGE as usize).collect();
        let list = items(conn, &slice, &public_url, &c.operator.id, page)?;
        Ok(reply(
            StatusCode::OK,
            &LegacyList { internship_offers: list, pagination: pagination(total, page, &format!("{public_url}{}/internship_offers/search", contract.base())) },
        ))
    })
    .await
    .unwrap_or_else(answer)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacySector {
    /// A number, as the guide's answers show (the number of `s<N>`).
    pub id: i64,
    /// The sector's ONISEP page, as our reference data has it (Passerelle's own clients).
    pub onisep_url: Option<String>,
    pub name: String,
    pub external_url: String,
    /// What `sector_uuid` takes (`s1` … `s51`).
    pub uuid: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacySectors {
    pub sectors: Vec<LegacySector>,
}

/// v2 sectors, behind the token and the rate limit as documented.
#[utoipa::path(tag = "Partenaires (contrat historique)", security(("partner" = [])), responses((status = 200, body = LegacySectors), (status = 401, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/sectors")]
pub async fn legacy_sectors(state: web::Data<AppState>, client: Option<PartnerClient>) -> HttpResponse {
    sectors(&state, Auth::v2(client)).await
}

fn sector_list(conn: &mut AnyConnection) -> Result<LegacySectors, AppError> {
    let rows = crate::reference::sectors(conn)?;
    let sectors = rows
        .into_iter()
        .map(|s| LegacySector {
            id: s.id.trim_start_matches('s').parse().unwrap_or(0),
            name: s.name,
            external_url: s.onisep_url.clone().unwrap_or_default(),
            onisep_url: s.onisep_url,
            uuid: s.id,
        })
        .collect();
    Ok(LegacySectors { sectors })
}

async fn sectors(state: &AppState, auth: Auth) -> HttpResponse {
    call(state, auth, |conn, _| Ok(reply(StatusCode::OK, &sector_list(conn)?))).await.unwrap_or_else(answer)
}

/// The 51 sectors: the path of the v1 contract and of our own reference data at once. With a
/// token (v1 static or partner): checked and counted against the limit, as v1 documents; without
/// one: public, and deprecated for that use: read `GET /api/v1/reference/sectors` (answers
/// without a token carry `Deprecation` and a `Link` to it). `uuid` is the id to send (`s1` … `s51`).
#[utoipa::path(tag = "Partenaires (contrat historique)", responses((status = 200, body = LegacySectors), (status = 401, body = LegacyError), (status = 429, body = LegacyTooMany)))]
#[get("/sectors")]
pub async fn v1_sectors(state: web::Data<AppState>, req: HttpRequest, client: Option<PartnerClient>) -> HttpResponse {
    // A person's own session token (Passerelle's clients) reads it as the public does.
    let auth = match Auth::v1(&req, client) {
        Auth::Static(t) if state.jwt.verify_access(&t).is_some() => Auth::Missing,
        other => other,
    };
    match auth {
        Auth::Missing => match state.run(sector_list).await {
            Ok(list) => {
                let mut resp = HttpResponse::Ok().json(list);
                crate::http::mark_deprecated(&mut resp, "/api/v1/reference/sectors");
                resp
            }
            Err(e) => answer(e),
        },
        auth => sectors(&state, auth).await,
    }
}

/// The picture the items' `image` points at: the sector's initials on a plain tile (public).
#[utoipa::path(tag = "Partenaires (contrat historique)", params(("uuid" = String, Path, max_length = 4)), responses((status = 200, content_type = "image/svg+xml", body = String)))]
#[get("/sectors/{uuid}/image.svg")]
pub async fn legacy_sector_image(state: web::Data<AppState>, uuid: web::Path<String>) -> HttpResponse {
    let uuid = uuid.into_inner();
    let name = state.run(move |conn| Ok(crate::reference::sectors(conn)?.into_iter().find(|s| s.id == uuid).map(|s| s.name))).await.ok().flatten();
    let Some(name) = name else { return envelope(StatusCode::NOT_FOUND, "NOT_FOUND", "Secteur inconnu.", None) };
    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()).take(2).collect::<String>().to_uppercase();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"120\" viewBox=\"0 0 120 120\" role=\"img\" aria-label=\"{}\"><rect width=\"120\" height=\"120\" fill=\"#000091\"/><text x=\"60\" y=\"74\" font-family=\"Marianne, Arial, sans-serif\" font-size=\"40\" fill=\"#fff\" text-anchor=\"middle\">{}</text></svg>",
        name.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;"),
        initials
    );
    HttpResponse::Ok().content_type("image/svg+xml").insert_header(("Cache-Control", "public, max-age=86400")).body(svg)
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(legacy_login)
        .service(legacy_search)
        .service(legacy_list)
        .service(legacy_create)
        .service(legacy_update)
        .service(legacy_delete)
        .service(legacy_sectors)
        .service(legacy_sector_image);
}

/// The v1 contract's paths, under `/api/v1` beside our own (none of which they share but
/// `/sectors`, answered for both).
pub fn configure_v1(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(v1_search).service(v1_list).service(v1_create).service(v1_update).service(v1_delete).service(v1_sectors);
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
        let base = "https://passerelle.example/api/v2/internship_offers";
        let p = pagination(61, 1, base);
        assert_eq!(
            (p.total_pages, p.next_page.as_deref(), p.prev_page, p.is_first_page, p.is_last_page),
            (3, Some(&*format!("{base}?page=2")), None, true, false)
        );
        assert_eq!((p.internship_offers_per_page, p.page_url_base.as_str()), (30, base));
        let last = pagination(61, 3, base);
        assert_eq!((last.next_page, last.prev_page.as_deref(), last.is_last_page), (None, Some(&*format!("{base}?page=2")), true));
        let beyond = pagination(61, 9, base);
        assert_eq!((beyond.next_page, beyond.is_last_page, beyond.total_internship_offers), (None, true, 61));
        let empty = pagination(0, 1, base);
        assert_eq!((empty.total_pages, empty.is_last_page), (0, true));
    }

    #[test]
    fn the_guides_search_body_is_read_when_the_query_string_is_silent() {
        let empty = || LegacySearch { latitude: None, longitude: None, radius: None, keyword: None, weeks: None, sector_ids: None, page: None };
        let q = with_body(empty(), br#"{"keyword": "securite", "coordinates": {"latitude": 44.86, "longitude": -0.58}}"#);
        assert_eq!((q.keyword.as_deref(), q.latitude, q.longitude), (Some("securite"), Some(44.86), Some(-0.58)));
        let q = with_body(
            LegacySearch { keyword: Some("avocat".into()), ..empty() },
            br#"{"keyword": "autre", "latitude": "44.8", "longitude": -0.5, "radius": 10000}"#,
        );
        assert_eq!((q.keyword.as_deref(), q.latitude, q.radius), (Some("avocat"), Some(44.8), Some(10000.0)), "the query string wins");
        assert!(with_body(empty(), b"not json").latitude.is_none());
    }

    #[test]
    fn dates_and_weeks_read_as_the_guide_shows_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2023, 9, 4).expect("date");
        assert_eq!(long_date_fr(d), " 4 septembre 2023");
        assert_eq!(long_date_fr(chrono::NaiveDate::from_ymd_opt(2024, 5, 31).expect("date")), "31 mai 2024");
        assert_eq!(
            weeks_text(&[IsoWeek { year: 2023, week: 36 }, IsoWeek { year: 2023, week: 37 }]),
            "du 04/09/2023 au 08/09/2023, du 11/09/2023 au 15/09/2023"
        );
        assert!(week_format_ok("2025-W20") && week_format_ok("2025-W1"));
        assert!(!week_format_ok("2020-Wsem9-23") && !week_format_ok("2025-W54") && !week_format_ok("25-W1"));
    }

    #[test]
    fn a_value_of_the_wrong_type_is_reported_at_its_field_in_french() {
        let errors = read_fields(&json!({"max_candidates": "abc", "is_public": "oui", "title": "T", "remote_id": 12})).expect_err("two errors");
        assert_eq!(errors["max_candidates"][0], "doit être un nombre entier");
        assert_eq!(errors["is_public"][0], "doit être true ou false");
        assert!(errors.get("title").is_none());
        let ok = read_fields(&json!({"remote_id": 12, "max_candidates": "3"})).expect("numbers as text are fine");
        assert_eq!((ok.remote_id.as_deref(), ok.max_candidates), (Some("12"), Some(3)));
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
