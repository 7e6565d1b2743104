//! `passerelle-bench-data --size S|M|L --seed N`: a deterministic national-scale dataset for the
//! benchmarks (issue 9), on whichever backend `DATABASE_URL` names, on top of the imported
//! reference data (real communes and schools).
//!
//! Shape: a fifth of the offers around Paris (communes of 75/92/93/94), the rest in communes
//! drawn by population over France; words drawn from a Zipf law over a vocabulary taken from the
//! NAF labels; 51 sectors; 1–4 consecutive weeks; 10 % unpublished; applications in every state,
//! nearest offers first, places and confirmed weeks consistent. Rows go in as multi-row literal
//! INSERTs (the product's per-row queries would take an hour at L); every value is generated
//! here, never user input. A manifest (JSON) tells the load generator which ids, places and
//! accounts to use.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use diesel::prelude::*;
use diesel::sql_types::{Double, Integer, Nullable, Text};
use serde::Serialize;

use passerelle::db::AnyConnection;

use crate::rng::Rng;
use passerelle::schools::rules::{IsoWeek, SchoolYear};

/// Every bench pupil's password (argon2 computed once for all of them).
pub const BENCH_PASSWORD: &str = "Passerelle-bench-2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
pub enum Size {
    S,
    M,
    L,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    pub offers: usize,
    pub applications: usize,
    pub pupils: usize,
    pub schools: usize,
}

impl Size {
    pub fn counts(self) -> Counts {
        match self {
            Size::S => Counts { offers: 10_000, applications: 30_000, pupils: 30_000, schools: 1_000 },
            Size::M => Counts { offers: 100_000, applications: 300_000, pupils: 300_000, schools: 10_000 },
            Size::L => Counts { offers: 1_000_000, applications: 3_000_000, pupils: 1_400_000, schools: 60_000 },
        }
    }
}

/// Draws an index from cumulative weights.
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl Iterator<Item = f64>) -> Weighted {
        let mut acc = 0.0;
        Weighted(
            weights
                .map(|w| {
                    acc += w;
                    acc
                })
                .collect(),
        )
    }
    fn zipf(n: usize) -> Weighted {
        Weighted::new((1..=n).map(|r| 1.0 / r as f64))
    }
    fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().unwrap_or(&1.0);
        let x = rng.unit() * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// Deterministic ids in the UUID text form the API uses: a kind tag and a number.
fn id(kind: u32, n: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}
const K_USER_PUPIL: u32 = 0xbe_0001;
const K_USER_STAFF: u32 = 0xbe_0002;
const K_USER_HOST: u32 = 0xbe_0003;
const K_CLASS: u32 = 0xbe_0004;
const K_ORG: u32 = 0xbe_0005;
const K_OFFER: u32 = 0xbe_0006;
const K_APPLICATION: u32 = 0xbe_0007;
const K_STAFF: u32 = 0xbe_0008;
const K_WEEK: u32 = 0xbe_0009;

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Rows of one table, flushed as multi-row INSERTs.
struct Bulk {
    head: String,
    rows: Vec<String>,
}

impl Bulk {
    fn new(table: &str, columns: &str) -> Bulk {
        Bulk { head: format!("INSERT INTO {table} ({columns}) VALUES "), rows: Vec::new() }
    }
    fn push(&mut self, conn: &mut AnyConnection, row: String) -> QueryResult<()> {
        self.rows.push(row);
        if self.rows.len() >= 500 {
            self.flush(conn)?;
        }
        Ok(())
    }
    /// For child rows: the caller flushes them after their parents.
    fn add(&mut self, row: String) {
        self.rows.push(row);
    }
    fn flush(&mut self, conn: &mut AnyConnection) -> QueryResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut sql = String::with_capacity(self.head.len() + self.rows.iter().map(|r| r.len() + 1).sum::<usize>());
        sql.push_str(&self.head);
        sql.push_str(&self.rows.join(","));
        diesel::sql_query(sql).execute(conn)?;
        self.rows.clear();
        Ok(())
    }
}

#[derive(QueryableByName)]
struct CommuneRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    department_code: String,
    #[diesel(sql_type = Text)]
    postal_codes: String,
    #[diesel(sql_type = Nullable<Integer>)]
    population: Option<i32>,
    #[diesel(sql_type = Double)]
    latitude: f64,
    #[diesel(sql_type = Double)]
    longitude: f64,
}

#[derive(QueryableByName, Clone)]
struct SchoolRow {
    #[diesel(sql_type = Text)]
    uai: String,
    #[diesel(sql_type = Text)]
    department_code: String,
    #[diesel(sql_type = Double)]
    latitude: f64,
    #[diesel(sql_type = Double)]
    longitude: f64,
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = Text)]
    v: String,
}

