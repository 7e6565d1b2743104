//! The offer search index in memory answers exactly what the SQL search answers (issue 28), on
//! random offers written through the real writer and random queries, page after page, on the
//! backend under test (SQLite, or PostgreSQL with `TEST_DATABASE_URL`); and it follows every
//! change through the change feed, on this replica and on another one.
//! `SEARCH_EQ_SEED` replays a run; `SEARCH_EQ_CASES` sets the number of queries per round.

use crate::common;
use common::world::*;
use common::TestApp;
use passerelle::db::AnyConnection;
use passerelle::offers::index::SearchIndex;
use passerelle::offers::model::Offer;
use passerelle::offers::rules::OfferStatus;
use passerelle::offers::search::{self, Engine, Scope, SearchRequest};
use passerelle::offers::{SearchFilter, Write};
use passerelle::schools::rules::IsoWeek;
use rand::{rngs::StdRng, Rng, SeedableRng};

const WORDS: [&str; 16] = [
    "Électricité",
    "électricien",
    "bâtiment",
    "Œuvre",
    "boulangerie",
    "boulanger",
    "cuisine",
    "3e",
    "accueil",
    "accompagnement",
    "mairie",
    "hôpital",
    "a",
    "ab",
    "L'atelier",
    "pâtisserie-boulangerie",
];
/// Where offers are: around the Saint-Étienne school (two spots shared by several offers, as
/// commune centres are), Lyon, and Réunion.
const SPOTS: [(f64, f64, f64); 5] =
    [(PUITS_LAT, PUITS_LON, 0.0), (45.4397, 4.3872, 0.0), (PUITS_LAT, PUITS_LON, 0.3), (45.76, 4.83, 0.4), (-21.11, 55.53, 0.2)];
const SCHOOLS: [&str; 3] = [PUITS, NOTRE_DAME, ROANNE];

