//! Cross-cutting HTTP: health, readiness, metrics, request ids, security headers, the SPA.

use crate::error::ErrorCode;

pub mod cache;
pub mod cors;
pub mod error_codes;
pub mod metrics;
pub mod paging;
pub mod shed;
pub mod spreadsheet;
pub mod static_files;
pub mod utc;

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    pub version: String,
}

#[derive(Serialize, ToSchema)]
pub struct Ready {
    #[schema(example = "ok")]
    pub status: String,
    #[schema(example = "sqlite")]
    pub database: String,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "Operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// The database answers, and this replica's offer search index is built (`SEARCH_INDEX=memory`:
/// until then `503 SEARCH_INDEX_BUILDING`, so that a load balancer sends it no traffic yet).
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "Operations",
    responses((status = 200, body = Ready), (status = 503, description = "`DATABASE_UNAVAILABLE`, `SEARCH_INDEX_BUILDING`", body = ErrorBody))
)]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if state.search.enabled() && !state.search.ready() {
        return Err(AppError::unavailable("L'index de recherche des offres est en construction.").with_code(crate::error::ErrorCode::SearchIndexBuilding));
    }
    let backend = state.backend.name().to_owned();
    state
        .run(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(|e| {
                tracing::error!(error = %e, "readiness check failed");
                AppError::unavailable("La base de données ne répond pas.")
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(Ready { status: "ok".into(), database: backend }))
}

/// Prometheus text format. On the public port only when no `METRICS_BIND` is set, and then with
/// the `METRICS_TOKEN` bearer when one is (production without either serves none).
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "Operations",
    security((), ("bearer" = [])),
    responses((status = 200, content_type = "text/plain", body = String), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let c = &state.config;
    if c.metrics_bind.is_some() || (c.metrics_token.is_none() && c.is_production()) {
        return Err(AppError::not_found("Cette adresse n'existe pas."));
    }
    metrics_behind_token(req, state).await
}

/// `/metrics` on the separate metrics address (`METRICS_BIND`): the token still applies if set.
pub async fn metrics_behind_token(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Some(expected) = &state.config.metrics_token {
        let given = crate::auth::extractors::bearer(&req).unwrap_or("");
        let same = given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !same {
            return Err(AppError::unauthorized("Jeton de supervision attendu (METRICS_TOKEN)."));
        }
    }
    Ok(render_metrics(&state).await)
}

async fn render_metrics(state: &AppState) -> HttpResponse {
    let s = state.pool.state();
    state.metrics.pool.with_label_values(&["idle"]).set(s.idle_connections as i64);
    state.metrics.pool.with_label_values(&["in_use"]).set((s.connections - s.idle_connections) as i64);
    if let Ok(n) = state.run(|conn| Ok(crate::jobs::backlog(conn)?)).await {
        state.metrics.jobs_pending.set(n);
    }
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(state.metrics.render())
}

/// Counts and times every request by its route pattern (never the raw path, which would
/// explode the label set).
pub async fn observe(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.metrics.clone());
    let method = req.method().to_string();
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16().to_string();
        m.requests.with_label_values(&[&method, &route, &status]).inc();
        m.latency.with_label_values(&[&method, &route]).observe(start.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// Every successful write by an admin is recorded (who, when, which operation, its status):
/// the back office's changes can be read back (`GET /api/v1/admin/audit`). One place, so no
/// admin handler can forget it.
pub async fn admin_audit(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let writes = !matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD | actix_web::http::Method::OPTIONS);
    // Their own account (log-in, second factor, password) is not a change to the platform.
    let own_account = req.path().starts_with("/api/v1/me") || req.path().starts_with("/api/v1/auth/");
    let admin = if writes && req.path().starts_with("/api/") && !own_account {
        req.app_data::<web::Data<AppState>>().cloned().and_then(|state| {
            let claims = crate::auth::extractors::bearer(req.request()).and_then(|t| state.jwt.verify_access(t))?;
            (claims.role == crate::auth::Role::Admin).then_some((state, claims.sub))
        })
    } else {
        None
    };
    let (method, path) = (req.method().to_string(), req.path().to_owned());
    let res = next.call(req).await?;
    if let Some((state, actor)) = admin {
        let status = res.status().as_u16();
        if status < 400 {
            let written = state.run(move |conn| crate::audit::record_admin(conn, &actor, &method, &path, status)).await;
            if let Err(e) = written {
                tracing::error!(error = %e.message, "admin action not recorded");
            }
        }
    }
    Ok(res)
}

/// Maintenance and read-only modes: refuses what the mode forbids with 503 and `Retry-After`.
pub async fn platform_mode(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
        let (mode, message) = crate::platform::current(&state).await;
        if mode != crate::platform::rules::Mode::Normal {
            let is_admin =
                crate::auth::extractors::bearer(req.request()).and_then(|t| state.jwt.verify_access(t)).is_some_and(|c| c.role == crate::auth::Role::Admin);
            if let Some((code, default)) = crate::platform::rules::refusal(mode, req.method().as_str(), req.path(), is_admin) {
                let text = if message.is_empty() { default.to_owned() } else { message };
                let wait = if code == crate::error::ErrorCode::Maintenance { 300 } else { 60 };
                return Err(AppError::new(code, text).with_retry_after(wait).into());
            }
        }
    }
    next.call(req).await
}