/// Where the load generator finds its targets.
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub size: Size,
    pub seed: u64,
    pub counts: Counts,
    pub school_year: String,
    /// The national set of troisième weeks the schools chose from.
    pub weeks: Vec<IsoWeek>,
    pub password: &'static str,
    /// Published offers open to all (W1 picks among them).
    pub offers: Vec<String>,
    /// Search centres: schools around Paris and in sparse departments.
    pub paris: Vec<Place>,
    pub sparse: Vec<Place>,
    /// The most frequent words (W3's keywords).
    pub keywords: Vec<String>,
    pub sectors: Vec<String>,
    /// Pupils for the sign-in workload.
    pub login: Vec<String>,
    /// Applications that do not exist yet and are allowed (W4).
    pub apply: Vec<ApplyTarget>,
    /// 100 pupils on one offer (W4, contention).
    pub hot: Vec<ApplyTarget>,
    pub departments: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
    pub department: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct ApplyTarget {
    pub pupil_id: String,
    pub email: String,
    pub offer_id: String,
    pub week: IsoWeek,
}

struct OfferGen {
    lat: f64,
    lon: f64,
    weeks: Vec<usize>,
    places: i32,
    open_to_all: bool,
    published: bool,
}

const SPARSE_DEPARTMENTS: [&str; 10] = ["48", "23", "15", "05", "04", "09", "52", "55", "58", "32"];
const STATUSES: [(&str, f64); 9] = [
    ("submitted", 0.34),
    ("read", 0.10),
    ("accepted", 0.07),
    ("confirmed", 0.12),
    ("rejected", 0.15),
    ("cancelled_by_pupil", 0.07),
    ("cancelled_by_host", 0.02),
    ("withdrawn", 0.03),
    ("expired", 0.10),
];

