//! Partner associations (operators) and their systems: API credentials, client-credentials
//! tokens, offer sync by remote id with per-operator rate limits, click counting.

mod http;
pub mod legacy;
pub mod legacy_schools;
pub mod model;
pub mod policy;
mod queries;
pub mod rules;
pub mod service;
pub mod webhooks;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub use queries::{employer_name, employer_names, move_operator, operator_names};

/// The periodic task: webhook deliveries due again are queued.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, _ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    webhooks::sweep(conn, now)
}
