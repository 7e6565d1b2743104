//! Pure rules of agreements: the parts each side fills and their checks, the daily hours, who
//! must sign, the document text and its hash, and the signing links' limits. No actix, no diesel.

use crate::error::ErrorCode;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::schools::rules::IsoWeek;

/// A signing link lives this long.
pub const LINK_VALIDITY_DAYS: i64 = 7;
/// The code sent when the representative opens the link lives this long.
pub const CODE_VALIDITY_MINUTES: i64 = 15;
/// Wrong codes before the link is locked.
pub const MAX_CODE_FAILURES: i32 = 5;
/// Links sent to one representative of one agreement in 24 hours, and the gap between two.
pub const MAX_LINKS_PER_DAY: usize = 3;
pub const MIN_MINUTES_BETWEEN_LINKS: i64 = 5;
/// Reminders to whoever is late, at most every this many days.
pub const REMINDER_EVERY_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementStatus)]
pub enum Status {
    HostToFill,
    SchoolToFill,
    ToSign,
    Signed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::HostToFill, Status::SchoolToFill, Status::ToSign, Status::Signed, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::HostToFill => "host_to_fill",
            Status::SchoolToFill => "school_to_fill",
            Status::ToSign => "to_sign",
            Status::Signed => "signed",
            Status::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Status {
        match s {
            "school_to_fill" => Status::SchoolToFill,
            "to_sign" => Status::ToSign,
            "signed" => Status::Signed,
            "cancelled" => Status::Cancelled,
            _ => Status::HostToFill,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::HostToFill => "À remplir par l'organisme d'accueil",
            Status::SchoolToFill => "À remplir par l'établissement",
            Status::ToSign => "En signature",
            Status::Signed => "Signée",
            Status::Cancelled => "Annulée",
        }
    }
}

/// Who signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementParty)]
pub enum Party {
    Host,
    School,
    Pupil,
    #[serde(rename = "legal_rep_1")]
    LegalRep1,
    #[serde(rename = "legal_rep_2")]
    LegalRep2,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Host => "host",
            Party::School => "school",
            Party::Pupil => "pupil",
            Party::LegalRep1 => "legal_rep_1",
            Party::LegalRep2 => "legal_rep_2",
        }
    }
    pub fn parse(s: &str) -> Option<Party> {
        [Party::Host, Party::School, Party::Pupil, Party::LegalRep1, Party::LegalRep2].into_iter().find(|p| p.as_str() == s)
    }
    pub fn legal_rep(index: usize) -> Option<Party> {
        match index {
            0 => Some(Party::LegalRep1),
            1 => Some(Party::LegalRep2),
            _ => None,
        }
    }
    pub fn legal_rep_index(self) -> Option<usize> {
        match self {
            Party::LegalRep1 => Some(0),
            Party::LegalRep2 => Some(1),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Party::Host => "le représentant de l'organisme d'accueil",
            Party::School => "le chef d'établissement",
            Party::Pupil => "l'élève",
            Party::LegalRep1 => "le représentant légal",
            Party::LegalRep2 => "le second représentant légal",
        }
    }
}

/// Who must sign: host, school and pupil always; each legal representative of a minor.
pub fn required_parties(legal_representatives: usize, minor: bool) -> Vec<Party> {
    let mut parties = vec![Party::Host, Party::School, Party::Pupil];
    if minor {
        parties.extend((0..legal_representatives.clamp(1, 2)).filter_map(Party::legal_rep));
    }
    parties
}

/// Whether this person may sign for the organisation: the representative the text names, or the
/// person it names as signing by delegation (names compared without case nor accents). `None`:
/// yes, `Some(message)`: no, and why.
pub fn host_signatory_problem(host: &HostPart, signer_name: &str) -> Option<String> {
    let same = |a: &str| same_person(a, signer_name);
    if same(&host.representative_name) || same(&host.signatory_name) {
        return None;
    }
    let named = if host.signatory_name.trim().is_empty() {
        host.representative_name.trim().to_owned()
    } else {
        format!("{} (ou {} par délégation)", host.representative_name.trim(), host.signatory_name.trim())
    };
    Some(format!(
        "La convention désigne {named} pour signer au nom de l'organisme. Si vous signez à sa place, indiquez-vous comme signataire par délégation dans la partie de l'organisme : la convention sera de nouveau à signer."
    ))
}

/// Two names of one person: without case, accents nor extra spaces (an empty name is nobody).
fn same_person(a: &str, b: &str) -> bool {
    let n = |s: &str| crate::reference::rules::normalize(s).split_whitespace().collect::<Vec<_>>().join(" ");
    !a.trim().is_empty() && n(a) == n(b)
}

/// Whether the organisation's signer signed as the delegate the text names (not as its
/// representative): the signature block says so.
pub fn signs_by_delegation(host: &HostPart, signer_name: &str) -> bool {
    same_person(&host.signatory_name, signer_name) && !same_person(&host.representative_name, signer_name)
}