/// Echoes the request id (set by the tracing middleware) in `x-request-id`.
pub async fn request_id_header(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<tracing_actix_web::RequestId>().map(|r| r.to_string());
    let mut res = next.call(req).await?;
    if let Some(id) = id.and_then(|i| HeaderValue::from_str(&i).ok()) {
        res.headers_mut().insert(header::HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

/// Security headers for every answer. The SPA's code and styles are served from our
/// origin only; DSFR needs inline styles, and data: URIs for a few icons.
/// When the deprecated operations were deprecated (RFC 9745 structured date: 7 December 2026).
pub const DEPRECATED_SINCE: &str = "@1796601600";

/// Marks the answer of a deprecated operation: `Deprecation` (RFC 9745) and a `Link` to the
/// operation that replaces it (RFC 8288). The answer is otherwise unchanged.
pub fn mark_deprecated(resp: &mut HttpResponse, successor: &str) {
    let headers = resp.headers_mut();
    headers.insert(header::HeaderName::from_static("deprecation"), HeaderValue::from_static(DEPRECATED_SINCE));
    if let Ok(link) = HeaderValue::from_str(&format!("<{successor}>; rel=\"successor-version\"")) {
        headers.insert(header::LINK, link);
    }
}

/// Reads a raw request body up to `max` bytes (413 beyond), for uploads that are not JSON.
pub async fn read_body(mut payload: web::Payload, max: usize) -> Result<Vec<u8>, AppError> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::bad_request("Envoi interrompu : réessayez."))?;
        if out.len() + chunk.len() > max {
            return Err(AppError::new(ErrorCode::PayloadTooLarge, format!("Fichier trop volumineux ({} Mo au plus).", max / (1024 * 1024))));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// An uploaded file: the body up to `max` bytes, never empty (the field is `file`).
pub async fn read_upload(payload: web::Payload, max: usize) -> Result<Vec<u8>, AppError> {
    let bytes = read_body(payload, max).await?;
    if bytes.is_empty() {
        return Err(AppError::field("file", "Le fichier est vide."));
    }
    Ok(bytes)
}

/// A spreadsheet reads a cell starting with = + - @ as a formula: quote it.
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The origin (`https://host`) of a URL template, to allow it in the CSP.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (matches!(scheme, "http" | "https") && !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:{}".contains(c)))
        .then(|| format!("{scheme}://{}", host.replace("{s}", "*")))
}

/// `img_origin`: the map tiles' origin, the only outside source the pages load.
pub fn security_headers(img_origin: Option<&str>, hsts: bool) -> actix_web::middleware::DefaultHeaders {
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{}; \
         font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
        img_origin.map(|o| format!(" {o}")).unwrap_or_default()
    );
    let headers = actix_web::middleware::DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, csp))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    // Production is served over TLS only: browsers must never try plain HTTP again (two years).
    if hsts {
        headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains"))
    } else {
        headers
    }
}

#[cfg(test)]
mod origin_tests {
    #[actix_web::test]
    async fn hsts_only_when_asked() {
        use actix_web::{test, App, HttpResponse};
        for (hsts, expected) in [(true, Some("max-age=63072000; includeSubDomains")), (false, None)] {
            let app = test::init_service(
                App::new().wrap(super::security_headers(None, hsts)).route("/", actix_web::web::get().to(|| async { HttpResponse::Ok().finish() })),
            )
            .await;
            let res = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
            assert_eq!(res.headers().get("strict-transport-security").and_then(|v| v.to_str().ok()), expected);
        }
    }

    use super::origin_of;

    #[test]
    fn tile_origins_for_the_csp() {
        assert_eq!(origin_of("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(), Some("https://tile.openstreetmap.org"));
        assert_eq!(origin_of("https://{s}.tile.example.fr/{z}/{x}/{y}.png").as_deref(), Some("https://*.tile.example.fr"));
        assert_eq!(origin_of(""), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://evil.fr'; script-src *"), None);
    }
}
