//! Host organisations (companies, administrations, associations, public establishments) and
//! their members, any of whom can act as tutor on the organisation's offers.

pub mod admin_http;
pub mod http;
pub mod lookup;
pub mod model;
pub mod policy;
pub mod queries;
pub mod rules;
pub mod service;
