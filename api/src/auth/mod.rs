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
