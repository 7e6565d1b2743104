//! `make bench`: one dataset (backend × size), the release server on it, workloads W1–W7 and the
//! campaign-opening mix through HTTP, then the same work straight against the database (the
//! floor). Writes one JSON result; `bench/report.py` puts results side by side.
//!
//!   cargo bench -p passerelle --bench load -- --bin target/release/passerelle \
//!       --database-url sqlite://target/bench/S.db --size S --out target/bench/S-sqlite.json
//!
//! Load generator: `oha` (crates.io, pinned in the Makefile) for the fixed-rate runs of the
//! workloads whose requests it can express (W1, W2, W3: one method, URLs from a file, no per
//! request credentials), and this program's own open-loop scheduler for all workloads, because
//! W4 (a different pupil per request), W6 (sign-in then `/me`) and the mix need per-request
//! bodies and tokens, which oha cannot vary. Both measure latency from the intended send time
//! (coordinated omission corrected); on W1–W3 the two are reported side by side.
//! Figures are printed and written, never asserted: speed targets are read by people.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use passerelle::auth::tokens::JwtKeys;
use passerelle::auth::{Role, Scope, ScopeKind};
use passerelle::db::{self, AnyConnection};
use passerelle::schools::rules::{IsoWeek, SchoolYear};
use serde_json::{json, Value};

// The dataset generator's random numbers (one file for both).
#[path = "../src/bin/bench-data/rng.rs"]
#[allow(dead_code)] // what only the dataset generator draws
mod rng;
use rng::Rng;

const JWT_SECRET: &str = "bench-only-secret-bench-only-secret-0123456789";

struct Args {
    bin: PathBuf,
    url: String,
    size: String,
    seed: u64,
    seconds: f64,
    concurrency: usize,
    port: u16,
    out: PathBuf,
    workloads: Vec<String>,
    oha: Option<PathBuf>,
    work: PathBuf,
    /// The opening-mix spike at 3x saturation, seconds (0: none).
    spike_seconds: f64,
}

fn args() -> Args {
    let mut a = Args {
        bin: "target/release/passerelle".into(),
        url: String::new(),
        size: "S".into(),
        seed: 1,
        seconds: 5.0,
        concurrency: 32,
        port: 18480,
        out: "target/bench/result.json".into(),
        workloads: ["W1", "W2", "W3", "W7", "W4", "W5", "W6", "MIX"].iter().map(|s| s.to_string()).collect(),
        oha: None,
        work: "target/bench".into(),
        spike_seconds: 0.0,
    };
    let argv: Vec<String> = std::env::args().skip(1).filter(|s| s != "--bench").collect();
    let mut i = 0;
    while i + 1 < argv.len() {
        let v = argv[i + 1].clone();
        match argv[i].as_str() {
            "--bin" => a.bin = v.into(),
            "--database-url" => a.url = v,
            "--size" => a.size = v,
            "--seed" => a.seed = v.parse().expect("seed"),
            "--seconds" => a.seconds = v.parse().expect("seconds"),
            "--concurrency" => a.concurrency = v.parse().expect("concurrency"),
            "--port" => a.port = v.parse().expect("port"),
            "--out" => a.out = v.into(),
            "--workloads" => a.workloads = v.split(',').map(str::to_owned).collect(),
            "--oha" => a.oha = Some(v.into()).filter(|p: &PathBuf| !p.as_os_str().is_empty()),
            "--work" => a.work = v.into(),
            "--spike-seconds" => a.spike_seconds = v.parse().expect("spike seconds"),
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    a
}

// ---------- the dataset ----------

fn passerelle(a: &Args, args: &[&str]) -> std::process::Output {
    run(&a.bin, a, args)
}

/// The dataset generator, built next to the server (`cargo build --bin passerelle-bench-data`).
fn bench_data(a: &Args, args: &[&str]) -> std::process::Output {
    run(&a.bin.with_file_name("passerelle-bench-data"), a, args)
}

fn run(bin: &std::path::Path, a: &Args, args: &[&str]) -> std::process::Output {
    // The server's secret: the key sealing stored secrets derives from it, and a server started
    // with another key than the one the dataset was written with refuses the database.
    let out = Command::new(bin)
        .args(args)
        .env("DATABASE_URL", &a.url)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "warn")
        .env("APP_ENV", "test")
        .output()
        .expect("run the binary");
    assert!(out.status.success(), "{} {args:?} failed: {}", bin.display(), String::from_utf8_lossy(&out.stderr));
    out
}

/// Generates the dataset unless the same one is already there (SQLite files are kept between
/// runs under target/bench/; PostgreSQL is rebuilt). Returns the manifest and generation time.
fn dataset(a: &Args) -> (Value, Option<f64>) {
    let manifest = a.work.join(format!("manifest-{}-{}-{}.json", backend(&a.url), a.size, a.seed));
    // SQLite: the generated file is kept as a template and copied for each run, since W4 and W6
    // write (applications, sessions): every run starts from the same state.
    if a.url.starts_with("sqlite") {
        let path = db_path(&a.url);
        let template = PathBuf::from(format!("{}.template", path.display()));
        if manifest.exists() && template.exists() {
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            std::fs::copy(&template, &path).expect("copy the dataset");
            return (serde_json::from_slice(&std::fs::read(&manifest).expect("manifest")).expect("manifest json"), None);
        }
    }
    if a.url.starts_with("sqlite") {
        let path = db_path(&a.url);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    } else {
        let (pool, _) = db::connect(&a.url, 1).expect("postgres");
        let mut conn = pool.get().expect("conn");
        use diesel::RunQueryDsl;
        diesel::sql_query("DROP SCHEMA public CASCADE").execute(&mut *conn).expect("drop");
        diesel::sql_query("CREATE SCHEMA public").execute(&mut *conn).expect("create");
    }
    let started = Instant::now();
    passerelle(a, &["migrate"]);
    passerelle(a, &["import", "all", "--dir", concat!(env!("CARGO_MANIFEST_DIR"), "/../reference-data")]);
    passerelle(a, &["seed-demo"]);
    let out = bench_data(a, &["--size", &a.size.to_lowercase(), "--seed", &a.seed.to_string(), "--manifest", manifest.to_str().expect("path")]);
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let took = started.elapsed().as_secs_f64();
    if a.url.starts_with("sqlite") {
        // One file (VACUUM INTO folds the WAL in), kept as the template of the next runs.
        let path = db_path(&a.url);
        let template = PathBuf::from(format!("{}.template", path.display()));
        let _ = std::fs::remove_file(&template);
        let (pool, _) = db::connect(&a.url, 1).expect("sqlite");
        use diesel::RunQueryDsl;
        diesel::sql_query(format!("VACUUM INTO '{}'", template.display())).execute(&mut *pool.get().expect("conn")).expect("template");
    }
    (serde_json::from_slice(&std::fs::read(&manifest).expect("manifest")).expect("manifest json"), Some(took))
}

fn backend(url: &str) -> &'static str {
    if url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    }
}

