//! The outbox: mail and SMS leave through the worker, with retries when the far end fails.

use crate::common;

use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use common::{smtp::Sink, TestApp};
use serde_json::{json, Value};

#[derive(serde::Deserialize)]
struct JobRow {
    status: String,
    attempts: i32,
    last_error: Option<String>,
}

async fn jobs(app: &TestApp) -> Vec<JobRow> {
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use passerelle::db::schema::jobs::dsl::*;
        let mut conn = pool.get().expect("conn");
        jobs.select((status, attempts, last_error))
            .load::<(String, i32, Option<String>)>(&mut conn)
            .expect("jobs")
            .into_iter()
            .map(|(s, a, e)| JobRow { status: s, attempts: a, last_error: e })
            .collect()
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_waits_and_retries_when_the_smtp_server_is_down() {
    // A port nobody listens on (yet).
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let app = TestApp::with_config(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;

    // The request does not wait for the mail server.
    let started = std::time::Instant::now();
    let (status, _) = app.sign_up("patient@exemple.fr", "student", None).await;
    assert_eq!(status, 201);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    app.state.worker().expect("worker").run_once().await.expect("round");
    let rows = jobs(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("pending", 1));
    assert!(rows[0].last_error.as_deref().is_some_and(|e| e.contains("SMTP")), "{:?}", rows[0].last_error);
    // Backed off: not due again right away.
    assert_eq!(app.state.worker().expect("worker").run_once().await.expect("round"), 0);

    // The server comes back and the job is due: the mail goes out.
    let sink = Sink::start_on(port).await;
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use passerelle::db::schema::jobs::dsl::*;
        let mut conn = pool.get().expect("conn");
        diesel::update(jobs).set(run_at.eq(passerelle::db::now())).execute(&mut conn).expect("due now");
    })
    .await
    .expect("join");
    assert_eq!(app.state.worker().expect("worker").run_once().await.expect("round"), 1);
    assert!(sink.last_to("patient@exemple.fr").is_some());
    let rows = jobs(&app).await;
    assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("done", 2));
}

async fn sms_provider(store: Arc<Mutex<Vec<(String, Value)>>>) -> (String, actix_web::dev::ServerHandle) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let srv = HttpServer::new(move || {
                let store = store.clone();
                App::new().route(
                    "/sms",
                    web::post().to(move |req: HttpRequest, body: web::Json<Value>| {
                        let store = store.clone();
                        async move {
                            let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                            store.lock().expect("lock").push((auth, body.into_inner()));
                            HttpResponse::Ok().json(json!({"id": "sms-1"}))
                        }
                    }),
                )
            })
            .workers(1)
            .disable_signals()
            .bind("127.0.0.1:0")
            .expect("bind");
            let addr = srv.addrs()[0];
            let server = srv.run();
            tx.send((format!("http://{addr}/sms"), server.handle())).expect("send");
            let _ = server.await;
        });
    });
    rx.recv().expect("provider started")
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_go_to_the_provider_api_with_its_key() {
    let received = Arc::new(Mutex::new(Vec::new()));
    let (url, handle) = sms_provider(received.clone()).await;
    let app =
        TestApp::with_config(|c| c.sms = Some(passerelle::config::SmsConfig { api_url: url, api_key: "cle-secrete".into(), sender: "Passerelle".into() }))
            .await;
    let (status, _) = app
        .post(
            "/api/v1/auth/signup",
            json!({"phone": "+262 692 12 34 56", "password": common::PASSWORD, "first_name": "Noa", "last_name": "Payet", "role": "student"}),
            None,
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(app.deliver().await, 1);
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Bearer cle-secrete");
    assert_eq!(got[0].1["to"], "+262692123456");
    assert_eq!(got[0].1["from"], "Passerelle");
    let text = got[0].1["text"].as_str().expect("text");
    let code: String = text.split("est ").nth(1).expect("code").chars().take(6).collect();
    let (status, body) = app.post("/api/v1/auth/confirm", json!({"phone": "0692123456", "code": code}), None).await;
    assert_eq!(status, 200, "{body}");
    drop(handle.stop(false));
}
