//! Authentication: roles, passwords, tokens, request extractors and the per-IP limiter.

pub mod extractors;
pub mod password;
pub mod rate_limit;
pub mod roles;
pub mod sealed;
pub mod sessions;
pub mod tokens;
pub mod totp;

pub use extractors::{Admin, CurrentUser, Host, MaybeUser, Operator, Pupil, Referent, SchoolStaff};
pub use roles::{Role, Scope, ScopeKind, StaffFunction};

/// The periodic task: ended sessions are read within the access tokens' lifetime; a day is ample.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, _ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    Ok(sessions::purge(conn, std::time::Duration::from_secs(24 * 3600), now)?)
}