fn seed() -> u64 {
    std::env::var("SEARCH_EQ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| rand::thread_rng().gen())
}

fn cases() -> usize {
    std::env::var("SEARCH_EQ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(150)
}

fn words(rng: &mut StdRng, n: usize) -> String {
    (0..n).map(|_| WORDS[rng.gen_range(0..WORDS.len())]).collect::<Vec<_>>().join(" ")
}

fn place(rng: &mut StdRng) -> (f64, f64) {
    let (lat, lon, spread) = SPOTS[rng.gen_range(0..SPOTS.len())];
    if spread == 0.0 {
        (lat, lon)
    } else {
        (lat + rng.gen_range(-spread..spread), lon + rng.gen_range(-spread..spread))
    }
}

struct World {
    template: Offer,
    sectors: Vec<String>,
    years: [String; 2],
    first_year: i32,
    ids: Vec<String>,
}

impl World {
    fn weeks(&self, rng: &mut StdRng) -> Vec<IsoWeek> {
        let mut w: Vec<IsoWeek> = (0..rng.gen_range(1..4)).map(|_| IsoWeek { year: self.first_year, week: rng.gen_range(2..8) }).collect();
        w.sort();
        w.dedup();
        w
    }

    /// Changes what search sees of an offer, at random, the way the platform writes it.
    fn reshape(&self, rng: &mut StdRng, o: &mut Offer) {
        let (t, d) = (rng.gen_range(1..4), rng.gen_range(0..4));
        o.title = words(rng, t);
        o.description = words(rng, d);
        o.jobs = words(rng, 1);
        o.search_text = passerelle::offers::rules::search_text(&o.title, &o.description, "Entreprise index", &o.jobs);
        (o.latitude, o.longitude) = place(rng);
        o.school_year = self.years[rng.gen_range(0..2)].clone();
        o.grade_family = ["college", "lycee"][rng.gen_range(0..2)].into();
        o.sector_id = self.sectors[rng.gen_range(0..self.sectors.len())].clone();
        o.rep_only = rng.gen_bool(0.15);
        o.status = if rng.gen_bool(0.85) { OfferStatus::Published } else { [OfferStatus::Draft, OfferStatus::Unpublished][rng.gen_range(0..2)] };
        o.hidden = rng.gen_bool(0.08);
    }
}

fn save(conn: &mut AnyConnection, o: &Offer, write: Write, weeks: Option<&[IsoWeek]>) {
    passerelle::db::transaction(conn, |c| Ok(passerelle::offers::save(c, o, write, weeks)?)).expect("save");
}

fn exec(conn: &mut AnyConnection, sql: &str) {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).execute(conn).expect(sql);
}

/// One random change through the platform's writers (or plain SQL, as a script would), to
/// one of the offers of `lane` (`(k, n)`: those at k modulo n; concurrent writers keep to their
/// own, as two hosts editing the same offer read it afresh in their transaction).
fn mutate(world: &World, rng: &mut StdRng, conn: &mut AnyConnection, (k, n): (usize, usize)) {
    let lane: Vec<&String> = world.ids.iter().skip(k).step_by(n).collect();
    let id = lane[rng.gen_range(0..lane.len())].clone();
    let Some(mut o) = passerelle::offers::find(conn, &passerelle::ids::OfferId::from(id.as_str())).expect("find") else { return };
    match rng.gen_range(0..7) {
        0 => {
            world.reshape(rng, &mut o);
            let weeks = world.weeks(rng);
            save(conn, &o, Write::Existing, Some(&weeks));
        }
        1 => {
            (o.latitude, o.longitude) = place(rng);
            save(conn, &o, Write::Existing, None);
        }
        2 => {
            o.status = if o.status == OfferStatus::Published { OfferStatus::Unpublished } else { OfferStatus::Published };
            save(conn, &o, Write::Existing, None);
        }
        3 => {
            o.hidden = !o.hidden;
            save(conn, &o, Write::Existing, None);
        }
        // A week full, or a place back.
        4 => exec(conn, &format!("UPDATE offer_weeks SET confirmed = places WHERE offer_id = '{id}' AND iso_week = {}", rng.gen_range(2..8))),
        5 => exec(conn, &format!("UPDATE offer_weeks SET confirmed = 0 WHERE offer_id = '{id}'")),
        _ => {
            let uai = SCHOOLS[rng.gen_range(0..SCHOOLS.len())];
            if rng.gen_bool(0.5) {
                exec(conn, &format!("DELETE FROM offer_schools WHERE offer_id = '{id}'"));
            } else {
                exec(conn, &format!("INSERT INTO offer_schools (offer_id, uai) VALUES ('{id}', '{uai}') ON CONFLICT DO NOTHING"));
            }
        }
    }
}

/// A random question, as a scope (pupil, school or visitor alike) and a page size.
fn question(world: &World, rng: &mut StdRng) -> (Scope, usize) {
    let center = match rng.gen_range(0..4) {
        0 => (PUITS_LAT, PUITS_LON),
        _ => place(rng),
    };
    let radius = [0.3, 1.0, 5.0, 30.0, 60.0, 200.0, 20_000.0][rng.gen_range(0..7)];
    let keyword: String = (0..rng.gen_range(0..3))
        .map(|_| {
            let w: Vec<char> = WORDS[rng.gen_range(0..WORDS.len())].chars().collect();
            let cut: String = w[..rng.gen_range(1..=w.len())].iter().collect();
            if rng.gen_bool(0.3) {
                cut.to_uppercase()
            } else {
                cut
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let filter = SearchFilter {
        school_year: if rng.gen_bool(0.9) { world.years[rng.gen_range(0..2)].clone() } else { "2040-2041".into() },
        grade_family: [None, Some("college".to_owned()), Some("lycee".to_owned())][rng.gen_range(0..3)].clone(),
        sectors: (0..rng.gen_range(0..3).min(rng.gen_range(0..3))).map(|_| world.sectors[rng.gen_range(0..world.sectors.len())].clone()).collect(),
        weeks: (0..rng.gen_range(0..3)).map(|_| IsoWeek { year: world.first_year, week: rng.gen_range(1..9) }).collect(),
        keyword_terms: passerelle::offers::rules::keyword_terms(&keyword),
        school_uai: [None, Some(PUITS.to_owned()), Some(ROANNE.to_owned())][rng.gen_range(0..3)].clone(),
        priority_eligible: rng.gen_bool(0.4),
        reserved_only: false,
    };
    (Scope::new(center, radius, filter), [1, 3, 30, 300][rng.gen_range(0..4)])
}

/// Every page of one question, as text: the ids and distances (exactly), the cursors, the
/// fallback and the priority block.
fn pages(conn: &mut AnyConnection, engine: Engine, scope: &Scope, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut req = SearchRequest { limit, ..Default::default() };
    for _ in 0..500 {
        let o = search::search_in(conn, engine, scope.clone(), &req).expect("search");
        let hits: Vec<(String, u64)> = o.hits.iter().map(|h| (h.id.to_string(), h.distance_km.to_bits())).collect();
        let priority: Vec<(String, u64)> = o.priority.iter().map(|h| (h.id.to_string(), h.distance_km.to_bits())).collect();
        out.push(format!("{hits:?} next {:?} fallback {} priority {priority:?}", o.next_cursor, o.fallback));
        match o.next_cursor {
            Some(c) => req.cursor = Some(c),
            None => return out,
        }
    }
    panic!("more than 500 pages");
}

/// Compares the engines on `n` random questions; returns how many found offers.
fn compare(conn: &mut AnyConnection, index: &SearchIndex, world: &World, rng: &mut StdRng, n: usize, seed: u64, round: &str) -> usize {
    let mut found = 0;
    for case in 0..n {
        let (scope, limit) = question(world, rng);
        let sql = pages(conn, Engine::Sql, &scope, limit);
        let memory = pages(conn, Engine::Memory(index), &scope, limit);
        assert_eq!(memory, sql, "SEARCH_EQ_SEED={seed}, {round}, case {case}: {scope:?}, limit {limit}");
        found += usize::from(!sql[0].starts_with("[] "));
    }
    found
}

async fn world(app: &TestApp, rng: &mut StdRng, n: usize) -> World {
    app.import_reference(&["42"]).await;
    let (token, org) = host(app, "index").await;
    let template_id = published(app, &token, &org, offer_body("Modèle", PUITS_LAT, PUITS_LON)).await;
    let pool = app.state.pool.clone();
    let mut rng2 = StdRng::seed_from_u64(rng.gen());
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        let mut conn = pool.get().expect("conn");
        let template = passerelle::offers::find(&mut conn, &passerelle::ids::OfferId::from(template_id.as_str())).expect("find").expect("template");
        let sectors: Vec<String> =
            diesel::sql_query("SELECT id FROM sectors ORDER BY id LIMIT 4").load::<Sector>(&mut conn).expect("sectors").into_iter().map(|s| s.id).collect();
        let first = year();
        let mut world = World {
            years: [first.label(), passerelle::schools::rules::SchoolYear { start: first.start + 1 }.label()],
            first_year: first.start + 1,
            template,
            sectors,
            ids: Vec::new(),
        };
        for _ in 0..n {
            let mut o = Offer { id: passerelle::ids::OfferId::new(), geo_id: None, ..world.template.clone() };
            world.reshape(&mut rng2, &mut o);
            let weeks = world.weeks(&mut rng2);
            save(&mut conn, &o, Write::New, Some(&weeks));
            world.ids.push(o.id.to_string());
        }
        for _ in 0..n / 3 {
            mutate(&world, &mut rng2, &mut conn, (0, 1));
        }
        world
    })
    .await
    .expect("world")
}

#[derive(diesel::QueryableByName)]
struct Sector {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

#[tokio::test(flavor = "multi_thread")]
async fn the_index_in_memory_answers_what_sql_answers_and_follows_every_change() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let app = TestApp::new().await;
    let world = world(&app, &mut rng, 400).await;
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = state.pool.get().expect("conn");
        let index = &state.search;
        assert!(index.ready(), "the test app builds its index");
        // Another replica, built now, that only follows the feed from here.
        let other = SearchIndex::new(true);
        other.build(&mut conn).expect("build");
        let n = cases();
        let found = compare(&mut conn, index, &world, &mut rng, n, seed, "start");
        assert!(found * 4 >= n, "the questions find offers ({found} of {n}): the comparison is not empty");
        for round in 0..3 {
            for _ in 0..60 {
                mutate(&world, &mut rng, &mut conn, (0, 1));
            }
            if round == 1 {
                // From here, this replica walks its tree from 20 candidates on and gives up the
                // walk after 200 offers: every path of the index, against SQL.
                index.set_tuning(20, 200);
            }
            // This replica (the one that wrote) and the other one, each catching up by itself.
            compare(&mut conn, index, &world, &mut rng, n / 2, seed, &format!("round {round}, this replica"));
            compare(&mut conn, &other, &world, &mut rng, n / 2, seed, &format!("round {round}, another replica"));
        }
        assert_eq!(index.builds(), 1, "catching up never rebuilt");
        // A database restored to an earlier copy: its counter goes back, the index is rebuilt.
        let before = index.applied();
        exec(&mut conn, "UPDATE offer_change_head SET seq = 1 WHERE id = 1");
        mutate(&world, &mut rng, &mut conn, (0, 1));
        compare(&mut conn, index, &world, &mut rng, 20, seed, "restored");
        assert!(index.applied() < before, "rebuilt from the restored counter ({} then {before})", index.applied());
        assert_eq!(index.builds(), 2);
    })
    .await
    .expect("comparison");
}