/// The parties still awaited: one legal representative's signature suffices, either of two
/// (each may sign; once one has, the other is no longer waited for).
pub fn awaited(required: &[Party], signed: &[Party]) -> Vec<Party> {
    let a_representative_signed = signed.iter().any(|p| p.legal_rep_index().is_some());
    required.iter().copied().filter(|p| !(signed.contains(p) || (a_representative_signed && p.legal_rep_index().is_some()))).collect()
}

/// The signature block: the required parties, less a representative who did not sign when the
/// other one did.
pub fn signature_block(required: &[Party], signed: &[Party]) -> Vec<Party> {
    let a_representative_signed = signed.iter().any(|p| p.legal_rep_index().is_some());
    required.iter().copied().filter(|p| signed.contains(p) || !(a_representative_signed && p.legal_rep_index().is_some())).collect()
}

/// Under 18 on the first day (an unknown birth date counts as a minor: the safe side).
pub fn is_minor(birth_date: Option<NaiveDate>, on: NaiveDate) -> bool {
    match birth_date {
        Some(b) => b.checked_add_months(chrono::Months::new(18 * 12)).is_none_or(|adult| on < adult),
        None => true,
    }
}

/// One day of the internship: the hours the pupil is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkDay {
    pub date: NaiveDate,
    /// "HH:MM"
    #[schema(max_length = 5, example = "09:00")]
    pub start: String,
    #[schema(max_length = 5, example = "16:30")]
    pub end: String,
    /// Lunch break, in minutes, not counted in the day.
    #[schema(minimum = 0, maximum = 180)]
    pub break_minutes: i64,
}

impl WorkDay {
    /// Minutes worked, when the times are valid.
    pub fn minutes(&self) -> Option<i64> {
        let s = NaiveTime::parse_from_str(&self.start, "%H:%M").ok()?;
        let e = NaiveTime::parse_from_str(&self.end, "%H:%M").ok()?;
        (e > s).then(|| (e - s).num_minutes() - self.break_minutes)
    }
}

/// What the host fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct HostPart {
    #[schema(max_length = 120)]
    pub representative_name: String,
    #[schema(max_length = 120)]
    pub representative_function: String,
    /// Who signs for the organisation when it is not the representative: a person the
    /// representative delegates, named as such in the text (empty: the representative signs).
    #[schema(max_length = 120)]
    pub signatory_name: String,
    #[schema(max_length = 120)]
    pub signatory_function: String,
    #[schema(max_length = 120)]
    pub tutor_name: String,
    #[schema(max_length = 120)]
    pub tutor_function: String,
    #[schema(max_length = 254)]
    pub tutor_email: String,
    #[schema(max_length = 32)]
    pub tutor_phone: String,
    pub days: Vec<WorkDay>,
    /// Activities the pupil will observe.
    #[schema(max_length = 2000)]
    pub activities: String,
    /// Skills targeted (seed: discover the world of work, its jobs, its rules).
    #[schema(max_length = 1000)]
    pub skills: String,
    /// Lunch: canteen, meal vouchers, packed lunch…
    #[schema(max_length = 500)]
    pub lunch: String,
    /// The host's civil-liability insurer and policy number.
    #[schema(max_length = 200)]
    pub host_insurance: String,
    /// Safety conditions for minors (machines, products, places they stay out of).
    #[schema(max_length = 1000)]
    pub safety: String,
}

/// What the school fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SchoolPart {
    #[schema(max_length = 120)]
    pub principal_name: String,
    /// The staff member (user id) who follows the pupil during the internship.
    #[schema(max_length = 64)]
    pub teacher_user_id: String,
    /// Filled by the platform from the account (a value sent is ignored); shown on the agreement.
    #[schema(max_length = 250)]
    pub teacher_name: String,
    /// The pupil's civil-liability insurance certificate was handed in.
    pub pupil_insurance_provided: bool,
    #[schema(max_length = 200)]
    pub pupil_insurer: String,
    #[schema(max_length = 1000)]
    pub pedagogical_notes: String,
}

type Problems = Vec<(String, String)>;

fn text_problem(problems: &mut Problems, field: &str, value: &str, min: usize, max: usize, what: &str) {
    let n = value.trim().chars().count();
    if n < min {
        problems.push((field.into(), format!("Indiquez {what}.")));
    } else if n > max {
        problems.push((field.into(), format!("{max} caractères au plus.")));
    }
}

/// The weekdays of the internship, first to last (the days a host may fill).
pub fn internship_days(weeks: &[IsoWeek]) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = weeks
        .iter()
        .flat_map(|w| {
            [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
                .into_iter()
                .filter_map(move |d| NaiveDate::from_isoywd_opt(w.year, w.week, d))
        })
        .collect();
    days.sort();
    days
}

