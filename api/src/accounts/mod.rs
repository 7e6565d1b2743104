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

/// Tells a person something by e-mail when they have an address, by SMS otherwise (pupils who
/// signed up by phone): a titled message with one link. Queued in the caller's transaction.
pub fn tell(conn: &mut crate::db::AnyConnection, user: &User, subject: &str, paragraphs: &[&str], link: (&str, &str)) -> crate::error::AppResult<()> {
    use crate::notifications::{queue_email, queue_sms, templates};
    if let Some(email) = &user.email {
        queue_email(conn, &templates::application_email(email, &user.first_name, subject, paragraphs, link))?;
    } else if let Some(phone) = &user.phone {
        queue_sms(conn, &templates::application_sms(phone, paragraphs.first().copied().unwrap_or(subject), link.1))?;
    }
    Ok(())
}

/// The periodic task, once a day across replicas: idle accounts warned then anonymised, pupils'
/// data past its retention, support tickets past theirs.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    Ok(retention::run_if_due(conn, now, &ctx.public_url)?
        .map(|r| r.notified.len() + r.adults_anonymised.len() + r.pupils_anonymised.len() + r.tickets_deleted + r.log_lines_deleted + r.jobs_deleted)
        .unwrap_or(0))
}
