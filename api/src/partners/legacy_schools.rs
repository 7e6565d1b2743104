//! The schools lookups of the live platform's partner API (`POST /schools/search` and
//! `POST /schools/nearby`, under v1 and v2): public there too, parameters from the JSON body or
//! the query string, the answer shapes its clients read. Our reference data underneath.

use std::collections::BTreeMap;

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::reference::model::School;
use crate::state::AppState;

/// The live platform caps a search at 150 schools.
const SEARCH_LIMIT: usize = 150;
/// Its fixed radius around a point.
const NEARBY_RADIUS_KM: f64 = 60.0;
/// Ours caps the nearby list too (the live one has no cap, which can be thousands).
const NEARBY_LIMIT: usize = 500;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacyClassRoom {
    pub id: String,
    pub name: String,
}

/// A school as the partner API shows it (`id` is the UAI here).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacySchool {
    pub id: String,
    pub code_uai: String,
    pub name: String,
    pub zipcode: String,
    pub city: String,
    pub department: String,
    /// `college` or `lycee`.
    pub school_type: String,
    /// In or near a priority neighbourhood (QPV).
    pub qpv: bool,
    /// `rep`, `rep_plus` or null.
    pub rep_kind: Option<String>,
    /// The classes the school declared on Passerelle for the current year (empty otherwise).
    pub class_rooms: Vec<LegacyClassRoom>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct LegacySchoolSearch {
    /// Schools whose commune matches, keyed by the commune (matching part in `<b>…</b>`).
    pub match_by_city: BTreeMap<String, Vec<LegacySchool>>,
    /// Schools whose name matches, by postal code.
    pub match_by_name: Vec<LegacySchool>,
    pub no_match: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct LegacySchoolQuery {
    /// Commune or name (accents and case ignored).
    pub query: Option<String>,
    /// `troisieme` (collèges) or `seconde` (lycées); anything else: both.
    pub grade: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LegacyNearbyQuery {
    pub latitude: Option<Value>,
    pub longitude: Option<Value>,
}

/// The parameters, from the JSON body or else the query string (the live platform reads both).
fn params(req: &HttpRequest, body: &[u8]) -> serde_json::Map<String, Value> {
    let mut map = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default();
    if let Ok(q) = web::Query::<BTreeMap<String, String>>::from_query(req.query_string()) {
        for (k, v) in q.into_inner() {
            map.entry(k).or_insert(Value::String(v));
        }
    }
    map
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

fn legacy_school(s: School, classes: &BTreeMap<String, Vec<LegacyClassRoom>>) -> LegacySchool {
    let rep_kind = match s.priority_education.as_deref() {
        Some("REP") => Some("rep".to_owned()),
        Some("REP+") => Some("rep_plus".to_owned()),
        _ => None,
    };
    LegacySchool {
        class_rooms: classes.get(&s.uai).map(|c| c.iter().map(|r| LegacyClassRoom { id: r.id.clone(), name: r.name.clone() }).collect()).unwrap_or_default(),
        id: s.uai.clone(),
        code_uai: s.uai,
        name: s.name,
        zipcode: s.postal_code,
        city: s.commune_name,
        department: s.department_code,
        school_type: if s.kind.contains("lycee") { "lycee".into() } else { "college".into() },
        qpv: s.qpv.as_deref().is_some_and(|q| q != "hors_qpv"),
        rep_kind,
    }
}

/// The current year's classes of those schools registered on Passerelle.
fn classes_of(conn: &mut crate::db::AnyConnection, uais: &[String]) -> crate::error::AppResult<BTreeMap<String, Vec<LegacyClassRoom>>> {
    let year = crate::schools::rules::SchoolYear::of(chrono::Utc::now().date_naive()).label();
    let mut out: BTreeMap<String, Vec<LegacyClassRoom>> = BTreeMap::new();
    // One query for all of them (a nearby answer can list hundreds of schools).
    for c in crate::schools::classes_of_schools(conn, uais, &year)? {
        out.entry(c.school_uai.clone()).or_default().push(LegacyClassRoom { id: c.id.into(), name: c.name });
    }
    Ok(out)
}

fn error(status: actix_web::http::StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"code": code, "error": message}))
}

