//! One error type for the whole API: a stable machine code, an HTTP status, a French
//! message for people and, for validation, the fields at fault.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

mod code;
pub use code::ErrorCode;

/// The JSON body of every error answer.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct ErrorBody {
    /// Stable machine code (e.g. `VALIDATION_ERROR`, `UNAUTHORIZED`): each operation lists the
    /// ones it may answer, per status.
    #[schema(value_type = ErrorCode, example = "VALIDATION_ERROR")]
    pub code: String,
    /// Sentence in French meant for people.
    #[schema(example = "Certains champs sont invalides.")]
    pub message: String,
    /// Messages per field, when fields are at fault.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Vec<String>>,
}

/// The machine code of an error answer, kept on the response for the contract check
/// (`http::error_codes`).
#[derive(Debug, Clone, Copy)]
pub struct AnsweredCode(pub &'static str);

#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    /// Its HTTP status is the code's (`status()`): one status per code, by construction.
    pub code: ErrorCode,
    pub message: String,
    pub fields: BTreeMap<String, Vec<String>>,
    pub retry_after: Option<u64>,
    /// Extra headers of the answer (the partner API's rate-limit headers).
    pub headers: Vec<(&'static str, String)>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: BTreeMap::new(), retry_after: None, headers: Vec::new() }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        Self::new(ErrorCode::RateLimited, "Trop de tentatives. Merci de réessayer dans quelques instants.").with_retry_after(retry_after)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ServiceUnavailable, message).with_retry_after(5)
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "Une erreur inattendue s'est produite. Merci de réessayer plus tard.")
    }

    /// A 422 naming one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation().with_field(field, message)
    }

    pub fn validation() -> Self {
        Self::new(ErrorCode::ValidationError, "Certains champs sont invalides. Merci de les corriger.")
    }

    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.fields.entry(field.to_owned()).or_default().push(message.into());
        self
    }

    /// The same message under a more precise code (and that code's status).
    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = code;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { code: self.code.as_str().to_owned(), message: self.message.clone(), fields: self.fields.clone() }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status());
        if let Some(seconds) = self.retry_after {
            builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        builder.extensions_mut().insert(AnsweredCode(self.code.as_str()));
        for (name, value) in &self.headers {
            builder.insert_header((*name, value.clone()));
        }
        builder.json(self.body())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => AppError::not_found("Ressource introuvable."),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::conflict("Cette ressource existe déjà.").with_code(ErrorCode::AlreadyExists)
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => AppError::unavailable("La base de données est momentanément indisponible."),
            Error::DatabaseError(_, ref info) if info.message().contains("database is locked") => {
                AppError::unavailable("Le service est très sollicité. Merci de réessayer.")
            }
            // The server went away in the middle (restart, network): the request did not happen.
            Error::DatabaseError(_, ref info) if connection_lost(info.message()) => {
                tracing::error!(error = %info.message(), "database connection lost");
                AppError::unavailable("La base de données est momentanément indisponible.").with_code(ErrorCode::DatabaseUnavailable)
            }
            other => {
                tracing::error!(error = %other, "database error");
                AppError::internal()
            }
        }
    }
}

/// Messages libpq gives when the connection itself failed (not the query).
fn connection_lost(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "server closed the connection",
        "no connection to the server",
        "connection to server",
        "could not send data",
        "could not receive data",
        "terminating connection",
        "connection refused",
        "broken pipe",
        "ssl syscall",
    ]
    .iter()
    .any(|p| m.contains(p))
}

impl From<r2d2::Error> for AppError {
    fn from(err: r2d2::Error) -> Self {
        tracing::error!(error = %err, "database pool unavailable");
        AppError::unavailable("La base de données est momentanément indisponible.").with_code(ErrorCode::DatabaseUnavailable)
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = AppError::validation();
        for (field, errs) in errors.field_errors() {
            for e in errs {
                let msg = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| "Valeur invalide.".to_owned());
                out = out.with_field(&field, msg);
            }
        }
        out
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        tracing::error!("blocking task cancelled");
        AppError::internal()
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Maps actix's JSON extractor failures to our shape: too large → 413, syntax → 400,
/// wrong shape or unknown field → 422. Nothing of the input is echoed back beyond the field path.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &actix_web::HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let app = match &err {
        J::Overflow { .. } | J::OverflowKnownLength { .. } => AppError::new(ErrorCode::PayloadTooLarge, "La requête est trop volumineuse."),
        J::ContentType => AppError::new(ErrorCode::UnsupportedMediaType, "Le corps de la requête doit être du JSON (Content-Type: application/json)."),
        J::Deserialize(e) if e.is_data() => {
            let text = e.to_string();
            let field = text.split('`').nth(1).filter(|_| text.starts_with("unknown field") || text.starts_with("missing field")).unwrap_or("body").to_owned();
            let msg = if text.starts_with("unknown field") {
                "Champ inconnu."
            } else if text.starts_with("missing field") {
                "Ce champ est obligatoire."
            } else {
                "Type ou valeur invalide."
            };
            AppError::field(&field, msg)
        }
        J::Deserialize(_) => AppError::bad_request("Le corps de la requête n'est pas un JSON valide."),
        J::Payload(actix_web::error::PayloadError::Overflow) => AppError::new(ErrorCode::PayloadTooLarge, "La requête est trop volumineuse."),
        _ => AppError::bad_request("Le corps de la requête est illisible."),
    };
    app.into()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, req: &actix_web::HttpRequest) -> actix_web::Error {
    if crate::partners::legacy::is_legacy_path(req.path()) {
        // The v2 contract answers in its own envelope.
        let body = serde_json::json!({"code": "WRONG_PARAMS", "error": "Paramètres de requête invalides."});
        return actix_web::error::InternalError::from_response(err, actix_web::HttpResponse::UnprocessableEntity().json(body)).into();
    }
    AppError::validation().with_field("query", "Paramètres de requête invalides.").into()
}

pub fn path_error(_err: actix_web::error::PathError, _req: &actix_web::HttpRequest) -> actix_web::Error {
    AppError::not_found("Ressource introuvable.").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_violation_becomes_conflict_without_database_text() {
        struct Info;
        impl diesel::result::DatabaseErrorInformation for Info {
            fn message(&self) -> &str {
                "duplicate key value violates unique constraint users_email_key"
            }
            fn details(&self) -> Option<&str> {
                None
            }
            fn hint(&self) -> Option<&str> {
                None
            }
            fn table_name(&self) -> Option<&str> {
                None
            }
            fn column_name(&self) -> Option<&str> {
                None
            }
            fn constraint_name(&self) -> Option<&str> {
                None
            }
            fn statement_position(&self) -> Option<i32> {
                None
            }
        }
        let err: AppError = diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, Box::new(Info)).into();
        assert_eq!(err.status(), StatusCode::CONFLICT);
        assert!(!err.message.contains("users_email_key"));
    }

    #[test]
    fn rate_limited_sets_retry_after() {
        let resp = AppError::rate_limited(0).error_response();
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(resp.headers().get("retry-after").map(|v| v.to_str().ok()), Some(Some("1")));
    }
}
