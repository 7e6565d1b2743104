//! Reporting use cases: refresh the counters (job runner), check them (`stats verify`), build a
//! referent's dashboard from them.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::queries::{self as q, Key};
use super::rules::{self, View};
use crate::auth::{CurrentUser, ScopeKind};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;

/// When the counters were last rebuilt (`None` before the first rebuild: the stamp starts at 1970).
pub fn refreshed_at(conn: &mut AnyConnection) -> AppResult<Option<NaiveDateTime>> {
    Ok(q::refreshed_at(conn).ok().filter(|t| t.and_utc().timestamp() > 946_684_800))
}

/// Rebuilds the counters if the last rebuild is older than `every` (one replica does it).
pub fn refresh_if_due(conn: &mut AnyConnection, now: NaiveDateTime, every: chrono::Duration) -> AppResult<bool> {
    if !q::claim_refresh(conn, now - every, now)? {
        return Ok(false);
    }
    refresh(conn, now)?;
    Ok(true)
}

/// Rebuilds the counters of the years still open; a closed year's counters stay as its closing
/// left them (its pupils may since have been anonymised: the figures must not move).
pub fn refresh(conn: &mut AnyConnection, now: NaiveDateTime) -> AppResult<usize> {
    let closed = crate::schools::years::closed_labels(conn)?;
    let mut counters = q::recount(conn)?;
    counters.retain(|k, _| !closed.contains(&k.0));
    db::transaction(conn, |conn| Ok(q::replace(conn, &counters, &closed, now)?))?;
    Ok(counters.len())
}

/// Differences between the stored counters and a recount: (key, stored, recounted).
pub fn verify(conn: &mut AnyConnection) -> AppResult<Vec<(Key, i64, i64)>> {
    let closed = crate::schools::years::closed_labels(conn)?;
    let mut fresh = q::recount(conn)?;
    fresh.retain(|k, _| !closed.contains(&k.0));
    let mut stored = q::stored(conn)?;
    stored.retain(|k, _| !closed.contains(&k.0));
    let mut out = Vec::new();
    for (k, v) in &fresh {
        let s = stored.get(k).copied().unwrap_or(0);
        if s != *v {
            out.push((k.clone(), s, *v));
        }
    }
    for (k, s) in &stored {
        if !fresh.contains_key(k) && *s != 0 {
            out.push((k.clone(), *s, 0));
        }
    }
    Ok(out)
}

#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct SectorRow {
    pub sector_id: String,
    pub name: String,
    pub offers: i64,
    pub places: i64,
    pub applications: i64,
    pub placements: i64,
    /// Applications and confirmed placements of girls and of boys (the rest: gender not stated),
    /// for the gender split by sector.
    pub female_applications: i64,
    pub male_applications: i64,
    pub female_placements: i64,
    pub male_placements: i64,
    pub agreements_signed: i64,
    pub internships_done: i64,
}

#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct GenderRow {
    /// female, male, not_stated
    pub gender: String,
    pub applications: i64,
    pub pupils_applied: i64,
    pub placements: i64,
    pub agreements_signed: i64,
    pub internships_done: i64,
}

/// A territory's figures: a department, or a région / académie (its departments summed).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct TerritoryRow {
    pub code: String,
    pub name: String,
    pub offers: i64,
    pub places: i64,
    pub applications: i64,
    pub placements: i64,
    pub agreements_signed: i64,
    pub internships_done: i64,
    pub pupils: i64,
    /// Pupils with a placement confirmed on the platform.
    pub pupils_placed: i64,
    /// Pupils whose internship was found elsewhere only (validated by their school).
    pub pupils_placed_elsewhere: i64,
    /// Pupils with an internship, here or elsewhere, against the pupils enrolled, in %.
    pub coverage_pct: Option<f64>,
    pub target_total: Option<i64>,
    /// Offers against the target, in %.
    pub reached_pct: Option<f64>,
}

#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct NamedCount {
    /// A ministry id or a group name.
    pub code: String,
    pub label: String,
    pub offers: i64,
    /// The ministry's target, when known.
    pub target: Option<i64>,
    pub reached_pct: Option<f64>,
}

/// A school's pupils (shown when the view is one department).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct SchoolRow {
    pub uai: String,
    pub name: String,
    pub priority_education: Option<String>,
    pub pupils: i64,
    pub applied: i64,
    /// Pupils with a placement confirmed on the platform.
    pub placed: i64,
    /// Pupils whose internship was found elsewhere only.
    pub placed_elsewhere: i64,
    /// Pupils still without an internship, here or elsewhere.
    pub without_placement: i64,
}

/// Pupils by priority education of their school (REP, REP+, hors).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct PriorityRow {
    pub segment: String,
    pub pupils: i64,
    pub consents: i64,
    pub placed: i64,
    pub placed_elsewhere: i64,
    pub without_placement: i64,
}