/// Writers on several connections at once (the feed's counter orders them) while another
/// replica keeps catching up: none of their changes is lost on either index.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_writers_lose_no_change_on_any_replica() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let app = TestApp::new().await;
    let world = std::sync::Arc::new(world(&app, &mut rng, 120).await);
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        let other = std::sync::Arc::new(SearchIndex::new(true));
        other.build(&mut state.pool.get().expect("conn")).expect("build");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let follower = {
            let (other, stop, pool) = (other.clone(), stop.clone(), state.pool.clone());
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("conn");
                let mut rounds = 0;
                while !stop.load(std::sync::atomic::Ordering::Acquire) {
                    other.catch_up(&mut conn).expect("catch up");
                    rounds += 1;
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                rounds
            })
        };
        // Searches of this replica catch up by themselves, several at once, while it writes.
        // The test pool holds 6 connections: the other replica's, 2 searchers', 3 writers'.
        let searchers: Vec<_> = (0..2)
            .map(|_| {
                let (state, stop) = (state.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut conn = state.pool.get().expect("conn");
                    while !stop.load(std::sync::atomic::Ordering::Acquire) {
                        state.search.catch_up(&mut conn).expect("catch up");
                    }
                })
            })
            .collect();
        let writers: Vec<_> = (0..3u64)
            .map(|w| {
                let (world, pool) = (world.clone(), state.pool.clone());
                std::thread::spawn(move || {
                    let mut rng = StdRng::seed_from_u64(seed ^ (w + 1));
                    let mut conn = pool.get().expect("conn");
                    for _ in 0..40 {
                        mutate(&world, &mut rng, &mut conn, (w as usize, 3));
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().expect("writer");
        }
        stop.store(true, std::sync::atomic::Ordering::Release);
        for s in searchers {
            s.join().expect("searcher");
        }
        assert!(follower.join().expect("follower") > 1, "the other replica caught up while the writers wrote");
        let mut conn = state.pool.get().expect("conn");
        compare(&mut conn, &other, &world, &mut rng, 60, seed, "after concurrent writers, another replica");
        compare(&mut conn, &state.search, &world, &mut rng, 60, seed, "after concurrent writers, this replica");
        // Catching up side by side never took a newer index for a restored database.
        assert_eq!((state.search.builds(), other.builds()), (1, 1));
    })
    .await
    .expect("concurrency");
}

/// A replica whose index is not built yet (or with `SEARCH_INDEX=sql`) answers from SQL, and
/// says it is not ready.
#[tokio::test(flavor = "multi_thread")]
async fn a_replica_before_its_index_is_built_is_not_ready_and_still_searches() {
    let app = TestApp::with_config(|c| c.search_in_memory = false).await;
    let (status, body) = app.get("/readyz", None).await;
    assert_eq!(status, 200, "SEARCH_INDEX=sql needs no index: {body}");
    let pending = SearchIndex::new(true);
    assert!(!pending.ready());
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "sql").await;
    published(&app, &token, &org, offer_body("Électricité du bâtiment", PUITS_LAT, PUITS_LON)).await;
    let (status, body) = app.get(&format!("/api/v1/offers?lat={PUITS_LAT}&lon={PUITS_LON}&q=electr"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(1), "{body}");
}

/// A replica is not ready until its index is built (a load balancer sends it nothing), and
/// answers from SQL meanwhile.
#[tokio::test(flavor = "multi_thread")]
async fn readyz_waits_for_the_index() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/readyz", None).await.0, 200);
    app.state.search.forget();
    let (status, body) = app.get("/readyz", None).await;
    assert_eq!((status, body["code"].as_str()), (503, Some("SEARCH_INDEX_BUILDING")), "{body}");
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "pret").await;
    published(&app, &token, &org, offer_body("Boulangerie", PUITS_LAT, PUITS_LON)).await;
    let (status, body) = app.get(&format!("/api/v1/offers?lat={PUITS_LAT}&lon={PUITS_LON}"), None).await;
    assert_eq!((status, body["items"].as_array().map(Vec::len)), (200, Some(1)), "SQL answers meanwhile: {body}");
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || state.search.build(&mut state.pool.get().expect("conn")).expect("build")).await.expect("build");
    assert_eq!(app.get("/readyz", None).await.0, 200);
}