fn db_path(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches("sqlite://").trim_start_matches("sqlite:"))
}

// ---------- the server ----------

struct Server {
    child: Child,
    pid: u32,
}

impl Server {
    fn start(a: &Args, cache_ttl: u32) -> Server {
        let log = std::fs::File::create(a.work.join("server.log")).expect("log");
        let child = Command::new(&a.bin)
            .arg("serve")
            .env("DATABASE_URL", &a.url)
            .env("APP_ENV", "test")
            .env("BIND", format!("127.0.0.1:{}", a.port))
            .env("PUBLIC_URL", format!("http://127.0.0.1:{}", a.port))
            .env("JWT_SECRET", JWT_SECRET)
            .env("RATE_LIMIT_ENABLED", "false")
            .env("RUN_WORKER", "false")
            .env("CACHE_TTL_SECONDS", cache_ttl.to_string())
            .env("OUTBOX_DIR", a.work.join("outbox"))
            .env("DATA_DIR", &a.work)
            .env("STATIC_DIR", a.work.join("no-spa"))
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start server");
        let mut child = child;
        let pid = child.id();
        let url = format!("http://127.0.0.1:{}/readyz", a.port);
        // Ready once its search index is built (seconds at L).
        for _ in 0..1_200 {
            if std::process::Command::new("curl").args(["-fs", "-o", "/dev/null", &url]).status().map(|s| s.success()).unwrap_or(false) {
                return Server { child, pid };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not become ready (see target/bench/server.log)");
    }

    /// CPU seconds used so far (user + system).
    fn cpu(&self) -> f64 {
        proc_cpu(&format!("/proc/{}/stat", self.pid))
    }
    fn rss_mb(&self) -> f64 {
        rss_mb(self.pid)
    }
    fn stop(mut self) {
        unsafe { libc::kill(self.pid as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

/// Resident memory of a process, MB.
fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .unwrap_or(0.0)
        / 1024.0
}

fn proc_cpu(path: &str) -> f64 {
    let s = std::fs::read_to_string(path).unwrap_or_default();
    let after = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let get = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // After the command name: state is field 0, utime 11, stime 12.
    (get(11) + get(12)) / ticks
}

fn self_cpu() -> f64 {
    rusage_cpu(libc::RUSAGE_SELF)
}

/// CPU seconds of the children already waited for: around one `oha` run (the server, still
/// running, is not counted until it is reaped) it gives oha's own CPU.
fn children_cpu() -> f64 {
    rusage_cpu(libc::RUSAGE_CHILDREN)
}

fn rusage_cpu(who: libc::c_int) -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

// ---------- requests ----------

#[derive(Clone)]
struct Req {
    post: bool,
    path: String,
    body: Option<String>,
    token: Option<String>,
    /// Sign-in then `/me` with the token it returns (W6).
    then_me: bool,
}

impl Req {
    fn get(path: String, token: Option<String>) -> Req {
        Req { post: false, path, body: None, token, then_me: false }
    }
}

struct Targets {
    offers: Vec<String>,
    places: Vec<(f64, f64)>,
    paris: usize,
    keywords: Vec<String>,
    sectors: Vec<String>,
    weeks: Vec<IsoWeek>,
    login: Vec<String>,
    password: String,
    apply: Vec<(String, String, IsoWeek)>,
    hot: Vec<(String, String, IsoWeek)>,
    pupil_tokens: BTreeMap<String, String>,
    referent_dept: String,
    referent_national: String,
    next_apply: AtomicU64,
}

fn week_param(w: IsoWeek) -> String {
    format!("{}-W{:02}", w.year, w.week)
}

impl Targets {
    fn from(m: &Value, keys: &JwtKeys, conn: &mut AnyConnection) -> Targets {
        let strs = |v: &Value| v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect::<Vec<_>>()).unwrap_or_default();
        // A manifest written before weeks travelled as "2027-W03" still reads (IsoWeek reads both).
        let week = |v: &Value| serde_json::from_value::<IsoWeek>(v.clone()).unwrap_or(IsoWeek { year: 2027, week: 3 });
        let target =
            |v: &Value| (v["pupil_id"].as_str().unwrap_or_default().to_owned(), v["offer_id"].as_str().unwrap_or_default().to_owned(), week(&v["week"]));
        let places_of = |k: &str| {
            m[k].as_array()
                .map(|a| a.iter().map(|p| (p["lat"].as_f64().unwrap_or(0.0), p["lon"].as_f64().unwrap_or(0.0))).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let paris = places_of("paris");
        let sparse = places_of("sparse");
        let apply: Vec<_> = m["apply"].as_array().map(|a| a.iter().map(target).collect()).unwrap_or_default();
        let hot: Vec<_> = m["hot"].as_array().map(|a| a.iter().map(target).collect()).unwrap_or_default();
        // Tokens are minted with the server's key (sign-in costs an argon2 each: W6 measures it).
        let mut pupil_tokens = BTreeMap::new();
        for (p, _, _) in apply.iter().chain(hot.iter()) {
            if !pupil_tokens.contains_key(p) {
                pupil_tokens.insert(p.clone(), keys.issue_access(p, "bench-session", Role::Student, None, None, 6 * 3600, false).expect("token"));
            }
        }
        let referent = |conn: &mut AnyConnection, email: &str, scope: Scope| {
            let u = passerelle::accounts::find_by_email(conn, email).expect("query").expect("demo referent (seed-demo)");
            keys.issue_access(&u.id, "bench-session", Role::Referent, None, Some(&scope), 6 * 3600, true).expect("token")
        };
        Targets {
            offers: strs(&m["offers"]),
            paris: paris.len(),
            places: paris.into_iter().chain(sparse).collect(),
            keywords: strs(&m["keywords"]),
            sectors: strs(&m["sectors"]),
            weeks: m["weeks"].as_array().map(|a| a.iter().map(week).collect()).unwrap_or_default(),
            login: strs(&m["login"]),
            password: m["password"].as_str().unwrap_or_default().to_owned(),
            apply,
            hot,
            pupil_tokens,
            referent_dept: referent(conn, "referent.paris@demo.passerelle.fr", Scope { kind: ScopeKind::Department, code: "75".into() }),
            referent_national: referent(conn, "referent.national@demo.passerelle.fr", Scope { kind: ScopeKind::National, code: String::new() }),
            next_apply: AtomicU64::new(0),
        }
    }

    /// A search around a school: Paris or a sparse department, a week, a sector, maybe a word.
    fn search_params(&self, rng: &mut Rng, keyword: bool) -> (f64, f64, IsoWeek, String, Option<String>) {
        let (lat, lon) = if rng.unit() < 0.5 && self.paris > 0 {
            self.places[rng.below(self.paris)]
        } else {
            self.places[self.paris + rng.below(self.places.len() - self.paris)]
        };
        let w = self.weeks[rng.below(self.weeks.len())];
        let sector = self.sectors[rng.below(self.sectors.len())].clone();
        let k = keyword.then(|| self.keywords[rng.below(self.keywords.len().min(20))].clone());
        (lat, lon, w, sector, k)
    }

    /// A visitor's keyword search in a dense area (Paris), no week, no sector: the question
    /// that cost 36 ms of CPU from SQL (issue 28).
    fn visitor_params(&self, rng: &mut Rng) -> (f64, f64, String) {
        let (lat, lon) = self.places[rng.below(self.paris.max(1).min(self.places.len()))];
        (lat, lon, self.keywords[rng.below(self.keywords.len().min(20))].clone())
    }

    fn visitor(&self, rng: &mut Rng) -> Req {
        let (lat, lon, k) = self.visitor_params(rng);
        Req::get(format!("/api/v1/offers?lat={lat:.5}&lon={lon:.5}&radius_km=60&q={}", url_encode(&k)), None)
    }

    fn search(&self, rng: &mut Rng, keyword: bool) -> Req {
        let (lat, lon, w, sector, k) = self.search_params(rng, keyword);
        let mut path = format!("/api/v1/offers?lat={lat:.5}&lon={lon:.5}&radius_km=60&weeks={}&sectors={sector}", week_param(w));
        if let Some(k) = k {
            path.push_str(&format!("&q={}", url_encode(&k)));
        }
        Req::get(path, None)
    }

    /// The next application that does not exist yet; one in ten is one of the 100 pupils on the
    /// hot offer.
    fn apply_target(&self, half: usize) -> &(String, String, IsoWeek) {
        let n = self.next_apply.fetch_add(1, Ordering::Relaxed) as usize;
        if n.is_multiple_of(10) && !self.hot.is_empty() {
            &self.hot[(n / 10) % self.hot.len()]
        } else {
            // API and floor take alternate halves, so neither meets the other's applications.
            let list_len = self.apply.len() / 2;
            &self.apply[(n % list_len.max(1)) * 2 + half]
        }
    }

    fn apply(&self, half: usize) -> Req {
        let (p, o, w) = self.apply_target(half);
        Req {
            post: true,
            path: format!("/api/v1/offers/{o}/applications"),
            body: Some(json!({"weeks": [w], "motivation": "Je voudrais découvrir ce métier pendant mon stage."}).to_string()),
            token: self.pupil_tokens.get(p).cloned(),
            then_me: false,
        }
    }

    fn login(&self, rng: &mut Rng, then_me: bool) -> Req {
        let email = &self.login[rng.below(self.login.len())];
        Req {
            post: true,
            path: "/api/v1/auth/login".into(),
            body: Some(json!({"identifier": email, "password": self.password}).to_string()),
            token: None,
            then_me,
        }
    }

    fn dashboard(&self, rng: &mut Rng) -> Req {
        if rng.unit() < 0.5 {
            Req::get("/api/v1/stats?department=75".into(), Some(self.referent_dept.clone()))
        } else {
            Req::get("/api/v1/stats".into(), Some(self.referent_national.clone()))
        }
    }

    fn request(&self, workload: &str, rng: &mut Rng) -> Req {
        match workload {
            "W1" => Req::get(format!("/api/v1/offers/{}", self.offers[rng.below(self.offers.len())]), None),
            "W2" => self.search(rng, false),
            "W3" => self.search(rng, true),
            "W7" => self.visitor(rng),
            "W4" => self.apply(0),
            "W5" => self.dashboard(rng),
            "W6" => self.login(rng, true),
            // One kind of the mix alone (its CPU profile), else the mix: a kind drawn by weight.
            w => match w.strip_prefix("MIX:").and_then(MixKind::named) {
                Some(kind) => self.mix_request(kind, rng),
                None => {
                    let x = rng.unit();
                    let mut upto = 0.0;
                    let kind = MixKind::ALL.into_iter().find(|k| {
                        upto += k.weight();
                        x < upto
                    });
                    self.mix_request(kind.unwrap_or(MixKind::Dashboard), rng)
                }
            },
        }
    }

    fn mix_request(&self, kind: MixKind, rng: &mut Rng) -> Req {
        match kind {
            MixKind::Login => self.login(rng, false),
            MixKind::Me => {
                let (p, _, _) = &self.apply[rng.below(self.apply.len())];
                Req::get("/api/v1/me".into(), self.pupil_tokens.get(p).cloned())
            }
            MixKind::Search | MixKind::SearchKeyword => {
                // Pupils search around their school, in their weeks (their own scope).
                let (p, _, _) = &self.apply[rng.below(self.apply.len())];
                let mut path = "/api/v1/offers".to_owned();
                if kind == MixKind::SearchKeyword {
                    path.push_str(&format!("?q={}", url_encode(&self.keywords[rng.below(self.keywords.len().min(20))])));
                }
                Req::get(path, self.pupil_tokens.get(p).cloned())
            }
            MixKind::Offer => Req::get(format!("/api/v1/offers/{}", self.offers[rng.below(self.offers.len())]), None),
            MixKind::Apply => self.apply(0),
            MixKind::Dashboard => self.dashboard(rng),
        }
    }
}

/// The kinds of request of the campaign-opening mix.
#[derive(Clone, Copy, PartialEq)]
enum MixKind {
    Login,
    Me,
    Search,
    SearchKeyword,
    Offer,
    Apply,
    Dashboard,
}

impl MixKind {
    const ALL: [MixKind; 7] = [MixKind::Login, MixKind::Me, MixKind::Search, MixKind::SearchKeyword, MixKind::Offer, MixKind::Apply, MixKind::Dashboard];

    fn name(self) -> &'static str {
        match self {
            MixKind::Login => "login",
            MixKind::Me => "me",
            MixKind::Search => "search",
            MixKind::SearchKeyword => "search_keyword",
            MixKind::Offer => "offer",
            MixKind::Apply => "apply",
            MixKind::Dashboard => "dashboard",
        }
    }

    fn named(name: &str) -> Option<MixKind> {
        MixKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Sign-in 8 %, `/me` 8 %, search 26 % (30 % of it with a keyword), offer page 43 %,
    /// apply 13 %, dashboards 2 %.
    fn weight(self) -> f64 {
        match self {
            MixKind::Login | MixKind::Me => 0.08,
            MixKind::Search => 0.26 * 0.7,
            MixKind::SearchKeyword => 0.26 * 0.3,
            MixKind::Offer => 0.43,
            MixKind::Apply => 0.13,
            MixKind::Dashboard => 0.02,
        }
    }
}

fn url_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

// ---------- measuring ----------

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    errors: u64,
    /// 429/503 answers without `Retry-After` (shedding must tell clients when to come back).
    shed_without_retry_after: u64,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.latencies_us.extend(o.latencies_us);
        for (k, v) in o.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
        self.errors += o.errors;
        self.shed_without_retry_after += o.shed_without_retry_after;
    }
    fn record(&mut self, res: Result<(u16, bool), ()>) {
        match res {
            Ok((s, retry_after)) => {
                *self.statuses.entry(s).or_default() += 1;
                if matches!(s, 429 | 503) && !retry_after {
                    self.shed_without_retry_after += 1;
                }
            }
            Err(()) => self.errors += 1,
        }
    }
    fn ok(&self) -> u64 {
        self.statuses.iter().filter(|(k, _)| (200..300).contains(*k)).map(|(_, v)| v).sum()
    }
    fn summary(&mut self, seconds: f64) -> Value {
        self.latencies_us.sort_unstable();
        let p = |q: f64| -> f64 {
            if self.latencies_us.is_empty() {
                return 0.0;
            }
            self.latencies_us[(((self.latencies_us.len() - 1) as f64) * q).round() as usize] as f64 / 1000.0
        };
        let non_2xx: u64 = self.statuses.iter().filter(|(k, _)| !(200..300).contains(*k)).map(|(_, v)| v).sum();
        json!({
            "requests": self.latencies_us.len(),
            "ok": self.ok(),
            "rps": self.ok() as f64 / seconds,
            "p50_ms": p(0.5), "p99_ms": p(0.99), "p999_ms": p(0.999), "max_ms": p(1.0),
            "non_2xx": non_2xx, "errors": self.errors, "shed_without_retry_after": self.shed_without_retry_after,
            "statuses": self.statuses.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
        })
    }
}

/// Sends one request: its status, and whether it carried `Retry-After`.
async fn send(client: &reqwest::Client, base: &str, r: &Req) -> Result<(u16, bool), ()> {
    let mut b = if r.post { client.post(format!("{base}{}", r.path)) } else { client.get(format!("{base}{}", r.path)) };
    if let Some(t) = &r.token {
        b = b.bearer_auth(t);
    }
    if let Some(body) = &r.body {
        b = b.header("Content-Type", "application/json").body(body.clone());
    }
    let resp = b.send().await.map_err(|_| ())?;
    let status = resp.status().as_u16();
    let retry_after = resp.headers().contains_key("retry-after");
    let bytes = resp.bytes().await.map_err(|_| ())?;
    if r.then_me && status == 200 {
        let token = serde_json::from_slice::<Value>(&bytes).ok().and_then(|v| v["access_token"].as_str().map(str::to_owned)).ok_or(())?;
        let me = client.get(format!("{base}/api/v1/me")).bearer_auth(token).send().await.map_err(|_| ())?;
        let s = me.status().as_u16();
        let retry_after = me.headers().contains_key("retry-after");
        let _ = me.bytes().await;
        return Ok((s, retry_after));
    }
    Ok((status, retry_after))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(4096).timeout(Duration::from_secs(10)).build().expect("client")
}

/// Closed loop: `concurrency` clients back to back for `seconds`: the saturation throughput.
async fn closed_loop(t: Arc<Targets>, base: String, workload: String, concurrency: usize, seconds: f64, seed: u64) -> Tally {
    let client = client();
    let end = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for c in 0..concurrency {
        let (t, base, workload, client) = (t.clone(), base.clone(), workload.clone(), client.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(seed * 1000 + c as u64);
            let mut tally = Tally::default();
            while Instant::now() < end {
                let r = t.request(&workload, &mut rng);
                let start = Instant::now();
                tally.record(send(&client, &base, &r).await);
                tally.latencies_us.push(start.elapsed().as_micros() as u64);
            }
            tally
        }));
    }
    let mut all = Tally::default();
    for task in tasks {
        all.merge(task.await.expect("task"));
    }
    all
}

/// Open loop at a fixed rate: request i is due at start + i/rate whatever happened before, and
/// its latency counts from that due time (no coordinated omission).
async fn open_loop(t: Arc<Targets>, base: String, workload: String, rate: f64, seconds: f64, seed: u64) -> Tally {
    let client = client();
    let total = (rate * seconds) as u64;
    let start = tokio::time::Instant::now();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let in_flight = Arc::new(AtomicU64::new(0));
    let mut rng = Rng::new(seed);
    let mut handles = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due).await;
        let r = t.request(&workload, &mut rng);
        let (client, base, tally, in_flight) = (client.clone(), base.clone(), tally.clone(), in_flight.clone());
        // Beyond 4,096 requests in flight the run is past saturation: counted as errors.
        if in_flight.load(Ordering::Relaxed) >= 4096 {
            tally.lock().expect("tally").errors += 1;
            continue;
        }
        in_flight.fetch_add(1, Ordering::Relaxed);
        handles.push(tokio::spawn(async move {
            let res = send(&client, &base, &r).await;
            let latency = due.elapsed().as_micros() as u64;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            let mut t = tally.lock().expect("tally");
            t.record(res);
            t.latencies_us.push(latency);
        }));
    }
    for h in handles {
        let _ = h.await;
    }
    Arc::try_unwrap(tally).ok().expect("tally").into_inner().expect("tally")
}