#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
pub struct Targets {
    pub total: i64,
    pub public: i64,
    pub private: i64,
    pub reached_pct: Option<f64>,
    pub reached_public_pct: Option<f64>,
    pub reached_private_pct: Option<f64>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct StatsDashboard {
    pub school_year: String,
    /// What the figures cover, in words.
    pub scope: String,
    /// When the counters were last rebuilt (at most a minute ago while the job runner runs).
    #[serde(default, with = "crate::http::utc::option")]
    pub refreshed_at: Option<NaiveDateTime>,
    pub offers: i64,
    pub offers_public: i64,
    pub offers_private: i64,
    pub places: i64,
    pub targets: Option<Targets>,
    pub applications: i64,
    pub pupils_applied: i64,
    pub placements: i64,
    /// Agreements signed by every party.
    pub agreements_signed: i64,
    /// Signed agreements whose last day is past.
    pub internships_done: i64,
    pub pupils: i64,
    pub consents: i64,
    /// Pupils with a confirmed placement.
    pub pupils_placed: i64,
    /// Pupils whose internship was found outside the platform only (validated by the school).
    pub pupils_placed_elsewhere: i64,
    /// Pupils with an internship, here or elsewhere, against the pupils enrolled, in %.
    pub coverage_pct: Option<f64>,
    /// Pupils still without an internship, here or elsewhere.
    pub pupils_without_placement: i64,
    pub pupils_without_application: i64,
    pub by_sector: Vec<SectorRow>,
    /// Public offers by ministry (with the ministry's target).
    pub by_ministry: Vec<NamedCount>,
    /// Private offers by group (e.g. PAQTE signatories).
    pub by_group: Vec<NamedCount>,
    /// Offers published by partner associations through the API, by association.
    pub by_operator: Vec<NamedCount>,
    pub by_priority: Vec<PriorityRow>,
    pub by_region: Vec<TerritoryRow>,
    pub by_academie: Vec<TerritoryRow>,
    /// Per school, when the view is a single department: the schools with the most pupils
    /// without a placement first, at most 50 of them in the JSON (a department counts up to
    /// 1,700 schools; all of them in the CSV export, `table=schools`).
    #[serde(serialize_with = "first_schools")]
    #[schema(max_items = 50)]
    pub by_school: Vec<SchoolRow>,
    /// How many schools the department counts (`by_school` may show fewer).
    pub schools_total: i64,
    pub by_gender: Vec<GenderRow>,
    pub by_department: Vec<TerritoryRow>,
}

/// Schools listed in a dashboard's JSON: a screen, not a spreadsheet (the full list at L was
/// 253 KB of the department view's 267 KB, the benchmark's dashboards' cost from S to L).
pub const SCHOOLS_SHOWN: usize = 50;

/// The schools a referent must call first: the most pupils still without a placement, then by
/// name.
pub fn order_schools(rows: &mut [SchoolRow]) {
    rows.sort_by(|a, b| b.without_placement.cmp(&a.without_placement).then_with(|| a.name.cmp(&b.name)).then_with(|| a.uai.cmp(&b.uai)));
}

fn first_schools<S: serde::Serializer>(rows: &[SchoolRow], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().take(SCHOOLS_SHOWN))
}

pub fn view(conn: &mut AnyConnection, user: &CurrentUser) -> AppResult<View> {
    // Only an académie or a région needs the departments' table: the other views are read off
    // the reader's scope (a dashboard request is then one read of the counters' generation).
    let wide = user.scope.as_ref().is_some_and(|s| matches!(s.kind, ScopeKind::Academie | ScopeKind::Region));
    let departments = if wide { crate::reference::departments(conn)? } else { Vec::new() };
    rules::view_of(user, |kind, code| {
        departments
            .iter()
            .filter(|d| match kind {
                ScopeKind::Academie => d.academie_code.as_deref() == Some(code),
                ScopeKind::Region => d.region_code == code,
                _ => false,
            })
            .map(|d| d.code.clone())
            .collect()
    })
}

/// A dashboard as built for one generation of the counters, with its JSON written once.
pub struct SharedDashboard {
    pub dashboard: StatsDashboard,
    json: OnceLock<bytes::Bytes>,
}

impl SharedDashboard {
    pub fn new(dashboard: StatsDashboard) -> Self {
        SharedDashboard { dashboard, json: OnceLock::new() }
    }

    /// The dashboard as JSON, serialised by the first reader only: at national scale the body
    /// (a row per school of a department, per department, per sector) costs more to write than
    /// the rest of the request.
    pub fn json(&self) -> bytes::Bytes {
        self.json.get_or_init(|| serde_json::to_vec(&self.dashboard).map(bytes::Bytes::from).unwrap_or_default()).clone()
    }
}

