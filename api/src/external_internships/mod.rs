//! Internships found outside the platform (family, school networks): the staff record one, or
//! the pupil declares it and the school validates it; the school's follow-up and the referents'
//! coverage then count the pupil as placed elsewhere rather than without an internship.

mod http;
pub mod model;
mod notify;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use; the handlers and the queries stay inside.
pub use http::configure;
pub use service::{anonymise, elsewhere_of, export, move_school, weeks_taken, Elsewhere};
