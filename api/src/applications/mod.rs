//! Applications: a pupil applies, the host answers, the pupil confirms; automatic withdrawal
//! and expiry; notifications to everyone concerned.

mod http;
pub mod model;
pub mod notify;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub use queries::{count_by_offer, find, lock_pupil, move_school, of_pupils};

/// The periodic task: unanswered applications expire, reminders go out.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    service::sweep(conn, now, &service::Settings { expiry_days: ctx.application_expiry_days, public_url: ctx.public_url.clone() })
}
