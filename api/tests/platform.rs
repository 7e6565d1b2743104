//! The platform's shared behaviour: error shape, body limits, health, metrics, OpenAPI drift,
//! migrations on both backends, real database errors.

use crate::common;

use common::TestApp;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn ten_megabyte_body_gets_413_in_the_error_shape() {
    let app = TestApp::new().await;
    let big = "a".repeat(10 * 1024 * 1024);
    let body = format!("{{\"email\":\"a@b.fr\",\"password\":\"{big}\",\"first_name\":\"a\",\"last_name\":\"b\",\"role\":\"student\"}}");
    let resp = app.client.post(app.url("/api/v1/auth/signup")).header("content-type", "application/json").body(body).send().await.expect("request");
    let (status, body) = TestApp::read(resp).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "PAYLOAD_TOO_LARGE");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn hundred_kilobyte_name_gets_422_and_nothing_is_written() {
    let app = TestApp::new().await;
    let (status, body) = app
        .post(
            "/api/v1/auth/signup",
            json!({"email": "long@exemple.fr", "password": common::PASSWORD, "first_name": "n".repeat(100 * 1024), "last_name": "L", "role": "student"}),
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "VALIDATION_ERROR");
    assert!(body["fields"]["first_name"].is_array());
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("jobs").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_unknown_fields_and_wrong_types_are_4xx() {
    let app = TestApp::new().await;
    let resp =
        app.client.post(app.url("/api/v1/auth/login")).header("content-type", "application/json").body("{\"identifier\": ").send().await.expect("request");
    let (status, body) = TestApp::read(resp).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("BAD_REQUEST")));

    let (status, body) = app.post("/api/v1/auth/login", json!({"identifier": "a@b.fr", "password": "x", "admin": true}), None).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["admin"].is_array());

    let (status, _) = app.post("/api/v1/auth/login", json!({"identifier": 42, "password": "x"}), None).await;
    assert_eq!(status, 422);

    let resp = app.client.post(app.url("/api/v1/auth/login")).body("identifier=a").send().await.expect("request");
    let (status, body) = TestApp::read(resp).await;
    assert_eq!((status, body["code"].as_str()), (415, Some("UNSUPPORTED_MEDIA_TYPE")));
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_api_route_is_a_json_404() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/api/v1/nothing-here", None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_readiness_metrics_and_request_id() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/healthz", None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, body) = app.get("/readyz", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["database"], common::backend_name());

    let resp = app.client.get(app.url("/api/v1/me")).send().await.expect("me");
    assert!(resp.headers().get("x-request-id").is_some());
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(resp.headers()["content-security-policy"].to_str().expect("csp").contains("frame-ancestors 'none'"));

    let text = app.client.get(app.url("/metrics")).send().await.expect("metrics").text().await.expect("text");
    assert!(text.contains("passerelle_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1"), "{text}");
    assert!(text.contains("passerelle_http_request_duration_seconds_bucket"));
    assert!(text.contains("passerelle_db_pool_connections"));
    assert!(text.contains("passerelle_jobs_pending 0"));
}

#[tokio::test(flavor = "multi_thread")]
async fn served_openapi_document_matches_the_committed_file() {
    let app = TestApp::new().await;
    let (status, served) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    let committed: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).expect("openapi.yaml at the root"))
            .expect("valid YAML");
    assert_eq!(served, committed, "openapi.yaml is stale: run `make openapi` and commit it");
    assert_eq!(served["openapi"], "3.1.0");
    let resp = app.client.get(app.url("/api/docs/")).send().await.expect("docs");
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.expect("html").contains("swagger"));
}

#[test]
fn committed_openapi_yaml_is_generated_from_the_code() {
    let generated = passerelle::openapi::to_yaml().expect("yaml");
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap_or_default();
    assert!(generated == committed, "openapi.yaml drifted from the code: run `make openapi` and commit the result");
}