impl std::ops::Deref for SharedDashboard {
    type Target = StatsDashboard;
    fn deref(&self) -> &StatsDashboard {
        &self.dashboard
    }
}

/// Dashboards this replica has built, for one generation of the counters. They change only when
/// the counters are rebuilt (each minute) or a target moves, both of which bump the generation:
/// until then every reader of the same view shares one build. Bounded; emptied when full.
pub struct DashboardMemo {
    max_entries: usize,
    inner: Mutex<(i64, HashMap<String, Arc<SharedDashboard>>)>,
    /// Held while a dashboard is built: when a refresh lands, the readers arriving together
    /// wait for one build instead of each running it (32 national builds at once at 1 M offers
    /// took the CPU for seconds in the benchmark).
    building: Mutex<()>,
}

impl DashboardMemo {
    pub fn new(max_entries: usize) -> Self {
        DashboardMemo { max_entries, inner: Mutex::new((i64::MIN, HashMap::new())), building: Mutex::new(()) }
    }

    fn get(&self, generation: i64, key: &str) -> Option<Arc<SharedDashboard>> {
        let m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if m.0 != generation {
            return None;
        }
        m.1.get(key).cloned()
    }

    fn put(&self, generation: i64, key: String, d: Arc<SharedDashboard>) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if m.0 != generation {
            // A build from an older generation (a refresh landed meanwhile) is not kept.
            if m.0 > generation {
                return;
            }
            *m = (generation, HashMap::new());
        }
        if m.1.len() >= self.max_entries {
            m.1.clear();
        }
        m.1.insert(key, d);
    }

    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `dashboard`, shared through the replica's memo while the counters' generation stays the same.
/// The generation is read before the build: a refresh landing during the build only makes the
/// next reader build again, never serves old figures under a new generation.
pub fn dashboard_shared(conn: &mut AnyConnection, memo: &DashboardMemo, view: &View, year: &str, sector: Option<&str>) -> AppResult<Arc<SharedDashboard>> {
    let (_, generation) = q::meta(conn)?;
    let key = format!("{view:?}|{year}|{}", sector.unwrap_or(""));
    if let Some(d) = memo.get(generation, &key) {
        return Ok(d);
    }
    let _building = memo.building.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(d) = memo.get(generation, &key) {
        return Ok(d);
    }
    let d = Arc::new(SharedDashboard::new(dashboard(conn, view, year, sector)?));
    memo.put(generation, key, d.clone());
    Ok(d)
}

