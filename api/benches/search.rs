//! `make bench`: offer search on generated offers (10k and 100k) on SQLite, and on PostgreSQL
//! when `BENCH_DATABASE_URL` points at an empty database. Prints latency percentiles; targets
//! are read by people, not asserted (no timed tests).
//!
//! Offers are spread like real ones: most around big cities, the rest anywhere in France.

use std::time::Instant;

use diesel::prelude::*;
use passerelle::db::{self, AnyConnection};
use passerelle::offers::model::Offer;
use passerelle::offers::search::{self, SearchRequest};
use passerelle::offers::{self as queries, Write};
use passerelle::schools::rules::{GradeFamily, IsoWeek, SchoolYear};

const CITIES: [(&str, f64, f64, f64); 8] = [
    ("Paris", 48.8566, 2.3522, 0.30),
    ("Lyon", 45.7640, 4.8357, 0.12),
    ("Marseille", 43.2965, 5.3698, 0.10),
    ("Toulouse", 43.6047, 1.4442, 0.08),
    ("Lille", 50.6292, 3.0573, 0.08),
    ("Nantes", 47.2184, -1.5536, 0.06),
    ("Saint-Étienne", 45.4397, 4.3872, 0.04),
    ("Strasbourg", 48.5734, 7.7521, 0.05),
];

/// A small deterministic generator (no dependency, same data every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

const WORDS: [&str; 12] = [
    "électricité",
    "boulangerie",
    "informatique",
    "hôpital",
    "mairie",
    "garage",
    "théâtre",
    "banque",
    "laboratoire",
    "jardinerie",
    "architecture",
    "journalisme",
];

fn seed(conn: &mut AnyConnection, n: usize, year: SchoolYear) {
    let now = db::now();
    diesel::sql_query("INSERT INTO users (id, email, password_hash, role, first_name, last_name, confirmed_at, failed_logins, created_at, updated_at) VALUES ('bench', 'bench@exemple.fr', 'x', 'employer', 'B', 'B', $1, 0, $2, $3)")
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(conn)
        .expect("user");
    for i in 1..=40 {
        diesel::sql_query(format!("INSERT INTO sectors (id, name) VALUES ('s{i}', 'Secteur {i}')")).execute(conn).expect("sector");
    }
    diesel::sql_query("INSERT INTO organisations (id, name, siret, kind, is_public, address, postal_code, city, created_by, created_at, updated_at) VALUES ('org', 'Organisme', '73282932000074', 'company', FALSE, 'a', '75001', 'Paris', 'bench', $1, $2)")
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(conn)
        .expect("org");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    for chunk in 0..n.div_ceil(1000) {
        db::transaction(conn, |conn| {
            for i in chunk * 1000..((chunk + 1) * 1000).min(n) {
                let pick = rng.next();
                let (lat, lon) = match CITIES
                    .iter()
                    .scan(0.0, |acc, c| {
                        *acc += c.3;
                        Some((*acc, c))
                    })
                    .find(|(acc, _)| pick < *acc)
                {
                    Some((_, c)) => (c.1 + rng.normal() * 0.15, c.2 + rng.normal() * 0.2),
                    None => (43.0 + rng.next() * 7.5, -1.5 + rng.next() * 9.0),
                };
                let word = WORDS[(rng.next() * WORDS.len() as f64) as usize];
                let title = format!("Découverte {word} {i}");
                let offer = Offer {
                    id: passerelle::ids::OfferId::from(format!("{i:08}")),
                    organisation_id: "org".into(),
                    created_by: "bench".into(),
                    status: passerelle::offers::rules::OfferStatus::Published,
                    hidden: false,
                    school_year: year.label(),
                    grade_family: "college".into(),
                    search_text: passerelle::offers::rules::search_text(&title, "Une semaine d'observation", "Organisme", word),
                    title,
                    description: "Une semaine d'observation".into(),
                    sector_id: format!("s{}", 1 + (rng.next() * 40.0) as usize),
                    jobs: word.into(),
                    activities: String::new(),
                    address: "a".into(),
                    postal_code: "75001".into(),
                    city: "Ville".into(),
                    department_code: "75".into(),
                    latitude: lat,
                    longitude: lon,
                    tutor: "{}".into(),
                    places_per_week: 2,
                    group_mode: "individual".into(),
                    rep_only: rng.next() < 0.05,
                    schedule: "[]".into(),
                    lunch: "none".into(),
                    accessibility: String::new(),
                    practical_info: String::new(),
                    geo_id: None,
                    renewed_from: None,
                    published_at: Some(now),
                    created_at: now,
                    updated_at: now,
                };
                let w = 2 + (rng.next() * 20.0) as u32;
                queries::save(conn, &offer, Write::New, Some(&[IsoWeek { year: year.start + 1, week: w }, IsoWeek { year: year.start + 1, week: w + 1 }]))?;
            }
            Ok(())
        })
        .expect("seed");
    }
    if let AnyConnection::Postgresql(_) = conn {
        diesel::sql_query("ANALYZE").execute(conn).expect("analyze");
    }
    println!("  {n} offres générées en {:.1} s", started.elapsed().as_secs_f64());
}

