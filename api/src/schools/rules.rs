//! Pure school rules: académie e-mail domains, grades, school years, internship weeks.

use chrono::{Datelike, NaiveDate, Weekday};

/// A staff e-mail must belong to the académie's domain (e.g. `prenom.nom@ac-lyon.fr`).
pub fn email_in_domain(email: &str, domain: Option<&str>) -> bool {
    match (email.rsplit_once('@'), domain) {
        (Some((_, host)), Some(d)) if !d.is_empty() => host.eq_ignore_ascii_case(d),
        _ => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Quatrieme,
    Troisieme,
    Seconde,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Quatrieme => "quatrieme",
            Grade::Troisieme => "troisieme",
            Grade::Seconde => "seconde",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        [Grade::Quatrieme, Grade::Troisieme, Grade::Seconde].into_iter().find(|g| g.as_str() == s)
    }

    pub fn family(self) -> GradeFamily {
        match self {
            Grade::Quatrieme | Grade::Troisieme => GradeFamily::College,
            Grade::Seconde => GradeFamily::Lycee,
        }
    }
}

/// Offers and weeks are for collège (quatrième, troisième) or lycée (seconde), never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GradeFamily {
    College,
    Lycee,
}

impl GradeFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            GradeFamily::College => "college",
            GradeFamily::Lycee => "lycee",
        }
    }

    /// Weeks of observation internship the family asks for: one in collège, two in seconde
    /// (one 2-week or two 1-week placements).
    pub fn weeks_needed(self) -> i64 {
        match self {
            GradeFamily::College => 1,
            GradeFamily::Lycee => 2,
        }
    }
}

/// Which grade families a school of this kind teaches.
pub fn families_of_school_kind(kind: &str) -> Vec<GradeFamily> {
    match kind {
        "college" => vec![GradeFamily::College],
        "lycee" => vec![GradeFamily::Lycee],
        _ => vec![GradeFamily::College, GradeFamily::Lycee],
    }
}

/// From the reference data's `voie_generale` and `voie_technologique` ("1", "0" or empty):
/// whether the lycée teaches seconde générale et technologique (`None`: not said).
pub fn general_or_technological(general: &str, technological: &str) -> Option<bool> {
    let flag = |v: &str| match v.trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    match (flag(general), flag(technological)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// Why a class cannot be a Passerelle seconde, if it cannot: Passerelle's seconde is seconde
/// générale et technologique (the national two weeks in June); seconde professionnelle pupils
/// have periods of training in a workplace (PFMP) on other dates, under other agreements.
pub fn seconde_class_problem(class_name: &str, general_or_technological: Option<bool>) -> Option<String> {
    const APART: &str = "les élèves de seconde professionnelle ont leurs périodes de formation en milieu professionnel (PFMP) à d'autres dates et sous une autre convention : ils ne passent pas par Passerelle";
    if general_or_technological == Some(false) {
        return Some(format!("Ce lycée n'enseigne que la voie professionnelle : {APART}."));
    }
    let name = crate::reference::rules::normalize(class_name);
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let vocational = words.iter().any(|w| matches!(*w, "pro" | "professionnel" | "professionnelle" | "bacpro" | "cap" | "bp" | "mhl"))
        || name.contains("bac pro")
        || name.contains("2pro")
        || name.contains("2ndpro");
    vocational.then(|| format!("Cette classe semble être une seconde professionnelle : {APART}. Passerelle accueille la seconde générale et technologique."))
}

/// A school year "2026-2027": September of the first year to the end of June of the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchoolYear {
    pub start: i32,
}

impl SchoolYear {
    pub fn parse(s: &str) -> Option<SchoolYear> {
        let (a, b) = s.split_once('-')?;
        let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
        (b == a + 1 && (2019..=2100).contains(&a)).then_some(SchoolYear { start: a })
    }

    pub fn label(self) -> String {
        format!("{}-{}", self.start, self.start + 1)
    }

    /// The school year a date belongs to (a new year starts on 1 August).
    pub fn of(date: NaiveDate) -> SchoolYear {
        SchoolYear { start: if date.month() >= 8 { date.year() } else { date.year() - 1 } }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start, 9, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start + 1, 6, 30).unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> SchoolYear {
        SchoolYear { start: self.start + 1 }
    }

    pub fn previous(self) -> SchoolYear {
        SchoolYear { start: self.start - 1 }
    }

    /// The two national seconde weeks by default: those ending on the last Friday before 1 July.
    pub fn default_seconde_weeks(self) -> [IsoWeek; 2] {
        let mut d = NaiveDate::from_ymd_opt(self.start + 1, 6, 30).unwrap_or(NaiveDate::MAX);
        while d.weekday() != Weekday::Fri {
            d = d.pred_opt().unwrap_or(d);
        }
        let last = IsoWeek::of(d);
        let first = IsoWeek::of(d - chrono::Duration::days(7));
        [first, last]
    }
}

/// An ISO week (Monday to Sunday). On the wire, everywhere (bodies, answers, query parameters,
/// the partner contracts): the ISO string `2027-W03` (`IsoWeek::WIRE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The pattern of the wire form (the week's existence is checked where it is used, with the
    /// field's own message: `week_problem`).
    pub const WIRE: &'static str = r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$";

    /// The wire form's shape, without asking whether the week exists in that year.
    fn parse_shape(s: &str) -> Option<IsoWeek> {
        let (y, w) = s.split_once("-W")?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(w, 2) {
            return None;
        }
        let week = IsoWeek { year: y.parse().ok()?, week: w.parse().ok()? };
        (1..=53).contains(&week.week).then_some(week)
    }
}