/// Runs `f` while sampling the server's RSS; returns f's value, server CPU seconds used and the
/// peak RSS.
fn measured<T>(server: &Server, f: impl FnOnce() -> T) -> (T, f64, f64, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new(0.0f64));
    let pid = server.pid;
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let rss = rss_mb(pid);
                let mut p = peak.lock().expect("peak");
                *p = p.max(rss);
                drop(p);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let (cpu0, gen0) = (server.cpu(), self_cpu());
    let out = f();
    let (cpu1, gen1) = (server.cpu(), self_cpu());
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let p = *peak.lock().expect("peak");
    (out, cpu1 - cpu0, gen1 - gen0, p)
}

fn phase(server: &Server, rt: &tokio::runtime::Runtime, seconds: f64, fut: impl std::future::Future<Output = Tally>) -> Value {
    let (mut tally, cpu, gen, rss) = measured(server, || rt.block_on(fut));
    let mut v = tally.summary(seconds);
    let n = tally.latencies_us.len().max(1) as f64;
    v["server_cpu_us_per_request"] = json!(cpu * 1e6 / n);
    v["server_cpu_percent"] = json!(cpu * 100.0 / seconds);
    v["generator_cpu_percent"] = json!(gen * 100.0 / seconds);
    v["peak_rss_mb"] = json!(rss);
    v
}

