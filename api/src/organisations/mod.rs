//! Host organisations (companies, administrations, associations, public establishments) and
//! their members, any of whom can act as tutor on the organisation's offers.

mod admin_http;
mod http;
pub mod lookup;
pub mod model;
pub mod policy;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use admin_http::configure as configure_admin;
pub use http::configure;
pub use queries::{add_member, find, is_member, many, members, ministries, of_user};