fn ts(t: chrono::NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

/// Generates the dataset into an empty (but migrated, reference-loaded) database.
pub fn generate(conn: &mut AnyConnection, size: Size, seed: u64, mut progress: impl FnMut(&str)) -> Result<Manifest, String> {
    let c = size.counts();
    let err = |e: diesel::result::Error| e.to_string();
    let sqlite = matches!(conn, AnyConnection::Sqlite(_));
    let tru = "TRUE";
    let fal = "FALSE";
    let already: Vec<One> = diesel::sql_query("SELECT id AS v FROM users WHERE email = 'eleve0@bench.passerelle.fr'").load(conn).map_err(err)?;
    if !already.is_empty() {
        return Err("ces données de banc d'essai sont déjà chargées : partez d'une base vide".into());
    }
    // The offers' change feed (migration 000033) stamps each written row at commit: millions of
    // updates of one counter row on PostgreSQL. The dataset is loaded before any server runs
    // (each replica builds its search index at start), so the feed is off while loading.
    if !sqlite {
        feed_triggers(conn, "DISABLE").map_err(err)?;
    }
    let mut rng = Rng::new(seed);
    let today = chrono::Utc::now().date_naive();
    let year = SchoolYear::of(today);
    let now = passerelle::db::now();
    let label = year.label();
    // Troisième weeks from January to June of the year's second half: schools pick one of eight.
    let all_weeks: Vec<IsoWeek> = (2..=24).map(|w| IsoWeek { year: year.start + 1, week: w }).collect();
    let school_week_choices: Vec<usize> = vec![2, 5, 8, 11, 14, 17, 20, 22];

    // Reference data: communes with coordinates, real collèges, sectors, vocabulary.
    let communes: Vec<CommuneRow> = diesel::sql_query(
        "SELECT name, department_code, postal_codes, population, latitude, longitude FROM communes \
         WHERE kind = 'COM' AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY insee_code",
    )
    .load(conn)
    .map_err(err)?;
    if communes.is_empty() {
        return Err("données de référence absentes : lancez d'abord `passerelle import all`".into());
    }
    let paris_idx: Vec<usize> =
        communes.iter().enumerate().filter(|(_, c)| matches!(c.department_code.as_str(), "75" | "92" | "93" | "94")).map(|(i, _)| i).collect();
    let by_population = Weighted::new(communes.iter().map(|c| c.population.unwrap_or(100).max(50) as f64));
    let paris_pick = Weighted::new(paris_idx.iter().map(|&i| communes[i].population.unwrap_or(1000).max(50) as f64));
    let real_schools: Vec<SchoolRow> = diesel::sql_query(
        "SELECT uai, department_code, latitude, longitude FROM schools WHERE kind = 'college' AND latitude IS NOT NULL \
         AND uai NOT IN (SELECT uai FROM school_registrations) ORDER BY uai",
    )
    .load(conn)
    .map_err(err)?;
    let sectors: Vec<String> = diesel::sql_query("SELECT id AS v FROM sectors ORDER BY id").load::<One>(conn).map_err(err)?.into_iter().map(|r| r.v).collect();
    if sectors.is_empty() || real_schools.is_empty() {
        return Err("données de référence incomplètes (secteurs, collèges)".into());
    }
    let mut vocabulary: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for row in diesel::sql_query("SELECT label AS v FROM naf_codes ORDER BY code").load::<One>(conn).map_err(err)? {
        for w in row.v.split(|ch: char| !ch.is_alphabetic()) {
            let w = w.to_lowercase();
            if w.chars().count() >= 5 && seen.insert(w.clone()) {
                vocabulary.push(w);
            }
        }
    }
    // The Zipf ranks follow a shuffled order, not the NAF order.
    for i in (1..vocabulary.len()).rev() {
        vocabulary.swap(i, rng.below(i + 1));
    }
    vocabulary.truncate(1500);
    let zipf = Weighted::zipf(vocabulary.len());
    let password_hash = passerelle::auth::password::hash(BENCH_PASSWORD).map_err(|e| e.message)?;

    // ---- schools: real collèges first, then copies nearby with made-up UAIs ----
    progress("établissements");
    let mut schools: Vec<SchoolRow> = Vec::with_capacity(c.schools);
    let mut order: Vec<usize> = (0..real_schools.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut extra = Bulk::new(
        "schools",
        "uai, kind, name, search_text, status, nature_label, address, postal_code, commune_code, commune_name, department_code, academie_code, region_code, latitude, longitude",
    );
    passerelle::db::transaction(conn, |conn| {
        for n in 0..c.schools {
            let base = &real_schools[order[n % order.len()]];
            if n < order.len() {
                schools.push(base.clone());
                continue;
            }
            let uai = format!("X{:06}B", n);
            let (lat, lon) = (base.latitude + rng.normal() * 0.03, base.longitude + rng.normal() * 0.04);
            extra.push(
                conn,
                format!(
                    "({}, 'college', {}, {}, 'Public', 'COLLEGE', '1 rue du Banc', '00000', '00000', 'Banc', {}, '00', '00', {lat}, {lon})",
                    q(&uai),
                    q(&format!("Collège de banc d'essai {n}")),
                    q(&format!("college de banc d essai {n}")),
                    q(&base.department_code)
                ),
            )?;
            schools.push(SchoolRow { uai, department_code: base.department_code.clone(), latitude: lat, longitude: lon });
        }
        extra.flush(conn)?;
        Ok(())
    })
    .map_err(|e| e.message)?;

    // ---- one principal per school, registration, classes of ≤ 30, one week per school ----
    progress("personnels, classes et semaines");
    let per_school = c.pupils.div_ceil(c.schools);
    let classes_per_school = per_school.div_ceil(30);
    let mut school_week: Vec<usize> = Vec::with_capacity(c.schools);
    passerelle::db::transaction(conn, |conn| {
        let mut users =
            Bulk::new("users", "id, email, password_hash, role, staff_function, first_name, last_name, confirmed_at, created_at, updated_at, last_login_at");
        let mut regs = Bulk::new("school_registrations", "uai, registered_by, registered_at, national_search, search_radius_km");
        let mut staff = Bulk::new("school_staff", "id, school_uai, user_id, function, status, created_at, updated_at");
        let mut classes = Bulk::new("school_classes", "id, school_uai, school_year, name, grade, created_at");
        let mut weeks = Bulk::new("school_weeks", "id, school_uai, school_year, grade_family, iso_year, iso_week, created_at");
        for (n, s) in schools.iter().enumerate() {
            let principal = id(K_USER_STAFF, n);
            users.push(
                conn,
                format!(
                    "({}, {}, {}, 'school_staff', 'principal', 'Chef', {}, {}, {}, {}, {})",
                    q(&principal),
                    q(&format!("principal{n}@bench.passerelle.fr")),
                    q(&password_hash),
                    q(&format!("Établissement {n}")),
                    ts(now),
                    ts(now),
                    ts(now),
                    ts(now)
                ),
            )?;
            regs.push(conn, format!("({}, {}, {}, {fal}, 60)", q(&s.uai), q(&principal), ts(now)))?;
            staff.push(conn, format!("({}, {}, {}, 'principal', 'active', {}, {})", q(&id(K_STAFF, n)), q(&s.uai), q(&principal), ts(now), ts(now)))?;
            for k in 0..classes_per_school {
                classes.push(
                    conn,
                    format!(
                        "({}, {}, {}, {}, 'troisieme', {})",
                        q(&id(K_CLASS, n * classes_per_school + k)),
                        q(&s.uai),
                        q(&label),
                        q(&format!("3e {}", (b'A' + (k % 26) as u8) as char)),
                        ts(now)
                    ),
                )?;
            }
            let w = school_week_choices[rng.below(school_week_choices.len())];
            school_week.push(w);
            weeks.push(
                conn,
                format!("({}, {}, {}, 'college', {}, {}, {})", q(&id(K_WEEK, n)), q(&s.uai), q(&label), all_weeks[w].year, all_weeks[w].week, ts(now)),
            )?;
        }
        users.flush(conn)?;
        regs.flush(conn)?;
        staff.flush(conn)?;
        classes.flush(conn)?;
        weeks.flush(conn)?;
        Ok(())
    })
    .map_err(|e| e.message)?;

    // ---- pupils: consent recorded, half girls ----
    progress("élèves");
    let mut pupil_school: Vec<u32> = Vec::with_capacity(c.pupils);
    let mut users = Bulk::new("users", "id, email, password_hash, role, first_name, last_name, confirmed_at, created_at, updated_at");
    let mut pupils = Bulk::new("pupils", "user_id, school_uai, class_id, birth_date, gender, legal_representatives, cv, consent_date, consent_recorded_by, consent_recorded_at, created_at, updated_at");
    for chunk in (0..c.pupils).collect::<Vec<_>>().chunks(20_000) {
        passerelle::db::transaction(conn, |conn| {
            for &n in chunk {
                let school = n % c.schools;
                pupil_school.push(school as u32);
                let class = school * classes_per_school + (n / c.schools) % classes_per_school;
                let uid = id(K_USER_PUPIL, n);
                users.push(
                    conn,
                    format!(
                        "({}, {}, {}, 'student', 'Élève', {}, {}, {}, {})",
                        q(&uid),
                        q(&format!("eleve{n}@bench.passerelle.fr")),
                        q(&password_hash),
                        q(&format!("Numéro {n}")),
                        ts(now),
                        ts(now),
                        ts(now)
                    ),
                )?;
                let gender = if rng.unit() < 0.5 { "female" } else { "male" };
                pupils.push(
                    conn,
                    format!(
                        "({}, {}, {}, '2012-0{}-1{}', '{gender}', '[]', '{{}}', {}, {}, {}, {}, {})",
                        q(&uid),
                        q(&schools[school].uai),
                        q(&id(K_CLASS, class)),
                        1 + n % 9,
                        n % 10,
                        q(&today.to_string()),
                        q(&id(K_USER_STAFF, school)),
                        ts(now),
                        ts(now),
                        ts(now)
                    ),
                )?;
            }
            users.flush(conn)?;
            pupils.flush(conn)?;
            Ok(())
        })
        .map_err(|e| e.message)?;
    }

    // ---- host organisations: one per ten offers, each with a tutor ----
    progress("organismes d'accueil");
    let n_orgs = c.offers.div_ceil(10);
    let org_names: Vec<String> = (0..n_orgs)
        .map(|n| format!("{} {} {n}", capitalise(&vocabulary[zipf.pick(&mut rng)]), ["SARL", "SAS", "Mairie", "Association", "Clinique"][n % 5]))
        .collect();
    for chunk in (0..n_orgs).collect::<Vec<_>>().chunks(20_000) {
        passerelle::db::transaction(conn, |conn| {
            let mut users = Bulk::new("users", "id, email, password_hash, role, first_name, last_name, confirmed_at, created_at, updated_at, last_login_at");
            let mut orgs = Bulk::new("organisations", "id, name, siret, kind, is_public, address, postal_code, city, created_by, created_at, updated_at");
            let mut members = Bulk::new("organisation_members", "organisation_id, user_id, created_at");
            for &n in chunk {
                let host = id(K_USER_HOST, n);
                users.push(
                    conn,
                    format!(
                        "({}, {}, {}, 'employer', 'Tuteur', {}, {}, {}, {}, {})",
                        q(&host),
                        q(&format!("tuteur{n}@bench.passerelle.fr")),
                        q(&password_hash),
                        q(&format!("Accueil {n}")),
                        ts(now),
                        ts(now),
                        ts(now),
                        ts(now)
                    ),
                )?;
                let public = n % 10 < 3;
                orgs.push(
                    conn,
                    format!(
                        "({}, {}, '99{:012}', '{}', {}, '1 rue du Banc', '75001', 'Paris', {}, {}, {})",
                        q(&id(K_ORG, n)),
                        q(&org_names[n]),
                        n,
                        if public { "administration" } else { "company" },
                        if public { tru } else { fal },
                        q(&host),
                        ts(now),
                        ts(now)
                    ),
                )?;
                members.push(conn, format!("({}, {}, {})", q(&id(K_ORG, n)), q(&host), ts(now)))?;
            }
            users.flush(conn)?;
            orgs.flush(conn)?;
            members.flush(conn)?;
            Ok(())
        })
        .map_err(|e| e.message)?;
    }

    // ---- offers ----
    progress("offres");
    let mut offers: Vec<OfferGen> = Vec::with_capacity(c.offers + 1);
    #[derive(QueryableByName)]
    struct MaxGeo {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    // The demo offers already hold the first search-index ids.
    let mut geo_id: i64 = diesel::sql_query("SELECT COALESCE(MAX(geo_id), 0) AS n FROM offers").get_result::<MaxGeo>(conn).map_err(err)?.n;
    let chunk_size = 10_000;
    let mut n = 0;
    while n < c.offers + 1 {
        let end = (n + chunk_size).min(c.offers + 1);
        passerelle::db::transaction(conn, |conn| {
            let mut rows = Bulk::new(
                "offers",
                "id, organisation_id, created_by, status, hidden, school_year, grade_family, title, description, sector_id, jobs, activities, address, postal_code, city, \
                 department_code, latitude, longitude, tutor, places_per_week, group_mode, rep_only, schedule, lunch, accessibility, practical_info, search_text, geo_id, published_at, created_at, updated_at",
            );
            let mut weeks = Bulk::new("offer_weeks", "offer_id, iso_year, iso_week, places, confirmed");
            let mut reserved = Bulk::new("offer_schools", "offer_id, uai");
            let mut geo = Bulk::new("offers_geo", "id, min_lat, max_lat, min_lon, max_lon, min_sector, max_sector, min_week, max_week");
            let mut fts = Bulk::new("offers_fts", "rowid, offer_id, text");
            for i in n..end {
                // The last one is the hot offer: central Paris, every school week, many places.
                let hot = i == c.offers;
                let commune = if hot {
                    &communes[paris_idx[0]]
                } else if rng.unit() < 0.2 {
                    &communes[paris_idx[paris_pick.pick(&mut rng)]]
                } else {
                    &communes[by_population.pick(&mut rng)]
                };
                let (lat, lon) = if hot { (48.8566, 2.3522) } else { (commune.latitude + rng.normal() * 0.02, commune.longitude + rng.normal() * 0.03) };
                let org = (i / 10).min(n_orgs - 1);
                let words: Vec<&str> = (0..3).map(|_| vocabulary[zipf.pick(&mut rng)].as_str()).collect();
                let title = format!("Découverte des métiers : {} et {}", words[0], words[1]);
                let description = format!("Une semaine d'observation autour de {} : accueil, {}, rencontre des équipes.", words[0], words[2]);
                let jobs = format!("{}, {}", capitalise(words[1]), words[2]);
                let published = hot || rng.unit() >= 0.10;
                let status = if published { "published" } else if rng.unit() < 0.6 { "draft" } else { "unpublished" };
                let sector = &sectors[rng.below(sectors.len())];
                let (start, len) = if hot { (0, all_weeks.len()) } else { (rng.below(all_weeks.len()), 1 + rng.below(4)) };
                let offer_weeks: Vec<usize> = (start..(start + len).min(all_weeks.len())).collect();
                let places = if hot { 200 } else { 1 + rng.below(3) as i32 };
                let roll = rng.unit();
                let rep_only = !hot && roll < 0.03;
                let reserved_to = if !hot && (0.03..0.05).contains(&roll) { Some(schools[rng.below(schools.len())].uai.clone()) } else { None };
                let search_text = passerelle::offers::rules::search_text(&title, &description, &org_names[org], &jobs);
                let gid = if published && sqlite { geo_id += 1; Some(geo_id) } else { None };
                let oid = id(K_OFFER, i);
                let postal = commune.postal_codes.split(|ch: char| !ch.is_ascii_digit()).find(|p| p.len() == 5).unwrap_or("75001");
                rows.add(
                    format!(
                        "({}, {}, {}, '{status}', {fal}, {}, 'college', {}, {}, {}, {}, '', '1 place du Banc', {}, {}, {}, {lat}, {lon}, '{{}}', {places}, 'individual', {}, '[]', 'none', '', '', {}, {}, {}, {}, {})",
                        q(&oid),
                        q(&id(K_ORG, org)),
                        q(&id(K_USER_HOST, org)),
                        q(&label),
                        q(&title),
                        q(&description),
                        q(sector),
                        q(&jobs),
                        q(postal),
                        q(&commune.name),
                        q(&commune.department_code),
                        if rep_only { tru } else { fal },
                        q(&search_text),
                        gid.map(|g| g.to_string()).unwrap_or_else(|| "NULL".into()),
                        if published { ts(now) } else { "NULL".into() },
                        ts(now),
                        ts(now)
                    ),
                );
                for &w in &offer_weeks {
                    weeks.add(format!("({}, {}, {}, {places}, 0)", q(&oid), all_weeks[w].year, all_weeks[w].week));
                }
                if let Some(uai) = &reserved_to {
                    reserved.add(format!("({}, {})", q(&oid), q(uai)));
                }
                if let Some(g) = gid {
                    let rank = passerelle::offers::sector_rank(sector).unwrap_or(0);
                    let (lo, hi) = (passerelle::offers::week_key(all_weeks[offer_weeks[0]]), passerelle::offers::week_key(all_weeks[*offer_weeks.last().unwrap_or(&offer_weeks[0])]));
                    geo.add(format!("({g}, {lat}, {lat}, {lon}, {lon}, {rank}, {rank}, {lo}, {hi})"));
                    fts.add(format!("({g}, {}, {})", q(&oid), q(&search_text)));
                }
                offers.push(OfferGen { lat, lon, weeks: offer_weeks, places, open_to_all: !rep_only && reserved_to.is_none(), published });
                if rows.rows.len() >= 500 {
                    for b in [&mut rows, &mut weeks, &mut reserved, &mut geo, &mut fts] {
                        b.flush(conn)?;
                    }
                }
            }
            rows.flush(conn)?;
            weeks.flush(conn)?;
            reserved.flush(conn)?;
            geo.flush(conn)?;
            fts.flush(conn)?;
            Ok(())
        })
        .map_err(|e| e.message)?;
        n = end;
        progress(&format!("offres : {n}"));
    }

    // ---- applications: each to an offer near the pupil's school, on the school's week ----
    progress("candidatures");
    // Offers by (grid cell of 0.5°, week) for "near the school".
    let cell = |lat: f64, lon: f64| ((lat * 2.0).floor() as i32, (lon * 2.0).floor() as i32);
    let mut grid: HashMap<((i32, i32), usize), Vec<u32>> = HashMap::new();
    let mut by_week: HashMap<usize, Vec<u32>> = HashMap::new();
    for (i, o) in offers.iter().enumerate().take(c.offers) {
        if o.published && o.open_to_all {
            for &w in &o.weeks {
                grid.entry((cell(o.lat, o.lon), w)).or_default().push(i as u32);
                by_week.entry(w).or_default().push(i as u32);
            }
        }
    }
    // The last pupils apply during the benchmark: they get none here.
    let reserve = (c.pupils / 6).min(6_000);
    let applicants = c.pupils - reserve;
    let mut taken: HashMap<(u32, usize), i32> = HashMap::new();
    let mut placed: HashSet<u32> = HashSet::new();
    let mut pairs: HashSet<(u32, u32)> = HashSet::new();
    let status_pick = Weighted::new(STATUSES.iter().map(|s| s.1));
    let mut written = 0usize;
    // Attempts go round the pupils; some find no new offer near them and are skipped.
    let mut attempt = 0usize;
    while written < c.applications && attempt < c.applications * 3 {
        let end = (written + 20_000).min(c.applications);
        passerelle::db::transaction(conn, |conn| {
            let mut apps = Bulk::new(
                "applications",
                "id, pupil_id, offer_id, school_uai, school_year, status, weeks_key, motivation, distance_km, reason, submitted_at, read_at, answered_at, confirmed_at, closed_at, expires_at, updated_at",
            );
            let mut aweeks = Bulk::new("application_weeks", "application_id, pupil_id, iso_year, iso_week, confirmed");
            let mut a = written;
            while a < end && attempt < c.applications * 3 {
                let p = (attempt % applicants) as u32;
                attempt += 1;
                let school = &schools[pupil_school[p as usize] as usize];
                let w = school_week[pupil_school[p as usize] as usize];
                let near = grid.get(&(cell(school.latitude, school.longitude), w)).filter(|v| !v.is_empty()).or_else(|| by_week.get(&w));
                let Some(candidates) = near else { continue };
                let mut o = candidates[rng.below(candidates.len())];
                for _ in 0..4 {
                    if !pairs.contains(&(p, o)) {
                        break;
                    }
                    o = candidates[rng.below(candidates.len())];
                }
                if !pairs.insert((p, o)) {
                    continue;
                }
                let mut status = STATUSES[status_pick.pick(&mut rng)].0;
                if status == "confirmed" {
                    let used = taken.entry((o, w)).or_insert(0);
                    if *used >= offers[o as usize].places || placed.contains(&p) {
                        status = "rejected";
                    } else {
                        *used += 1;
                        placed.insert(p);
                    }
                }
                let offer = &offers[o as usize];
                let days = 1 + rng.below(40) as i64;
                let submitted = now - chrono::Duration::days(days);
                let answered = matches!(status, "accepted" | "confirmed" | "rejected" | "cancelled_by_host").then(|| submitted + chrono::Duration::days(1 + (days / 3)));
                let closed = matches!(status, "rejected" | "cancelled_by_pupil" | "cancelled_by_host" | "withdrawn" | "expired").then(|| submitted + chrono::Duration::days(1 + days / 2));
                let expires = matches!(status, "submitted" | "read" | "accepted").then(|| now + chrono::Duration::days(15 - days.min(14)));
                let distance = passerelle::reference::rules::distance_km(school.latitude, school.longitude, offer.lat, offer.lon);
                let aid = id(K_APPLICATION, a);
                let wk = all_weeks[w];
                let opt = |t: Option<chrono::NaiveDateTime>| t.map(ts).unwrap_or_else(|| "NULL".into());
                apps.push(
                    conn,
                    format!(
                        "({}, {}, {}, {}, {}, '{status}', {}, 'Je souhaite découvrir ce métier.', {:.1}, {}, {}, {}, {}, {}, {}, {}, {})",
                        q(&aid),
                        q(&id(K_USER_PUPIL, p as usize)),
                        q(&id(K_OFFER, o as usize)),
                        q(&school.uai),
                        q(&label),
                        q(&passerelle::applications::rules::weeks_key(&[wk])),
                        (distance * 10.0).round() / 10.0,
                        if status == "rejected" { "'Plus de place.'" } else { "NULL" },
                        ts(submitted),
                        if status == "submitted" { "NULL".into() } else { ts(submitted + chrono::Duration::hours(5)) },
                        opt(answered),
                        if status == "confirmed" { opt(answered.map(|t| t + chrono::Duration::days(1))) } else { "NULL".into() },
                        opt(closed),
                        opt(expires),
                        ts(now)
                    ),
                )?;
                aweeks.push(conn, format!("({}, {}, {}, {}, {})", q(&aid), q(&id(K_USER_PUPIL, p as usize)), wk.year, wk.week, if status == "confirmed" { tru } else { fal }))?;
                a += 1;
            }
            written = a;
            apps.flush(conn)?;
            aweeks.flush(conn)?;
            Ok(())
        })
        .map_err(|e| e.message)?;
        progress(&format!("candidatures : {written}"));
    }
    // Confirmed places, as the product keeps them.
    progress("places confirmées");
    passerelle::db::transaction(conn, |conn| {
        let mut sorted: Vec<_> = taken.iter().filter(|(_, &n)| n > 0).collect();
        sorted.sort();
        for ((o, w), used) in sorted {
            diesel::sql_query("UPDATE offer_weeks SET confirmed = $1 WHERE offer_id = $2 AND iso_year = $3 AND iso_week = $4")
                .bind::<Integer, _>(*used)
                .bind::<Text, _>(id(K_OFFER, *o as usize))
                .bind::<Integer, _>(all_weeks[*w].year)
                .bind::<Integer, _>(all_weeks[*w].week as i32)
                .execute(conn)?;
        }
        Ok(())
    })
    .map_err(|e| e.message)?;

    progress("compteurs");
    passerelle::reporting::service::refresh(conn, now).map_err(|e| e.message)?;
    if !sqlite {
        diesel::sql_query(passerelle::offers::PG_SEARCH_COLUMNS_BACKFILL).execute(conn).map_err(err)?;
        diesel::sql_query("ANALYZE").execute(conn).map_err(err)?;
    }

    // ---- the manifest ----
    let pupil_email = |p: usize| format!("eleve{p}@bench.passerelle.fr");
    // Open to everyone: reserved and REP-only offers rightly answer 404 to a visitor.
    let published: Vec<String> =
        (0..c.offers).filter(|&i| offers[i].published && offers[i].open_to_all).step_by((c.offers / 5_000).max(1)).map(|i| id(K_OFFER, i)).collect();
    let place = |s: &SchoolRow| Place { lat: s.latitude, lon: s.longitude, department: s.department_code.clone() };
    let paris: Vec<Place> = schools.iter().filter(|s| matches!(s.department_code.as_str(), "75" | "92" | "93" | "94")).take(200).map(place).collect();
    let sparse: Vec<Place> = schools.iter().filter(|s| SPARSE_DEPARTMENTS.contains(&s.department_code.as_str())).take(200).map(place).collect();
    let mut apply = Vec::new();
    let mut hot = Vec::new();
    for (p, &school) in pupil_school.iter().enumerate().skip(applicants) {
        let school = school as usize;
        let w = school_week[school];
        if hot.len() < 100 {
            hot.push(ApplyTarget { pupil_id: id(K_USER_PUPIL, p), email: pupil_email(p), offer_id: id(K_OFFER, c.offers), week: all_weeks[w] });
            continue;
        }
        let s = &schools[school];
        let Some(candidates) = grid.get(&(cell(s.latitude, s.longitude), w)).or_else(|| by_week.get(&w)) else { continue };
        let mut chosen = HashSet::new();
        for _ in 0..4 {
            let o = candidates[rng.below(candidates.len())];
            if chosen.insert(o) {
                apply.push(ApplyTarget { pupil_id: id(K_USER_PUPIL, p), email: pupil_email(p), offer_id: id(K_OFFER, o as usize), week: all_weeks[w] });
            }
        }
    }
    // Interleave pupils so consecutive requests are different pupils.
    for i in (1..apply.len()).rev() {
        apply.swap(i, rng.below(i + 1));
    }
    let mut word_rank: Vec<&String> = vocabulary.iter().take(40).collect();
    word_rank.dedup();
    let mut departments: Vec<String> = schools.iter().map(|s| s.department_code.clone()).collect::<HashSet<_>>().into_iter().collect();
    departments.sort();
    if !sqlite {
        feed_triggers(conn, "ENABLE").map_err(err)?;
    }
    Ok(Manifest {
        size,
        seed,
        counts: c,
        school_year: label,
        weeks: school_week_choices.iter().map(|&w| all_weeks[w]).collect(),
        password: BENCH_PASSWORD,
        offers: published,
        paris,
        sparse,
        keywords: word_rank.into_iter().cloned().collect(),
        sectors,
        login: (0..applicants).step_by((applicants / 2_000).max(1)).map(pupil_email).collect(),
        apply,
        hot,
        departments,
    })
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Turns the offers' change feed triggers off or on (PostgreSQL).
fn feed_triggers(conn: &mut AnyConnection, how: &str) -> QueryResult<()> {
    for (table, trigger) in [("offers", "offers_feed"), ("offer_weeks", "offer_weeks_feed"), ("offer_schools", "offer_schools_feed")] {
        diesel::sql_query(format!("ALTER TABLE {table} {how} TRIGGER {trigger}")).execute(conn)?;
    }
    Ok(())
}

/// A dataset summary line per table, to print after generating.
pub fn summary(conn: &mut AnyConnection) -> Result<String, String> {
    let mut out = String::new();
    for table in ["schools", "school_registrations", "users", "pupils", "organisations", "offers", "offer_weeks", "applications", "stats_counters"] {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let n: N = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(conn).map_err(|e| e.to_string())?;
        let _ = writeln!(out, "  {table:<22} {:>10}", n.n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_zipf_favours_the_first_ranks() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, (0..100).map(|_| Rng::new(8).next_u64()).collect::<Vec<_>>());
        let z = Weighted::zipf(100);
        let mut counts = [0usize; 100];
        let mut r = Rng::new(1);
        for _ in 0..100_000 {
            counts[z.pick(&mut r)] += 1;
        }
        // Zipf: rank 1 about twice rank 2 and ten times rank 10.
        let ratio = counts[0] as f64 / counts[1] as f64;
        assert!((1.8..2.2).contains(&ratio), "rank 1 / rank 2 = {ratio}");
        assert!(counts[0] > 8 * counts[9] && counts[0] < 12 * counts[9]);
    }

    #[test]
    fn ids_are_uuid_shaped_and_distinct_per_kind() {
        let a = id(K_OFFER, 1);
        assert!(uuid::Uuid::parse_str(&a).is_ok(), "{a}");
        assert_ne!(a, id(K_APPLICATION, 1));
        assert_eq!(q("d'observation"), "'d''observation'");
    }
}
