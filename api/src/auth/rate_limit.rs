//! In-memory fixed-window limiter keyed by (bucket, key), per replica. Account lockout is
//! in the database (shared by replicas); this one only slows down floods from one address.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// (bucket, key) → (start of the current window, hits in it).
type Windows = HashMap<(&'static str, String), (Instant, u32)>;

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<Windows>,
}

impl RateLimiter {
    /// Counts one hit; `Err(seconds)` when over `max` in `window`.
    pub fn hit(&self, bucket: &'static str, key: &str, max: u32, window: Duration) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = match self.windows.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = map.entry((bucket, key.to_owned())).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > max {
            let left = window.saturating_sub(now.duration_since(entry.0));
            Err(left.as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_and_keys_are_separate() {
        let rl = RateLimiter::default();
        for _ in 0..3 {
            assert!(rl.hit("login", "1.2.3.4", 3, Duration::from_secs(60)).is_ok());
        }
        let retry = rl.hit("login", "1.2.3.4", 3, Duration::from_secs(60)).expect_err("limited");
        assert!((1..=60).contains(&retry));
        assert!(rl.hit("login", "5.6.7.8", 3, Duration::from_secs(60)).is_ok());
        assert!(rl.hit("signup", "1.2.3.4", 3, Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn window_resets() {
        let rl = RateLimiter::default();
        assert!(rl.hit("b", "k", 1, Duration::from_millis(20)).is_ok());
        assert!(rl.hit("b", "k", 1, Duration::from_millis(20)).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(rl.hit("b", "k", 1, Duration::from_millis(20)).is_ok());
    }
}
