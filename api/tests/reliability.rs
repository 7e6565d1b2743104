//! Reliability across processes: two job runners on one database (as two replicas would run
//! them) send each queued mail exactly once.

use crate::common;

use common::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn two_job_runners_send_each_mail_once() {
    let app = TestApp::new().await;
    const MAILS: usize = 120;
    let pool = app.state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("conn");
        for i in 0..MAILS {
            let mail = passerelle::notifications::Email {
                to: format!("destinataire{i}@exemple.fr"),
                subject: format!("Message {i}"),
                text: "Bonjour".into(),
                html: "<p>Bonjour</p>".into(),
                attachments: Vec::new(),
            };
            passerelle::notifications::queue_email(&mut conn, &mail).expect("queue");
        }
    })
    .await
    .expect("join");

    let smtp = app.state.config.smtp_url.clone().expect("smtp");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["jobs", "run"])
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("SECRETS_KEY", &app.state.config.secrets_key)
            .env("JWT_SECRET", &app.state.config.jwt_secret)
            .env("APP_ENV", "test")
            .env("SMTP_URL", &smtp)
            .env("WORKER_INTERVAL_MS", "20")
            .env("DATA_DIR", &app.state.config.data_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start a job runner")
    };
    let mut runners = [spawn(), spawn()];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while app.smtp.all().len() < MAILS && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // A little longer: a duplicate would arrive now.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for r in &mut runners {
        let _ = r.kill();
        let _ = r.wait();
    }
    let mails = app.smtp.all();
    let mut per_recipient = std::collections::HashMap::new();
    for m in &mails {
        for to in &m.recipients {
            *per_recipient.entry(to.clone()).or_insert(0) += 1;
        }
    }
    assert_eq!(per_recipient.len(), MAILS, "every mail sent");
    assert!(per_recipient.values().all(|n| *n == 1), "each mail once: {:?}", per_recipient.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>());
    assert_eq!(mails.len(), MAILS);
}

/// A TCP relay between the service and PostgreSQL that the test can cut and restore.
struct Relay {
    port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    cut: tokio::sync::broadcast::Sender<()>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (cut, _) = tokio::sync::broadcast::channel(4);
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !up2.load(std::sync::atomic::Ordering::SeqCst) {
                    continue; // dropped: the connection is refused at once
                }
                let (target, mut stop) = (target.clone(), cut2.subscribe());
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = stop.recv() => {}
                    }
                });
            }
        });
        Relay { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        let _ = self.cut.send(());
    }

    fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The database unreachable for a few seconds: requests fail fast with 503 and `Retry-After`,
/// `/readyz` says so, `/healthz` stays up, and the service recovers by itself. PostgreSQL only
/// (an embedded SQLite file cannot become unreachable).
#[tokio::test(flavor = "multi_thread")]
async fn the_database_going_away_gives_fast_503s_and_recovers_without_restart() {
    let Some(pg) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")) else {
        eprintln!("PostgreSQL only: skipped on SQLite");
        return;
    };
    // postgres://user@host:port/db → host:port
    let after_at = pg.split_once('@').map(|(_, r)| r).unwrap_or(&pg);
    let host_port = after_at.trim_start_matches("postgres://").trim_start_matches("postgresql://").split('/').next().expect("host:port").to_owned();
    let relay = Relay::start(host_port.clone()).await;
    let port = relay.port;
    let app = TestApp::with_config(move |c| {
        c.database_url = c.database_url.replacen(&host_port, &format!("127.0.0.1:{port}"), 1);
        c.db_pool_timeout = std::time::Duration::from_millis(500);
        c.run_worker = false;
    })
    .await;
    assert_eq!(app.get("/readyz", None).await.0, 200);
    assert_eq!(app.get("/api/v1/sectors", None).await.0, 200);

    relay.down();
    let started = std::time::Instant::now();
    let resp = app.client.get(app.url("/api/v1/sectors")).send().await.expect("answer");
    let took = started.elapsed();
    assert_eq!(resp.status().as_u16(), 503);
    assert!(resp.headers().get("retry-after").is_some());
    let (_, body) = TestApp::read(resp).await;
    assert_eq!(body["code"].as_str(), Some("DATABASE_UNAVAILABLE"), "{body}");
    assert!(took < std::time::Duration::from_secs(3), "fails fast: {took:?}");
    assert_eq!(app.get("/readyz", None).await.0, 503);
    assert_eq!(app.get("/healthz", None).await.0, 200, "alive, not ready");

    relay.restore();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let mut ready = false;
    while std::time::Instant::now() < deadline {
        if app.get("/readyz", None).await.0 == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(ready, "ready again without a restart");
    assert_eq!(app.get("/api/v1/sectors", None).await.0, 200);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// `passerelle serve` as a separate process on the test's database (same JWT secret); `extra`
/// environment on top, output to `log` (or nowhere).
fn serve_with(app: &TestApp, port: u16, extra: &[(&str, &str)], log: Option<std::fs::File>) -> std::process::Child {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"));
    cmd.arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_ENV", "test")
        .env("JWT_SECRET", &app.state.config.jwt_secret)
        .env("SECRETS_KEY", &app.state.config.secrets_key)
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("PUBLIC_URL", "http://passerelle.test")
        .env("RUN_WORKER", "false")
        .env("RATE_LIMIT_ENABLED", "false")
        .env("DATA_DIR", &app.state.config.data_dir)
        .env("STATIC_DIR", app.state.config.data_dir.join("no-spa"))
        .env("SMTP_URL", app.state.config.smtp_url.clone().unwrap_or_default());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    match log {
        Some(f) => cmd.stdout(f.try_clone().expect("log")).stderr(f),
        None => cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()),
    };
    cmd.spawn().expect("start the server")
}

