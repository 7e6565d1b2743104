//! Offer search from memory (issue 28): each replica holds the live offers in an index built
//! at start from the database and kept current from the change feed (`offer_changes`, stamped
//! by triggers in every writing transaction, see migration 000033). The database stays the
//! source of truth: until the index is built, or when `SEARCH_INDEX=sql`, search reads SQL.
//!
//! Read-your-writes: before searching, a search reads the feed's counter (one primary-key
//! read) and applies what it has not seen, so a write committed anywhere (this replica or
//! another) is in the very next search; a poll keeps idle replicas current between searches.

mod core;
mod load;

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

pub use self::core::{key_of, Index, NotCanonical, Record};
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::offers::queries::SearchFilter;
use crate::offers::rules::Cursor;

/// How often an idle replica reads the feed.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Not built yet (or refused): search reads SQL.
const NOT_BUILT: i64 = -1;

pub struct SearchIndex {
    enabled: bool,
    index: RwLock<Option<Index>>,
    /// The feed's counter the index holds every change up to; `NOT_BUILT` before the build.
    applied: AtomicI64,
    /// One catch-up (or build) at a time; searches that find the index behind wait for it.
    sync: Mutex<()>,
    builds: AtomicU64,
    pub bytes: prometheus::IntGauge,
    pub offers: prometheus::IntGauge,
    pub build_seconds: prometheus::Gauge,
}