impl serde::Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The object form `{year, week}` of the first releases is still read (clients written
        /// then, rows stored then); it is never written.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Object { year: i32, week: u32 },
        }
        match Wire::deserialize(d)? {
            Wire::Text(t) => IsoWeek::parse_shape(t.trim()).ok_or_else(|| serde::de::Error::custom("a week is written 2027-W03")),
            Wire::Object { year, week } => Ok(IsoWeek { year, week }),
        }
    }
}

impl utoipa::PartialSchema for IsoWeek {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(IsoWeek::WIRE))
            .description(Some(
                "An ISO week, Monday to Sunday: the year, `-W`, the week on two digits (`2027-W03`). \
                 The same form in bodies, answers, query parameters and the partner API.",
            ))
            .examples([serde_json::json!("2027-W03")])
            .into()
    }
}

impl utoipa::ToSchema for IsoWeek {}

impl IsoWeek {
    pub fn of(d: NaiveDate) -> IsoWeek {
        let w = d.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    pub fn monday(self) -> Option<NaiveDate> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
    }

    pub fn friday(self) -> Option<NaiveDate> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Fri)
    }

    /// `2027-W03` (the ISO form people and the partner contract use), a week that exists.
    pub fn parse_iso(s: &str) -> Option<IsoWeek> {
        let (y, w) = s.trim().split_once("-W")?;
        if y.len() != 4 || w.len() != 2 {
            return None;
        }
        let week = IsoWeek { year: y.parse().ok()?, week: w.parse().ok()? };
        week.monday().map(|_| week)
    }
}

