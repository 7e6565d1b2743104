//! Cross-origin calls: only from the origins configured (`CORS_ALLOWED_ORIGINS`), never with a
//! wildcard. The SPA is served from the API's own origin and needs none of this; partner sites
//! calling the API from a browser do.

use crate::error::ErrorCode;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};

use crate::error::AppError;
use crate::state::AppState;

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const ALLOW_HEADERS: &str = "authorization, content-type, idempotency-key";

/// Whether an `Origin` is one of the configured ones (exact match, scheme and port included).
pub fn allowed(origin: &str, configured: &[String]) -> bool {
    configured.iter().any(|o| o == origin)
}

pub async fn cors(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let configured = req.app_data::<web::Data<AppState>>().map(|s| s.config.cors_allowed_origins.clone()).unwrap_or_default();
    let Some(origin) = origin else { return Ok(next.call(req).await?.map_into_left_body()) };
    let ok = allowed(&origin, &configured);
    let preflight = req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let (req, _) = req.into_parts();
        let res = if ok {
            HttpResponse::NoContent()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
                .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS))
                .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS))
                .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
                .insert_header((header::VARY, "Origin"))
                .finish()
        } else {
            AppError::new(ErrorCode::CorsOriginRefused, "Cette origine n'est pas autorisée à appeler l'API depuis un navigateur.").error_response()
        };
        return Ok(ServiceResponse::new(req, res).map_into_right_body());
    }
    let mut res = next.call(req).await?;
    if ok {
        if let Ok(v) = HeaderValue::from_str(&origin) {
            res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            res.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
            res.headers_mut().insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("retry-after, x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"),
            );
        }
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins_only() {
        let configured = vec!["https://partenaire.example".to_owned()];
        assert!(allowed("https://partenaire.example", &configured));
        assert!(!allowed("http://partenaire.example", &configured));
        assert!(!allowed("https://partenaire.example.evil.com", &configured));
        assert!(!allowed("https://evil.example", &[]));
    }
}