/// First Monday and last Friday of the weeks.
pub fn period(weeks: &[IsoWeek]) -> Option<(NaiveDate, NaiveDate)> {
    let days = internship_days(weeks);
    Some((*days.first()?, *days.last()?))
}

/// A default schedule from the offer's weekly hours ("09:00-17:00" style), every weekday.
pub fn default_days(weeks: &[IsoWeek], start: &str, end: &str) -> Vec<WorkDay> {
    internship_days(weeks).into_iter().map(|date| WorkDay { date, start: start.into(), end: end.into(), break_minutes: 60 }).collect()
}

/// The host's part, checked against the internship's days and the pupil's age on each of them
/// (the limits of `crate::working_hours`, the same the offer's schedule passed).
pub fn check_host_part(p: &HostPart, weeks: &[IsoWeek], birth_date: Option<NaiveDate>) -> Problems {
    let mut out = Problems::new();
    text_problem(&mut out, "representative_name", &p.representative_name, 2, 120, "le nom du représentant de l'organisme");
    text_problem(&mut out, "representative_function", &p.representative_function, 2, 120, "la fonction du représentant");
    if !p.signatory_name.trim().is_empty() || !p.signatory_function.trim().is_empty() {
        text_problem(&mut out, "signatory_name", &p.signatory_name, 2, 120, "le nom de la personne qui signe par délégation");
        text_problem(&mut out, "signatory_function", &p.signatory_function, 2, 120, "la fonction de la personne qui signe par délégation");
    }
    text_problem(&mut out, "tutor_name", &p.tutor_name, 2, 120, "le nom du tuteur");
    text_problem(&mut out, "tutor_function", &p.tutor_function, 2, 120, "la fonction du tuteur");
    if crate::accounts::rules::normalize_email(&p.tutor_email).is_none() {
        out.push(("tutor_email".into(), "Indiquez l'adresse e-mail du tuteur.".into()));
    }
    text_problem(&mut out, "tutor_phone", &p.tutor_phone, 0, 32, "");
    text_problem(&mut out, "activities", &p.activities, 10, 2000, "les activités prévues (10 caractères au moins)");
    text_problem(&mut out, "skills", &p.skills, 5, 1000, "les compétences visées");
    text_problem(&mut out, "lunch", &p.lunch, 2, 500, "comment l'élève déjeune");
    text_problem(&mut out, "host_insurance", &p.host_insurance, 2, 200, "l'assureur de l'organisme (responsabilité civile)");
    text_problem(&mut out, "safety", &p.safety, 5, 1000, "les consignes de sécurité pour un mineur");
    let allowed = internship_days(weeks);
    if p.days.is_empty() {
        out.push(("days".into(), "Indiquez les horaires d'au moins un jour.".into()));
    }
    let mut seen = Vec::new();
    for (i, d) in p.days.iter().enumerate() {
        let field = format!("days[{i}]");
        if !allowed.contains(&d.date) {
            out.push((field, "Ce jour n'est pas un jour de semaine de la période de stage.".into()));
        } else if seen.contains(&d.date) {
            out.push((field, "Ce jour est indiqué deux fois.".into()));
        } else if !(0..=180).contains(&d.break_minutes) {
            out.push((field, "La pause déjeuner dure entre 0 et 180 minutes.".into()));
        } else {
            match d.minutes() {
                None => out.push((field, "Horaires invalides : début et fin au format HH:MM, la fin après le début.".into())),
                Some(m) if m <= 0 => out.push((field, "La pause dépasse la journée.".into())),
                Some(m) if m > crate::working_hours::day_max_for(birth_date, d.date) => {
                    out.push((field, crate::working_hours::day_problem(m, crate::working_hours::day_max_for(birth_date, d.date)).unwrap_or_default()))
                }
                Some(_) if d.start.as_str() < "06:00" || d.end.as_str() > "20:00" => {
                    out.push((field, "Un élève mineur ne travaille ni avant 6 h ni après 20 h.".into()))
                }
                Some(_) => {}
            }
        }
        seen.push(d.date);
    }
    // At most five days and 35 hours in any week.
    for w in weeks {
        let in_week: Vec<&WorkDay> = p.days.iter().filter(|d| d.date.iso_week().year() == w.year && d.date.iso_week().week() == w.week).collect();
        if in_week.len() > 5 {
            out.push(("days".into(), "5 jours par semaine au plus.".into()));
        }
        let minutes: i64 = in_week.iter().filter_map(|d| d.minutes()).filter(|m| *m > 0).sum();
        if let Some(problem) = crate::working_hours::week_problem(minutes) {
            out.push(("days".into(), problem));
        }
    }
    out
}

pub fn check_school_part(p: &SchoolPart) -> Problems {
    let mut out = Problems::new();
    text_problem(&mut out, "principal_name", &p.principal_name, 2, 120, "le nom du chef d'établissement");
    if p.teacher_user_id.trim().is_empty() {
        out.push(("teacher_user_id".into(), "Désignez l'enseignant chargé du suivi de l'élève.".into()));
    }
    text_problem(&mut out, "pupil_insurer", &p.pupil_insurer, 0, 200, "");
    text_problem(&mut out, "pedagogical_notes", &p.pedagogical_notes, 0, 1000, "");
    out
}

