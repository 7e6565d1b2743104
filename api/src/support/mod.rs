//! Support: the contact form opens a ticket (signed in or not); admins assign, answer by e-mail
//! from the product and close it. Tickets are deleted once their retention ends.

pub mod http;
pub mod queries;
pub mod rules;
pub mod service;

pub use service::purge_expired;