#[test]
fn every_api_operation_documents_its_errors() {
    let doc = passerelle::openapi::document();
    let value = serde_json::to_value(&doc).expect("json");
    let mut checked = 0;
    for (path, item) in value["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            let responses = op["responses"].as_object().expect("responses");
            for code in ["422", "429", "500"] {
                assert!(responses.contains_key(code), "{method} {path} lacks {code}");
            }
            if op.get("security").is_some() {
                assert!(responses.contains_key("401") && responses.contains_key("403"), "{method} {path}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} operations");
}

#[tokio::test(flavor = "multi_thread")]
async fn migrations_roll_back_and_apply_again() {
    let app = TestApp::new().await;
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        passerelle::db::revert_all(&mut conn).expect("down");
        let applied = passerelle::db::migrate(&mut conn).expect("up");
        assert!(!applied.is_empty());
    })
    .await
    .expect("join");
    assert_eq!(app.count("users").await, 0);
}

#[test]
fn a_postgresql_that_is_down_reports_its_real_error() {
    let err = passerelle::db::connect("postgres://passerelle@127.0.0.1:1/passerelle", 1).expect_err("nothing listens on port 1");
    assert!(err.contains("postgres"), "{err}");
    assert!(err.to_lowercase().contains("connect") || err.contains("refused"), "the real cause, not a generic message: {err}");
    assert!(!err.contains("multiconnection"), "{err}");
}