/// Where an agreement stands once its parts and signatures are known.
pub fn status_of(host_filled: bool, school_filled: bool, missing_signatures: usize) -> Status {
    if !host_filled {
        Status::HostToFill
    } else if !school_filled {
        Status::SchoolToFill
    } else if missing_signatures > 0 {
        Status::ToSign
    } else {
        Status::Signed
    }
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// May another link be sent now, given when the earlier ones were? Err = seconds to wait.
pub fn link_send_allowed(sent: &[NaiveDateTime], now: NaiveDateTime) -> Result<(), i64> {
    let recent: Vec<&NaiveDateTime> = sent.iter().filter(|t| **t > now - Duration::hours(24)).collect();
    if let Some(last) = recent.iter().max() {
        let next = **last + Duration::minutes(MIN_MINUTES_BETWEEN_LINKS);
        if next > now {
            return Err((next - now).num_seconds().max(1));
        }
    }
    if recent.len() >= MAX_LINKS_PER_DAY {
        let oldest = recent.iter().min().expect("non-empty");
        return Err((**oldest + Duration::hours(24) - now).num_seconds().max(1));
    }
    Ok(())
}

/// Why a signing link cannot be used, as a stable code and a French sentence.
pub fn link_problem(used: bool, revoked: bool, locked: bool, expires_at: NaiveDateTime, now: NaiveDateTime) -> Option<(ErrorCode, &'static str)> {
    if used {
        Some((ErrorCode::LinkUsed, "Ce lien de signature a déjà servi."))
    } else if revoked {
        Some((ErrorCode::LinkReplaced, "Ce lien a été remplacé par un plus récent : utilisez le dernier message reçu."))
    } else if locked {
        Some((ErrorCode::LinkLocked, "Trop de codes erronés : ce lien est bloqué. Demandez un nouveau lien à l'établissement."))
    } else if expires_at <= now {
        Some((ErrorCode::LinkExpired, "Ce lien de signature a expiré. Demandez un nouveau lien à l'établissement."))
    } else {
        None
    }
}

/// Everything the document says, gathered by the service.
pub struct DocumentFacts<'a> {
    pub reference: &'a str,
    pub version: i32,
    pub host_name: &'a str,
    pub host_siret: &'a str,
    pub host_address: &'a str,
    pub offer_title: &'a str,
    pub offer_address: &'a str,
    pub school_name: &'a str,
    pub school_uai: &'a str,
    pub school_address: &'a str,
    pub pupil_name: &'a str,
    pub pupil_birth_date: Option<NaiveDate>,
    pub pupil_class: &'a str,
    pub legal_representatives: Vec<String>,
    pub grade_family: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host: Option<&'a HostPart>,
    pub school: Option<&'a SchoolPart>,
}

fn or_blank(s: &str) -> &str {
    if s.trim().is_empty() {
        "(à compléter)"
    } else {
        s.trim()
    }
}

fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The exact text every party signs. Light markup: "# " title, "## " heading, "- " item; the
/// PDF renders these lines as they are, and the hash is of this text.
pub fn document_text(f: &DocumentFacts) -> String {
    let level = if f.grade_family == "lycee" { "de lycée (seconde générale et technologique)" } else { "de collège (quatrième et troisième)" };
    let mut t = String::new();
    let mut line = |s: &str| {
        t.push_str(s);
        t.push('\n');
    };
    line("# Convention relative à l'organisation de la séquence d'observation en milieu professionnel pour les élèves de collège (quatrième et troisième) et de lycée (seconde générale et technologique)");
    line(&format!("Référence : {} (version {})", f.reference, f.version));
    line("Vu le code du travail, notamment ses articles L.4153-1 à L.4153-3, L.3162-1 et R.4153-38 et suivants ; vu le code de l'éducation, notamment ses articles L.313-1, L.331-4, L.332-3, L.335-2, L.411-3, L.421-7, L.911-4, D.331-1 à D.331-4, D.332-14 et D.333-3-1 ; vu l'arrêté relatif aux séquences d'observation en milieu professionnel des élèves de collège et de seconde.");
    line("## Entre les parties");
    line(&format!("- L'organisme d'accueil : {}, SIRET {}, {}.", f.host_name, f.host_siret, f.host_address));
    let (rep, rep_fn) = f.host.map(|h| (h.representative_name.as_str(), h.representative_function.as_str())).unwrap_or(("", ""));
    line(&format!("  Représenté par : {}, {}.", or_blank(rep), or_blank(rep_fn)));
    if let Some(h) = f.host.filter(|h| !h.signatory_name.trim().is_empty()) {
        line(&format!("  Signataire pour l'organisme, par délégation de son représentant : {}, {}.", h.signatory_name.trim(), h.signatory_function.trim()));
    }
    line(&format!("- L'établissement d'enseignement : {} (UAI {}), {}.", f.school_name, f.school_uai, f.school_address));
    line(&format!("  Représenté par : {}, chef d'établissement.", or_blank(f.school.map(|s| s.principal_name.as_str()).unwrap_or(""))));
    let birth = f.pupil_birth_date.map(fr_date).unwrap_or_else(|| "(à compléter)".into());
    line(&format!("- L'élève : {}, né(e) le {}, classe {} {}.", f.pupil_name, birth, or_blank(f.pupil_class), level));
    if f.legal_representatives.is_empty() {
        line("- Représentant(s) légal(aux) : (à compléter)");
    } else {
        line(&format!("- Représentant(s) légal(aux) : {}.", f.legal_representatives.join(" ; ")));
    }
    line("## Article 1 - Objet");
    line(&format!(
        "La présente convention règle les rapports entre les parties pour la séquence d'observation en milieu professionnel de l'élève « {} », au lieu suivant : {}.",
        f.offer_title, f.offer_address
    ));
    line("## Article 2 - Finalité");
    line("La séquence d'observation a pour objectif de sensibiliser l'élève à l'environnement technologique, économique et professionnel, de lui faire découvrir les métiers et d'éclairer son orientation. L'élève observe : il n'effectue aucun travail, ne manipule ni machine, ni produit, ni appareil dangereux, et n'accède à aucune activité interdite aux mineurs.");
    line("## Article 3 - Statut de l'élève");
    line("L'élève demeure sous statut scolaire et sous l'autorité du chef d'établissement pendant toute la séquence. Il ne perçoit aucune rémunération ni gratification. Il est tenu au respect du règlement intérieur de l'organisme d'accueil et des règles de confidentialité.");
    line("## Article 4 - Dates et horaires");
    line(&format!(
        "Du {} au {}. {} ; aucune présence la nuit, le dimanche ou un jour férié.",
        fr_date(f.starts_on),
        fr_date(f.ends_on),
        crate::working_hours::rule_text(f.pupil_birth_date, f.starts_on, f.ends_on)
    ));
    match f.host.filter(|h| !h.days.is_empty()) {
        Some(h) => {
            for d in &h.days {
                let m = d.minutes().unwrap_or(0);
                line(&format!("- {} : {} - {} (pause {} min), {} h {:02}", fr_date(d.date), d.start, d.end, d.break_minutes, m / 60, m % 60));
            }
        }
        None => line("- Horaires : (à compléter par l'organisme d'accueil)"),
    }
    line("## Article 5 - Encadrement");
    let host = f.host.cloned().unwrap_or_default();
    line(&format!(
        "- Tuteur dans l'organisme : {}, {} ({}{}).",
        or_blank(&host.tutor_name),
        or_blank(&host.tutor_function),
        or_blank(&host.tutor_email),
        if host.tutor_phone.trim().is_empty() { String::new() } else { format!(", {}", host.tutor_phone.trim()) }
    ));
    line(&format!("- Enseignant chargé du suivi : {}.", or_blank(f.school.map(|s| s.teacher_name.as_str()).unwrap_or(""))));
    line("Le tuteur informe sans délai le chef d'établissement de toute absence, maladie ou incident concernant l'élève. L'établissement prévient la famille.");
    line("## Article 6 - Activités et compétences (annexe pédagogique)");
    line(&format!("- Activités prévues : {}", or_blank(&host.activities)));
    line(&format!("- Compétences visées : {}", or_blank(&host.skills)));
    if let Some(notes) = f.school.map(|s| s.pedagogical_notes.trim()).filter(|n| !n.is_empty()) {
        line(&format!("- Observations de l'établissement : {notes}"));
    }
    line("## Article 7 - Sécurité");
    line(&format!("- Consignes de sécurité pour l'élève mineur : {}", or_blank(&host.safety)));
    line("## Article 8 - Restauration et transport (annexe financière)");
    line(&format!("- Déjeuner : {}", or_blank(&host.lunch)));
    line("Les frais de transport et de restauration restent à la charge de la famille, sauf disposition contraire indiquée ci-dessus.");
    line("## Article 9 - Assurances");
    line(&format!("- Responsabilité civile de l'organisme d'accueil : {}", or_blank(&host.host_insurance)));
    let pupil_insurance = match f.school {
        Some(s) if s.pupil_insurance_provided => {
            format!("attestation fournie{}", if s.pupil_insurer.trim().is_empty() { String::new() } else { format!(" ({})", s.pupil_insurer.trim()) })
        }
        Some(_) => "attestation non fournie à ce jour".into(),
        None => "(à compléter)".into(),
    };
    line(&format!("- Assurance responsabilité civile de l'élève : {pupil_insurance}"));
    line("En cas d'accident survenant à l'élève, au lieu de la séquence ou pendant le trajet, l'organisme d'accueil en informe immédiatement le chef d'établissement, qui fait la déclaration d'accident.");
    line("## Article 10 - Signatures");
    line("La convention est signée en ligne par le représentant de l'organisme d'accueil, le chef d'établissement, l'élève et, pour un élève mineur, l'un de ses représentants légaux (la signature de l'un suffit). Toute modification après une signature annule les signatures recueillies.");
    t
}

