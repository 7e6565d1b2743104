//! Pupils: enrolment in a class, profile and CV, parental consent (the gate before search),
//! and the school staff's follow-up.

pub mod consent_form;
mod http;
pub mod invitations;
pub mod model;
pub mod policy;
mod queries;
pub mod register;
pub mod register_import;
pub mod retention;
pub mod rules;
mod staff_http;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;
pub(crate) use http::followed_pupil;
pub use queries::{count_by_school, find, insert, move_school, of_account, of_school, request_split, with_users};
pub use staff_http::configure as configure_staff;
