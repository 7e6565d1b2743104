//! HTTP face of the reference data: public, read-only lists and searches.

use actix_web::{get, web, HttpRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Commune, Department, School, Sector};
use super::queries;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SectorResponse {
    /// Stable id (`s1`…`s51`), used by partners' API calls.
    #[schema(example = "s12")]
    pub id: String,
    pub name: String,
    pub onisep_url: Option<String>,
}

impl From<Sector> for SectorResponse {
    fn from(s: Sector) -> Self {
        SectorResponse { id: s.id, name: s.name, onisep_url: s.onisep_url }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DepartmentResponse {
    #[schema(example = "93")]
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub academie_code: Option<String>,
    pub academie_name: Option<String>,
    /// Staff of this académie have e-mail addresses ending with this domain.
    #[schema(example = "ac-creteil.fr")]
    pub academie_email_domain: Option<String>,
}

impl From<Department> for DepartmentResponse {
    fn from(d: Department) -> Self {
        DepartmentResponse {
            code: d.code,
            name: d.name,
            region_code: d.region_code,
            region_name: d.region_name,
            academie_code: d.academie_code,
            academie_name: d.academie_name,
            academie_email_domain: d.academie_email_domain,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct NafResponse {
    #[schema(example = "62.01Z")]
    pub code: String,
    pub label: String,
    pub level: String,
    /// The sector this activity pre-selects, when known.
    pub sector_id: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CommuneResponse {
    #[schema(example = "93066")]
    pub insee_code: String,
    pub name: String,
    /// `COM`, `ARM` (Paris, Lyon, Marseille districts), `COMD` / `COMA` (former communes).
    pub kind: String,
    pub postal_codes: Vec<String>,
    pub department_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<Commune> for CommuneResponse {
    fn from(c: Commune) -> Self {
        CommuneResponse {
            postal_codes: c.postal_codes.split_whitespace().map(str::to_owned).collect(),
            insee_code: c.insee_code,
            name: c.name,
            kind: c.kind,
            department_code: c.department_code,
            latitude: c.latitude,
            longitude: c.longitude,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SchoolSummary {
    #[schema(example = "0930123A")]
    pub uai: String,
    pub name: String,
    /// `college`, `lycee` or `college+lycee`.
    pub kind: String,
    /// `public` or `private`.
    pub status: String,
    pub address: String,
    pub postal_code: String,
    pub commune_name: String,
    pub department_code: String,
    pub academie_code: String,
    /// `REP`, `REP+` or none.
    pub priority_education: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<School> for SchoolSummary {
    fn from(s: School) -> Self {
        SchoolSummary {
            uai: s.uai,
            name: s.name,
            kind: s.kind,
            status: s.status,
            address: s.address,
            postal_code: s.postal_code,
            commune_name: s.commune_name,
            department_code: s.department_code,
            academie_code: s.academie_code,
            priority_education: s.priority_education,
            latitude: s.latitude,
            longitude: s.longitude,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to look for (accents and case do not matter), a UAI, or a postal code.
    #[param(min_length = 1, max_length = 100)]
    pub q: String,
    /// Only this department (schools).
    #[param(max_length = 3)]
    pub department: Option<String>,
    /// Only the schools of this grade (schools): `quatrieme`, `troisieme` (collèges) or `seconde`
    /// (lycées).
    #[param(max_length = 12)]
    pub grade: Option<String>,
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

fn check_search(q: &SearchQuery) -> AppResult<i64> {
    let n = q.q.trim().chars().count();
    if n == 0 || n > 100 {
        return Err(AppError::field("q", "Entre 1 et 100 caractères."));
    }
    if q.department.as_ref().is_some_and(|d| d.is_empty() || d.len() > 3) {
        return Err(AppError::field("department", "Code de département invalide."));
    }
    Ok(q.limit.unwrap_or(20).clamp(1, 50) as i64)
}

/// The 51 professional sectors.
#[utoipa::path(tag = "Reference", responses((status = 200, body = Vec<SectorResponse>)))]
#[get("/reference/sectors")]
pub async fn list_sectors(state: web::Data<AppState>) -> AppResult<web::Json<Vec<SectorResponse>>> {
    let rows = state.run(|conn| Ok(queries::sectors(conn)?)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Departments with their region, académie and the académie's e-mail domain.
#[utoipa::path(tag = "Reference", responses((status = 200, body = Vec<DepartmentResponse>)))]
#[get("/reference/departments")]
pub async fn list_departments(state: web::Data<AppState>) -> AppResult<web::Json<Vec<DepartmentResponse>>> {
    let rows = state.run(|conn| Ok(queries::departments(conn)?)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// A NAF activity code and the sector it pre-selects.
#[utoipa::path(
    tag = "Reference",
    params(("code" = String, Path, description = "NAF code, e.g. 62.01Z", max_length = 10)),
    responses((status = 200, body = NafResponse))
)]
#[get("/reference/naf/{code}")]
pub async fn naf_code(state: web::Data<AppState>, code: web::Path<String>) -> AppResult<web::Json<NafResponse>> {
    let code = code.into_inner();
    if code.len() > 10 {
        return Err(AppError::not_found("Code NAF inconnu."));
    }
    let row = state.run(move |conn| Ok(queries::naf(conn, &code)?)).await?.ok_or_else(|| AppError::not_found("Code NAF inconnu."))?;
    Ok(web::Json(NafResponse { code: row.code, label: row.label, level: row.level, sector_id: row.sector_id }))
}

/// Offline geocoding: communes for a postal code or a name, best match first.
#[utoipa::path(tag = "Reference", params(SearchQuery), responses((status = 200, body = Vec<CommuneResponse>)))]
#[get("/reference/communes")]
pub async fn search_communes(state: web::Data<AppState>, req: HttpRequest, query: web::Query<SearchQuery>) -> AppResult<web::Json<Vec<CommuneResponse>>> {
    state.limit(&req, "reference-search", 600)?;
    let limit = check_search(&query)? as usize;
    let q = query.into_inner().q;
    let rows = state.run(move |conn| Ok(queries::find_communes(conn, &q, limit)?)).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Collèges and lycées by UAI, name or commune (accent-insensitive), for one grade's schools
/// when given.
#[utoipa::path(tag = "Reference", params(SearchQuery), responses((status = 200, body = Vec<SchoolSummary>)))]
#[get("/reference/schools")]
pub async fn search_schools(state: web::Data<AppState>, req: HttpRequest, query: web::Query<SearchQuery>) -> AppResult<web::Json<Vec<SchoolSummary>>> {
    schools(&state, &req, query.into_inner()).await
}

/// The deprecated alias, in a module of its own: actix's registration calls the handler, which
/// the `#[deprecated]` attribute (what marks the operation deprecated in the document) flags.
#[allow(deprecated)]
mod alias {
    use super::*;
    use actix_web::HttpResponse;

    /// The deprecated alias of `GET /api/v1/reference/schools` (same parameters, same answer): kept
    /// for the clients written against it, with a `Deprecation` header and a `Link` to its successor.
    #[utoipa::path(tag = "Reference", params(SearchQuery), responses((status = 200, body = Vec<SchoolSummary>, headers(
        ("Deprecation" = String, description = "When the operation was deprecated (RFC 9745): `@1796601600`, 7 December 2026"),
        ("Link" = String, description = "Its successor: `</api/v1/reference/schools>; rel=\"successor-version\"`")
    ))))]
    #[get("/schools")]
    #[deprecated = "use GET /api/v1/reference/schools"]
    pub async fn find_schools(state: web::Data<AppState>, req: HttpRequest, query: web::Query<SearchQuery>) -> AppResult<HttpResponse> {
        let found = schools(&state, &req, query.into_inner()).await?;
        let mut resp = HttpResponse::Ok().json(found.into_inner());
        crate::http::mark_deprecated(&mut resp, "/api/v1/reference/schools");
        Ok(resp)
    }
}

async fn schools(state: &AppState, req: &HttpRequest, query: SearchQuery) -> AppResult<web::Json<Vec<SchoolSummary>>> {
    state.limit(req, "reference-search", 600)?;
    let limit = check_search(&query)?;
    let SearchQuery { q, grade, department, .. } = query;
    let family = match grade.as_deref() {
        None | Some("") => None,
        Some(g) => {
            Some(crate::schools::rules::Grade::parse(g).ok_or_else(|| AppError::field("grade", "Niveau attendu : quatrieme, troisieme ou seconde."))?.family())
        }
    };
    // With a grade, more rows are read: the other kind of school is dropped after the query.
    let fetched = if family.is_some() { limit * 4 } else { limit };
    let rows = state.run(move |conn| Ok(queries::search_schools(conn, &q, department.as_deref(), fetched)?)).await?;
    let wanted = |kind: &str| match family {
        Some(crate::schools::rules::GradeFamily::College) => kind.contains("college"),
        Some(crate::schools::rules::GradeFamily::Lycee) => kind.contains("lycee"),
        None => true,
    };
    Ok(web::Json(rows.into_iter().filter(|s| wanted(&s.kind)).take(limit as usize).map(Into::into).collect()))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(alias::find_schools).service(list_sectors).service(list_departments).service(naf_code).service(search_communes).service(search_schools);
}