/// What the verification page tells the person holding a printed agreement.
pub fn verdict(matches: bool, status: Status, signed_at: Option<String>) -> String {
    match (matches, status) {
        (false, _) => {
            "Ce document ne correspond pas à la convention enregistrée : son texte ou son empreinte a été modifié, ou il s'agit d'une version remplacée.".into()
        }
        (true, Status::Signed) => format!(
            "Document authentique : la convention a été signée par toutes les parties{}.",
            signed_at.map(|t| format!(" (dernière signature le {t})")).unwrap_or_default()
        ),
        (true, Status::Cancelled) => "Cette convention a été annulée : elle n'a plus d'effet.".into(),
        (true, s) => format!("Ce document n'est pas encore signé par toutes les parties ({}) : ce n'est qu'un projet de convention.", s.label().to_lowercase()),
    }
}

/// Why the attestation cannot be asked for or issued yet: before the internship's last day.
pub fn attestation_too_early(today: NaiveDate, ends_on: NaiveDate) -> Option<String> {
    (today < ends_on).then(|| format!("L'attestation se délivre à partir du dernier jour du stage, le {}.", fr_date(ends_on)))
}

/// The days of presence a host declares: days of the internship, each once; sorted.
pub fn days_present_checked(given: &[NaiveDate], internship: &[NaiveDate]) -> Result<Vec<NaiveDate>, (String, String)> {
    let mut out: Vec<NaiveDate> = Vec::new();
    for (i, d) in given.iter().enumerate() {
        if !internship.contains(d) {
            return Err((format!("days_present[{i}]"), format!("Le {} n'est pas un jour du stage.", fr_date(*d))));
        }
        if out.contains(d) {
            return Err((format!("days_present[{i}]"), format!("Le {} est indiqué deux fois.", fr_date(*d))));
        }
        out.push(*d);
    }
    out.sort();
    Ok(out)
}

