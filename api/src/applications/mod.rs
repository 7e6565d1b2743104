//! Applications: a pupil applies, the host answers, the pupil confirms; automatic withdrawal
//! and expiry; notifications to everyone concerned.

pub mod http;
pub mod model;
pub mod notify;
pub mod queries;
pub mod rules;
pub mod service;