/// oha at a fixed rate on a list of GET URLs (W1–W3), latency corrected, with its own CPU and
/// the server's over the run (oha's threads share the 2 cores with the server).
fn oha(server: &Server, oha: &PathBuf, urls: &[String], rate: f64, seconds: f64, work: &std::path::Path) -> Option<Value> {
    let file = work.join("oha-urls.txt");
    std::fs::write(&file, urls.join("\n")).ok()?;
    let (oha0, server0) = (children_cpu(), server.cpu());
    let out = Command::new(oha)
        .args(["--no-tui", "--output-format", "json", "--urls-from-file", "--latency-correction", "-c", "64"])
        .args(["-q", &format!("{rate:.0}"), "-z", &format!("{seconds}s"), file.to_str()?])
        .output()
        .ok()?;
    let (oha_cpu, server_cpu) = (children_cpu() - oha0, server.cpu() - server0);
    let v: Value = serde_json::from_slice(&out.stdout).ok()?;
    let pct = |k: &str| v["latencyPercentiles"][k].as_f64().map(|s| s * 1000.0);
    Some(json!({
        "rps": v["summary"]["requestsPerSec"],
        "success_rate": v["summary"]["successRate"],
        "p50_ms": pct("p50"), "p99_ms": pct("p99"), "p999_ms": pct("p99.9"),
        "statuses": v["statusCodeDistribution"],
        "oha_cpu_percent": oha_cpu * 100.0 / seconds,
        "server_cpu_percent": server_cpu * 100.0 / seconds,
    }))
}