/// Schools by commune or name, grouped as the live platform answers (public, 150 at most).
#[utoipa::path(tag = "Partenaires (contrat historique)", request_body = LegacySchoolQuery, responses((status = 200, body = LegacySchoolSearch)))]
#[post("/schools/search")]
pub async fn search(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = state.limit(&req, "reference-search", 600) {
        return error(e.status(), "RATE_LIMITED", &e.message);
    }
    let p = params(&req, &body);
    let query = p.get("query").and_then(Value::as_str).unwrap_or("").chars().take(100).collect::<String>();
    let grade = p.get("grade").and_then(Value::as_str).unwrap_or("").to_owned();
    let terms = crate::reference::rules::query_terms(&query, 6);
    if terms.is_empty() {
        return HttpResponse::Ok().json(LegacySchoolSearch { match_by_city: BTreeMap::new(), match_by_name: Vec::new(), no_match: true });
    }
    let outcome = state
        .run(move |conn| {
            let rows = crate::reference::search_schools(conn, &query, None, (SEARCH_LIMIT * 3) as i64)?;
            let wanted = |kind: &str| match grade.as_str() {
                "seconde" => kind.contains("lycee"),
                "troisieme" | "quatrieme" => kind.contains("college"),
                _ => true,
            };
            let rows: Vec<School> = rows.into_iter().filter(|s| wanted(&s.kind)).take(SEARCH_LIMIT).collect();
            let uais: Vec<String> = rows.iter().map(|s| s.uai.clone()).collect();
            let classes = classes_of(conn, &uais)?;
            let mut by_city: BTreeMap<String, Vec<LegacySchool>> = BTreeMap::new();
            let mut by_name = Vec::new();
            for s in rows {
                let city = crate::reference::rules::normalize(&s.commune_name);
                if terms.iter().all(|t| city.contains(t.as_str())) {
                    by_city.entry(format!("<b>{}</b>", s.commune_name)).or_default().push(legacy_school(s, &classes));
                } else {
                    by_name.push(legacy_school(s, &classes));
                }
            }
            for list in by_city.values_mut() {
                list.sort_by(|a, b| a.name.cmp(&b.name));
            }
            by_name.sort_by(|a, b| a.zipcode.cmp(&b.zipcode));
            let no_match = by_city.is_empty() && by_name.is_empty();
            Ok(LegacySchoolSearch { match_by_city: by_city, match_by_name: by_name, no_match })
        })
        .await;
    match outcome {
        Ok(r) => HttpResponse::Ok().json(r),
        Err(e) => error(e.status(), e.code.as_str(), &e.message),
    }
}

/// Schools within 60 km of a point, nearest first (public). 422 `BAD_ARGUMENT` without a valid
/// point (the live platform fails with a 500 there).
#[utoipa::path(tag = "Partenaires (contrat historique)", request_body = LegacyNearbyQuery, responses((status = 200, body = Vec<LegacySchool>), (status = 422, description = "`BAD_ARGUMENT`")))]
#[post("/schools/nearby")]
pub async fn nearby(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Err(e) = state.limit(&req, "reference-search", 600) {
        return error(e.status(), "RATE_LIMITED", &e.message);
    }
    let p = params(&req, &body);
    let (Some(lat), Some(lon)) = (number(p.get("latitude")), number(p.get("longitude"))) else {
        return error(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, "BAD_ARGUMENT", "latitude et longitude (nombres) sont obligatoires.");
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return error(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, "BAD_ARGUMENT", "Coordonnées hors bornes.");
    }
    let outcome = state
        .run(move |conn| {
            let rows = crate::reference::schools_near(conn, lat, lon, NEARBY_RADIUS_KM, NEARBY_LIMIT)?;
            let uais: Vec<String> = rows.iter().map(|(s, _)| s.uai.clone()).collect();
            let classes = classes_of(conn, &uais)?;
            Ok(rows.into_iter().map(|(s, _)| legacy_school(s, &classes)).collect::<Vec<_>>())
        })
        .await;
    match outcome {
        Ok(r) => HttpResponse::Ok().json(r),
        Err(e) => error(e.status(), e.code.as_str(), &e.message),
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(search).service(nearby);
}
