//! Test harness: a real server on a free port over a fresh database, a real SMTP listener
//! catching the mail the worker sends, and helpers to act as each role.
//!
//! Backend: a temporary SQLite file, or, when `TEST_DATABASE_URL` names a PostgreSQL
//! server, a fresh database created on it for each test.
#![allow(dead_code)]

pub mod smtp;
pub mod world;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use passerelle::app::{self, AppState};
use passerelle::config::{Config, Environment, LogFormat};
use serde_json::{json, Value};

pub const PASSWORD: &str = "un-mot-de-passe-solide";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub smtp: smtp::Sink,
    pub outbox_dir: PathBuf,
    _dir: tempfile::TempDir,
    pg_cleanup: Option<(String, String)>,
    server: Option<actix_web::dev::ServerHandle>,
}

fn database_url(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    match std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")) {
        Some(admin_url) => {
            use diesel::connection::SimpleConnection;
            use diesel::Connection;
            let template = pg_template(&admin_url);
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL test server reachable");
            admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")).expect("create test database");
            (format!("{}/{name}", server_base(&admin_url)), Some((admin_url, name)))
        }
        None => {
            let path = dir.join("test.db");
            std::fs::copy(sqlite_template(), &path).expect("copy the migrated SQLite template");
            (format!("sqlite://{}", path.display()), None)
        }
    }
}

fn server_base(admin_url: &str) -> &str {
    admin_url.rsplit_once('/').map(|(b, _)| b).expect("url with a database name")
}

// Every test starts from a copy of a database migrated once per test process (running the
// migrations for each test cost more than the test itself on PostgreSQL). Templates of test
// processes that have ended are removed when the next one starts.
const TEMPLATE_PREFIX: &str = "tpl_passerelle_";

fn process_is_gone(name: &str) -> bool {
    name.parse::<u32>().is_ok_and(|pid| pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists())
}

fn pg_template(admin_url: &str) -> &'static str {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use diesel::connection::SimpleConnection;
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct Db {
            #[diesel(sql_type = diesel::sql_types::Text)]
            datname: String,
        }
        let mut admin = diesel::PgConnection::establish(admin_url).expect("PostgreSQL test server reachable");
        let existing: Vec<Db> =
            diesel::sql_query(format!("SELECT datname FROM pg_database WHERE datname LIKE '{TEMPLATE_PREFIX}%'")).load(&mut admin).expect("list templates");
        for db in existing.iter().filter(|d| process_is_gone(&d.datname[TEMPLATE_PREFIX.len()..])) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", db.datname));
        }
        let name = format!("{TEMPLATE_PREFIX}{}", std::process::id());
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).expect("drop an old template");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create template database");
        // A plain connection (no pool): it is closed before the first copy, which PostgreSQL requires.
        let pg = diesel::PgConnection::establish(&format!("{}/{name}", server_base(admin_url))).expect("template reachable");
        let mut conn = passerelle::db::AnyConnection::Postgresql(pg);
        passerelle::db::migrate(&mut conn).expect("migrate the template");
        drop(conn);
        name
    })
}

fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.strip_prefix(TEMPLATE_PREFIX).and_then(|f| f.strip_suffix(".db")).is_some_and(process_is_gone) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let path = dir.join(format!("{TEMPLATE_PREFIX}{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let mut lite = diesel::SqliteConnection::establish(&path.to_string_lossy()).expect("template file");
        // As the server migrates (db::Manager), in the default journal so that the copy is one file.
        lite.batch_execute("PRAGMA foreign_keys=ON;").expect("pragma");
        let mut conn = passerelle::db::AnyConnection::Sqlite(lite);
        passerelle::db::migrate(&mut conn).expect("migrate the template");
        drop(conn);
        path
    })
}

pub fn backend_name() -> &'static str {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        "postgres"
    } else {
        "sqlite"
    }
}

