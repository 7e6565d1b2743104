//! The error codes as a contract: every error answer's code must be one its operation documents
//! in the OpenAPI document (a backquoted code in the description of the response of that
//! status), or one any operation may answer (`EVERYWHERE`). Checked on every answer when
//! `APP_ENV=test`: a code answered but not documented is logged ("error code not documented")
//! and kept in the state, where the test harness fails the test (the fuzzing script lists those
//! its random requests met, without failing: what it meets varies from run to run). So the
//! document cannot fall behind what the handlers answer.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::{AnsweredCode, ErrorCode};
use crate::state::AppState;

/// Codes any operation may answer: the framework's (body, size, overload, maintenance,
/// database) rather than any handler's. Listed in the document's introduction.
pub const EVERYWHERE: [ErrorCode; 10] = [
    ErrorCode::BadRequest,
    ErrorCode::PayloadTooLarge,
    ErrorCode::UnsupportedMediaType,
    ErrorCode::RateLimited,
    ErrorCode::Internal,
    ErrorCode::ServiceUnavailable,
    ErrorCode::DatabaseUnavailable,
    ErrorCode::Overloaded,
    ErrorCode::Maintenance,
    ErrorCode::ReadOnly,
];

/// The backquoted codes of a description (`WEEK_HAS_PUPILS`…).
pub fn codes_in(description: &str) -> Vec<&str> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| c.len() > 1 && c.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_'))
        .collect()
}

/// Per operation (method and path as routed), per status: the documented codes.
type Documented = HashMap<(String, String), HashMap<u16, HashSet<String>>>;

fn documented(doc: &utoipa::openapi::OpenApi) -> Documented {
    let mut out = Documented::new();
    for (path, item) in &doc.paths.paths {
        let ops = [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("PATCH", &item.patch), ("DELETE", &item.delete)];
        for (method, op) in ops.into_iter().filter_map(|(m, op)| op.as_ref().map(|op| (m, op))) {
            let mut statuses: HashMap<u16, HashSet<String>> = HashMap::new();
            for (status, response) in &op.responses.responses {
                let (Ok(status), utoipa::openapi::RefOr::T(response)) = (status.parse::<u16>(), response) else { continue };
                statuses.entry(status).or_default().extend(codes_in(&response.description).into_iter().map(str::to_owned));
            }
            out.insert((method.to_owned(), path.clone()), statuses);
        }
    }
    out
}

static DOCUMENTED: LazyLock<Documented> = LazyLock::new(|| documented(&crate::openapi::document()));

/// Whether `code` answered with `status` by the operation routed at `path` is documented (an
/// unknown operation, or the historic partner contracts with their own envelope, pass).
pub fn is_documented(method: &str, path: &str, status: u16, code: &str) -> bool {
    if EVERYWHERE.iter().any(|c| *c == code) || crate::partners::legacy::is_legacy_path(path) {
        return true;
    }
    match DOCUMENTED.get(&(method.to_owned(), path.to_owned())) {
        Some(statuses) => statuses.get(&status).is_some_and(|codes| codes.contains(code)),
        None => true,
    }
}

/// The middleware (a no-op outside tests).
pub async fn check(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().filter(|s| s.config.check_error_codes).cloned();
    let res = next.call(req).await?;
    let Some(state) = state else { return Ok(res) };
    let status = res.status().as_u16();
    let code = res.response().extensions().get::<AnsweredCode>().map(|c| c.0);
    if let (Some(code), Some(path)) = (code, res.request().match_pattern()) {
        let method = res.request().method().as_str();
        if status >= 400 && path.starts_with("/api/") && !is_documented(method, &path, status, code) {
            let line = format!("{method} {path} {status} {code}");
            tracing::warn!(operation = %format!("{method} {path}"), status, code, "error code not documented for this operation");
            if let Ok(mut seen) = state.undocumented_codes.lock() {
                seen.push(line);
            }
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_backquoted_codes_of_a_description() {
        assert_eq!(codes_in("Conflicts (`CONFLICT`, `WEEK_HAS_PUPILS`) or `lower`, `A`"), vec!["CONFLICT", "WEEK_HAS_PUPILS"]);
        assert!(codes_in("Nothing here").is_empty());
    }

    #[test]
    fn the_document_lists_the_codes_of_each_operation() {
        // Logging in documents its own code; an invented one is not documented.
        assert!(is_documented("POST", "/api/v1/auth/login", 401, "INVALID_CREDENTIALS"));
        assert!(!is_documented("POST", "/api/v1/auth/login", 401, "NOT_A_CODE_OF_OURS"));
        assert!(is_documented("POST", "/api/v1/auth/login", 503, "SERVICE_UNAVAILABLE"));
    }

    #[test]
    fn every_documented_code_is_one_of_ours_under_its_own_status() {
        let mut wrong = Vec::new();
        for ((method, path), statuses) in DOCUMENTED.iter().filter(|((_, path), _)| !crate::partners::legacy::is_legacy_path(path)) {
            for (status, codes) in statuses {
                for code in codes {
                    match ErrorCode::parse(code) {
                        Some(c) if c.status() == *status => {}
                        Some(c) => wrong.push(format!("{method} {path}: {code} under {status}, its status is {}", c.status())),
                        None => wrong.push(format!("{method} {path}: {code} is not an ErrorCode")),
                    }
                }
            }
        }
        wrong.sort();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
