//! Favourites: offers a pupil stars from the list, the map or the offer's page, and finds again
//! in "Mes favoris" with whether each is still open.

mod http;
mod queries;
pub mod rules;
pub mod service;

// What other domains may use; the handlers and the queries stay inside.
pub use http::configure;
pub use service::{export, forget, forget_year};
