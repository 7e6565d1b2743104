//! Campaigns: when hosts may publish, pupils may search and pupils may apply, per school year
//! and grade family, at a date and an hour (Europe/Paris), and a clock tests can set.

pub mod closing;
mod http;
pub mod rules;
pub mod service;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;

use std::sync::RwLock;

use chrono::NaiveDateTime;

/// The time campaign rules are judged at: the real one, or one a test fixed.
#[derive(Debug, Default)]
pub struct Clock {
    fixed: RwLock<Option<NaiveDateTime>>,
}

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        (*self.fixed.read().unwrap_or_else(|p| p.into_inner())).unwrap_or_else(crate::db::now)
    }

    /// Tests only: `Some(t)` freezes the campaign clock, `None` releases it.
    pub fn set(&self, t: Option<NaiveDateTime>) {
        *self.fixed.write().unwrap_or_else(|p| p.into_inner()) = t;
    }
}