// ---------- the floor: the same queries, no HTTP ----------

fn floor(a: &Args, t: &Targets, workload: &str, seconds: f64) -> Value {
    let (pool, _) = db::connect(&a.url, a.concurrency as u32).expect("pool");
    let year = SchoolYear::of(chrono::Utc::now().date_naive());
    // One untimed round first: the searches' index is built then (as a replica builds it
    // before it is ready), not inside the measured seconds.
    let _ = floor_once(&mut pool.get().expect("conn"), t, workload, &mut Rng::new(76), year);
    let stop = Instant::now() + Duration::from_secs_f64(seconds);
    let results: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..a.concurrency)
            .map(|c| {
                let pool = pool.clone();
                s.spawn(move || {
                    let mut conn = pool.get().expect("conn");
                    let mut rng = Rng::new(77 + c as u64);
                    let mut tally = Tally::default();
                    while Instant::now() < stop {
                        let started = Instant::now();
                        let ok = floor_once(&mut conn, t, workload, &mut rng, year).is_ok();
                        tally.latencies_us.push(started.elapsed().as_micros() as u64);
                        *tally.statuses.entry(if ok { 200 } else { 500 }).or_default() += 1;
                    }
                    tally
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("floor thread")).collect()
    });
    let mut all = Tally::default();
    for r in results {
        all.merge(r);
    }
    all.summary(seconds)
}