/// A host who publishes sees the offer in the very next search, even where searches are shared
/// for a minute (the short cache's key holds the feed's counter); a pupil's next page too.
#[tokio::test(flavor = "multi_thread")]
async fn a_published_offer_is_in_the_next_search_despite_the_shared_cache() {
    let app = TestApp::with_config(|c| c.cache_ttl_seconds = 60).await;
    app.import_reference(&["42"]).await;
    let (token, org) = host(&app, "aussitot").await;
    published(&app, &token, &org, offer_body("Atelier vélo", PUITS_LAT, PUITS_LON)).await;
    let s = school(&app, PUITS, "aussitot", &[3]).await;
    let (pupil_token, _) = pupil(&app, &s).await;
    let titles = |body: &serde_json::Value| -> Vec<String> {
        body["items"].as_array().expect("items").iter().map(|i| i["title"].as_str().unwrap_or_default().to_owned()).collect()
    };
    let visitor = format!("/api/v1/offers?lat={PUITS_LAT}&lon={PUITS_LON}");
    for path in [visitor.as_str(), "/api/v1/offers"] {
        let who = if path == visitor { None } else { Some(pupil_token.as_str()) };
        let (status, body) = app.get(path, who).await;
        assert_eq!((status, titles(&body)), (200, vec!["Atelier vélo".to_owned()]), "{body}");
    }
    published(&app, &token, &org, offer_body("Boulangerie du Puits", PUITS_LAT + 0.001, PUITS_LON)).await;
    for path in [visitor.as_str(), "/api/v1/offers"] {
        let who = if path == visitor { None } else { Some(pupil_token.as_str()) };
        let (status, body) = app.get(path, who).await;
        assert_eq!(status, 200, "{body}");
        assert!(titles(&body).contains(&"Boulangerie du Puits".to_owned()), "the new offer at once ({path}): {body}");
    }
}

