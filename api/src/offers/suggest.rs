//! Keyword suggestions while a pupil types: sector names, the jobs hosts list on their offers
//! and the words of their titles, matched from the start of any of their words, accents and
//! case ignored. A vocabulary per replica, rebuilt from the published offers every few minutes
//! (cheap next to a search, and the same answer on every replica but for those minutes).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::reference::rules::normalize;

/// How long a vocabulary serves before the next request rebuilds it.
pub const REFRESH_EVERY: Duration = Duration::from_secs(300);
/// Words kept from titles, most frequent first (jobs and sectors are all kept).
const MAX_TITLE_WORDS: usize = 20_000;
const MIN_WORD_CHARS: usize = 4;
/// Title words that say nothing about a job.
const STOP_WORDS: [&str; 24] = [
    "avec",
    "dans",
    "pour",
    "chez",
    "nous",
    "vous",
    "votre",
    "notre",
    "leur",
    "leurs",
    "sont",
    "etre",
    "faire",
    "stage",
    "stages",
    "observation",
    "decouverte",
    "decouvrir",
    "semaine",
    "semaines",
    "eleve",
    "eleves",
    "troisieme",
    "seconde",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A sector of the reference list (`sector_id` filters the search on it).
    Sector,
    /// A job a host listed on an offer.
    Job,
    /// A word of offers' titles.
    Word,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As people read it (the most frequent spelling).
    pub text: String,
    pub kind: SuggestionKind,
    pub sector_id: Option<String>,
    /// Published offers it comes from (a sector: its published offers; sectors are offered
    /// even without any).
    pub offers: u32,
    folded: String,
}

/// Every suggestion, and each of them under the start of each of its words.
#[derive(Debug, Default)]
pub struct Vocabulary {
    entries: Vec<Entry>,
    /// (folded text from a word's start, entry index), sorted.
    keys: Vec<(String, usize)>,
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Counts spellings per folded text; keeps the most frequent spelling.
#[derive(Default)]
struct Counter(HashMap<String, (u32, HashMap<String, u32>)>);

impl Counter {
    fn add(&mut self, folded: String, spelling: &str) {
        let e = self.0.entry(folded).or_default();
        e.0 += 1;
        *e.1.entry(spelling.to_owned()).or_default() += 1;
    }
    fn into_entries(self, kind: SuggestionKind, keep: usize) -> Vec<Entry> {
        let mut out: Vec<Entry> = self
            .0
            .into_iter()
            .map(|(folded, (offers, spellings))| {
                let text = spellings.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(s, _)| s).unwrap_or_default();
                Entry { text, kind, sector_id: None, offers, folded }
            })
            .collect();
        out.sort_by(|a, b| b.offers.cmp(&a.offers).then_with(|| a.folded.cmp(&b.folded)));
        out.truncate(keep);
        out
    }
}