pub fn dashboard(conn: &mut AnyConnection, view: &View, year: &str, sector: Option<&str>) -> AppResult<StatsDashboard> {
    // Schools are listed for one department only: the wider views leave their rows in the table.
    let rows = match view {
        View::Departments(ds) => q::counters(conn, year, Some(ds), ds.len() == 1)?,
        _ => q::counters(conn, year, None, false)?,
    };
    let sectors = crate::offers::sector_names(conn)?;
    let deps_ref = crate::reference::departments(conn)?;
    let departments: BTreeMap<String, String> = deps_ref.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
    let targets = q::targets(conn, year)?;
    let mut d = StatsDashboard { school_year: year.to_owned(), refreshed_at: refreshed_at(conn)?, ..Default::default() };
    let mut by_sector: BTreeMap<String, SectorRow> = BTreeMap::new();
    let mut by_gender: BTreeMap<String, GenderRow> = BTreeMap::new();
    let mut by_dep: BTreeMap<String, TerritoryRow> = BTreeMap::new();
    let mut by_ministry: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_group: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_operator: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_priority: BTreeMap<String, PriorityRow> = BTreeMap::new();
    let mut by_school: BTreeMap<String, SchoolRow> = BTreeMap::new();
    for (dep, sec, metric, seg, n) in rows {
        let per_sector = !sec.is_empty();
        if per_sector && sector.is_some_and(|s| s != sec) {
            continue;
        }
        // Breakdowns that are not summed into the totals.
        match metric.as_str() {
            rules::SCHOOL_PUPILS | rules::SCHOOL_APPLIED | rules::SCHOOL_PLACED | rules::SCHOOL_ELSEWHERE if !matches!(view, View::Ministry(_)) => {
                let r = by_school.entry(seg.clone()).or_insert_with(|| SchoolRow { uai: seg.clone(), ..Default::default() });
                match metric.as_str() {
                    rules::SCHOOL_PUPILS => r.pupils += n,
                    rules::SCHOOL_APPLIED => r.applied += n,
                    rules::SCHOOL_ELSEWHERE => r.placed_elsewhere += n,
                    _ => r.placed += n,
                }
                continue;
            }
            rules::OFFERS_BY_MINISTRY if !matches!(view, View::Ministry(m) if m != &seg) => *by_ministry.entry(seg.clone()).or_default() += n,
            rules::OFFERS_BY_GROUP if !matches!(view, View::Ministry(_)) => *by_group.entry(seg.clone()).or_default() += n,
            rules::OFFERS_BY_OPERATOR if !matches!(view, View::Ministry(_)) => *by_operator.entry(seg.clone()).or_default() += n,
            rules::PUPILS | rules::CONSENTS | rules::PUPILS_PLACED | rules::PUPILS_ELSEWHERE if !matches!(view, View::Ministry(_)) => {
                let p = by_priority.entry(seg.clone()).or_insert_with(|| PriorityRow { segment: seg.clone(), ..Default::default() });
                match metric.as_str() {
                    rules::PUPILS => p.pupils += n,
                    rules::CONSENTS => p.consents += n,
                    rules::PUPILS_ELSEWHERE => p.placed_elsewhere += n,
                    _ => p.placed += n,
                }
            }
            _ => {}
        }
        let metric = match (view, metric.as_str()) {
            // A ministry referent sees their ministry's public offers only.
            (View::Ministry(m), rules::OFFERS_BY_MINISTRY) if &seg == m => rules::OFFERS,
            (View::Ministry(_), _) => continue,
            (_, rules::OFFERS_BY_MINISTRY | rules::OFFERS_BY_GROUP | rules::OFFERS_BY_OPERATOR) => continue,
            (_, rules::PUPILS_PLACED) => rules::PUPILS_PLACED,
            (_, rules::PUPILS_ELSEWHERE) => rules::PUPILS_ELSEWHERE,
            (_, m) => match m {
                rules::OFFERS => rules::OFFERS,
                rules::PLACES => rules::PLACES,
                rules::APPLICATIONS => rules::APPLICATIONS,
                rules::PLACEMENTS => rules::PLACEMENTS,
                rules::AGREEMENTS_SIGNED => rules::AGREEMENTS_SIGNED,
                rules::INTERNSHIPS_DONE => rules::INTERNSHIPS_DONE,
                rules::PUPILS_APPLIED => rules::PUPILS_APPLIED,
                rules::PUPILS => rules::PUPILS,
                rules::CONSENTS => rules::CONSENTS,
                _ => continue,
            },
        };
        let s = by_sector.entry(sec.clone()).or_insert_with(|| SectorRow {
            name: sectors.get(&sec).cloned().unwrap_or_default(),
            sector_id: sec.clone(),
            ..Default::default()
        });
        let g = by_gender.entry(seg.clone()).or_insert_with(|| GenderRow { gender: seg.clone(), ..Default::default() });
        let r = by_dep.entry(dep.clone()).or_insert_with(|| TerritoryRow {
            name: departments.get(&dep).cloned().unwrap_or_default(),
            code: dep.clone(),
            ..Default::default()
        });
        match metric {
            rules::OFFERS => {
                d.offers += n;
                if matches!(view, View::Ministry(_)) || seg == "public" {
                    d.offers_public += n;
                } else {
                    d.offers_private += n;
                }
                s.offers += n;
                r.offers += n;
            }
            rules::PLACES => {
                d.places += n;
                s.places += n;
                r.places += n;
            }
            rules::APPLICATIONS => {
                d.applications += n;
                s.applications += n;
                match seg.as_str() {
                    "female" => s.female_applications += n,
                    "male" => s.male_applications += n,
                    _ => {}
                }
                g.applications += n;
                r.applications += n;
            }
            rules::PLACEMENTS => {
                d.placements += n;
                s.placements += n;
                match seg.as_str() {
                    "female" => s.female_placements += n,
                    "male" => s.male_placements += n,
                    _ => {}
                }
                g.placements += n;
                r.placements += n;
            }
            rules::AGREEMENTS_SIGNED => {
                d.agreements_signed += n;
                s.agreements_signed += n;
                g.agreements_signed += n;
                r.agreements_signed += n;
            }
            rules::INTERNSHIPS_DONE => {
                d.internships_done += n;
                s.internships_done += n;
                g.internships_done += n;
                r.internships_done += n;
            }
            rules::PUPILS_APPLIED => {
                d.pupils_applied += n;
                g.pupils_applied += n;
            }
            rules::PUPILS => {
                d.pupils += n;
                r.pupils += n;
            }
            rules::CONSENTS => d.consents += n,
            rules::PUPILS_PLACED => {
                d.pupils_placed += n;
                r.pupils_placed += n;
            }
            rules::PUPILS_ELSEWHERE => {
                d.pupils_placed_elsewhere += n;
                r.pupils_placed_elsewhere += n;
            }
            _ => {}
        }
    }
    // Targets: the departments' (or the ministry's), and each department's progress.
    let scope_targets: Vec<&(String, i64, i64, i64)> = match view {
        View::Ministry(m) => targets.get(&("ministry".to_owned(), m.clone())).into_iter().collect(),
        View::Departments(ds) => ds.iter().filter_map(|c| targets.get(&("department".to_owned(), c.clone()))).collect(),
        View::All => targets.iter().filter(|((k, _), _)| k == "department").map(|(_, v)| v).collect(),
    };
    if !scope_targets.is_empty() {
        let (t, pu, pr) = scope_targets.iter().fold((0, 0, 0), |a, x| (a.0 + x.1, a.1 + x.2, a.2 + x.3));
        d.targets = Some(Targets {
            total: t,
            public: pu,
            private: pr,
            reached_pct: rules::percent(d.offers, t),
            reached_public_pct: rules::percent(d.offers_public, pu),
            reached_private_pct: rules::percent(d.offers_private, pr),
        });
    }
    // Every department of the view is listed, those at zero too (a referent looks for the gaps).
    let listed: Vec<&String> = match &view {
        View::All => departments.keys().collect(),
        View::Departments(ds) => ds.iter().collect(),
        View::Ministry(_) => Vec::new(),
    };
    for code in listed {
        by_dep.entry(code.clone()).or_insert_with(|| TerritoryRow {
            name: departments.get(code).cloned().unwrap_or_default(),
            code: code.clone(),
            ..Default::default()
        });
    }
    for r in by_dep.values_mut() {
        r.target_total = targets.get(&("department".to_owned(), r.code.clone())).map(|t| t.1);
        r.reached_pct = r.target_total.and_then(|t| rules::percent(r.offers, t));
        r.coverage_pct = rules::percent(r.pupils_placed + r.pupils_placed_elsewhere, r.pupils);
    }
    d.scope = match view {
        View::All => "France entière".into(),
        View::Ministry(m) => format!("Offres publiques du ministère {m}"),
        View::Departments(ds) if ds.len() == 1 => format!("Département {} {}", ds[0], departments.get(&ds[0]).cloned().unwrap_or_default()),
        View::Departments(ds) => format!("{} départements", ds.len()),
    };
    d.pupils_without_placement = (d.pupils - d.pupils_placed - d.pupils_placed_elsewhere).max(0);
    d.coverage_pct = rules::percent(d.pupils_placed + d.pupils_placed_elsewhere, d.pupils);
    d.pupils_without_application = (d.pupils - d.pupils_applied).max(0);
    let ministry_names: BTreeMap<String, String> = crate::organisations::ministries(conn)?.into_iter().map(|m| (m.id, m.name)).collect();
    d.by_ministry = by_ministry
        .into_iter()
        .map(|(code, offers)| {
            let target = targets.get(&("ministry".to_owned(), code.clone())).map(|t| t.1);
            NamedCount {
                label: ministry_names.get(&code).cloned().unwrap_or_else(|| code.clone()),
                reached_pct: target.and_then(|t| rules::percent(offers, t)),
                code,
                offers,
                target,
            }
        })
        .collect();
    d.by_group = by_group.into_iter().map(|(name, offers)| NamedCount { code: name.clone(), label: name, offers, target: None, reached_pct: None }).collect();
    let names = crate::partners::operator_names(conn)?;
    d.by_operator = by_operator
        .into_iter()
        .map(|(code, offers)| NamedCount { label: names.get(&code).cloned().unwrap_or_else(|| code.clone()), code, offers, target: None, reached_pct: None })
        .collect();
    d.by_priority = by_priority
        .into_values()
        .map(|mut p| {
            p.without_placement = (p.pupils - p.placed - p.placed_elsewhere).max(0);
            p
        })
        .collect();
    // Drill-down: régions and académies from the departments; schools for one department.
    let mut regions: BTreeMap<String, TerritoryRow> = BTreeMap::new();
    let mut academies: BTreeMap<String, TerritoryRow> = BTreeMap::new();
    for r in by_dep.values() {
        let Some(dref) = deps_ref.iter().find(|x| x.code == r.code) else { continue };
        let areas = [
            (&mut regions, dref.region_code.clone(), dref.region_name.clone()),
            (&mut academies, dref.academie_code.clone().unwrap_or_default(), dref.academie_name.clone().unwrap_or_default()),
        ];
        for (map, code, name) in areas {
            let a = map.entry(code.clone()).or_insert_with(|| TerritoryRow { code, name, ..Default::default() });
            a.offers += r.offers;
            a.places += r.places;
            a.applications += r.applications;
            a.placements += r.placements;
            a.agreements_signed += r.agreements_signed;
            a.internships_done += r.internships_done;
            a.pupils += r.pupils;
            a.pupils_placed += r.pupils_placed;
            a.pupils_placed_elsewhere += r.pupils_placed_elsewhere;
            if let Some(t) = r.target_total {
                a.target_total = Some(a.target_total.unwrap_or(0) + t);
            }
        }
    }
    for a in regions.values_mut().chain(academies.values_mut()) {
        a.reached_pct = a.target_total.and_then(|t| rules::percent(a.offers, t));
        a.coverage_pct = rules::percent(a.pupils_placed + a.pupils_placed_elsewhere, a.pupils);
    }
    d.by_region = regions.into_values().collect();
    d.by_academie = academies.into_values().filter(|a| !a.code.is_empty()).collect();
    if matches!(view, View::Departments(ds) if ds.len() == 1) {
        let uais: Vec<String> = by_school.keys().cloned().collect();
        let schools: BTreeMap<String, crate::reference::model::School> =
            crate::reference::schools_by_uai(conn, &uais)?.into_iter().map(|s| (s.uai.clone(), s)).collect();
        for (uai, r) in by_school.iter_mut() {
            if let Some(s) = schools.get(uai) {
                r.name = s.name.clone();
                r.priority_education = s.priority_education.clone();
            }
            r.without_placement = (r.pupils - r.placed - r.placed_elsewhere).max(0);
        }
        let mut rows: Vec<SchoolRow> = by_school.into_values().collect();
        order_schools(&mut rows);
        d.schools_total = rows.len() as i64;
        d.by_school = rows;
    }
    by_sector.remove("");
    d.by_sector = by_sector.into_values().filter(|s| s.offers + s.applications + s.placements > 0).collect();
    d.by_sector.sort_by(|a, b| b.offers.cmp(&a.offers).then(a.name.cmp(&b.name)));
    d.by_gender = by_gender.into_values().filter(|g| g.applications + g.placements + g.pupils_applied > 0).collect();
    d.by_department = by_dep.into_values().collect();
    Ok(d)
}

