//! After the internship: the pupil's feedback (asked after the last day, reminded once), the
//! host's and the school's word on the week, and quality indicators for associations and
//! referents (aggregated, never a public rating of a person).

pub mod http;
pub mod queries;
pub mod rules;
pub mod service;

pub use service::run_if_due;
