//! After the internship: the pupil's feedback (asked after the last day, reminded once), the
//! host's and the school's word on the week, and quality indicators for associations and
//! referents (aggregated, never a public rating of a person).

mod http;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub use queries::forget_words;

/// The periodic task, hourly across replicas: pupils whose internship ended are asked for their
/// feedback, and reminded once.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    Ok(service::run_if_due(conn, now, &ctx.public_url)?.map(|(asked, reminded)| asked + reminded).unwrap_or(0))
}
