//! The index itself, pure (neither actix nor diesel): the live offers' records in bitmaps
//! (`roaring`) for every filter, and one R-tree (`rstar`) per school year for "nearest first".
//! It answers exactly what `search::nearest` answers from SQL, rings and boxes included, so a
//! property test can compare the two on any query (`tests/search_index.rs`).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use roaring::RoaringBitmap;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::offers::queries::SearchFilter;
use crate::offers::rules::{self, Cursor};
use crate::reference::rules::distance_km;
use crate::schools::rules::IsoWeek;

/// What search needs of one live offer (published and not hidden).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub school_year: String,
    pub grade_family: String,
    pub sector_id: String,
    pub latitude: f64,
    pub longitude: f64,
    pub rep_only: bool,
    pub search_text: String,
    /// Weeks with a place left (`confirmed < places`): full offers stay in the index, since
    /// places come back when a pupil cancels.
    pub open_weeks: Vec<IsoWeek>,
    /// The schools the offer is reserved to (none: open to every school).
    pub schools: Vec<String>,
}

/// An offer id the index cannot hold: ids are compared as 128-bit numbers, which orders them
/// as their canonical text does. Every id the platform writes is one (`db::new_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCanonical(pub String);

/// The canonical (lower-case, hyphenated) UUID as a number, ordered as its text.
pub fn key_of(id: &str) -> Option<u128> {
    let u = uuid::Uuid::parse_str(id).ok()?;
    (u.hyphenated().to_string() == id).then(|| u.as_u128())
}

fn id_of(key: u128) -> String {
    uuid::Uuid::from_u128(key).hyphenated().to_string()
}

type Point = GeomWithData<[f64; 3], u32>;

/// A point on the unit sphere: the straight-line (chord) order of these is the great-circle
/// order, so the R-tree's nearest-first walk is nearest first on the Earth.
fn unit(lat: f64, lon: f64) -> [f64; 3] {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

/// The great-circle distance of a squared chord of the unit sphere (the same Earth radius as
/// `distance_km`; only used to know how far the walk has gone).
fn chord_km(d2: f64) -> f64 {
    6371.0 * 2.0 * (d2.sqrt() / 2.0).min(1.0).asin()
}

/// Two formulas of one distance differ by far less than this (a millimetre): the walk goes
/// this much past a ring before judging it.
const MARGIN_KM: f64 = 1e-6;
/// At most this many candidates (offers passing every filter but the place), they are all
/// measured instead of walking the tree.
const SCAN_MAX: u64 = 8_192;
/// The walk gives up after this many offers that fail the filters (a rare filter in an area
/// dense with others) and measures the candidates instead: the cost of a query stays bounded.
const WALK_BUDGET: usize = 32_768;

#[derive(Debug, Clone, Copy)]
struct Doc {
    key: u128,
    lat: f64,
    lon: f64,
}

/// When the index walks the tree rather than measuring every candidate (tests lower both to
/// take every path on small data).
#[derive(Clone, Copy)]
struct Tuning {
    scan_max: u64,
    walk_budget: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { scan_max: SCAN_MAX, walk_budget: WALK_BUDGET }
    }
}

#[derive(Default)]
pub struct Index {
    tuning: Tuning,
    docs: Vec<Doc>,
    by_key: HashMap<u128, u32>,
    /// Doc ids of every record, live or not; `live` says which are current. A record that
    /// changes gets a new doc id: the old one leaves `live` (and the tree) at once and the
    /// bitmaps at the next compaction.
    live: RoaringBitmap,
    dead: RoaringBitmap,
    free: Vec<u32>,
    trees: HashMap<String, RTree<Point>>,
    years: HashMap<String, RoaringBitmap>,
    families: HashMap<String, RoaringBitmap>,
    sectors: HashMap<String, RoaringBitmap>,
    weeks: HashMap<IsoWeek, RoaringBitmap>,
    any_open: RoaringBitmap,
    rep_only: RoaringBitmap,
    reserved: RoaringBitmap,
    reserved_for: HashMap<String, RoaringBitmap>,
    /// Every word of the offers' search texts; a term is the range of words it starts.
    words: BTreeMap<Box<str>, RoaringBitmap>,
    /// School year of each doc (to leave its tree).
    doc_year: Vec<u32>,
    year_names: Vec<String>,
}