/// Imports the shipped targets for a school year (departments and ministries).
pub fn import_targets(conn: &mut AnyConnection, dir: &std::path::Path, year: &str) -> Result<(usize, usize), String> {
    let mut read = |file: &str, code_col: &str, label_col: &str, total_col: &str, kind: &str| -> Result<usize, String> {
        let mut reader = csv::Reader::from_path(dir.join(file)).map_err(|e| format!("{file} : {e}"))?;
        let headers = reader.headers().map_err(|e| e.to_string())?.clone();
        let col = |n: &str| headers.iter().position(|h| h == n).ok_or_else(|| format!("{file} : colonne {n} manquante"));
        let (c, l, t) = (col(code_col)?, col(label_col)?, col(total_col)?);
        let (pu, pr) = (headers.iter().position(|h| h == "target_public"), headers.iter().position(|h| h == "target_private"));
        let mut rows = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| format!("{file} ligne {} : {e}", i + 2))?;
            let num = |idx: Option<usize>| -> Result<i32, String> {
                match idx.map(|x| rec.get(x).unwrap_or("").trim()) {
                    None | Some("") => Ok(0),
                    Some(v) => v.parse().map_err(|_| format!("{file} ligne {} : nombre invalide « {v} »", i + 2)),
                }
            };
            let label = rec.get(l).unwrap_or("").trim().to_owned();
            let code =
                if kind == "ministry" { crate::reference::rules::normalize(&label).replace(' ', "-") } else { rec.get(c).unwrap_or("").trim().to_owned() };
            let total = num(Some(t))?;
            // Ministries' targets are public offers.
            let (public, private) = if kind == "ministry" { (total, 0) } else { (num(pu)?, num(pr)?) };
            rows.push((code, label, (total, public, private)));
        }
        db::transaction(conn, |conn| {
            for (code, label, t) in &rows {
                q::upsert_target(conn, year, kind, code, label, *t)?;
            }
            Ok(())
        })
        .map_err(|e| e.message)?;
        Ok(rows.len())
    };
    let deps = read("targets_2019_departments.csv", "department_code", "department_label_in_source", "target_total", "department")?;
    // Ministries' targets are public offers only.
    let mins = read("targets_2019_ministries.csv", "ministry_label_in_source", "ministry_label_in_source", "target_public", "ministry")?;
    Ok((deps, mins))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_lists_the_first_fifty_schools_and_says_how_many_there_are() {
        let rows: Vec<SchoolRow> = (0..70).map(|i| SchoolRow { uai: format!("{i:07}A"), without_placement: 70 - i, ..Default::default() }).collect();
        let d = StatsDashboard { schools_total: 70, by_school: rows, ..Default::default() };
        let v = serde_json::to_value(&d).expect("json");
        let shown = v["by_school"].as_array().expect("schools");
        assert_eq!((shown.len(), v["schools_total"].as_i64()), (SCHOOLS_SHOWN, Some(70)));
        assert_eq!((shown[0]["uai"].as_str(), shown[49]["uai"].as_str()), (Some("0000000A"), Some("0000049A")));
        // The struct keeps them all (the CSV export reads it).
        assert_eq!(d.by_school.len(), 70);
        // The contract says so too, with the same number.
        let schema = serde_json::to_value(<StatsDashboard as utoipa::PartialSchema>::schema()).expect("schema");
        assert_eq!(schema["properties"]["by_school"]["maxItems"].as_u64(), Some(SCHOOLS_SHOWN as u64));
    }

    #[test]
    fn schools_with_the_most_pupils_without_placement_come_first() {
        let row = |uai: &str, name: &str, without: i64| SchoolRow { uai: uai.into(), name: name.into(), without_placement: without, ..Default::default() };
        let mut rows = vec![row("1", "Collège B", 2), row("2", "Collège A", 9), row("3", "Collège A", 2), row("4", "Collège C", 0)];
        order_schools(&mut rows);
        assert_eq!(rows.iter().map(|r| r.uai.as_str()).collect::<Vec<_>>(), ["2", "3", "1", "4"]);
    }
}