impl Vocabulary {
    /// From the sectors (id, name) and the published offers' (title, jobs, sector id).
    pub fn build<'a>(sectors: &[(String, String)], offers: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Vocabulary {
        let mut jobs = Counter::default();
        let mut words = Counter::default();
        let mut per_sector: HashMap<&str, u32> = HashMap::new();
        for (title, listed, sector) in offers {
            *per_sector.entry(sector).or_default() += 1;
            let mut seen = std::collections::HashSet::new();
            for job in listed.split([',', ';', '/', '\n']).map(str::trim).filter(|j| (3..=60).contains(&j.chars().count())) {
                let folded = normalize(job);
                if !folded.is_empty() && seen.insert(folded.clone()) {
                    jobs.add(folded, &capitalised(job));
                }
            }
            for word in title.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| w.chars().count() >= MIN_WORD_CHARS) {
                let folded = normalize(word);
                if folded.contains(' ') || STOP_WORDS.contains(&folded.as_str()) || folded.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                if seen.insert(folded.clone()) {
                    words.add(folded, &word.to_lowercase());
                }
            }
        }
        let mut entries: Vec<Entry> = sectors
            .iter()
            .map(|(id, name)| Entry {
                text: name.clone(),
                kind: SuggestionKind::Sector,
                sector_id: Some(id.clone()),
                offers: per_sector.get(id.as_str()).copied().unwrap_or(0),
                folded: normalize(name),
            })
            .collect();
        entries.extend(jobs.into_entries(SuggestionKind::Job, usize::MAX));
        entries.extend(words.into_entries(SuggestionKind::Word, MAX_TITLE_WORDS));
        let mut keys = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let mut at = 0;
            for word in e.folded.split(' ') {
                keys.push((e.folded[at..].to_owned(), i));
                at += word.len() + 1;
            }
        }
        keys.sort();
        Vocabulary { entries, keys }
    }

    /// At most `limit` suggestions for what was typed: whole-text prefixes first, then
    /// sectors, jobs and words, the most offered first. Fewer than 2 letters: none.
    pub fn lookup(&self, typed: &str, limit: usize) -> Vec<&Entry> {
        let q = normalize(typed);
        if q.chars().count() < 2 {
            return Vec::new();
        }
        let start = self.keys.partition_point(|(k, _)| k.as_str() < q.as_str());
        let mut found: Vec<usize> = self.keys[start..].iter().take_while(|(k, _)| k.starts_with(&q)).map(|(_, i)| *i).collect();
        found.sort_unstable();
        found.dedup();
        let mut hits: Vec<&Entry> = found.into_iter().map(|i| &self.entries[i]).collect();
        hits.sort_by(|a, b| {
            b.folded
                .starts_with(&q)
                .cmp(&a.folded.starts_with(&q))
                .then(a.kind.cmp(&b.kind))
                .then(b.offers.cmp(&a.offers))
                .then_with(|| a.folded.cmp(&b.folded))
        });
        // A job and a title word spelled alike: once.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|e| seen.insert(e.folded.clone()));
        hits.truncate(limit);
        hits
    }
}

/// This replica's vocabulary and when it was built, and the one rebuild under way: when it goes
/// stale, one request rebuilds it while the others keep answering from the stale one (a
/// crowd typing at once reads the offers' table once, not once each).
#[derive(Default)]
pub struct Memo {
    current: Mutex<Option<(Instant, Arc<Vocabulary>)>>,
    building: tokio::sync::Mutex<()>,
}

impl Memo {
    /// The vocabulary if it is fresh enough.
    pub fn fresh(&self, now: Instant) -> Option<Arc<Vocabulary>> {
        let guard = self.current.lock().ok()?;
        guard.as_ref().filter(|(at, _)| now.duration_since(*at) < REFRESH_EVERY).map(|(_, v)| v.clone())
    }

    /// The vocabulary however old.
    pub fn any(&self) -> Option<Arc<Vocabulary>> {
        self.current.lock().ok()?.as_ref().map(|(_, v)| v.clone())
    }

    pub fn put(&self, now: Instant, v: Arc<Vocabulary>) {
        if let Ok(mut guard) = self.current.lock() {
            *guard = Some((now, v));
        }
    }

    /// The vocabulary to answer with: the fresh one; else, when another request is rebuilding
    /// it, the stale one (or, on a cold start, the one it builds); else the one `build` makes.
    pub async fn get_or_build<F, Fut, E>(&self, now: Instant, build: F) -> Result<Arc<Vocabulary>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Arc<Vocabulary>, E>>,
    {
        if let Some(v) = self.fresh(now) {
            return Ok(v);
        }
        let _turn = match self.building.try_lock() {
            Ok(turn) => turn,
            Err(_) => match self.any() {
                Some(stale) => return Ok(stale),
                None => {
                    let turn = self.building.lock().await;
                    if let Some(v) = self.fresh(Instant::now()) {
                        return Ok(v);
                    }
                    turn
                }
            },
        };
        // Someone may have rebuilt it between the first look and taking the turn.
        if let Some(v) = self.fresh(Instant::now()) {
            return Ok(v);
        }
        let v = build().await?;
        self.put(Instant::now(), v.clone());
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let sectors = vec![("s10".to_owned(), "Bâtiment et travaux publics (BTP)".to_owned()), ("s12".to_owned(), "Électricité, électronique".to_owned())];
        Vocabulary::build(
            &sectors,
            [
                ("Découverte du métier d'électricien", "Électricien, chef de chantier", "s12"),
                ("Électricien en rénovation", "électricien ; conducteur de travaux", "s12"),
                ("Accueil en pharmacie", "Pharmacien, préparateur en pharmacie", "s30"),
            ],
        )
    }

