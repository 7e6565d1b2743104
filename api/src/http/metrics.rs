//! Prometheus metrics: requests, latency, pool use, job backlog.

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder};

#[derive(Clone)]
pub struct Metrics {
    pub registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub pool: IntGaugeVec,
    pub jobs_pending: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("passerelle".into()), None).unwrap_or_default();
        let requests = IntCounterVec::new(Opts::new("http_requests_total", "HTTP requests by method, route and status"), &["method", "route", "status"])
            .unwrap_or_else(|_| unreachable_metric());
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["method", "route"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let pool =
            IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections by state"), &["state"]).unwrap_or_else(|_| unreachable_metric());
        let jobs_pending = IntGauge::new("jobs_pending", "Jobs waiting in the job table (outbox backlog)").unwrap_or_else(|_| unreachable_metric());
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool.clone()),
            Box::new(jobs_pending.clone()),
        ] {
            let _ = registry.register(c);
        }
        Metrics { registry, requests, latency, pool, jobs_pending }
    }

    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Metric definitions above are static and valid; this only satisfies the types.
fn unreachable_metric<T>() -> T {
    panic!("invalid static metric definition")
}