impl Index {
    /// An index of these records, built in one go (the trees bulk-loaded).
    pub fn build(records: impl IntoIterator<Item = Record>) -> Result<Index, NotCanonical> {
        let mut index = Index::default();
        let mut points: HashMap<String, Vec<Point>> = HashMap::new();
        for r in records {
            let (doc, year) = index.post(&r)?;
            let d = index.docs[doc as usize];
            points.entry(year).or_default().push(GeomWithData::new(unit(d.lat, d.lon), doc));
        }
        index.trees = points.into_iter().map(|(y, p)| (y, RTree::bulk_load(p))).collect();
        Ok(index)
    }

    pub fn set_tuning(&mut self, scan_max: u64, walk_budget: usize) {
        self.tuning = Tuning { scan_max, walk_budget };
    }

    /// Live offers held.
    pub fn len(&self) -> u64 {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Puts (or replaces) an offer's record.
    pub fn upsert(&mut self, r: &Record) -> Result<(), NotCanonical> {
        if let Some(key) = key_of(&r.id) {
            self.remove_key(key);
        }
        let (doc, year) = self.post(r)?;
        let d = self.docs[doc as usize];
        self.trees.entry(year).or_default().insert(GeomWithData::new(unit(d.lat, d.lon), doc));
        Ok(())
    }

    /// Takes an offer out (unpublished, hidden, deleted); nothing when it is not in.
    pub fn remove(&mut self, id: &str) {
        if let Some(key) = key_of(id) {
            self.remove_key(key);
        }
    }

    fn remove_key(&mut self, key: u128) {
        let Some(doc) = self.by_key.remove(&key) else { return };
        let d = self.docs[doc as usize];
        self.live.remove(doc);
        self.dead.insert(doc);
        let year = &self.year_names[self.doc_year[doc as usize] as usize];
        if let Some(tree) = self.trees.get_mut(year) {
            tree.remove(&GeomWithData::new(unit(d.lat, d.lon), doc));
        }
    }

    /// Gives the record a doc id and posts it in every bitmap (not in the tree).
    fn post(&mut self, r: &Record) -> Result<(u32, String), NotCanonical> {
        let key = key_of(&r.id).ok_or_else(|| NotCanonical(r.id.clone()))?;
        let year = match self.year_names.iter().position(|y| y == &r.school_year) {
            Some(i) => i,
            None => {
                self.year_names.push(r.school_year.clone());
                self.year_names.len() - 1
            }
        } as u32;
        let record = Doc { key, lat: r.latitude, lon: r.longitude };
        // A doc id freed by the last compaction, or a new one.
        let doc = match self.free.pop() {
            Some(d) => {
                self.docs[d as usize] = record;
                self.doc_year[d as usize] = year;
                d
            }
            None => {
                self.docs.push(record);
                self.doc_year.push(year);
                (self.docs.len() - 1) as u32
            }
        };
        self.by_key.insert(key, doc);
        self.live.insert(doc);
        self.years.entry(r.school_year.clone()).or_default().insert(doc);
        self.families.entry(r.grade_family.clone()).or_default().insert(doc);
        self.sectors.entry(r.sector_id.clone()).or_default().insert(doc);
        for w in &r.open_weeks {
            self.weeks.entry(*w).or_default().insert(doc);
        }
        if !r.open_weeks.is_empty() {
            self.any_open.insert(doc);
        }
        if r.rep_only {
            self.rep_only.insert(doc);
        }
        if !r.schools.is_empty() {
            self.reserved.insert(doc);
        }
        for uai in &r.schools {
            self.reserved_for.entry(uai.clone()).or_default().insert(doc);
        }
        for word in r.search_text.split(' ').filter(|w| !w.is_empty()) {
            match self.words.get_mut(word) {
                Some(b) => {
                    b.insert(doc);
                }
                None => {
                    self.words.insert(word.into(), RoaringBitmap::from_iter([doc]));
                }
            }
        }
        Ok((doc, r.school_year.clone()))
    }

    /// Clears the doc ids of replaced and removed records out of the bitmaps, for reuse, once
    /// they are more than an eighth of the docs (a few ms a time at a million offers).
    pub fn compact_if_needed(&mut self) -> bool {
        if self.dead.len() < 1_024 || self.dead.len() * 8 < self.docs.len() as u64 {
            return false;
        }
        self.compact();
        true
    }

    /// Clears the dead doc ids out of every bitmap and keeps them for reuse.
    pub fn compact(&mut self) {
        let dead = std::mem::take(&mut self.dead);
        let maps = [&mut self.years, &mut self.families, &mut self.sectors, &mut self.reserved_for];
        for map in maps {
            map.values_mut().for_each(|b| *b -= &dead);
            map.retain(|_, b| !b.is_empty());
        }
        self.weeks.values_mut().for_each(|b| *b -= &dead);
        self.weeks.retain(|_, b| !b.is_empty());
        self.words.values_mut().for_each(|b| *b -= &dead);
        self.words.retain(|_, b| !b.is_empty());
        for b in [&mut self.any_open, &mut self.rep_only, &mut self.reserved] {
            *b -= &dead;
        }
        self.free.extend(dead.iter());
    }

    /// Bytes held, roughly (the bitmaps as serialized, the records, the trees' points).
    pub fn approx_bytes(&self) -> usize {
        let bitmaps = |m: &HashMap<String, RoaringBitmap>| m.iter().map(|(k, b)| k.len() + b.serialized_size()).sum::<usize>();
        let fixed = [&self.live, &self.dead, &self.any_open, &self.rep_only, &self.reserved].iter().map(|b| b.serialized_size()).sum::<usize>();
        self.docs.capacity() * (std::mem::size_of::<Doc>() + 4)
            + self.by_key.capacity() * 24
            + self.live.len() as usize * (std::mem::size_of::<Point>() + 16)
            + bitmaps(&self.years)
            + bitmaps(&self.families)
            + bitmaps(&self.sectors)
            + bitmaps(&self.reserved_for)
            + self.weeks.values().map(|b| 8 + b.serialized_size()).sum::<usize>()
            + self.words.iter().map(|(k, b)| 48 + k.len() + b.serialized_size()).sum::<usize>()
            + fixed
    }

    /// Docs starting a word with this term.
    fn term(&self, t: &str) -> RoaringBitmap {
        let mut out = RoaringBitmap::new();
        for (word, docs) in self.words.range::<str, _>((Bound::Included(t), Bound::Unbounded)) {
            if !word.starts_with(t) {
                break;
            }
            out |= docs;
        }
        out
    }

    /// The live docs passing every filter but the place and the cursor.
    fn candidates(&self, f: &SearchFilter) -> RoaringBitmap {
        let Some(year) = self.years.get(&f.school_year) else { return RoaringBitmap::new() };
        let mut d = year & &self.live;
        if let Some(g) = &f.grade_family {
            match self.families.get(g) {
                Some(b) => d &= b,
                None => return RoaringBitmap::new(),
            }
        }
        if f.weeks.is_empty() {
            d &= &self.any_open;
        } else {
            let mut open = RoaringBitmap::new();
            for w in &f.weeks {
                if let Some(b) = self.weeks.get(w) {
                    open |= b;
                }
            }
            d &= open;
        }
        if !f.sectors.is_empty() {
            let mut any = RoaringBitmap::new();
            for s in &f.sectors {
                if let Some(b) = self.sectors.get(s) {
                    any |= b;
                }
            }
            d &= any;
        }
        for t in &f.keyword_terms {
            if d.is_empty() {
                break;
            }
            d &= self.term(t);
        }
        if !f.priority_eligible {
            d -= &self.rep_only;
        }
        match &f.school_uai {
            None => d -= &self.reserved,
            Some(uai) => {
                let mut others = &d & &self.reserved;
                if let Some(mine) = self.reserved_for.get(uai) {
                    others -= mine;
                }
                d -= others;
            }
        }
        if f.reserved_only {
            d &= &self.rep_only | &self.reserved;
        }
        d
    }

    /// The nearest offers after `cursor`, at most `limit`, and whether more follow: the answer
    /// of `search::nearest` from SQL, ring by ring (its boxes' quirks included).
    pub fn nearest(&self, center: (f64, f64), radius_km: f64, f: &SearchFilter, cursor: Option<&Cursor>, limit: usize) -> (Vec<(String, f64)>, bool) {
        let d = self.candidates(f);
        if d.is_empty() {
            return (Vec::new(), false);
        }
        let start = cursor.map(|c| c.distance_km + 1.0).unwrap_or(5.0).max(5.0);
        let rings = if f.keyword_terms.is_empty() { rules::rings(start, radius_km) } else { vec![radius_km] };
        let boxes: Vec<_> = rings.iter().map(|r| rules::bbox(center.0, center.1, *r)).collect();
        let walk = Walk { index: self, center, rings: &rings, boxes: &boxes, cursor, limit };
        if d.len() > self.tuning.scan_max {
            if let Some(tree) = self.trees.get(&f.school_year) {
                if let Some(out) = walk.through_tree(tree, &d) {
                    return out;
                }
            }
        }
        walk.over(&d)
    }
}

/// One query's geometry: the SQL search's rings, over candidates found by walking the tree
/// nearest first, or by measuring every candidate.
struct Walk<'a> {
    index: &'a Index,
    center: (f64, f64),
    rings: &'a [f64],
    /// Each ring's box (`rules::bbox`): they grow with the ring, so the last holds them all.
    boxes: &'a [(f64, f64, f64, f64)],
    cursor: Option<&'a Cursor>,
    limit: usize,
}

