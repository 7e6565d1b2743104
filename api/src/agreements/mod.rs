//! Agreements (conventions): created with each confirmed placement, filled by the host and the
//! school, signed online by every party (legal representatives through a single-use link and a
//! code), then a PDF with its audit page; attestation and absence reports after the placement.

pub mod documents;
mod http;
pub mod model;
pub mod models;
pub mod notify;
pub mod pdf;
pub mod policy;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub use queries::{delegates, is_delegate, move_school, move_to_organisation, of_school};

/// The periodic task: whoever is late to fill or sign is reminded.
pub fn periodic(conn: &mut crate::db::AnyConnection, now: chrono::NaiveDateTime, ctx: &crate::jobs::periodic::Context) -> crate::error::AppResult<usize> {
    service::remind(conn, now, &service::Settings { public_url: ctx.public_url.clone() })
}

/// An application's agreement as its host lists it: (agreement id, status, whose action it awaits).
pub type PlacementAgreement = (crate::ids::AgreementId, rules::Status, Vec<rules::Party>);

/// The agreements of these applications by application id. The host's list of confirmed
/// placements says whether the host still has to sign.
pub fn of_applications(
    conn: &mut crate::db::AnyConnection,
    application_ids: &[crate::ids::ApplicationId],
) -> crate::error::AppResult<std::collections::HashMap<crate::ids::ApplicationId, PlacementAgreement>> {
    http::of_applications(conn, application_ids)
}