pub fn test_config(dir: &std::path::Path, database_url: String, smtp_port: u16) -> Config {
    Config {
        env: Environment::Test,
        database_url,
        db_pool_size: 6,
        db_pool_timeout: std::time::Duration::from_secs(5),
        bind: "127.0.0.1:0".into(),
        public_url: "http://passerelle.test".into(),
        jwt_secret: "test-secret-test-secret-test-secret-0123".into(),
        secrets_key: "test-sealing-key-test-sealing-key-0123456".into(),
        data_dir: dir.to_path_buf(),
        static_dir: dir.join("no-spa"),
        smtp_url: Some(format!("smtp://127.0.0.1:{smtp_port}")),
        mail_from: "Passerelle <ne-pas-repondre@passerelle.test>".into(),
        outbox_dir: dir.join("outbox"),
        sms: None,
        log_format: LogFormat::Pretty,
        access_token_ttl: Duration::from_secs(900),
        refresh_idle_ttl: Duration::from_secs(1800),
        session_max_ttl: Duration::from_secs(12 * 3600),
        rate_limit_enabled: true,
        trust_proxy_headers: false,
        run_worker: false,
        worker_interval: Duration::from_millis(100),
        json_limit_bytes: 256 * 1024,
        calendar_radius_km: 30.0,
        application_expiry_days: 15,
        kpi_email_to: vec!["equipe.nationale@exemple.fr".into()],
        partner_rate_limit_per_minute: 100,
        // The tests' webhook receiver is a local plain-HTTP server.
        webhook_allow_http: true,
        cache_ttl_seconds: 0,
        search_in_memory: true,
        max_in_flight: 0,
        tcp_nodelay: true,
        totp_required: true,
        cors_allowed_origins: vec!["https://partenaire.example".into()],
        platform_mode: None,
        siret_lookup_url: None,
        map_tile_url: String::new(),
        map_attribution: String::new(),
        metrics_bind: None,
        metrics_token: None,
        // The tests' webhook receiver listens on 127.0.0.1.
        webhook_allow_private: true,
        check_error_codes: true,
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let smtp = smtp::Sink::start().await;
        let (url, pg_cleanup) = database_url(dir.path());
        let mut config = test_config(dir.path(), url, smtp.port);
        tweak(&mut config);
        let outbox_dir = config.outbox_dir.clone();
        let state = tokio::task::spawn_blocking(move || {
            let state = app::prepare(config)?;
            // Every test searches through the index in memory, as a replica does once ready
            // (a test may turn it off with `search_in_memory = false`).
            let mut conn = state.pool.get().map_err(|e| e.to_string())?;
            state.search.build(&mut conn).map_err(|e| e.to_string())?;
            drop(conn);
            Ok::<_, String>(state)
        })
        .await
        .expect("join")
        .expect("app prepares");
        let (tx, rx) = std::sync::mpsc::channel();
        let server_state = state.clone();
        std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                let srv = actix_web::HttpServer::new(move || app::build(server_state.clone())).workers(2).disable_signals().bind("127.0.0.1:0").expect("bind");
                let addr = srv.addrs()[0];
                let server = srv.run();
                tx.send((addr, server.handle())).expect("send addr");
                let _ = server.await;
            });
        });
        let (addr, handle) = rx.recv().expect("server started");
        TestApp {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client"),
            state,
            smtp,
            outbox_dir,
            _dir: dir,
            pg_cleanup,
            server: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await.expect("request")).await
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<Value>, token: Option<&str>) -> (u16, Value) {
        let m = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("method");
        let mut req = self.client.request(m, self.url(path));
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await.expect("request")).await
    }

    /// Sends a non-JSON body (CSV, a file) and returns the status, the content type and the bytes.
    pub async fn send_raw(&self, method: &str, path: &str, content_type: &str, body: Vec<u8>, token: Option<&str>) -> (u16, String, Vec<u8>) {
        let m = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("method");
        let mut req = self.client.request(m, self.url(path)).header("Content-Type", content_type).body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        (status, ct, resp.bytes().await.expect("body").to_vec())
    }

    pub async fn read(resp: reqwest::Response) -> (u16, Value) {
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        let value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, value)
    }

    /// Runs the worker until the job table is empty: mail goes to the SMTP sink.
    pub async fn deliver(&self) -> usize {
        let worker = self.state.worker().expect("worker");
        let mut total = 0;
        loop {
            let n = worker.run_once().await.expect("worker round");
            if n == 0 {
                return total;
            }
            total += n;
        }
    }

    /// Rebuilds the reporting counters now (what the job runner does every minute).
    pub async fn refresh_stats(&self) {
        let pool = self.state.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("conn");
            passerelle::reporting::service::refresh(&mut conn, passerelle::db::now()).expect("refresh");
        })
        .await
        .expect("join");
    }

    /// Delivers pending mail and returns the newest message sent to `to`.
    pub async fn last_mail_to(&self, to: &str) -> smtp::Mail {
        self.deliver().await;
        self.smtp.last_to(to).unwrap_or_else(|| panic!("no mail to {to}"))
    }

    pub async fn sign_up(&self, email: &str, role: &str, staff_function: Option<&str>) -> (u16, Value) {
        let mut body = json!({"email": email, "password": PASSWORD, "first_name": "Camille", "last_name": "Durand", "role": role});
        if let Some(f) = staff_function {
            body["staff_function"] = json!(f);
        }
        self.post("/api/v1/auth/signup", body, None).await
    }

    /// Signs up, confirms through the mailed link and logs in: returns the access token.
    pub async fn confirmed_user(&self, email: &str, role: &str, staff_function: Option<&str>) -> String {
        let (status, body) = self.sign_up(email, role, staff_function).await;
        assert_eq!(status, 201, "sign-up: {body}");
        let mail = self.last_mail_to(email).await;
        let token = mail.token().expect("token in the confirmation mail");
        let (status, body) = self.post("/api/v1/auth/confirm", json!({"token": token}), None).await;
        assert_eq!(status, 200, "confirm: {body}");
        self.login(email, PASSWORD).await
    }

    pub async fn login(&self, identifier: &str, password: &str) -> String {
        let (status, body) = self.post("/api/v1/auth/login", json!({"identifier": identifier, "password": password}), None).await;
        assert_eq!(status, 200, "login: {body}");
        body["access_token"].as_str().expect("access token").to_owned()
    }

    /// An account of any role (referents and admins included) created straight in the
    /// database, as `seed-demo` does, then logged in.
    pub async fn user_with_role(&self, role: &str, function: Option<&str>, scope: Option<(&str, &str)>) -> String {
        let email = format!("{}-{}@exemple.fr", role.replace('_', "-"), uuid::Uuid::new_v4().simple());
        self.user_with_email(&email, role, function, scope).await
    }

    /// Imports the shipped reference data, keeping only some departments (fast on both backends).
    pub async fn import_reference(&self, departments: &[&str]) {
        let dir = reference_fixture(departments);
        let pool = self.state.pool.clone();
        tokio::task::spawn_blocking(move || {
            passerelle::reference::import::import(&mut pool.get().expect("conn"), passerelle::reference::import::Kind::All, dir.path()).expect("import")
        })
        .await
        .expect("join");
    }

    pub async fn user_with_email(&self, email: &str, role: &str, function: Option<&str>, scope: Option<(&str, &str)>) -> String {
        use passerelle::accounts::service::{upsert_demo, NewAccount};
        use passerelle::auth::{password, Role, Scope, ScopeKind, StaffFunction};
        let email = email.to_owned();
        let account = NewAccount {
            email: Some(email.clone()),
            phone: None,
            password_hash: password::hash(PASSWORD).expect("hash"),
            role: Role::parse(role).expect("role"),
            staff_function: function.and_then(StaffFunction::parse),
            scope: scope.map(|(k, c)| Scope { kind: ScopeKind::parse(k).expect("scope"), code: c.into() }),
            first_name: "Test".into(),
            last_name: "Compte".into(),
        };
        let pool = self.state.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().expect("conn");
            upsert_demo(&mut conn, account).expect("account")
        })
        .await
        .expect("join");
        let token = self.login(&email, PASSWORD).await;
        if matches!(role, "admin" | "referent") && self.state.config.totp_required {
            return self.enrol_totp(&token).await.0;
        }
        token
    }

    /// Sets up two-factor authentication for a signed-in person: (two-factor access token, secret).
    pub async fn enrol_totp(&self, token: &str) -> (String, String) {
        let (status, setup) = self.post("/api/v1/me/totp", json!({}), Some(token)).await;
        assert_eq!(status, 200, "totp set-up: {setup}");
        let secret = setup["secret"].as_str().expect("secret").to_owned();
        let (status, body) = self.post("/api/v1/me/totp/confirm", json!({"code": totp_now(&secret)}), Some(token)).await;
        assert_eq!(status, 200, "totp confirm: {body}");
        (body["access_token"].as_str().expect("token").to_owned(), secret)
    }

    /// Runs SQL directly: stands in for features of later issues (a confirmed pupil).
    pub async fn exec(&self, sql: &str) {
        let pool = self.state.pool.clone();
        let sql = sql.to_owned();
        tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            let mut conn = pool.get().expect("conn");
            diesel::sql_query(sql).execute(&mut conn).expect("exec");
        })
        .await
        .expect("join")
    }

    pub async fn count(&self, table: &'static str) -> i64 {
        let pool = self.state.pool.clone();
        tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            #[derive(QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let mut conn = pool.get().expect("conn");
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result::<N>(&mut conn).expect("count").n
        })
        .await
        .expect("join")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Error codes answered that their operation does not document (http::error_codes):
        // listed in ERROR_CODES_COLLECT when set (to complete the document), a failure otherwise.
        let undocumented: Vec<String> = self.state.undocumented_codes.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default();
        if !undocumented.is_empty() {
            match std::env::var("ERROR_CODES_COLLECT") {
                Ok(file) => {
                    use std::io::Write;
                    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(file) {
                        let _ = writeln!(f, "{}", undocumented.join("\n"));
                    }
                }
                Err(_) if !std::thread::panicking() => panic!("error codes not documented by their operation (openapi):\n{}", undocumented.join("\n")),
                Err(_) => {}
            }
        }
        if let Some(h) = self.server.take() {
            // Stop without waiting: the thread's system ends with it.
            drop(h.stop(false));
        }
        if let Some((admin_url, name)) = self.pg_cleanup.take() {
            let _ = std::thread::spawn(move || {
                use diesel::connection::SimpleConnection;
                use diesel::Connection;
                if let Ok(mut admin) = diesel::PgConnection::establish(&admin_url) {
                    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            })
            .join();
        }
    }
}

