//! Support: the contact form opens a ticket (signed in or not); admins assign, answer by e-mail
//! from the product and close it. Tickets are deleted once their retention ends.

mod http;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;

pub use service::purge_expired;