impl std::fmt::Display for IsoWeek {
    /// `2027-W03`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// Why a school year's dates are wrong, if they are: (field, message). The year starts between
/// August and October of its first civil year and ends between June and August of the second.
pub fn year_dates_problem(year: SchoolYear, starts_on: NaiveDate, ends_on: NaiveDate) -> Option<(&'static str, String)> {
    if starts_on.year() != year.start || !(8..=10).contains(&starts_on.month()) {
        return Some(("starts_on", format!("La rentrée de l'année {} tombe entre août et octobre {}.", year.label(), year.start)));
    }
    if ends_on.year() != year.start + 1 || !(6..=8).contains(&ends_on.month()) {
        return Some(("ends_on", format!("La fin de l'année {} tombe entre juin et août {}.", year.label(), year.start + 1)));
    }
    None
}

/// Why a week cannot be an internship week of this school year, if it cannot.
pub fn week_problem(week: IsoWeek, year: SchoolYear, family: GradeFamily, seconde_weeks: &[IsoWeek]) -> Option<String> {
    let Some(monday) = week.monday() else {
        return Some(format!("la semaine {} de {} n'existe pas", week.week, week.year));
    };
    let friday = week.friday().unwrap_or(monday);
    match family {
        GradeFamily::Lycee if !seconde_weeks.contains(&week) => Some(format!(
            "en seconde, seules les semaines nationales de l'année sont possibles ({})",
            seconde_weeks.iter().map(|w| format!("{}-S{:02}", w.year, w.week)).collect::<Vec<_>>().join(", ")
        )),
        _ if monday < year.first_day() || friday > year.last_day() => {
            Some(format!("la semaine du {} n'est pas dans l'année scolaire {}", monday.format("%d/%m/%Y"), year.label()))
        }
        _ => None,
    }
}

/// Why these cannot be the national seconde weeks of the year: two consecutive weeks inside it.
pub fn seconde_weeks_problem(year: SchoolYear, weeks: &[IsoWeek]) -> Option<String> {
    let [a, b] = weeks else {
        return Some("Indiquez exactement deux semaines.".into());
    };
    let (Some(monday), Some(friday)) = (a.monday(), b.friday()) else {
        return Some("Semaine inexistante.".into());
    };
    if IsoWeek::of(monday + chrono::Duration::days(7)) != *b {
        return Some("Les deux semaines nationales doivent se suivre.".into());
    }
    if monday < year.first_day() || friday > year.last_day() {
        return Some(format!("Les semaines doivent être dans l'année scolaire {}.", year.label()));
    }
    None
}

/// Offers reserved to priority education are open to REP/REP+ schools, and to schools a
/// referent granted a derogation to.
/// A pupil may see the offers reserved to priority education: their school is eligible, or
/// they live in a priority neighbourhood (the circular's "élèves des quartiers prioritaires").
pub fn pupil_priority_eligible(priority_education: Option<&str>, derogation: bool, lives_in_qpv: bool) -> bool {
    lives_in_qpv || priority_eligible(priority_education, derogation)
}

pub fn priority_eligible(priority_education: Option<&str>, derogation: bool) -> bool {
    derogation || matches!(priority_education, Some(p) if p.eq_ignore_ascii_case("REP") || p.eq_ignore_ascii_case("REP+"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_travels_as_its_iso_string() {
        let w = IsoWeek { year: 2027, week: 3 };
        assert_eq!(serde_json::to_value(w).expect("json"), serde_json::json!("2027-W03"));
        assert_eq!(serde_json::from_value::<IsoWeek>(serde_json::json!("2027-W03")).expect("string"), w);
        assert_eq!(serde_json::from_value::<IsoWeek>(serde_json::json!({"year": 2027, "week": 3})).expect("object of the first releases"), w);
        for bad in ["2027-W3", "2027-3", "27-W03", "2027-W54", "2027-W00", "2027W03", ""] {
            assert!(serde_json::from_value::<IsoWeek>(serde_json::json!(bad)).is_err(), "{bad}");
        }
        // Week 53 of a year without one has the right shape: `week_problem` answers it by name.
        let w53 = serde_json::from_value::<IsoWeek>(serde_json::json!("2027-W53")).expect("shape");
        assert!(week_problem(w53, SchoolYear { start: 2026 }, GradeFamily::College, &[]).is_some_and(|m| m.contains("n'existe pas")));
    }

    #[test]
    fn seconde_means_general_and_technological() {
        assert_eq!(general_or_technological("1", "0"), Some(true));
        assert_eq!(general_or_technological("0", "1"), Some(true));
        assert_eq!(general_or_technological("0", "0"), Some(false));
        assert_eq!(general_or_technological("", ""), None);
        assert_eq!(general_or_technological("dans_qpv", "0"), None);
        assert!(seconde_class_problem("2nde 3", Some(false)).expect("vocational lycée").contains("voie professionnelle"));
        for name in ["2nde Pro MELEC", "Seconde professionnelle", "2de bac pro commerce", "2PRO A", "2nde CAP"] {
            assert!(seconde_class_problem(name, Some(true)).is_some(), "{name}");
        }
        for name in ["2nde 1", "Seconde GT B", "2de 4 (euro)", "Seconde Prométhée"] {
            assert_eq!(seconde_class_problem(name, Some(true)), None, "{name}");
            assert_eq!(seconde_class_problem(name, None), None, "{name}");
        }
    }

    #[test]
    fn academie_domains() {
        assert!(email_in_domain("claire.bernard@ac-paris.fr", Some("ac-paris.fr")));
        assert!(email_in_domain("Claire@AC-Paris.fr", Some("ac-paris.fr")));
        assert!(!email_in_domain("claire@gmail.com", Some("ac-paris.fr")));
        assert!(!email_in_domain("claire@evil-ac-paris.fr", Some("ac-paris.fr")));
        assert!(!email_in_domain("claire@ac-paris.fr.evil.com", Some("ac-paris.fr")));
        assert!(!email_in_domain("claire@ac-paris.fr", None), "no académie: nobody qualifies");
    }

    #[test]
    fn year_dates() {
        let y = SchoolYear::parse("2026-2027").expect("year");
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(year_dates_problem(y, d(2026, 9, 1), d(2027, 7, 4)).is_none());
        assert_eq!(year_dates_problem(y, d(2027, 9, 1), d(2027, 7, 4)).map(|p| p.0), Some("starts_on"));
        assert_eq!(year_dates_problem(y, d(2026, 12, 1), d(2027, 7, 4)).map(|p| p.0), Some("starts_on"));
        assert_eq!(year_dates_problem(y, d(2026, 9, 1), d(2027, 3, 4)).map(|p| p.0), Some("ends_on"));
        assert_eq!(y.next().label(), "2027-2028");
        assert_eq!(y.previous().label(), "2025-2026");
    }

    #[test]
    fn school_years() {
        let y = SchoolYear::parse("2026-2027").expect("year");
        assert_eq!(y.label(), "2026-2027");
        assert!(SchoolYear::parse("2026-2028").is_none());
        assert!(SchoolYear::parse("abcd").is_none());
        assert_eq!(SchoolYear::of(NaiveDate::from_ymd_opt(2027, 2, 1).expect("d")), y);
        assert_eq!(SchoolYear::of(NaiveDate::from_ymd_opt(2026, 9, 1).expect("d")), y);
    }

    #[test]
    fn national_seconde_weeks_end_on_the_last_friday_before_july() {
        // 30 June 2027 is a Wednesday: the last Friday before July is 25 June 2027 (ISO week 25).
        let [a, b] = SchoolYear { start: 2026 }.default_seconde_weeks();
        assert_eq!((a, b), (IsoWeek { year: 2027, week: 24 }, IsoWeek { year: 2027, week: 25 }));
    }

    #[test]
    fn weeks_must_fit_the_year_and_the_grade() {
        let y = SchoolYear { start: 2026 };
        let national = y.default_seconde_weeks();
        let jan = IsoWeek { year: 2027, week: 3 };
        assert_eq!(week_problem(jan, y, GradeFamily::College, &national), None);
        assert!(week_problem(jan, y, GradeFamily::Lycee, &national).is_some_and(|m| m.contains("seconde")));
        assert_eq!(week_problem(national[0], y, GradeFamily::Lycee, &national), None);
        assert!(week_problem(IsoWeek { year: 2026, week: 30 }, y, GradeFamily::College, &national).is_some());
        assert!(week_problem(IsoWeek { year: 2027, week: 60 }, y, GradeFamily::College, &national).is_some());
    }

    #[test]
    fn grades_and_families() {
        assert_eq!(Grade::parse("troisieme").map(Grade::family), Some(GradeFamily::College));
        assert_eq!(Grade::Seconde.family(), GradeFamily::Lycee);
        assert_eq!(families_of_school_kind("college+lycee").len(), 2);
    }

    #[test]
    fn national_seconde_weeks_are_two_consecutive_weeks_of_the_year() {
        let y = SchoolYear { start: 2026 };
        let w = |week| IsoWeek { year: 2027, week };
        assert_eq!(seconde_weeks_problem(y, &[w(24), w(25)]), None);
        assert!(seconde_weeks_problem(y, &[w(24)]).is_some(), "one week");
        assert!(seconde_weeks_problem(y, &[w(23), w(25)]).is_some(), "a gap");
        assert!(seconde_weeks_problem(y, &[w(25), w(24)]).is_some(), "reversed");
        assert!(seconde_weeks_problem(y, &[w(27), w(28)]).is_some(), "July");
        let december = [IsoWeek { year: 2027, week: 52 }, IsoWeek { year: 2027, week: 53 }];
        assert!(seconde_weeks_problem(SchoolYear { start: 2027 }, &december).is_some(), "2027 has no week 53");
        assert_eq!(seconde_weeks_problem(y, &[IsoWeek { year: 2026, week: 51 }, IsoWeek { year: 2026, week: 52 }]), None);
    }

    #[test]
    fn priority_eligibility() {
        assert!(priority_eligible(Some("REP"), false));
        assert!(priority_eligible(Some("REP+"), false));
        assert!(!priority_eligible(None, false));
        assert!(!priority_eligible(Some("hors"), false));
        assert!(priority_eligible(None, true), "derogation");
        assert!(pupil_priority_eligible(None, false, true), "a pupil of a priority neighbourhood");
        assert!(!pupil_priority_eligible(None, false, false));
        assert!(pupil_priority_eligible(Some("REP+"), false, false));
    }
}

/// A class's join code: 8 characters without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`.
/// 30^8 ≈ 6.6e11 codes, tried at most a few times a minute per address (rate limit).
pub fn new_join_code(rng: &mut impl rand::Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ2345679";
    let code: String = (0..8).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// The code as typed (lower case, spaces, with or without the dash) in its stored form.
pub fn normalise_join_code(typed: &str) -> String {
    let plain: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    if plain.len() == 8 {
        format!("{}-{}", &plain[..4], &plain[4..])
    } else {
        plain
    }
}

#[cfg(test)]
mod join_code_tests {
    use super::*;

    #[test]
    fn join_codes_read_back_however_typed() {
        let code = new_join_code(&mut rand::thread_rng());
        assert_eq!(code.len(), 9);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(normalise_join_code(&code.to_lowercase().replace('-', " ")), code);
        assert_ne!(new_join_code(&mut rand::thread_rng()), code);
    }
}
