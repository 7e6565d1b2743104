//! The built SPA, served by the API itself (one port for `make run` and small deployments).
//!
//! Hashed assets (`/assets/*`) never change under their name: a year of cache, immutable.
//! Everything else (index.html, icons) revalidates. The build writes `.br` and `.gz` copies next
//! to each file; they are served as they are when the browser accepts them, so nothing is
//! compressed per request. Unknown paths outside `/api` and `/assets` are the SPA's routes.

use crate::error::ErrorCode;

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Unknown API routes answer in the error shape; other paths are files of the SPA or its routes.
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let path = req.path();
    if path.starts_with("/api/") || path == "/api" {
        return Err(AppError::not_found("Cette adresse n'existe pas dans l'API."));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(AppError::new(ErrorCode::MethodNotAllowed, "Méthode non autorisée."));
    }
    let root = &state.config.static_dir;
    if let Some(relative) = safe_relative(path) {
        let file = root.join(&relative);
        if !relative.as_os_str().is_empty() && tokio::fs::metadata(&file).await.map(|m| m.is_file()).unwrap_or(false) {
            let cache = if relative.starts_with("assets") { IMMUTABLE } else { REVALIDATE };
            return send(&req, &file, cache).await;
        }
        // A missing hashed asset is a stale page asking for an old build: a 404, never index.html
        // (a script answered with HTML breaks the page in a way nobody can read).
        if relative.starts_with("assets") {
            return Err(AppError::not_found("Ce fichier n'existe pas (l'application a peut-être été mise à jour : rechargez la page)."));
        }
    }
    let index = root.join("index.html");
    if tokio::fs::metadata(&index).await.is_ok() {
        return send(&req, &index, REVALIDATE).await;
    }
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        "<!doctype html><html lang=\"fr\"><title>Passerelle</title><main><h1>Passerelle</h1>\
         <p>L'interface n'est pas construite : lancez <code>make run</code> \
         (ou <code>npm run build</code> dans <code>frontend/</code>). L'API répond sous <a href=\"/api/docs/\">/api/docs</a>.</p></main></html>",
    ))
}

/// The request path as a path under the static root, or None when it tries to leave it, names a
/// hidden file or is not plain text (such paths are SPA routes at most, never files).
fn safe_relative(path: &str) -> Option<PathBuf> {
    let trimmed = path.trim_start_matches('/');
    if trimmed.contains(['%', '\\', '\0']) {
        return None;
    }
    let relative = PathBuf::from(trimmed);
    let plain = relative.components().all(|c| matches!(c, Component::Normal(s) if !s.to_string_lossy().starts_with('.')));
    plain.then_some(relative)
}

/// Which precompressed copy to send, given `Accept-Encoding` (a coding with `q=0` is refused).
fn accepted(req: &HttpRequest) -> (bool, bool) {
    let value = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let accepts = |name: &str| {
        value.split(',').any(|part| {
            let mut pieces = part.split(';').map(str::trim);
            let named = pieces.next().is_some_and(|coding| coding.eq_ignore_ascii_case(name));
            let refused = pieces.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0));
            named && !refused
        })
    };
    (accepts("br"), accepts("gzip"))
}

async fn send(req: &HttpRequest, file: &Path, cache: &'static str) -> Result<HttpResponse, AppError> {
    let mime = actix_files::file_extension_to_mime(file.extension().and_then(|e| e.to_str()).unwrap_or(""));
    let (br, gzip) = accepted(req);
    let variant = |suffix: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let mut chosen = None;
    for (ok, suffix, encoding) in [(br, ".br", ContentEncoding::Brotli), (gzip, ".gz", ContentEncoding::Gzip)] {
        let candidate = variant(suffix);
        if ok && tokio::fs::metadata(&candidate).await.is_ok() {
            chosen = Some((candidate, encoding));
            break;
        }
    }
    let named = match &chosen {
        Some((path, encoding)) => NamedFile::open_async(path).await.map(|f| f.set_content_encoding(*encoding)),
        None => NamedFile::open_async(file).await,
    }
    .map_err(|e| {
        tracing::error!(error = %e, file = %file.display(), "static file unreadable");
        AppError::internal()
    })?;
    let mut response = named.set_content_type(mime).disable_content_disposition().use_last_modified(true).into_response(req);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        assert_eq!(safe_relative("/assets/index-abc.js"), Some(PathBuf::from("assets/index-abc.js")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        for bad in ["/../etc/passwd", "/assets/../../x", "/.env", "/a/%2e%2e/b", "/a\\b"] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn encodings_read_from_the_header() {
        let req = |v: &str| actix_web::test::TestRequest::get().insert_header((header::ACCEPT_ENCODING, v)).to_http_request();
        assert_eq!(accepted(&req("gzip, deflate, br, zstd")), (true, true));
        assert_eq!(accepted(&req("gzip")), (false, true));
        assert_eq!(accepted(&req("br;q=0, gzip;q=0.5")), (false, true));
        assert_eq!(accepted(&req("identity")), (false, false));
    }
}