#[test]
fn an_unknown_database_scheme_is_refused_clearly() {
    let err = passerelle::db::connect("mysql://x/y", 1).expect_err("refused");
    assert!(err.contains("DATABASE_URL"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_seed_is_idempotent_and_gives_the_host_a_published_offer() {
    let app = TestApp::new().await;
    app.import_reference(&["75"]).await;
    let pool = app.state.pool.clone();
    let first = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        let a = passerelle::demo::seed(&mut conn).expect("seed");
        passerelle::demo::seed(&mut conn).expect("seed again");
        a
    })
    .await
    .expect("join");
    assert!(first.len() >= 6);
    // The demo host's organisation and the demo partner association's; of the host's offers,
    // the two in Paris (those in the Seine-Saint-Denis and Yvelines need their
    // reference data, not imported here).
    assert_eq!(
        (app.count("organisations").await, app.count("offers").await, app.count("school_registrations").await, app.count("operators").await),
        (2, 2, 2, 1)
    );
    let operator = app.login("association@demo.passerelle.fr", passerelle::demo::DEMO_PASSWORD).await;
    let (_, mine) = app.get("/api/v1/operators/me", Some(&operator)).await;
    assert_eq!(mine[0]["name"], "Association Tremplin (démo)");
    let token = app.login("tuteur@demo.passerelle.fr", passerelle::demo::DEMO_PASSWORD).await;
    let (_, orgs) = app.get("/api/v1/organisations/mine", Some(&token)).await;
    let org = orgs[0]["id"].as_str().expect("org");
    let (_, offers) = app.get(&format!("/api/v1/organisations/{org}/offers"), Some(&token)).await;
    let offers = offers.as_array().expect("offers");
    assert!(offers.iter().all(|o| o["status"] == "published"), "{offers:?}");
    // One is reserved to priority-education pupils, as the demo collège's are.
    let mut reserved = 0;
    for o in offers {
        let (_, full) = app.get(&format!("/api/v1/offers/{}", o["id"].as_str().expect("id")), Some(&token)).await;
        reserved += usize::from(full["rep_only"] == true);
    }
    assert_eq!(reserved, 1, "{offers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn maintenance_and_read_only_modes() {
    let app = TestApp::new().await;
    let admin = app.user_with_role("admin", None, None).await;
    let pupil = app.user_with_role("student", None, None).await;
    assert_eq!(app.send("PUT", "/api/v1/admin/platform-mode", Some(json!({"mode": "maintenance"})), Some(&pupil)).await.0, 403);

    // Maintenance: 503 with Retry-After for everyone but health checks, signing in and admins.
    let (status, body) =
        app.send("PUT", "/api/v1/admin/platform-mode", Some(json!({"mode": "maintenance", "message": "Mise à jour de 14 h à 14 h 30."})), Some(&admin)).await;
    assert_eq!((status, body["mode"].as_str()), (200, Some("maintenance")), "{body}");
    let resp = app.client.get(app.url("/api/v1/reference/sectors")).send().await.expect("request");
    let retry = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, body) = TestApp::read(resp).await;
    assert_eq!(
        (status, body["code"].as_str(), body["message"].as_str(), retry.as_deref()),
        (503, Some("MAINTENANCE"), Some("Mise à jour de 14 h à 14 h 30."), Some("300"))
    );
    assert_eq!(app.get("/api/v1/me", Some(&pupil)).await.0, 200, "signing in still works");
    assert_eq!(app.get("/api/v1/pupils/me", Some(&pupil)).await.0, 503);
    assert_eq!(app.get("/api/v1/reference/sectors", Some(&admin)).await.0, 200, "admins go on working");
    assert_eq!(app.client.get(app.url("/healthz")).send().await.expect("health").status().as_u16(), 200);
    assert_eq!(app.get("/api/v1/platform-status", None).await.1["mode"], "maintenance");

    // Read-only: reads work, writes answer 503, admins included; the switch back works.
    app.send("PUT", "/api/v1/admin/platform-mode", Some(json!({"mode": "read_only"})), Some(&admin)).await;
    assert_eq!(app.get("/api/v1/reference/sectors", None).await.0, 200);
    let (status, body) = app.send("PUT", "/api/v1/pupils/me/enrolment", Some(json!({"class_id": "x"})), Some(&pupil)).await;
    assert_eq!((status, body["code"].as_str()), (503, Some("READ_ONLY")));
    let users = app.count("users").await;
    let (status, _) = app
        .post(
            "/api/v1/admin/users",
            json!({"email": "ref-ro@exemple.fr", "first_name": "R", "last_name": "S", "role": "referent", "scope": {"kind": "department", "code": "13"}}),
            Some(&admin),
        )
        .await;
    assert_eq!((status, app.count("users").await), (503, users), "nothing written");
    // The job runner pauses too: a queued mail waits for the normal mode.
    app.exec("INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at) VALUES ('ro-job', 'send_email', '{\"to\":\"x@exemple.fr\",\"subject\":\"s\",\"text\":\"t\",\"html\":\"h\"}', 'pending', 0, 8, '2020-01-01 00:00:00', '2020-01-01 00:00:00')").await;
    assert_eq!(app.deliver().await, 0, "nothing runs in read-only mode");
    let (status, body) = app.send("PUT", "/api/v1/admin/platform-mode", Some(json!({"mode": "normal"})), Some(&admin)).await;
    assert_eq!((status, body["mode"].as_str()), (200, Some("normal")));
    assert!(app.deliver().await >= 1, "the queued mail goes once back to normal");
    assert_eq!(app.get("/api/v1/pupils/me", Some(&pupil)).await.0, 200);
}

/// Hardened answers: a strict CSP without inline scripts, no framing, no sniffing, a referrer
/// policy; cross-origin calls only from the configured origins (never a wildcard).
#[tokio::test(flavor = "multi_thread")]
async fn security_headers_and_cors_for_configured_origins_only() {
    let app = TestApp::new().await;
    for path in ["/api/v1/sectors", "/offres", "/api/v1/nowhere"] {
        let resp = app.client.get(app.url(path)).send().await.expect("request");
        let h = resp.headers();
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let script = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap_or("").to_owned();
        assert_eq!(script.trim(), "script-src 'self'", "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert_eq!(h.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));
        assert_eq!(h.get("referrer-policy").and_then(|v| v.to_str().ok()), Some("strict-origin-when-cross-origin"));
        assert!(h.get("strict-transport-security").is_none(), "HSTS in production only");
        assert!(h.get("access-control-allow-origin").is_none(), "no Origin, no CORS");
    }
    // A partner's site (configured) may call from a browser; another may not.
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/partner/offers"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .send()
    };
    let ok = preflight("https://partenaire.example").await.expect("preflight");
    assert_eq!(ok.status(), 204);
    assert_eq!(ok.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("https://partenaire.example"));
    assert!(ok.headers().get("access-control-allow-methods").and_then(|v| v.to_str().ok()).unwrap_or("").contains("PUT"));
    let refused = preflight("https://evil.example").await.expect("preflight");
    assert_eq!(refused.status(), 403);
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    let (status, body) = TestApp::read(refused).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("CORS_ORIGIN_REFUSED")));
    let simple = app.client.get(app.url("/api/v1/sectors")).header("Origin", "https://partenaire.example").send().await.expect("get");
    assert_eq!(simple.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("https://partenaire.example"));
    let other = app.client.get(app.url("/api/v1/sectors")).header("Origin", "https://evil.example").send().await.expect("get");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_behind_a_token_or_on_their_own_address() {
    let app = TestApp::with_config(|c| c.metrics_token = Some("prometheus-scrape-token-0123".into())).await;
    let resp = app.client.get(app.url("/metrics")).send().await.expect("metrics");
    assert_eq!(resp.status(), 401, "no token, no metrics");
    let resp = app.client.get(app.url("/metrics")).bearer_auth("wrong-token-wrong-token-0").send().await.expect("metrics");
    assert_eq!(resp.status(), 401);
    let resp = app.client.get(app.url("/metrics")).bearer_auth("prometheus-scrape-token-0123").send().await.expect("metrics");
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.expect("text").contains("passerelle_http_requests_total"));

    let app = TestApp::with_config(|c| c.metrics_bind = Some("127.0.0.1:0".into())).await;
    let (status, body) = app.get("/metrics", None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")), "served on the metrics address only");
    let app = TestApp::with_config(|c| c.env = passerelle::config::Environment::Production).await;
    assert_eq!(app.get("/metrics", None).await.0, 404, "production without a token or an address serves none");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_secrets_key_refuses_to_start() {
    let app = TestApp::new().await;
    let same = (*app.state.config).clone();
    let mut other = same.clone();
    other.secrets_key = "another-sealing-key-another-sealing-key-99".into();
    let refused = tokio::task::spawn_blocking(move || passerelle::app::prepare(other).err()).await.expect("join");
    assert!(refused.as_deref().is_some_and(|e| e.contains("SECRETS_KEY")), "{refused:?}");
    let started = tokio::task::spawn_blocking(move || passerelle::app::prepare(same).is_ok()).await.expect("join");
    assert!(started, "the original key still starts");
}

#[tokio::test(flavor = "multi_thread")]
async fn static_files_cached_precompressed_and_api_errors_in_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(&assets).expect("assets");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>SPA</title>").expect("index");
    std::fs::write(assets.join("app-1a2b.js"), "console.log('plain')").expect("js");
    std::fs::write(assets.join("app-1a2b.js.br"), "BROTLI-BYTES").expect("br");
    std::fs::write(assets.join("app-1a2b.js.gz"), "GZIP-BYTES").expect("gz");
    let root = dir.path().to_path_buf();
    let app = TestApp::with_config(move |c| c.static_dir = root).await;
    let get = |path: &str, encoding: &str| app.client.get(app.url(path)).header("accept-encoding", encoding).send();

    let resp = get("/assets/app-1a2b.js", "gzip, deflate, br").await.expect("asset");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(resp.headers()["content-encoding"], "br");
    assert!(resp.headers()["content-type"].to_str().expect("type").contains("javascript"));
    assert_eq!(resp.bytes().await.expect("body").as_ref(), b"BROTLI-BYTES");
    let resp = get("/assets/app-1a2b.js", "gzip").await.expect("asset");
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    assert_eq!(resp.bytes().await.expect("body").as_ref(), b"GZIP-BYTES");
    let resp = get("/assets/app-1a2b.js", "identity").await.expect("asset");
    assert!(resp.headers().get("content-encoding").is_none());
    assert_eq!(resp.text().await.expect("body"), "console.log('plain')");

    let resp = get("/recherche?q=x", "identity").await.expect("spa route");
    assert_eq!((resp.status().as_u16(), resp.headers()["cache-control"].to_str().ok()), (200, Some("no-cache")));
    assert!(resp.text().await.expect("html").contains("<title>SPA</title>"));
    assert_eq!(get("/assets/gone-9z.js", "identity").await.expect("missing").status(), 404, "a missing asset is never index.html");
    assert_eq!(get("/../Cargo.toml", "identity").await.expect("escape").status(), 200, "a path leaving the root is the SPA, never a file");

    for (method, path) in [("GET", "/api/v1/nope%00"), ("POST", "/assets/app-1a2b.js"), ("GET", "/api/%ff"), ("DELETE", "/api")] {
        let resp = app.client.request(method.parse().expect("method"), app.url(path)).send().await.expect("request");
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e})"));
        assert!(status >= 400 && body["code"].is_string() && body["message"].is_string(), "{method} {path}: {status} {body}");
    }
}
