//! Load shedding: beyond a number of API requests in progress on this replica, new ones are
//! refused at once with 503 and `Retry-After` instead of queuing until latency explodes. The
//! refused request did nothing, so the SPA can safely try again after the pause.

use crate::error::ErrorCode;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::AppError;

pub struct Shedder {
    max_in_flight: usize,
    in_flight: AtomicUsize,
    pub shed_total: prometheus::IntCounter,
}

/// Releases the slot when the request ends, however it ends.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Shedder {
    /// `max_in_flight` zero: never shed.
    pub fn new(max_in_flight: usize) -> Self {
        let shed_total = prometheus::IntCounter::new("requests_shed_total", "API requests refused because the replica was saturated")
            .unwrap_or_else(|_| panic!("invalid static metric definition"));
        Shedder { max_in_flight, in_flight: AtomicUsize::new(0), shed_total }
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    fn try_enter(&self) -> Option<Slot<'_>> {
        let before = self.in_flight.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(&self.in_flight);
        if self.max_in_flight > 0 && before >= self.max_in_flight {
            self.shed_total.inc();
            return None; // the slot is released on drop
        }
        Some(slot)
    }
}

/// The error the SPA recognises (`OVERLOADED`) and retries after `Retry-After`, with jitter.
pub fn overloaded() -> AppError {
    AppError::new(ErrorCode::Overloaded, "Beaucoup de monde se connecte en ce moment : réessayez dans quelques secondes.").with_retry_after(2)
}

/// Middleware: API routes only (health checks, metrics and the SPA's files always answer).
pub async fn shed(req: ServiceRequest, next: Next<impl MessageBody>) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let shedder = req.app_data::<web::Data<Shedder>>().cloned();
    match shedder {
        Some(s) if req.path().starts_with("/api/") => {
            let Some(_slot) = s.try_enter() else {
                let (req, _) = req.into_parts();
                let res = actix_web::ResponseError::error_response(&overloaded());
                return Ok(ServiceResponse::new(req, res).map_into_right_body());
            };
            Ok(next.call(req).await?.map_into_left_body())
        }
        _ => Ok(next.call(req).await?.map_into_left_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::{test, App, HttpResponse};
    use std::sync::Arc;

    #[actix_web::test]
    async fn refuses_beyond_the_limit_with_retry_after_and_recovers() {
        let shedder = Arc::new(Shedder::new(1));
        let gate = Arc::new(tokio::sync::Notify::new());
        let g = gate.clone();
        let app = test::init_service(
            App::new()
                .app_data(web::Data::from(shedder.clone()))
                .wrap(from_fn(shed))
                .route(
                    "/api/slow",
                    web::get().to(move || {
                        let g = g.clone();
                        async move {
                            g.notified().await;
                            HttpResponse::Ok().finish()
                        }
                    }),
                )
                .route("/api/fast", web::get().to(|| async { HttpResponse::Ok().finish() }))
                .route("/healthz", web::get().to(|| async { HttpResponse::Ok().finish() })),
        )
        .await;

        // One request in progress holds the only slot.
        let slow = test::call_service(&app, test::TestRequest::get().uri("/api/slow").to_request());
        let (slow_res, refused, health) = {
            let mut slow = Box::pin(slow);
            // Let the slow request enter the handler.
            tokio::select! { _ = &mut slow => panic!("the slow request ended early"), _ = tokio::time::sleep(std::time::Duration::from_millis(20)) => {} }
            assert_eq!(shedder.in_flight(), 1);
            let refused = test::call_service(&app, test::TestRequest::get().uri("/api/fast").to_request()).await;
            let health = test::call_service(&app, test::TestRequest::get().uri("/healthz").to_request()).await;
            gate.notify_one();
            (slow.await, refused, health)
        };
        assert_eq!(slow_res.status(), 200);
        assert_eq!(refused.status(), 503);
        assert_eq!(refused.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("2"));
        let body: serde_json::Value = serde_json::from_slice(&test::read_body(refused).await).expect("json");
        assert_eq!(body["code"], "OVERLOADED");
        assert_eq!(health.status(), 200, "health checks are never shed");
        assert_eq!(shedder.shed_total.get(), 1);
        // The slot is back: the next request goes through.
        assert_eq!(shedder.in_flight(), 0);
        assert_eq!(test::call_service(&app, test::TestRequest::get().uri("/api/fast").to_request()).await.status(), 200);
    }
}