/// A write rolled back (a crash before COMMIT) leaves no stamp and nothing for any replica to
/// apply; one committed afterwards is stamped once.
#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_write_leaves_no_stamp() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let app = TestApp::new().await;
    let world = world(&app, &mut rng, 5).await;
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = state.pool.get().expect("conn");
        let head = |conn: &mut AnyConnection| -> i64 {
            #[derive(diesel::QueryableByName)]
            struct H {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                seq: i64,
            }
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT seq FROM offer_change_head WHERE id = 1").get_result::<H>(conn).expect("head").seq
        };
        let before = head(&mut conn);
        let id = world.ids[0].clone();
        let failed: Result<(), passerelle::error::AppError> = passerelle::db::transaction(&mut conn, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query(format!("UPDATE offers SET hidden = NOT hidden WHERE id = '{id}'")).execute(c)?;
            diesel::sql_query(format!("UPDATE offer_weeks SET confirmed = places WHERE offer_id = '{id}'")).execute(c)?;
            Err(passerelle::error::AppError::internal())
        });
        assert!(failed.is_err());
        assert_eq!(head(&mut conn), before, "a rollback takes no number");
        exec(&mut conn, &format!("UPDATE offer_weeks SET confirmed = 0 WHERE offer_id = '{id}'"));
        assert!(head(&mut conn) > before, "a committed write does");
        state.search.catch_up(&mut conn).expect("catch up");
        assert_eq!(state.search.applied(), head(&mut conn));
    })
    .await
    .expect("rollback");
}