fn floor_once(conn: &mut AnyConnection, t: &Targets, workload: &str, rng: &mut Rng, year: SchoolYear) -> Result<(), String> {
    use passerelle::offers::{self as queries, search};
    let e = |e: passerelle::error::AppError| e.message;
    let d = |e: diesel::result::Error| e.to_string();
    match workload {
        "W1" => {
            let id = &t.offers[rng.below(t.offers.len())];
            let o = queries::find(conn, &passerelle::ids::OfferId::from(id.as_str())).map_err(d)?.ok_or("missing")?;
            let reserved = queries::reserved_schools(conn, &o.id).map_err(d)?;
            search::visible_with(conn, None, &reserved, o.rep_only).map_err(e)?;
            queries::weeks(conn, &o.id).map_err(d)?;
            queries::page_names(conn, &o).map_err(d)?;
        }
        "W2" | "W3" | "W7" => {
            let req = if workload == "W7" {
                let (lat, lon, k) = t.visitor_params(rng);
                search::SearchRequest {
                    center: Some((lat, lon)),
                    radius_km: Some(60.0),
                    keyword: Some(k),
                    limit: passerelle::offers::rules::PAGE_SIZE,
                    ..Default::default()
                }
            } else {
                let (lat, lon, w, sector, k) = t.search_params(rng, workload == "W3");
                search::SearchRequest {
                    center: Some((lat, lon)),
                    radius_km: Some(60.0),
                    weeks: vec![w],
                    sectors: vec![sector],
                    keyword: k,
                    limit: passerelle::offers::rules::PAGE_SIZE,
                    ..Default::default()
                }
            };
            // As each replica does: the search index in memory, built once (the floor's own).
            static INDEX: std::sync::OnceLock<passerelle::offers::index::SearchIndex> = std::sync::OnceLock::new();
            let index = INDEX.get_or_init(|| {
                let index = passerelle::offers::index::SearchIndex::new(true);
                index.build(conn).expect("floor: search index");
                index
            });
            let scope = search::scope_for(conn, None, &req).map_err(e)?;
            let out = search::search_in(conn, search::Engine::Memory(index), scope, &req).map_err(e)?;
            let ids: Vec<passerelle::ids::OfferId> = out.hits.iter().map(|h| h.id.clone()).collect();
            let offers = queries::load_many(conn, &ids).map_err(d)?;
            let orgs: Vec<passerelle::ids::OrganisationId> = offers.iter().map(|o| o.organisation_id.clone()).collect();
            queries::organisation_names(conn, &orgs).map_err(d)?;
            passerelle::partners::employer_names(conn, &ids).map_err(d)?;
            queries::sector_names(conn).map_err(d)?;
            queries::weeks_of(conn, &ids).map_err(d)?;
        }
        "W4" => {
            let (p, o, w) = t.apply_target(1).clone();
            let user = passerelle::auth::CurrentUser { id: passerelle::ids::UserId::from(p), role: Role::Student, staff_function: None, scope: None };
            passerelle::campaigns::service::may_apply(conn, &passerelle::ids::OfferId::from(o.as_str()), passerelle::db::now()).map_err(e)?;
            let s = passerelle::applications::service::Settings { expiry_days: 15, public_url: "http://127.0.0.1".into() };
            passerelle::applications::service::apply(
                conn,
                &user,
                &passerelle::ids::OfferId::from(o.as_str()),
                &[w],
                "Je voudrais découvrir ce métier pendant mon stage.",
                &s,
            )
            .map_err(e)?;
        }
        "W5" => {
            let (scope, code) = if rng.unit() < 0.5 { (ScopeKind::Department, "75") } else { (ScopeKind::National, "") };
            let email = if scope == ScopeKind::Department { "referent.paris@demo.passerelle.fr" } else { "referent.national@demo.passerelle.fr" };
            let u = passerelle::accounts::find_by_email(conn, email).map_err(d)?.ok_or("referent")?;
            let user =
                passerelle::auth::CurrentUser { id: u.id, role: Role::Referent, staff_function: None, scope: Some(Scope { kind: scope, code: code.into() }) };
            let view = passerelle::reporting::service::view(conn, &user).map_err(e)?;
            let view = passerelle::reporting::rules::narrow(&view, (scope == ScopeKind::Department).then_some("75")).map_err(e)?;
            // As the handler does: the counters' generation read, the dashboard built once per
            // generation and shared by every thread (the floor's own memo).
            static MEMO: std::sync::OnceLock<passerelle::reporting::service::DashboardMemo> = std::sync::OnceLock::new();
            let memo = MEMO.get_or_init(|| passerelle::reporting::service::DashboardMemo::new(64));
            passerelle::reporting::service::dashboard_shared(conn, memo, &view, &year.label(), None).map_err(e)?;
        }
        "W6" => {
            let email = &t.login[rng.below(t.login.len())];
            let id = passerelle::accounts::rules::Identifier::parse(email).ok_or("identifier")?;
            let user = passerelle::accounts::service::log_in(conn, &id, &t.password, None, "http://bench.invalid").map_err(e)?;
            let policy = passerelle::accounts::service::SessionPolicy { idle: chrono::Duration::minutes(30), max: chrono::Duration::hours(12) };
            passerelle::accounts::service::start_session(conn, &user.id, policy).map_err(e)?;
            passerelle::accounts::find_user(conn, &user.id).map_err(d)?;
        }
        _ => return Err("no floor".into()),
    }
    Ok(())
}