fn serve(app: &TestApp, port: u16) -> std::process::Child {
    serve_with(app, port, &[], None)
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..150 {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server did not start");
}

/// SIGKILL during a burst of applications: after a restart, every application that was
/// answered 2xx is there with its weeks, and nothing is half-written.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_server_loses_no_answered_write() {
    use common::world::*;
    use serde_json::json;
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    app.import_reference(&["42"]).await;
    let (host_token, org) = host(&app, "crash").await;
    let offer = published(&app, &host_token, &org, offer_body("Atelier crash", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "crash", &[3]).await;
    let mut pupils = Vec::new();
    for _ in 0..30 {
        pupils.push(pupil(&app, &s).await.0);
    }

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(&app, port);
    wait_ready(&app.client, &base).await;
    let body = json!({"weeks": [week(3)], "motivation": "Je voudrais découvrir ce métier pendant mon stage."});
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sends = pupils.iter().map(|t| {
        let (client, url, body, t, done) = (app.client.clone(), format!("{base}/api/v1/offers/{offer}/applications"), body.clone(), t.clone(), done.clone());
        tokio::spawn(async move {
            let r = client.post(url).bearer_auth(&t).json(&body).send().await.ok()?;
            if !r.status().is_success() {
                return None;
            }
            let v: serde_json::Value = r.json().await.ok()?;
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Some((t, v["id"].as_str()?.to_owned()))
        })
    });
    let handles: Vec<_> = sends.collect();
    // Kill in the middle of the burst: once a few writes were answered.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while done.load(std::sync::atomic::Ordering::SeqCst) < 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    server.kill().expect("SIGKILL");
    let _ = server.wait();
    let mut answered = Vec::new();
    for h in handles {
        if let Ok(Some(ok)) = h.await {
            answered.push(ok);
        }
    }

    // Restart on the same database.
    let mut server = serve(&app, port);
    wait_ready(&app.client, &base).await;
    for (token, id) in &answered {
        let mine: serde_json::Value =
            app.client.get(format!("{base}/api/v1/pupils/me/applications")).bearer_auth(token).send().await.expect("list").json().await.expect("json");
        assert!(mine.as_array().expect("list").iter().any(|a| a["id"] == json!(id)), "answered {id} but lost");
    }
    // Nothing half-written: every application has its weeks.
    let pool = app.state.pool.clone();
    let orphans: i64 = tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query("SELECT COUNT(*) AS n FROM applications a WHERE NOT EXISTS (SELECT 1 FROM application_weeks w WHERE w.application_id = a.id)")
            .get_result::<N>(&mut pool.get().expect("conn"))
            .expect("count")
            .n
    })
    .await
    .expect("join");
    assert_eq!(orphans, 0);
    assert!(!answered.is_empty(), "the burst reached the server before the kill");
    eprintln!("{} of {} applications answered before the kill", answered.len(), pupils.len());
    let _ = server.kill();
    let _ = server.wait();
}