/// A candidate: its distance, key and doc id.
type Cand = (f64, u128, u32);

impl Walk<'_> {
    fn outer(&self) -> f64 {
        self.rings.last().copied().unwrap_or(0.0)
    }

    /// A candidate within the outer ring and after the cursor, measured. One outside the outer
    /// ring's box is in no ring (the SQL search reads boxes): left out before any trigonometry.
    fn measure(&self, doc: u32) -> Option<Cand> {
        let d = self.index.docs[doc as usize];
        let (lat0, lat1, lon0, lon1) = *self.boxes.last()?;
        if d.lat < lat0 || d.lat > lat1 || d.lon < lon0 || d.lon > lon1 {
            return None;
        }
        let dist = distance_km(self.center.0, self.center.1, d.lat, d.lon);
        if dist > self.outer() {
            return None;
        }
        let after = match self.cursor {
            None => true,
            Some(c) => {
                let rounded = (dist * 1e6).round() / 1e6;
                rounded > c.distance_km || (rounded == c.distance_km && c.before(dist, &id_of(d.key)))
            }
        };
        after.then_some((dist, d.key, doc))
    }

    /// The answer at ring `i` when the search would stop there, given every candidate within it.
    fn judge(&self, i: usize, cands: &[Cand]) -> Option<(Vec<(String, f64)>, bool)> {
        let r = self.rings[i];
        let hits: Vec<Cand> = cands.iter().filter(|c| self.in_ring(i, c)).copied().collect();
        if hits.len() <= self.limit && r < self.outer() {
            return None;
        }
        let more = hits.len() > self.limit;
        Some(self.page(hits, more))
    }

    /// Every candidate measured, then the rings.
    fn over(&self, d: &RoaringBitmap) -> (Vec<(String, f64)>, bool) {
        let cands: Vec<Cand> = d.iter().filter_map(|doc| self.measure(doc)).collect();
        (0..self.rings.len()).find_map(|i| self.judge(i, &cands)).unwrap_or_default()
    }

    /// Nearest first through the year's tree, judging each ring once the walk has gone past
    /// it; `None` when the walk's budget is spent.
    ///
    /// It stops early once the current ring holds more than `limit` offers (the SQL search stops
    /// at that ring) and the walk has gone past the farthest of the first `limit + 1` of them by
    /// the margin: every offer not yet seen is farther than they are, so the page is known
    /// (without the early stop, a dense ring is read whole: 100,000 offers within 5 km of Paris).
    fn through_tree(&self, tree: &RTree<Point>, d: &RoaringBitmap) -> Option<(Vec<(String, f64)>, bool)> {
        let mut cands: Vec<Cand> = Vec::new();
        let mut ring = 0;
        // The candidates within the current ring, and the distance past which the page is known.
        let mut inside: Vec<Cand> = Vec::new();
        let mut known_past: Option<f64> = None;
        for (visited, (p, d2)) in tree.nearest_neighbor_iter_with_distance_2(unit(self.center.0, self.center.1)).enumerate() {
            let far = chord_km(d2);
            if known_past.is_some_and(|k| far > k + MARGIN_KM) {
                return Some(self.page(inside, true));
            }
            while ring < self.rings.len() && far > self.rings[ring] + MARGIN_KM {
                if let Some(out) = self.judge(ring, &cands) {
                    return Some(out);
                }
                ring += 1;
                if ring < self.rings.len() {
                    inside = cands.iter().filter(|c| self.in_ring(ring, c)).copied().collect();
                    known_past = self.known_past(&inside);
                }
            }
            if ring == self.rings.len() {
                break;
            }
            if visited >= self.index.tuning.walk_budget {
                return None;
            }
            if d.contains(p.data) {
                if let Some(c) = self.measure(p.data) {
                    cands.push(c);
                    if self.in_ring(ring, &c) {
                        inside.push(c);
                        if known_past.is_none() {
                            known_past = self.known_past(&inside);
                        }
                    }
                }
            }
        }
        Some((ring..self.rings.len()).find_map(|i| self.judge(i, &cands)).unwrap_or_default())
    }

    /// Whether a candidate counts in ring `i`, as the SQL search counts it: within its radius
    /// and inside its box.
    fn in_ring(&self, i: usize, c: &Cand) -> bool {
        let (r, (lat0, lat1, lon0, lon1)) = (self.rings[i], self.boxes[i]);
        let d = self.index.docs[c.2 as usize];
        c.0 <= r && d.lat >= lat0 && d.lat <= lat1 && d.lon >= lon0 && d.lon <= lon1
    }

    /// Once a ring holds more than `limit` candidates: the farthest of them.
    fn known_past(&self, inside: &[Cand]) -> Option<f64> {
        (inside.len() > self.limit).then(|| inside.iter().map(|c| c.0).fold(0.0, f64::max))
    }

    /// The first `limit` of these candidates, nearest first, then by id.
    fn page(&self, mut hits: Vec<Cand>, more: bool) -> (Vec<(String, f64)>, bool) {
        hits.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        hits.truncate(self.limit);
        (hits.into_iter().map(|(dist, key, _)| (id_of(key), dist)).collect(), more)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    const WORDS: [&str; 12] = ["accueil", "accompagner", "boulangerie", "bureau", "cuisine", "3e", "electricite", "elevage", "mairie", "oeuvre", "a", "ab"];

    fn record(rng: &mut StdRng, n: u128) -> Record {
        // Three clusters (two exactly co-located groups), and far territories.
        let (lat, lon) = match rng.gen_range(0..6) {
            0 => (48.8566, 2.3522),
            1 => (48.85 + rng.gen_range(-0.3..0.3), 2.35 + rng.gen_range(-0.4..0.4)),
            2 => (45.76 + rng.gen_range(-1.0..1.0), 4.83 + rng.gen_range(-1.0..1.0)),
            3 => (-21.11 + rng.gen_range(-0.2..0.2), 55.53 + rng.gen_range(-0.2..0.2)),
            4 => (-13.28, -176.17 + rng.gen_range(-4.0..4.0)),
            _ => (43.3, 5.37),
        };
        let text: Vec<&str> = (0..rng.gen_range(1..5)).map(|_| WORDS[rng.gen_range(0..WORDS.len())]).collect();
        Record {
            id: id_of(n * 7_919 + rng.gen_range(0..3)),
            school_year: ["2026-2027", "2027-2028"][rng.gen_range(0..2)].into(),
            grade_family: ["college", "lycee"][rng.gen_range(0..2)].into(),
            sector_id: format!("s{}", rng.gen_range(1..4)),
            latitude: lat,
            longitude: lon,
            rep_only: rng.gen_bool(0.1),
            search_text: text.join(" "),
            open_weeks: (0..rng.gen_range(0..3)).map(|_| IsoWeek { year: 2027, week: rng.gen_range(2..6) }).collect(),
            schools: if rng.gen_bool(0.1) { vec![["0750001A", "0750002B"][rng.gen_range(0..2)].into()] } else { vec![] },
        }
    }

    /// What the SQL search answers, written the plain way: every record tested, ring by ring.
    fn oracle(records: &[Record], center: (f64, f64), radius: f64, f: &SearchFilter, cursor: Option<&Cursor>, limit: usize) -> (Vec<(String, f64)>, bool) {
        let start = cursor.map(|c| c.distance_km + 1.0).unwrap_or(5.0).max(5.0);
        let rings = if f.keyword_terms.is_empty() { rules::rings(start, radius) } else { vec![radius] };
        for r in rings {
            let b = rules::bbox(center.0, center.1, r);
            let mut hits: Vec<(String, f64)> = records
                .iter()
                .filter(|o| o.latitude >= b.0 && o.latitude <= b.1 && o.longitude >= b.2 && o.longitude <= b.3)
                .filter(|o| o.school_year == f.school_year && f.grade_family.as_ref().is_none_or(|g| g == &o.grade_family))
                .filter(|o| f.sectors.is_empty() || f.sectors.contains(&o.sector_id))
                .filter(|o| if f.weeks.is_empty() { !o.open_weeks.is_empty() } else { o.open_weeks.iter().any(|w| f.weeks.contains(w)) })
                .filter(|o| f.priority_eligible || !o.rep_only)
                .filter(|o| o.schools.is_empty() || f.school_uai.as_ref().is_some_and(|u| o.schools.contains(u)))
                .filter(|o| !f.reserved_only || o.rep_only || !o.schools.is_empty())
                .filter(|o| rules::matches_terms(&o.search_text, &f.keyword_terms))
                .map(|o| (o.id.clone(), distance_km(center.0, center.1, o.latitude, o.longitude)))
                .filter(|(id, d)| *d <= r && cursor.is_none_or(|c| c.before(*d, id)))
                .collect();
            if hits.len() > limit || r >= radius {
                hits.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
                let more = hits.len() > limit;
                hits.truncate(limit);
                return (hits, more);
            }
        }
        (Vec::new(), false)
    }

    fn filter(rng: &mut StdRng) -> SearchFilter {
        SearchFilter {
            school_year: ["2026-2027", "2027-2028", "2030-2031"][rng.gen_range(0..3).min(rng.gen_range(0..3))].into(),
            grade_family: [None, Some("college".into()), Some("lycee".into())][rng.gen_range(0..3)].clone(),
            sectors: (0..rng.gen_range(0..3)).map(|_| format!("s{}", rng.gen_range(1..5))).collect(),
            weeks: (0..rng.gen_range(0..3)).map(|_| IsoWeek { year: 2027, week: rng.gen_range(1..7) }).collect(),
            keyword_terms: (0..rng.gen_range(0..3))
                .map(|_| {
                    let w = WORDS[rng.gen_range(0..WORDS.len())];
                    w[..rng.gen_range(1..=w.len())].to_owned()
                })
                .collect(),
            school_uai: [None, Some("0750001A".into()), Some("0750003C".into())][rng.gen_range(0..3)].clone(),
            priority_eligible: rng.gen_bool(0.3),
            reserved_only: rng.gen_bool(0.15),
        }
    }

    /// Follows every page to the end on both sides.
    fn compare(index: &Index, records: &[Record], rng: &mut StdRng, case: usize) {
        let centers = [(48.8566, 2.3522), (48.9, 2.2), (45.7, 4.9), (-21.0, 55.5), (-13.3, 179.9), (43.3, 5.37), (0.0, 0.0)];
        let center = centers[rng.gen_range(0..centers.len())];
        let radius = [0.3, 0.5, 5.0, 30.0, 60.0, 200.0, 20_000.0][rng.gen_range(0..7)];
        let limit = [1, 3, 30, 300][rng.gen_range(0..4)];
        let f = filter(rng);
        let mut cursor: Option<Cursor> = None;
        for page in 0..1_000 {
            let want = oracle(records, center, radius, &f, cursor.as_ref(), limit);
            let got = index.nearest(center, radius, &f, cursor.as_ref(), limit);
            assert_eq!(got, want, "case {case} page {page}: {center:?} {radius} km, limit {limit}, {f:?}, after {cursor:?}");
            if !want.1 {
                return;
            }
            let (id, d) = want.0.last().cloned().expect("a full page");
            cursor = Some(Cursor { distance_km: (d * 1e6).round() / 1e6, id });
        }
        panic!("case {case}: more than 1,000 pages");
    }

    #[test]
    fn the_index_answers_what_the_sql_search_answers_on_random_offers_and_queries() {
        let mut rng = StdRng::seed_from_u64(28);
        let mut records: Vec<Record> = (0..2_500).map(|n| record(&mut rng, n)).collect();
        records.sort_by(|a, b| a.id.cmp(&b.id));
        records.dedup_by(|a, b| a.id == b.id);
        let mut index = Index::build(records.clone()).expect("canonical ids");
        assert_eq!(index.len(), records.len() as u64);
        for case in 0..300 {
            compare(&index, &records, &mut rng, case);
        }
        // The same with the tree walked from 20 candidates on, and a walk that gives up
        // after 200 offers (the measuring of every candidate takes over).
        index.tuning = Tuning { scan_max: 20, walk_budget: 200 };
        for case in 300..600 {
            compare(&index, &records, &mut rng, case);
        }
        // Changes: edits, removals and new offers, applied in place; then a compaction.
        for round in 0..3 {
            for _ in 0..600 {
                let i = rng.gen_range(0..records.len());
                match rng.gen_range(0..3) {
                    0 => {
                        let id = records[i].id.clone();
                        records[i] = Record { id, ..record(&mut rng, i as u128) };
                        index.upsert(&records[i]).expect("upsert");
                    }
                    1 => {
                        index.remove(&records[i].id);
                        records.swap_remove(i);
                    }
                    _ => {
                        let n = 1_000_000 + rng.gen_range(0..1_000_000);
                        let r = record(&mut rng, n);
                        if !records.iter().any(|o| o.id == r.id) {
                            index.upsert(&r).expect("upsert");
                            records.push(r);
                        }
                    }
                }
            }
            if round == 1 {
                // The dead doc ids leave the bitmaps and are given again in the next round.
                index.compact();
                assert!(!index.free.is_empty() && index.dead.is_empty());
            }
            assert_eq!(index.len(), records.len() as u64);
            for case in 0..150 {
                compare(&index, &records, &mut rng, 1_000 * (round + 1) + case);
            }
        }
    }

    #[test]
    fn a_dense_area_is_walked_through_the_tree_and_answers_the_same() {
        // More candidates than SCAN_MAX: the tree walk answers (and the scan agrees).
        let mut rng = StdRng::seed_from_u64(7);
        let records: Vec<Record> = (0..12_000u128)
            .map(|n| Record {
                id: id_of(n),
                school_year: "2026-2027".into(),
                grade_family: "college".into(),
                sector_id: "s1".into(),
                latitude: 48.85 + rng.gen_range(-0.5..0.5),
                longitude: 2.35 + rng.gen_range(-0.5..0.5),
                rep_only: false,
                search_text: "accueil".into(),
                open_weeks: vec![IsoWeek { year: 2027, week: 3 }],
                schools: vec![],
            })
            .collect();
        let index = Index::build(records.clone()).expect("build");
        for case in 0..60 {
            compare(&index, &records, &mut rng, case);
        }
        let f = SearchFilter { school_year: "2026-2027".into(), ..filter(&mut rng) };
        let f = SearchFilter { keyword_terms: vec![], sectors: vec![], weeks: vec![], grade_family: None, reserved_only: false, ..f };
        let d = index.candidates(&f);
        assert!(d.len() > SCAN_MAX, "{}", d.len());
        let rings = rules::rings(5.0, 60.0);
        let boxes: Vec<_> = rings.iter().map(|r| rules::bbox(48.85, 2.35, *r)).collect();
        let walk = Walk { index: &index, center: (48.85, 2.35), rings: &rings, boxes: &boxes, cursor: None, limit: 30 };
        let tree = walk.through_tree(&index.trees["2026-2027"], &d).expect("within the budget");
        assert_eq!(tree, walk.over(&d));
        assert_eq!(tree.0.len(), 30);
    }

    #[test]
    fn an_id_that_is_not_a_canonical_uuid_is_refused() {
        let r = Record {
            id: "ABC".into(),
            school_year: "2026-2027".into(),
            grade_family: "college".into(),
            sector_id: "s1".into(),
            latitude: 0.0,
            longitude: 0.0,
            rep_only: false,
            search_text: String::new(),
            open_weeks: vec![],
            schools: vec![],
        };
        assert_eq!(Index::build([r.clone()]).err(), Some(NotCanonical("ABC".into())));
        let upper = Record { id: id_of(0xabc).to_uppercase(), ..r };
        assert!(Index::default().upsert(&upper).is_err());
        assert_eq!(key_of(&id_of(5)), Some(5));
    }
}