fn percentiles(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    let p = |q: f64| ms[((ms.len() - 1) as f64 * q) as usize];
    format!("p50 {:6.2} ms · p95 {:6.2} ms · max {:6.2} ms", p(0.5), p(0.95), p(1.0))
}

/// A labelled way to turn a base request into the case's request.
type Case = (&'static str, fn(&mut Rng, SearchRequest) -> SearchRequest);

fn run(conn: &mut AnyConnection, year: SchoolYear) {
    let mut rng = Rng(42);
    let cases: [Case; 4] = [
        ("60 km, toutes semaines", |_, r| r),
        ("60 km, une semaine", |rng, mut r| {
            r.weeks = vec![IsoWeek { year: r.school_year.map(|y| y.start + 1).unwrap_or(2027), week: 3 + (rng.next() * 18.0) as u32 }];
            r
        }),
        ("60 km, mot-clé", |rng, mut r| {
            r.keyword = Some(WORDS[(rng.next() * WORDS.len() as f64) as usize].to_owned());
            r
        }),
        ("national (20 000 km), mot-clé", |rng, mut r| {
            r.keyword = Some(WORDS[(rng.next() * WORDS.len() as f64) as usize].to_owned());
            r.radius_km = Some(passerelle::offers::search::NATIONAL_KM);
            r
        }),
    ];
    for (label, make) in cases {
        let mut first = Vec::new();
        let mut second = Vec::new();
        for _ in 0..200 {
            let c = CITIES[(rng.next() * CITIES.len() as f64) as usize];
            let base = SearchRequest {
                center: Some((c.1 + rng.normal() * 0.05, c.2 + rng.normal() * 0.05)),
                radius_km: Some(60.0),
                grade_family: Some(GradeFamily::College),
                school_year: Some(year),
                limit: 30,
                ..Default::default()
            };
            let req = make(&mut rng, base);
            let t = Instant::now();
            // The national case runs as a pupil's would (no 200 km cap): call the ring search directly.
            let out = if req.radius_km.is_some_and(|r| r > search::MAX_RADIUS_KM) {
                search::search_unbounded(conn, search::Engine::Sql, &req)
            } else {
                search::search(conn, search::Engine::Sql, None, &req)
            }
            .expect("search");
            first.push(t.elapsed().as_secs_f64() * 1000.0);
            if let Some(cursor) = out.next_cursor {
                let next = SearchRequest { cursor: Some(cursor), ..req };
                let t = Instant::now();
                let _ = if next.radius_km.is_some_and(|r| r > search::MAX_RADIUS_KM) {
                    search::search_unbounded(conn, search::Engine::Sql, &next)
                } else {
                    search::search(conn, search::Engine::Sql, None, &next)
                }
                .expect("page 2");
                second.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        println!("  {label:<32} page 1 : {}", percentiles(first));
        if !second.is_empty() {
            println!("  {:<32} page 2 : {}", "", percentiles(second));
        }
    }
}

fn main() {
    let year = SchoolYear::of(chrono::Utc::now().date_naive());
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this too, without it: then
    // a small dataset only checks that the bench still works (the figures are not read there,
    // and the full sizes cost minutes of CI twice).
    let measuring = std::env::args().any(|a| a == "--bench");
    let default_sizes = if measuring { vec![10_000, 100_000] } else { vec![500] };
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES").ok().map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect()).unwrap_or(default_sizes);
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let (pool, _) = db::connect(&url, 1).expect("sqlite");
        let mut conn = pool.get().expect("conn");
        db::migrate(&mut conn).expect("migrate");
        println!("SQLite, {n} offres :");
        seed(&mut conn, n, year);
        run(&mut conn, year);
    }
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        let n = *sizes.last().unwrap_or(&100_000);
        let (pool, _) = db::connect(&url, 1).expect("postgres");
        let mut conn = pool.get().expect("conn");
        db::migrate(&mut conn).expect("migrate");
        println!("PostgreSQL, {n} offres :");
        seed(&mut conn, n, year);
        run(&mut conn, year);
    }
}
