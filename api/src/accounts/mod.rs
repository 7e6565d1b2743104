//! Accounts: sign-up, confirmation, log-in, sessions, password and e-mail changes, admin creation.

pub mod http;
pub mod model;
pub mod policy;
pub mod privacy;
pub mod queries;
pub mod retention;
pub mod rules;
pub mod service;
pub mod terms;

pub use model::User;