/// What the server writes to its logs (JSON, as in production) never holds a password, a token,
/// a code, a pupil's name or address, while people sign up, confirm, sign in, refresh, reset a
/// password and set up a second factor.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_and_pupils_names_never_reach_the_logs() {
    use serde_json::json;
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = app.state.config.data_dir.join("server.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    // The job runner on (it sends the mails), logs as in production, at debug level.
    let mut server = serve_with(&app, port, &[("LOG_FORMAT", "json"), ("RUST_LOG", "debug"), ("RUN_WORKER", "true"), ("WORKER_INTERVAL_MS", "50")], Some(log));
    wait_ready(&app.client, &base).await;
    let post = |path: &str, body: serde_json::Value, token: Option<&str>| {
        let mut r = app.client.post(format!("{base}{path}")).json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    let password = "Mot-de-passe-Tres-Secret-4242";
    let email = "zephyrine.quetzalcoatl@exemple.fr";
    let r = post(
        "/api/v1/auth/signup",
        json!({"email": email, "password": password, "first_name": "Zéphyrine", "last_name": "Quetzalcoatl", "role": "student"}),
        None,
    )
    .await
    .expect("signup");
    assert_eq!(r.status().as_u16(), 201);
    let mut mail = None;
    for _ in 0..100 {
        mail = app.smtp.last_to(email);
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let confirm_token = mail.expect("confirmation mail").token().expect("token");
    assert!(post("/api/v1/auth/confirm", json!({"token": confirm_token}), None).await.expect("confirm").status().is_success());
    let session: serde_json::Value =
        post("/api/v1/auth/login", json!({"identifier": email, "password": password}), None).await.expect("login").json().await.expect("json");
    let access = session["access_token"].as_str().expect("access").to_owned();
    let refresh = session["refresh_token"].as_str().expect("refresh").to_owned();
    let again: serde_json::Value = post("/api/v1/auth/refresh", json!({"refresh_token": refresh}), None).await.expect("refresh").json().await.expect("json");
    let refreshed = again["refresh_token"].as_str().unwrap_or("").to_owned();
    let wrong = post("/api/v1/auth/login", json!({"identifier": email, "password": "Mauvais-Mot-De-Passe-1717"}), None).await.expect("login");
    assert_eq!(wrong.status().as_u16(), 401);
    let host = "hote.journal@entreprise.fr";
    post("/api/v1/auth/signup", json!({"email": host, "password": password, "first_name": "Paul", "last_name": "Hôte", "role": "employer"}), None)
        .await
        .expect("signup");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let host_token = app.smtp.last_to(host).expect("mail").token().expect("token");
    post("/api/v1/auth/confirm", json!({"token": host_token}), None).await.expect("confirm");
    let h: serde_json::Value =
        post("/api/v1/auth/login", json!({"identifier": host, "password": password}), None).await.expect("login").json().await.expect("json");
    let h_access = h["access_token"].as_str().expect("access").to_owned();
    let setup: serde_json::Value = post("/api/v1/me/totp", json!({}), Some(&h_access)).await.expect("totp").json().await.expect("json");
    let secret = setup["secret"].as_str().expect("secret").to_owned();
    let code = common::totp_now(&secret);
    assert!(post("/api/v1/me/totp/confirm", json!({"code": code}), Some(&h_access)).await.expect("confirm").status().is_success());
    post("/api/v1/auth/password/forgot", json!({"identifier": email}), None).await.expect("forgot");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let reset = app.smtp.last_to(email).and_then(|m| m.token()).unwrap_or_default();
    let _ = server.kill();
    let _ = server.wait();

    let logs = std::fs::read_to_string(&log_path).expect("logs");
    assert!(logs.contains("logged in"), "the server did log: {}", &logs[..logs.len().min(500)]);
    for (what, secret) in [
        ("password", password.to_owned()),
        ("wrong password", "Mauvais-Mot-De-Passe-1717".to_owned()),
        ("access token", access),
        ("refresh token", refresh),
        ("rotated refresh token", refreshed),
        ("confirmation token", confirm_token),
        ("reset token", reset),
        ("TOTP secret", secret),
        ("pupil's first name", "Zéphyrine".to_owned()),
        ("pupil's last name", "Quetzalcoatl".to_owned()),
        ("pupil's e-mail", email.to_owned()),
    ] {
        if secret.len() >= 6 {
            assert!(!logs.contains(&secret), "the logs hold the {what}");
        }
    }
}
