//! What each mode lets through. Pure: the middleware asks, these rules answer.

use crate::error::ErrorCode;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Normal,
    /// Everything answers 503 except health checks, log-in and admins.
    Maintenance,
    /// Reading works; writes answer 503 (a database migration, an overloaded primary).
    ReadOnly,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Maintenance => "maintenance",
            Mode::ReadOnly => "read_only",
        }
    }
    pub fn parse(s: &str) -> Mode {
        match s {
            "maintenance" => Mode::Maintenance,
            "read_only" => Mode::ReadOnly,
            _ => Mode::Normal,
        }
    }
}

/// Paths that always answer: health, metrics, the mode itself, and signing in (so that admins
/// can reach the switch).
fn always_open(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics" | "/api/v1/platform-status" | "/api/v1/admin/platform-mode" | "/api/v1/me")
        || path.starts_with("/api/v1/auth/")
}

/// Why a request is refused in this mode, as (code, default message), or `None`.
pub fn refusal(mode: Mode, method: &str, path: &str, is_admin: bool) -> Option<(ErrorCode, &'static str)> {
    let api = path.starts_with("/api/");
    match mode {
        Mode::Normal => None,
        _ if !api || always_open(path) => None,
        Mode::Maintenance if is_admin => None,
        Mode::Maintenance => Some((ErrorCode::Maintenance, "Passerelle est en maintenance. Merci de réessayer dans quelques minutes.")),
        Mode::ReadOnly if matches!(method, "GET" | "HEAD" | "OPTIONS") => None,
        Mode::ReadOnly => Some((
            ErrorCode::ReadOnly,
            "Passerelle est momentanément en lecture seule : vous pouvez consulter, mais pas enregistrer. Réessayez dans quelques minutes.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_lets_health_sign_in_and_admins_through() {
        let m = Mode::Maintenance;
        assert!(refusal(m, "GET", "/healthz", false).is_none());
        assert!(refusal(m, "POST", "/api/v1/auth/login", false).is_none());
        assert!(refusal(m, "GET", "/", false).is_none(), "the SPA itself loads and shows its maintenance page");
        assert_eq!(refusal(m, "GET", "/api/v1/offers", false).map(|r| r.0), Some(ErrorCode::Maintenance));
        assert!(refusal(m, "GET", "/api/v1/offers", true).is_none());
    }

    #[test]
    fn read_only_refuses_writes_only() {
        let m = Mode::ReadOnly;
        assert!(refusal(m, "GET", "/api/v1/offers", false).is_none());
        assert_eq!(
            refusal(m, "POST", "/api/v1/offers/x/applications", true).map(|r| r.0),
            Some(ErrorCode::ReadOnly),
            "admins too: the database must not change"
        );
        assert!(refusal(m, "POST", "/api/v1/auth/login", false).is_none());
        assert!(refusal(m, "PUT", "/api/v1/admin/platform-mode", true).is_none(), "the switch back");
        assert!(refusal(Mode::Normal, "POST", "/api/v1/offers", false).is_none());
    }
}