    fn texts(v: &Vocabulary, q: &str) -> Vec<String> {
        v.lookup(q, 10).into_iter().map(|e| e.text.clone()).collect()
    }

    #[tokio::test]
    async fn a_stale_vocabulary_is_rebuilt_once_while_the_others_read_it() {
        let memo = Arc::new(Memo::default());
        let builds = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        // Cold start: the first caller builds, the ones arriving meanwhile wait for it.
        let (release, hold) = tokio::sync::oneshot::channel::<()>();
        let first = {
            let (memo, builds) = (memo.clone(), builds.clone());
            tokio::spawn(async move {
                memo.get_or_build(Instant::now(), || async move {
                    builds.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let _ = hold.await;
                    Ok::<_, ()>(Arc::new(vocabulary()))
                })
                .await
            })
        };
        tokio::task::yield_now().await;
        let second = {
            let (memo, builds) = (memo.clone(), builds.clone());
            tokio::spawn(async move {
                memo.get_or_build(Instant::now(), || async move {
                    builds.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    Ok::<_, ()>(Arc::new(vocabulary()))
                })
                .await
            })
        };
        tokio::task::yield_now().await;
        release.send(()).expect("release");
        assert!(first.await.expect("join").is_ok() && second.await.expect("join").is_ok());
        assert_eq!(builds.load(std::sync::atomic::Ordering::SeqCst), 1, "one build for both");
        // Stale, and a rebuild under way: the stale one answers at once.
        let later = Instant::now() + REFRESH_EVERY + std::time::Duration::from_secs(1);
        let _turn = memo.building.try_lock().expect("free");
        let v = memo.get_or_build(later, || async { Err::<Arc<Vocabulary>, &str>("must not build") }).await;
        assert!(v.is_ok(), "served stale while another request rebuilds");
    }

    #[test]
    fn accents_and_case_are_ignored_and_sectors_come_first() {
        let v = vocabulary();
        assert_eq!(texts(&v, "ELEC"), vec!["Électricité, électronique", "Électricien"]);
        let sector = &v.lookup("elec", 1)[0];
        assert_eq!((sector.kind, sector.sector_id.as_deref(), sector.offers), (SuggestionKind::Sector, Some("s12"), 2));
    }

    #[test]
    fn any_word_of_a_suggestion_may_start_it_after_whole_prefixes() {
        let v = vocabulary();
        assert_eq!(texts(&v, "chan"), vec!["Chef de chantier"]);
        assert_eq!(texts(&v, "trav"), vec!["Bâtiment et travaux publics (BTP)", "Conducteur de travaux"]);
        assert_eq!(texts(&v, "pharma"), vec!["Pharmacien", "pharmacie", "Préparateur en pharmacie"]);
    }

    #[test]
    fn counts_offers_once_each_and_keeps_the_usual_spelling() {
        let v = vocabulary();
        let job = v.lookup("electricien", 5).into_iter().find(|e| e.kind == SuggestionKind::Job).expect("the job");
        assert_eq!((job.text.as_str(), job.offers), ("Électricien", 2));
    }

    #[test]
    fn too_short_or_unknown_gives_nothing_and_stop_words_are_not_suggested() {
        let v = vocabulary();
        assert!(texts(&v, "e").is_empty());
        assert!(texts(&v, "zzz").is_empty());
        assert!(texts(&v, "decouv").is_empty());
    }
}