/// Days an attestation or an absence may name: the internship's weekdays.
pub fn absence_day_ok(day: NaiveDate, starts_on: NaiveDate, ends_on: NaiveDate) -> bool {
    day >= starts_on && day <= ends_on && day.weekday().number_from_monday() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(year: i32, week: u32) -> IsoWeek {
        IsoWeek { year, week }
    }

    fn day(date: &str, start: &str, end: &str, pause: i64) -> WorkDay {
        WorkDay { date: date.parse().expect("valid"), start: start.into(), end: end.into(), break_minutes: pause }
    }

    fn host_part(days: Vec<WorkDay>) -> HostPart {
        HostPart {
            representative_name: "Claire Martin".into(),
            representative_function: "Gérante".into(),
            signatory_name: String::new(),
            signatory_function: String::new(),
            tutor_name: "Paul Durand".into(),
            tutor_function: "Électricien".into(),
            tutor_email: "paul@example.fr".into(),
            tutor_phone: String::new(),
            days,
            activities: "Observer un chantier de rénovation".into(),
            skills: "Sécurité, travail en équipe".into(),
            lunch: "Cantine".into(),
            host_insurance: "MAIF 123".into(),
            safety: "Casque, pas de machine".into(),
        }
    }

    #[test]
    fn hours_are_capped_at_seven_a_day_and_between_six_and_twenty() {
        let weeks = [w(2027, 3)];
        assert!(check_host_part(&host_part(vec![day("2027-01-18", "09:00", "17:00", 60)]), &weeks, None).is_empty());
        let long = check_host_part(&host_part(vec![day("2027-01-18", "08:00", "17:00", 60)]), &weeks, None);
        assert_eq!(long[0].0, "days[0]");
        assert!(long[0].1.contains("7 h par jour"), "{long:?}");
        let late = check_host_part(&host_part(vec![day("2027-01-18", "15:00", "21:00", 0)]), &weeks, None);
        assert!(late[0].1.contains("20 h"));
        let inverted = check_host_part(&host_part(vec![day("2027-01-18", "17:00", "09:00", 0)]), &weeks, None);
        assert!(inverted[0].1.contains("Horaires invalides"));
    }

    #[test]
    fn a_pupil_of_fifteen_may_stay_eight_hours_a_day_but_never_more_than_thirty_five_a_week() {
        let weeks = [w(2027, 24), w(2027, 25)];
        let eight = |from: &str| -> Vec<WorkDay> { default_days(&weeks, from, "17:00") };
        let fifteen: NaiveDate = "2011-09-01".parse().expect("valid");
        let fourteen: NaiveDate = "2012-09-01".parse().expect("valid");
        // 7 h days (09:00-17:00 less an hour): 35 h a week, fine for everyone.
        assert!(check_host_part(&host_part(eight("09:00")), &weeks, Some(fourteen)).is_empty());
        // 8 h days: 40 h a week; refused per week whatever the age, per day under 15 only.
        let p15 = check_host_part(&host_part(eight("08:00")), &weeks, Some(fifteen));
        assert_eq!(p15.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), vec!["days", "days"], "{p15:?}");
        assert!(p15[0].1.contains("35 h"));
        let p14 = check_host_part(&host_part(eight("08:00")), &weeks, Some(fourteen));
        assert_eq!(p14.iter().filter(|(f, _)| f.starts_with("days[")).count(), 10, "{p14:?}");
        // Four 8 h days and a short Friday: 35 h, allowed from 15.
        let mut days = eight("08:00");
        for d in days.iter_mut().filter(|d| d.date.weekday() == Weekday::Fri) {
            d.end = "12:00".into();
        }
        assert!(check_host_part(&host_part(days.clone()), &weeks, Some(fifteen)).is_empty());
        assert!(!check_host_part(&host_part(days), &weeks, None).is_empty(), "unknown age: the under-15 rule");
    }

    #[test]
    fn the_attestation_waits_for_the_last_day_and_names_real_days() {
        let weeks = [w(2027, 24), w(2027, 25)];
        let days = internship_days(&weeks);
        let last = *days.last().expect("days");
        assert!(attestation_too_early(last - Duration::days(1), last).expect("too early").contains("25/06/2027"));
        assert_eq!(attestation_too_early(last, last), None);
        assert_eq!(days_present_checked(&[days[3], days[0]], &days), Ok(vec![days[0], days[3]]));
        assert_eq!(days_present_checked(&[days[0], days[0]], &days).expect_err("twice").0, "days_present[1]");
        assert_eq!(days_present_checked(&[last + Duration::days(1)], &days).expect_err("a Saturday").0, "days_present[0]");
        assert_eq!(days_present_checked(&[], &days), Ok(vec![]));
    }

    #[test]
    fn the_verdict_says_plainly_whether_the_paper_is_signed() {
        assert!(verdict(true, Status::Signed, Some("lundi 3 mai 2027 à 14 h".into())).starts_with("Document authentique"));
        let draft = verdict(true, Status::ToSign, None);
        assert!(draft.contains("pas encore signé") && draft.contains("projet"), "{draft}");
        assert!(verdict(false, Status::Signed, None).contains("ne correspond pas"));
        assert!(verdict(true, Status::Cancelled, None).contains("annulée"));
    }

    #[test]
    fn days_must_be_weekdays_of_the_internship_and_not_repeated() {
        let weeks = [w(2027, 3)];
        let saturday = check_host_part(&host_part(vec![day("2027-01-23", "09:00", "12:00", 0)]), &weeks, None);
        assert_eq!(saturday[0].0, "days[0]");
        let other_week = check_host_part(&host_part(vec![day("2027-01-25", "09:00", "12:00", 0)]), &weeks, None);
        assert_eq!(other_week.len(), 1);
        let twice = check_host_part(&host_part(vec![day("2027-01-18", "09:00", "12:00", 0), day("2027-01-18", "13:00", "15:00", 0)]), &weeks, None);
        assert_eq!(twice[0].0, "days[1]");
        let missing = check_host_part(&HostPart::default(), &weeks, None);
        for f in ["representative_name", "tutor_email", "activities", "days", "host_insurance", "safety"] {
            assert!(missing.iter().any(|(k, _)| k == f), "{f} missing from {missing:?}");
        }
    }

    #[test]
    fn period_and_default_schedule_cover_the_weekdays() {
        let weeks = [w(2027, 25), w(2027, 26)];
        assert_eq!(period(&weeks), Some(("2027-06-21".parse().expect("valid"), "2027-07-02".parse().expect("valid"))));
        let days = default_days(&weeks, "09:00", "17:00");
        assert_eq!(days.len(), 10);
        assert!(check_host_part(&host_part(days), &weeks, None).is_empty());
    }

    #[test]
    fn only_the_named_representative_or_delegate_signs_for_the_organisation() {
        let mut h = host_part(vec![]);
        assert_eq!(host_signatory_problem(&h, "claire  MARTIN"), None, "the representative, case and spaces aside");
        let other = host_signatory_problem(&h, "Paul Durand").expect("not named");
        assert!(other.contains("Claire Martin") && other.contains("par délégation"), "{other}");
        h.signatory_name = "Paul Durand".into();
        h.signatory_function = "Électricien".into();
        assert_eq!(host_signatory_problem(&h, "Paul Durand"), None, "the delegate named in the text");
        assert!(signs_by_delegation(&h, "paul durand") && !signs_by_delegation(&h, "Claire Martin"));
        assert!(host_signatory_problem(&h, "Zoé Roux").expect("neither").contains("ou Paul Durand par délégation"));
        let mut half = host_part(vec![]);
        half.signatory_name = "Paul Durand".into();
        assert!(check_host_part(&half, &[w(2027, 3)], None).iter().any(|(f, _)| f == "signatory_function"));
    }

    #[test]
    fn one_legal_representative_signs_either_of_two() {
        let required = required_parties(2, true);
        let all = [Party::Host, Party::School, Party::Pupil];
        assert_eq!(awaited(&required, &all), vec![Party::LegalRep1, Party::LegalRep2], "both may sign");
        let second = [Party::Host, Party::School, Party::Pupil, Party::LegalRep2];
        assert_eq!(awaited(&required, &second), vec![], "the second one's signature suffices");
        assert_eq!(signature_block(&required, &second), second.to_vec(), "the block shows who signed");
        assert_eq!(signature_block(&required, &all), required, "before: both are shown");
        assert_eq!(awaited(&required_parties(1, true), &all), vec![Party::LegalRep1]);
        assert_eq!(awaited(&required_parties(0, false), &all), vec![], "an adult pupil needs none");
    }

    #[test]
    fn minors_need_their_legal_representatives() {
        assert_eq!(required_parties(2, true), vec![Party::Host, Party::School, Party::Pupil, Party::LegalRep1, Party::LegalRep2]);
        // A minor with none recorded still needs one: the school must add it.
        assert_eq!(required_parties(0, true).len(), 4);
        assert_eq!(required_parties(2, false).len(), 3);
        let start: NaiveDate = "2027-01-18".parse().expect("valid");
        assert!(is_minor(Some("2012-05-01".parse().expect("valid")), start));
        assert!(!is_minor(Some("2009-01-18".parse().expect("valid")), start));
        assert!(is_minor(Some("2009-01-19".parse().expect("valid")), start));
        assert!(is_minor(None, start));
    }

    #[test]
    fn status_follows_parts_then_signatures() {
        assert_eq!(status_of(false, true, 0), Status::HostToFill);
        assert_eq!(status_of(true, false, 4), Status::SchoolToFill);
        assert_eq!(status_of(true, true, 1), Status::ToSign);
        assert_eq!(status_of(true, true, 0), Status::Signed);
    }

    #[test]
    fn links_are_rate_limited() {
        let now: NaiveDateTime = "2027-01-10T12:00:00".parse().expect("valid");
        assert!(link_send_allowed(&[], now).is_ok());
        let wait = link_send_allowed(&[now - Duration::minutes(2)], now).expect_err("refused");
        assert_eq!(wait, 180);
        let three = [now - Duration::hours(3), now - Duration::hours(2), now - Duration::hours(1)];
        assert_eq!(link_send_allowed(&three, now).expect_err("refused"), 21 * 3600);
        let old = [now - Duration::hours(30), now - Duration::hours(26), now - Duration::hours(25)];
        assert!(link_send_allowed(&old, now).is_ok());
    }

    #[test]
    fn link_problems_in_order() {
        let now: NaiveDateTime = "2027-01-10T12:00:00".parse().expect("valid");
        let later = now + Duration::days(1);
        assert_eq!(link_problem(true, false, true, later, now).expect("valid").0, "LINK_USED");
        assert_eq!(link_problem(false, false, true, later, now).expect("valid").0, "LINK_LOCKED");
        assert_eq!(link_problem(false, false, false, now, now).expect("valid").0, "LINK_EXPIRED");
        assert!(link_problem(false, false, false, later, now).is_none());
    }

    #[test]
    fn the_text_changes_with_the_parts_and_so_does_its_hash() {
        let hp = host_part(vec![day("2027-01-18", "09:00", "17:00", 60)]);
        let mut facts = DocumentFacts {
            reference: "ABC",
            version: 1,
            host_name: "Atelier",
            host_siret: "41087291000030",
            host_address: "1 rue X, 75020 Paris",
            offer_title: "Électricité",
            offer_address: "1 rue X, 75020 Paris",
            school_name: "Collège",
            school_uai: "0750478M",
            school_address: "Paris",
            pupil_name: "Léa Petit",
            pupil_birth_date: None,
            pupil_class: "3e A",
            legal_representatives: vec!["Marie Petit".into()],
            grade_family: "college",
            starts_on: "2027-01-18".parse().expect("valid"),
            ends_on: "2027-01-22".parse().expect("valid"),
            host: None,
            school: None,
        };
        let blank = document_text(&facts);
        assert!(blank.contains("(à compléter)"));
        facts.host = Some(&hp);
        let filled = document_text(&facts);
        assert!(filled.contains("18/01/2027 : 09:00 - 17:00 (pause 60 min), 7 h 00"));
        assert!(filled.contains("Paul Durand"));
        assert_ne!(sha256_hex(&blank), sha256_hex(&filled));
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