impl SearchIndex {
    /// `enabled`: `SEARCH_INDEX=memory` (the default); otherwise search always reads SQL.
    pub fn new(enabled: bool) -> Self {
        let gauge = |name: &str, help: &str| prometheus::IntGauge::new(name, help).unwrap_or_else(|_| panic!("invalid static metric definition"));
        SearchIndex {
            enabled,
            index: RwLock::new(None),
            applied: AtomicI64::new(NOT_BUILT),
            sync: Mutex::new(()),
            builds: AtomicU64::new(0),
            bytes: gauge("search_index_bytes", "Memory held by this replica's offer search index, roughly (bytes)."),
            offers: gauge("search_index_offers", "Live offers in this replica's search index."),
            build_seconds: prometheus::Gauge::new("search_index_build_seconds", "Time of the last build of the search index from the database (seconds).")
                .unwrap_or_else(|_| panic!("invalid static metric definition")),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Built and current to `applied()`: searches use it.
    pub fn ready(&self) -> bool {
        self.applied.load(Ordering::Acquire) != NOT_BUILT
    }

    /// The feed's counter the index holds every change up to (`-1` before the build).
    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    /// Reads every live offer and replaces the index (at start; after a database restore).
    pub fn build(&self, conn: &mut AnyConnection) -> AppResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let _one = self.sync.lock().unwrap_or_else(|e| e.into_inner());
        self.build_locked(conn)
    }

    fn build_locked(&self, conn: &mut AnyConnection) -> AppResult<()> {
        let started = Instant::now();
        // The counter first: changes committed while the table is read are applied again
        // afterwards, which is harmless (a change is applied by re-reading the offer).
        let head = load::head(conn)?;
        // Page by page into the index: the records' texts are never all in memory at once.
        let mut after = String::new();
        let mut failed = None;
        let pages = std::iter::from_fn(|| match load::page(conn, &after) {
            Ok(page) => {
                after = page.last()?.id.clone();
                Some(page)
            }
            Err(e) => {
                failed = Some(e);
                None
            }
        });
        let built = Index::build(pages.flatten());
        if let Some(e) = failed {
            return Err(e.into());
        }
        let index = match built {
            Ok(index) => index,
            Err(NotCanonical(id)) => return Err(self.refuse(&id)),
        };
        self.offers.set(index.len() as i64);
        self.bytes.set(index.approx_bytes() as i64);
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Some(index);
        self.applied.store(head, Ordering::Release);
        self.build_seconds.set(started.elapsed().as_secs_f64());
        self.builds.fetch_add(1, Ordering::AcqRel);
        tracing::info!(offers = self.offers.get(), bytes = self.bytes.get(), seconds = started.elapsed().as_secs_f64(), seq = head, "search index built");
        let head = load::head(conn)?;
        self.catch_up_to(conn, head)
    }

    /// An id the index cannot hold: search stays on SQL (correct, slower) and says why.
    fn refuse(&self, id: &str) -> AppError {
        tracing::error!(offer = id, "search index refused an offer id that is not a canonical UUID; search reads SQL");
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.applied.store(NOT_BUILT, Ordering::Release);
        AppError::internal()
    }

    /// Applies the changes committed since the last look (nothing when there are none: one
    /// primary-key read).
    pub fn catch_up(&self, conn: &mut AnyConnection) -> AppResult<()> {
        if !self.ready() {
            return Ok(());
        }
        if self.index.is_poisoned() {
            return Err(self.drop_poisoned());
        }
        if load::head(conn)? == self.applied() {
            return Ok(());
        }
        let _one = self.sync.lock().unwrap_or_else(|e| e.into_inner());
        // Read again under the lock: another caller may have applied past the head read above,
        // and only a head read now, below what is applied, means a restored database.
        let head = load::head(conn)?;
        self.catch_up_to(conn, head)
    }

    /// Under `sync`, with `head` read under it.
    fn catch_up_to(&self, conn: &mut AnyConnection, head: i64) -> AppResult<()> {
        let mut applied = self.applied();
        if applied == NOT_BUILT || head == applied {
            return Ok(());
        }
        if head < applied {
            tracing::warn!(head, applied, "the offer change feed went back (database restored?): rebuilding the search index");
            return self.build_locked(conn);
        }
        loop {
            // No upper bound at `head`: an offer stamped again since (its one row moved to a
            // later stamp) is read now, rather than missed until the next catch-up. Stamps are
            // taken in commit order, so a visible stamp means every stamp below it is visible.
            let changes = load::changes(conn, applied)?;
            let full = changes.len() as i64 == load::SYNC_PAGE;
            let last = changes.last().map(|c| c.1);
            let ids: Vec<String> = changes.into_iter().map(|c| c.0).collect();
            let records = load::records(conn, &ids)?;
            {
                let Ok(mut guard) = self.index.write() else { return Err(self.drop_poisoned()) };
                let Some(index) = guard.as_mut() else { return Ok(()) };
                for id in &ids {
                    index.remove(id);
                }
                for r in &records {
                    if index.upsert(r).is_err() {
                        drop(guard);
                        return Err(self.refuse(&r.id));
                    }
                }
                index.compact_if_needed();
                self.offers.set(index.len() as i64);
            }
            // A short page held every stamp visible, so every stamp up to the head read.
            applied = match (full, last) {
                (true, Some(seq)) => seq,
                (_, last) => last.unwrap_or(head).max(head),
            };
            self.applied.store(applied, Ordering::Release);
            if !full {
                return Ok(());
            }
        }
    }

    /// A panic while the index was being changed: it may be half changed, so it is dropped
    /// (search reads SQL) and the poll rebuilds it.
    fn drop_poisoned(&self) -> AppError {
        tracing::error!("search index left half-changed by a panic: dropped, to be rebuilt");
        self.index.clear_poison();
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.applied.store(NOT_BUILT, Ordering::Release);
        AppError::internal()
    }

    /// The feed's counter for keys of answers computed from it (the short search cache): the
    /// index's when it is built, else the database's (search then reads SQL).
    pub fn seq(&self, conn: &mut AnyConnection) -> AppResult<i64> {
        match self.ready() {
            true => Ok(self.applied()),
            false => Ok(load::head(conn)?),
        }
    }

    /// Builds since start (one, unless the database was restored or a build failed).
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Acquire)
    }

    /// Drops the index, as a replica that has not built it yet (tests of readiness).
    #[doc(hidden)]
    pub fn forget(&self) {
        let _one = self.sync.lock().unwrap_or_else(|e| e.into_inner());
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.applied.store(NOT_BUILT, Ordering::Release);
    }

    /// Lower thresholds (tests: the tree walk and its budget on a small world).
    #[doc(hidden)]
    pub fn set_tuning(&self, scan_max: u64, walk_budget: usize) {
        if let Some(index) = self.index.write().unwrap_or_else(|e| e.into_inner()).as_mut() {
            index.set_tuning(scan_max, walk_budget);
        }
    }

    /// The index's answer to `search::nearest`; `None` when it is not built.
    pub fn nearest(&self, center: (f64, f64), radius_km: f64, f: &SearchFilter, cursor: Option<&Cursor>, limit: usize) -> Option<(Vec<(String, f64)>, bool)> {
        if !self.ready() {
            return None;
        }
        // Poisoned: a panic while it was being changed; SQL answers until it is rebuilt.
        let guard = self.index.read().ok()?;
        Some(guard.as_ref()?.nearest(center, radius_km, f, cursor, limit))
    }

    /// Refreshes the memory gauge (it walks every bitmap: on the poll, not per change).
    pub fn measure(&self) {
        if let Some(index) = self.index.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            self.bytes.set(index.approx_bytes() as i64);
        }
    }
}

/// Builds this replica's index, then keeps it current: run by `app::serve` on a thread of its
/// own (the build reads every live offer: seconds at a million).
pub fn run(state: crate::state::AppState) {
    let search = state.search.clone();
    if !search.enabled() {
        return;
    }
    let mut ticks = 0u32;
    let mut failures = 0u32;
    loop {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            state.pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                if search.ready() {
                    search.catch_up(&mut conn).map_err(|e| e.to_string())
                } else {
                    search.build(&mut conn).map_err(|e| e.to_string())
                }
            })
        }))
        .unwrap_or_else(|_| Err("panic".into()));
        match outcome {
            Ok(()) => failures = 0,
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::warn!(error = %e, failures, "search index: could not read the offers (will retry)");
            }
        }
        ticks = ticks.wrapping_add(1);
        if ticks.is_multiple_of(240) {
            search.measure();
        }
        // After failures (database away, an offer the index refuses), wait longer each time, up
        // to a minute: a refused build reads every offer.
        std::thread::sleep(POLL_INTERVAL * 2u32.saturating_pow(failures.min(8)));
    }
}