/// A REP or REP+ school that has not started its campaign, as a referent's call list shows it.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct PrioritySchool {
    pub uai: String,
    pub name: String,
    pub city: String,
    pub department_code: String,
    /// `REP` or `REP+`.
    pub priority_education: String,
    pub stage: rules::Stage,
    /// Pupils on the platform, and those placed (`no_placement`: none yet).
    pub pupils: i64,
    pub placed: i64,
    /// The principal's address on the platform, when the school is registered.
    pub principal_email: Option<String>,
    /// The school's page in the national directory of schools (address, phone, e-mail).
    pub directory_url: String,
}

/// The priority-education schools of the view that have not started: not registered, without
/// weeks, without pupils, or without any placement — the furthest behind first.
pub fn priority_schools(conn: &mut AnyConnection, view: &View, year: &str) -> AppResult<Vec<PrioritySchool>> {
    let departments = match view {
        View::All => None,
        View::Departments(ds) => Some(ds.as_slice()),
        View::Ministry(_) => {
            return Err(crate::error::AppError::forbidden("Un référent ministériel suit les offres de son ministère, pas les établissements.")
                .with_code(crate::error::ErrorCode::OutOfScope))
        }
    };
    let mut rows: Vec<PrioritySchool> = q::priority_schools(conn, year, departments)?
        .into_iter()
        .filter_map(|f| {
            let stage = rules::stage(f.registered, f.has_weeks, f.pupils, f.placed);
            (stage != rules::Stage::Started).then(|| PrioritySchool {
                directory_url: format!("https://data.education.gouv.fr/explore/dataset/fr-en-annuaire-education/table/?q={}", f.uai),
                stage,
                uai: f.uai,
                name: f.name,
                city: f.city,
                department_code: f.department_code,
                priority_education: f.priority_education,
                pupils: f.pupils,
                placed: f.placed,
                principal_email: f.principal_email,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.stage.cmp(&b.stage).then(a.department_code.cmp(&b.department_code)).then(a.name.cmp(&b.name)));
    Ok(rows)
}

/// The campaign's figures at the end of one day.
#[derive(Serialize, Deserialize, ToSchema, Clone, Default, Debug, PartialEq)]
pub struct DayFigures {
    pub day: chrono::NaiveDate,
    pub offers: i64,
    pub applications: i64,
    pub placements: i64,
    pub pupils: i64,
    pub pupils_placed: i64,
    /// Pupils whose internship was found elsewhere only (validated by their school).
    pub pupils_placed_elsewhere: i64,
    pub agreements_signed: i64,
}

/// The view's figures day by day, oldest first (days without a rebuild are absent).
pub fn series(conn: &mut AnyConnection, view: &View, year: &str) -> AppResult<Vec<DayFigures>> {
    let departments = match view {
        View::All => None,
        View::Departments(ds) => Some(ds.as_slice()),
        View::Ministry(_) => {
            return Err(crate::error::AppError::forbidden("Un référent ministériel suit les offres de son ministère : les séries sont par département.")
                .with_code(crate::error::ErrorCode::OutOfScope))
        }
    };
    let mut days: BTreeMap<chrono::NaiveDate, DayFigures> = BTreeMap::new();
    for ((day, metric), value) in q::series(conn, year, departments)? {
        let f = days.entry(day).or_insert_with(|| DayFigures { day, ..Default::default() });
        match metric.as_str() {
            rules::OFFERS => f.offers = value,
            rules::APPLICATIONS => f.applications = value,
            rules::PLACEMENTS => f.placements = value,
            rules::PUPILS => f.pupils = value,
            rules::PUPILS_PLACED => f.pupils_placed = value,
            rules::PUPILS_ELSEWHERE => f.pupils_placed_elsewhere = value,
            rules::AGREEMENTS_SIGNED => f.agreements_signed = value,
            _ => {}
        }
    }
    Ok(days.into_values().collect())
}

/// The figures of a view at the latest day on or before `day`.
fn figures_at(days: &[DayFigures], day: chrono::NaiveDate) -> Option<&DayFigures> {
    days.iter().rev().find(|d| d.day <= day)
}

/// The weekly e-mail's paragraphs for one view: the figures and their change in a week.
fn kpi_paragraphs(scope: &str, days: &[DayFigures], today: chrono::NaiveDate, public_url: &str) -> Option<Vec<String>> {
    let now = figures_at(days, today)?;
    let before = figures_at(days, today - chrono::Duration::days(7));
    let line = |label: &str, pick: fn(&DayFigures) -> i64| {
        format!("{label} : {} ({})", rules::mail_figure(pick(now)), rules::mail_change(pick(now), before.map(pick)))
    };
    Some(vec![
        format!("Voici les chiffres de la campagne de stages d'observation ({scope}), au {}.", now.day.format("%d/%m/%Y")),
        line("Offres publiées", |d| d.offers),
        line("Candidatures", |d| d.applications),
        line("Stages confirmés", |d| d.placements),
        line("Élèves ayant un stage trouvé sur Passerelle", |d| d.pupils_placed),
        line("Élèves ayant un stage trouvé ailleurs", |d| d.pupils_placed_elsewhere),
        line("Conventions signées", |d| d.agreements_signed),
        "Les chiffres inférieurs à 5 ne sont pas donnés dans ce courriel, comme dans les données ouvertes ; ils sont sur votre tableau de bord.".into(),
        format!("Votre tableau de bord : {public_url}/espace — pour ne plus recevoir ce courriel, décochez-le sur la page {public_url}/compte"),
    ])
}

/// Mondays from 7:00, once across replicas: every admin and referent (their scope), and the
/// configured addresses (France), get the week's figures, unless they opted out.
pub fn weekly_mail(conn: &mut AnyConnection, now: NaiveDateTime, public_url: &str, extra_to: &[String]) -> AppResult<usize> {
    if !rules::kpi_mail_due(now) || !q::kpi_mail_free(conn, now)? {
        return Ok(0);
    }
    let year = crate::schools::year_or_current(None)?.label();
    let today = now.date();
    let national = series(conn, &View::All, &year)?;
    // No day's figures yet (a fresh start on a Monday, before the daily snapshot): the week's
    // slot is not taken, the next tick tries again once there is something to send.
    if figures_at(&national, today).is_none() || !q::claim_kpi_mail(conn, now)? {
        return Ok(0);
    }
    let subject = "Stages d'observation : les chiffres de la semaine";
    let mut sent = 0;
    let mut readers: Vec<(String, String, View)> = extra_to.iter().map(|to| (to.clone(), String::new(), View::All)).collect();
    for (id, email, first, role, kind, code) in q::kpi_readers(conn)? {
        let user = CurrentUser {
            id: crate::ids::UserId::from(id),
            role: crate::auth::Role::parse(&role).unwrap_or(crate::auth::Role::Referent),
            staff_function: None,
            scope: kind.as_deref().and_then(ScopeKind::parse).zip(code).map(|(kind, code)| crate::auth::Scope { kind, code }),
        };
        match view(conn, &user) {
            // A ministry's referent follows offers, not the campaign's pupils: no e-mail yet.
            Ok(View::Ministry(_)) | Err(_) => continue,
            Ok(v) => readers.push((email, first, v)),
        }
    }
    let departments: BTreeMap<String, String> = crate::reference::departments(conn)?.into_iter().map(|d| (d.code, d.name)).collect();
    for (to, first, v) in readers {
        let (scope, days) = match &v {
            View::All => ("France entière".to_owned(), national.clone()),
            View::Departments(ds) if ds.len() == 1 => (format!("{} {}", ds[0], departments.get(&ds[0]).cloned().unwrap_or_default()), series(conn, &v, &year)?),
            View::Departments(ds) => (format!("{} départements", ds.len()), series(conn, &v, &year)?),
            View::Ministry(_) => continue,
        };
        let Some(paragraphs) = kpi_paragraphs(&scope, &days, today, public_url) else { continue };
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        crate::notifications::queue_email(conn, &crate::notifications::templates::plain_email(&to, &first, subject, &refs))?;
        sent += 1;
    }
    tracing::info!(sent, "weekly figures mailed");
    Ok(sent)
}

/// Whether this person gets the weekly e-mail.
pub fn kpi_subscribed(conn: &mut AnyConnection, user_id: &str) -> AppResult<bool> {
    Ok(!q::kpi_opted_out(conn, user_id)?)
}

pub fn set_kpi_subscribed(conn: &mut AnyConnection, user_id: &str, subscribed: bool) -> AppResult<()> {
    Ok(q::set_kpi_opt_out(conn, user_id, !subscribed, db::now())?)
}
