//! A few seconds of memory for the answers every pupil of a school (or every visitor) shares:
//! search pages and offer pages. Per replica, bounded, expired by age only: a change shows
//! after at most the TTL, which is what the opening rush can afford.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

pub struct TtlCache {
    ttl: Duration,
    max_entries: usize,
    entries: Mutex<HashMap<String, (Instant, Bytes)>>,
}

impl TtlCache {
    /// `ttl` zero: the cache is off.
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        TtlCache { ttl, max_entries, entries: Mutex::new(HashMap::new()) }
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        if !self.enabled() {
            return None;
        }
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, b)| b.clone())
    }

    pub fn put(&self, key: String, value: Bytes) {
        if !self.enabled() {
            return;
        }
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= self.max_entries {
            // Drop what has expired; if everything is fresh, start over (memory stays bounded).
            let ttl = self.ttl;
            map.retain(|_, (at, _)| at.elapsed() < ttl);
            if map.len() >= self.max_entries {
                map.clear();
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_until_the_ttl_then_forgets() {
        let c = TtlCache::new(Duration::from_millis(40), 10);
        c.put("a".into(), Bytes::from_static(b"1"));
        assert_eq!(c.get("a").as_deref(), Some(&b"1"[..]));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get("a"), None);
    }

    #[test]
    fn stays_bounded_and_can_be_off() {
        let c = TtlCache::new(Duration::from_secs(60), 3);
        for i in 0..10 {
            c.put(format!("k{i}"), Bytes::from_static(b"x"));
        }
        assert!(c.len() <= 3);
        assert!(c.get("k9").is_some(), "the newest entry is kept");
        let off = TtlCache::new(Duration::ZERO, 3);
        off.put("a".into(), Bytes::from_static(b"1"));
        assert_eq!(off.get("a"), None);
    }
}