fn main() {
    let a = args();
    // `cargo test --all-targets` runs bench targets without arguments: nothing to measure then.
    if a.url.is_empty() {
        eprintln!("load bench: run it through `make bench` (it needs --database-url and a release server)");
        return;
    }
    std::fs::create_dir_all(&a.work).expect("work dir");
    let (manifest, generated_s) = dataset(&a);
    let keys = JwtKeys::new(JWT_SECRET);
    let targets = {
        let (pool, _) = db::connect(&a.url, 1).expect("db");
        let mut conn = pool.get().expect("conn");
        Arc::new(Targets::from(&manifest, &keys, &mut conn))
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let base = format!("http://127.0.0.1:{}", a.port);
    let mut results = serde_json::Map::new();
    let t0 = Instant::now();
    for w in &a.workloads {
        // Per-workload runs read fresh (no short cache): the API against its floor. The mix runs
        // as production does, with the 5 s shared cache.
        let cache = if w == "MIX" { 5 } else { 0 };
        let server = Server::start(&a, cache);
        eprintln!("==> {} {} {w}: saturation ({} clients, {} s)", backend(&a.url), a.size, a.concurrency, a.seconds);
        let sat = phase(&server, &rt, a.seconds, closed_loop(targets.clone(), base.clone(), w.clone(), a.concurrency, a.seconds, 1));
        let x = sat["rps"].as_f64().unwrap_or(0.0).max(1.0);
        let mut rates = Vec::new();
        for (i, pct) in [25, 50, 75, 90].into_iter().enumerate() {
            let rate = x * pct as f64 / 100.0;
            eprintln!("    {pct} % = {rate:.0} req/s");
            let mut v = phase(&server, &rt, a.seconds, open_loop(targets.clone(), base.clone(), w.clone(), rate, a.seconds, 10 + i as u64));
            v["percent_of_saturation"] = json!(pct);
            v["rate"] = json!(rate);
            if let (Some(oha_bin), true) = (&a.oha, matches!(w.as_str(), "W1" | "W2" | "W3" | "W7")) {
                let mut rng = Rng::new(99);
                let urls: Vec<String> = (0..2000).map(|_| format!("{base}{}", targets.request(w, &mut rng).path)).collect();
                v["oha"] = oha(&server, oha_bin, &urls, rate, a.seconds, &a.work).unwrap_or(Value::Null);
            }
            rates.push(v);
        }
        // The first minute of an opening: from half the saturation rate to three times it and back.
        // Shedding should answer the excess at once (503 + Retry-After), keep memory bounded and
        // latency of what it serves low, then recover by itself.
        let spike = if w == "MIX" && a.spike_seconds > 0.0 {
            let calm = (a.spike_seconds / 3.0).max(a.seconds);
            let mut out = serde_json::Map::new();
            for (name, pct, secs) in [("before", 50.0, calm), ("spike", 300.0, a.spike_seconds), ("after", 50.0, calm)] {
                let rate = x * pct / 100.0;
                eprintln!("    spike phase {name}: {rate:.0} req/s for {secs:.0} s");
                let mut v = phase(&server, &rt, secs, open_loop(targets.clone(), base.clone(), w.clone(), rate, secs, 50 + out.len() as u64));
                v["rate"] = json!(rate);
                v["seconds"] = json!(secs);
                out.insert(name.into(), v);
            }
            Value::Object(out)
        } else {
            Value::Null
        };
        // Where the mix spends the server's CPU: each kind alone from a few clients, its server
        // CPU per request weighed by its share of the mix (the profile behind the mix's ceiling).
        let profile = if w == "MIX" {
            let runs: Vec<(MixKind, Value)> = MixKind::ALL
                .into_iter()
                .enumerate()
                .map(|(i, kind)| {
                    let v =
                        phase(&server, &rt, a.seconds, closed_loop(targets.clone(), base.clone(), format!("MIX:{}", kind.name()), 4, a.seconds, 80 + i as u64));
                    eprintln!("    mix profile {}: {:.0} µs of server CPU per request", kind.name(), v["server_cpu_us_per_request"].as_f64().unwrap_or(0.0));
                    (kind, v)
                })
                .collect();
            let cpu = |v: &Value| v["server_cpu_us_per_request"].as_f64().unwrap_or(0.0);
            let weighted: f64 = runs.iter().map(|(k, v)| k.weight() * cpu(v)).sum();
            let kinds: serde_json::Map<String, Value> = runs
                .iter()
                .map(|(k, v)| {
                    let share = if weighted > 0.0 { k.weight() * cpu(v) / weighted } else { 0.0 };
                    (k.name().to_owned(), json!({"weight": k.weight(), "server_cpu_us_per_request": cpu(v), "cpu_share": share, "p50_ms": v["p50_ms"], "p99_ms": v["p99_ms"], "rps": v["rps"], "non_2xx": v["non_2xx"]}))
                })
                .collect();
            // What the server's cores could serve if they did nothing else.
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
            json!({"kinds": kinds, "server_cpu_us_per_mix_request": weighted, "cpu_bound_rps": if weighted > 0.0 { cores * 1e6 / weighted } else { 0.0 }})
        } else {
            Value::Null
        };
        let idle_rss = server.rss_mb();
        server.stop();
        let floor = if w == "MIX" { Value::Null } else { floor(&a, &targets, w, a.seconds) };
        let ratio = floor["rps"].as_f64().filter(|f| *f > 0.0).map(|f| f / x);
        eprintln!(
            "    saturation {x:.0} req/s (p99 {:.1} ms); floor {:.0} req/s; API ÷ floor {:.2}",
            sat["p99_ms"].as_f64().unwrap_or(0.0),
            floor["rps"].as_f64().unwrap_or(0.0),
            ratio.unwrap_or(0.0)
        );
        results.insert(
            w.clone(),
            json!({"saturation": sat, "rates": rates, "floor": floor, "api_over_floor": ratio, "rss_after_mb": idle_rss, "spike": spike, "profile": profile}),
        );
    }
    let out = json!({
        "backend": backend(&a.url),
        "size": a.size,
        "seed": a.seed,
        "counts": manifest["counts"],
        "generated_in_s": generated_s,
        "seconds_per_phase": a.seconds,
        "concurrency": a.concurrency,
        "run_s": t0.elapsed().as_secs_f64(),
        "workloads": results,
    });
    std::fs::write(&a.out, serde_json::to_vec_pretty(&out).expect("json")).expect("write result");
    eprintln!("written {}", a.out.display());
}
