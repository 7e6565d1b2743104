//! The platform's mode (normal, maintenance, read-only), switched by an admin or forced by the
//! `PLATFORM_MODE` setting, seen by every replica within a few seconds.

mod http;
pub mod rules;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::{configure, current};

use std::sync::RwLock;
use std::time::{Duration, Instant};

use diesel::prelude::*;

use crate::db::schema::platform_settings as ps;
use crate::db::AnyConnection;
use rules::Mode;

/// How long a replica trusts what it last read.
const FRESH: Duration = Duration::from_secs(3);

/// What this replica knows of the mode.
#[derive(Debug)]
pub struct ModeCache {
    state: RwLock<(Mode, String, Option<Instant>)>,
}

impl Default for ModeCache {
    fn default() -> Self {
        ModeCache { state: RwLock::new((Mode::Normal, String::new(), None)) }
    }
}

impl ModeCache {
    /// The cached mode, or `None` when it must be read again.
    pub fn fresh(&self) -> Option<(Mode, String)> {
        let s = self.state.read().unwrap_or_else(|p| p.into_inner());
        s.2.filter(|t| t.elapsed() < FRESH).map(|_| (s.0, s.1.clone()))
    }

    pub fn set(&self, mode: Mode, message: &str) {
        let mut s = self.state.write().unwrap_or_else(|p| p.into_inner());
        *s = (mode, message.to_owned(), Some(Instant::now()));
    }
}

pub fn read(conn: &mut AnyConnection) -> QueryResult<(Mode, String)> {
    let row: Option<(String, String)> = ps::table.find(1).select((ps::mode, ps::message)).first(conn).optional()?;
    Ok(row.map(|(m, msg)| (Mode::parse(&m), msg)).unwrap_or((Mode::Normal, String::new())))
}

pub fn write(conn: &mut AnyConnection, mode: Mode, message: &str, by: &str) -> QueryResult<()> {
    diesel::update(ps::table.find(1))
        .set((ps::mode.eq(mode.as_str()), ps::message.eq(message), ps::updated_by.eq(Some(by)), ps::updated_at.eq(crate::db::now())))
        .execute(conn)
        .map(|_| ())
}
