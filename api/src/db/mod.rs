//! Storage: one diesel connection type over SQLite (embedded default) and PostgreSQL,
//! an r2d2 pool that reports the real connection error, embedded migrations, transactions.

pub mod backup;
pub mod idempotency;
pub mod schema;
pub mod text_enum;

crate::text_id!(
    crate::ids::UserId,
    crate::ids::OfferId,
    crate::ids::ApplicationId,
    crate::ids::AgreementId,
    crate::ids::PupilId,
    crate::ids::OrganisationId,
    crate::ids::ClassId
);

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// One connection type for both engines; the variant is chosen from the URL.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") || !url.contains("://") {
            Ok(Backend::Sqlite)
        } else {
            Err(format!("DATABASE_URL non reconnue : « {url} » (attendu : postgres://… ou sqlite://chemin)"))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Path of a SQLite database from `sqlite://path`, `sqlite:path` or a bare path.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url)
}

/// r2d2 manager that opens the right variant itself, so a PostgreSQL that is down reports
/// its real error (diesel's multi-connection `establish` hides it).
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl r2d2::ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        match self.backend {
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)?;
                // JIT costs more than it gives on short OLTP queries.
                conn.batch_execute("SET jit = off; SET TIME ZONE 'UTC';").map_err(diesel::r2d2::Error::QueryError)?;
                Ok(AnyConnection::Postgresql(conn))
            }
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(sqlite_path(&self.url)).map_err(diesel::r2d2::Error::ConnectionError)?;
                conn.batch_execute(
                    // busy_timeout first: switching to WAL takes a lock that other new connections wait on.
                    "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; \
                     PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// Builds the pool. The first connection is opened eagerly so a bad URL fails at start.
pub fn connect(url: &str, max_size: u32) -> Result<(Pool, Backend), String> {
    connect_with_timeout(url, max_size, Duration::from_secs(5))
}

/// The same, waiting at most `timeout` for a connection: when the database is unreachable,
/// requests fail after that long with 503 instead of hanging.
pub fn connect_with_timeout(url: &str, max_size: u32, timeout: Duration) -> Result<(Pool, Backend), String> {
    let backend = Backend::from_url(url)?;
    if backend == Backend::Sqlite {
        let path = std::path::Path::new(sqlite_path(url));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("impossible de créer {} : {e}", dir.display()))?;
        }
    }
    let manager = Manager { url: url.to_owned(), backend };
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(timeout)
        .build(manager)
        .map_err(|e| format!("base de données injoignable ({}) : {e}", backend.name()))?;
    Ok((pool, backend))
}

/// Runs pending migrations. On PostgreSQL an advisory lock keeps replicas that start
/// together from migrating twice.
pub fn migrate(conn: &mut AnyConnection) -> Result<Vec<String>, String> {
    let applied = match conn {
        AnyConnection::Postgresql(pg) => {
            pg.batch_execute("SELECT pg_advisory_lock(727274)").map_err(|e| e.to_string())?;
            let result = pg.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.iter().map(|m| m.to_string()).collect::<Vec<_>>()).map_err(|e| e.to_string());
            pg.batch_execute("SELECT pg_advisory_unlock(727274)").map_err(|e| e.to_string())?;
            result?
        }
        AnyConnection::Sqlite(lite) => {
            lite.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.iter().map(|m| m.to_string()).collect::<Vec<_>>()).map_err(|e| e.to_string())?
        }
    };
    Ok(applied)
}

/// Reverts every migration (used by the migration round-trip test).
pub fn revert_all(conn: &mut AnyConnection) -> Result<(), String> {
    match conn {
        AnyConnection::Postgresql(pg) => pg.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()).map_err(|e| e.to_string()),
        AnyConnection::Sqlite(lite) => lite.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()).map_err(|e| e.to_string()),
    }
}

/// Runs `f` in a write transaction. On SQLite the transaction takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two concurrent writers queue on the busy timeout instead of one
/// failing when it upgrades a read lock.
pub fn transaction<T, F>(conn: &mut AnyConnection, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, AppError>,
{
    match conn {
        AnyConnection::Postgresql(_) => conn.transaction(f),
        AnyConnection::Sqlite(_) => {
            // A use case may call another that opens its own transaction: the inner one becomes a
            // savepoint. Diesel's own manager is bypassed here (it cannot BEGIN IMMEDIATE on the
            // multi connection), so the depth is tracked per thread: a connection is used by one
            // blocking closure on one thread at a time.
            let depth = SQLITE_DEPTH.with(|d| d.get());
            let _guard = DepthGuard::enter();
            if depth > 0 {
                let name = format!("sp{depth}");
                conn.batch_execute(&format!("SAVEPOINT {name}"))?;
                return match f(conn) {
                    Ok(v) => {
                        conn.batch_execute(&format!("RELEASE {name}"))?;
                        Ok(v)
                    }
                    Err(e) => {
                        let _ = conn.batch_execute(&format!("ROLLBACK TO {name}; RELEASE {name}"));
                        Err(e)
                    }
                };
            }
            if let Err(e) = conn.batch_execute("BEGIN IMMEDIATE") {
                // A connection left inside a transaction by a panic: clean it and retry once.
                if e.to_string().contains("within a transaction") {
                    conn.batch_execute("ROLLBACK")?;
                    conn.batch_execute("BEGIN IMMEDIATE")?;
                } else {
                    return Err(e.into());
                }
            }
            match f(conn) {
                Ok(value) => match conn.batch_execute("COMMIT") {
                    Ok(()) => Ok(value),
                    Err(e) => {
                        let _ = conn.batch_execute("ROLLBACK");
                        Err(e.into())
                    }
                },
                Err(err) => {
                    let _ = conn.batch_execute("ROLLBACK");
                    Err(err)
                }
            }
        }
    }
}

thread_local! {
    static SQLITE_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts open SQLite transactions on this thread; leaving (even by a panic) decrements.
struct DepthGuard;

impl DepthGuard {
    fn enter() -> Self {
        SQLITE_DEPTH.with(|d| d.set(d.get() + 1));
        DepthGuard
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        SQLITE_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A new time-ordered id (UUIDv7), as stored.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Current UTC time with microsecond precision (what both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let n = chrono::Utc::now().naive_utc();
    n.with_nanosecond((n.nanosecond() / 1000) * 1000).unwrap_or(n)
}

/// `text` for a LIKE pattern with `\\` as escape character: its own `%` and `_` match themselves.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