pub type Shared<T> = Arc<std::sync::Mutex<T>>;

const REFERENCE_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../reference-data");

/// A copy of the shipped reference files, keeping only some departments.
pub fn reference_fixture(departments: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let keep = |file: &str, column: &str| {
        let mut reader = csv::Reader::from_path(std::path::Path::new(REFERENCE_DATA).join(file)).expect("source");
        let headers = reader.headers().expect("headers").clone();
        let idx = headers.iter().position(|h| h == column);
        let mut writer = csv::Writer::from_path(dir.path().join(file)).expect("write");
        writer.write_record(&headers).expect("header");
        for rec in reader.records() {
            let rec = rec.expect("record");
            if idx.is_none_or(|i| departments.contains(&&rec[i])) {
                writer.write_record(&rec).expect("row");
            }
        }
        writer.flush().expect("flush");
    };
    keep("departements_academies.csv", "nothing");
    keep("secteurs.csv", "nothing");
    keep("codes_naf_rev2.csv", "nothing");
    keep("naf_secteur_mapping.csv", "nothing");
    keep("communes.csv", "dep_code");
    keep("communes_deleguees_associees.csv", "dep_code");
    keep("etablissements_colleges_lycees.csv", "dep_code");
    keep("targets_2019_ministries.csv", "nothing");
    keep("targets_2019_departments.csv", "department_code");
    dir
}

/// The code an authenticator app would show now for this base32 secret.
pub fn totp_now(secret: &str) -> String {
    passerelle::auth::totp::code_at(&passerelle::auth::totp::base32_decode(secret).expect("base32"), chrono::Utc::now().timestamp())
}

/// The class's join code, read straight from the database (the staff hand it out on paper).
pub async fn join_code(app: &TestApp, class_id: &str) -> String {
    use diesel::prelude::*;
    use passerelle::db::schema::school_classes as sc;
    let (pool, id) = (app.state.pool.clone(), class_id.to_owned());
    tokio::task::spawn_blocking(move || sc::table.find(id).select(sc::join_code).first::<Option<String>>(&mut *pool.get().expect("conn")).expect("class"))
        .await
        .expect("join")
        .expect("a join code")
}

/// A workbook read back with a maintained reader (calamine): each sheet's name and cells, as
/// typed in the file (numbers are `Data::Float`, text `Data::String`).
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}
