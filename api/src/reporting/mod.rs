//! Reporting for State referents: indicators by territory, sector, gender and public/private
//! against the campaign targets, from counters the job runner rebuilds (never raw scans on a
//! request); public open data with small figures suppressed.

mod http;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;

/// The periodic task: the weekly figures by e-mail, Mondays, once across replicas.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    service::weekly_mail(conn, now, &ctx.public_url, &ctx.kpi_email_to)
}
