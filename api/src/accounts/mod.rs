//! Accounts: sign-up, confirmation, log-in, sessions, password and e-mail changes, admin creation.

mod http;
pub mod model;
pub mod policy;
pub mod privacy;
mod queries;
pub mod retention;
pub mod rules;
pub mod service;
pub mod terms;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub use queries::{enable_totp, find_by_email, find_by_phone, find_user, set_pending_totp};

pub use model::User;

/// The periodic task, once a day across replicas: idle accounts warned then anonymised, pupils'
/// data past its retention, support tickets past theirs.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    Ok(retention::run_if_due(conn, now, &ctx.public_url)?
        .map(|r| r.notified.len() + r.adults_anonymised.len() + r.pupils_anonymised.len() + r.tickets_deleted + r.log_lines_deleted + r.jobs_deleted)
        .unwrap_or(0))
}
