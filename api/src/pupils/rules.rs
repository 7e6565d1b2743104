//! Pure pupil rules: gender, profile checks, the consent gate.

use crate::error::ErrorCode;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Used only for statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    NotStated,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::NotStated => "not_stated",
        }
    }

    pub fn parse(s: &str) -> Gender {
        match s {
            "female" => Gender::Female,
            "male" => Gender::Male,
            _ => Gender::NotStated,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LegalRepresentative {
    #[schema(max_length = 200)]
    pub name: String,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 32)]
    pub phone: Option<String>,
}

/// The online CV, reused for every application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Cv {
    #[schema(max_length = 1000)]
    pub interests: String,
    #[schema(max_length = 1000)]
    pub skills: String,
    #[schema(max_length = 500)]
    pub languages: String,
    #[schema(max_length = 1000)]
    pub activities: String,
}

/// Why a pupil may not search or apply yet, as a stable code and a French sentence.
pub fn search_block(enrolled: bool, consent: Option<NaiveDate>) -> Option<(ErrorCode, &'static str)> {
    if !enrolled {
        Some((ErrorCode::NotEnrolled, "Choisis d'abord ton établissement et ta classe."))
    } else if consent.is_none() {
        Some((
            ErrorCode::ConsentRequired,
            "Un membre de l'équipe de ton établissement doit d'abord enregistrer l'autorisation de tes parents. Parles-en à ton professeur principal.",
        ))
    } else {
        None
    }
}

/// A pupil to invite, as typed by a teacher or read from a CSV line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeInput {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A checked invitee: clean names and exactly one normalised identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Checks an invitee; every problem as (field, message).
pub fn check_invitee(i: &InviteeInput) -> Result<Invitee, Vec<(String, String)>> {
    use crate::accounts::rules::{clean_name, normalize_email, normalize_phone};
    let mut problems = Vec::new();
    let mut name = |field: &str, raw: &str| match clean_name(raw) {
        Ok(n) => n,
        Err(m) => {
            problems.push((field.to_owned(), m.to_owned()));
            String::new()
        }
    };
    let first_name = name("first_name", &i.first_name);
    let last_name = name("last_name", &i.last_name);
    let blank = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let (email, phone) = (blank(&i.email), blank(&i.phone));
    let email = email.and_then(|e| {
        let n = normalize_email(&e);
        if n.is_none() {
            problems.push(("email".into(), format!("Adresse e-mail invalide : « {e} ».")));
        }
        n
    });
    let phone = phone.and_then(|p| {
        let n = normalize_phone(&p);
        if n.is_none() {
            problems.push(("phone".into(), format!("Numéro de mobile invalide : « {p} ».")));
        }
        n
    });
    if problems.is_empty() && email.is_none() && phone.is_none() {
        problems.push(("email".into(), "Indiquez une adresse e-mail ou un numéro de mobile.".into()));
    }
    if problems.is_empty() {
        Ok(Invitee { first_name, last_name, email, phone })
    } else {
        Err(problems)
    }
}

/// One line of a CSV list of pupils: `prenom;nom;email;telephone;classe` (`,` works too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvInvitee {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub input: InviteeInput,
    pub class_name: String,
}

pub const CSV_HEADER: [&str; 5] = ["prenom", "nom", "email", "telephone", "classe"];

/// Reads the list. A malformed file (no header, wrong columns) is refused as a whole; a bad
/// line is returned as it is and checked later, so the report can list it.
pub fn parse_invitee_csv(text: &str, max_lines: usize) -> Result<Vec<CsvInvitee>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| format!("Fichier illisible : {e}"))?.iter().map(|h| crate::reference::rules::normalize(h).replace(' ', "")).collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(fi), Some(li), Some(ci)) = (col("prenom"), col("nom"), col("classe")) else {
        return Err(format!("La première ligne doit nommer les colonnes : {}.", CSV_HEADER.join(";")));
    };
    let (ei, pi) = (col("email").or(col("e-mail")).or(col("courriel")), col("telephone"));
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Ligne {} illisible : {e}", n + 2))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if out.len() >= max_lines {
            return Err(format!("Le fichier dépasse {max_lines} élèves : découpez-le."));
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_owned();
        out.push(CsvInvitee {
            line: n + 2,
            input: InviteeInput { first_name: cell(Some(fi)), last_name: cell(Some(li)), email: Some(cell(ei)), phone: Some(cell(pi)) },
            class_name: cell(Some(ci)),
        });
    }
    if out.is_empty() {
        return Err("Le fichier ne contient aucun élève.".into());
    }
    Ok(out)
}

/// Checks a profile; returns (field, message) pairs.
pub fn profile_problems(
    birth_date: Option<NaiveDate>,
    home_postal_code: Option<&str>,
    reps: &[LegalRepresentative],
    cv: &Cv,
    today: NaiveDate,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(b) = birth_date {
        let age = today.years_since(b).unwrap_or(0);
        if b > today || !(10..=25).contains(&age) {
            out.push(("birth_date".into(), "Date de naissance invalide.".into()));
        }
    }
    if let Some(pc) = home_postal_code {
        if !crate::reference::rules::is_postal_code(pc) {
            out.push(("home_postal_code".into(), "Code postal à 5 chiffres.".into()));
        }
    }
    if reps.len() > 2 {
        out.push(("legal_representatives".into(), "Deux représentants légaux au plus.".into()));
    }
    for (i, r) in reps.iter().enumerate() {
        let name = r.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            out.push((format!("legal_representatives[{i}].name"), "Entre 1 et 200 caractères.".into()));
        }
        if let Some(e) = &r.email {
            if crate::accounts::rules::normalize_email(e).is_none() {
                out.push((format!("legal_representatives[{i}].email"), "Adresse e-mail invalide.".into()));
            }
        }
        if let Some(p) = &r.phone {
            if crate::accounts::rules::normalize_phone(p).is_none() {
                out.push((format!("legal_representatives[{i}].phone"), "Numéro de mobile invalide.".into()));
            }
        }
        if r.email.is_none() && r.phone.is_none() {
            out.push((format!("legal_representatives[{i}]"), "Une adresse e-mail ou un numéro de mobile, pour signer la convention.".into()));
        }
    }
    for (field, value, max) in
        [("cv.interests", &cv.interests, 1000), ("cv.skills", &cv.skills, 1000), ("cv.languages", &cv.languages, 500), ("cv.activities", &cv.activities, 1000)]
    {
        if value.chars().count() > max {
            out.push((field.into(), format!("{max} caractères au plus.")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn consent_gate() {
        assert_eq!(search_block(false, None).map(|b| b.0), Some(ErrorCode::NotEnrolled));
        assert_eq!(search_block(true, None).map(|b| b.0), Some(ErrorCode::ConsentRequired));
        assert_eq!(search_block(true, Some(d("2026-10-01"))), None);
    }

    #[test]
    fn profile_checks() {
        let today = d("2026-11-23");
        let ok_rep = LegalRepresentative { name: "Awa Diallo".into(), email: Some("awa@exemple.fr".into()), phone: None };
        assert!(profile_problems(Some(d("2012-03-04")), Some("93200"), std::slice::from_ref(&ok_rep), &Cv::default(), today).is_empty());
        let fields: Vec<String> = profile_problems(
            Some(d("2030-01-01")),
            Some("932"),
            &[LegalRepresentative { name: " ".into(), email: Some("x".into()), phone: None }, ok_rep.clone(), ok_rep],
            &Cv { skills: "s".repeat(1001), ..Cv::default() },
            today,
        )
        .into_iter()
        .map(|(f, _)| f)
        .collect();
        for f in ["birth_date", "home_postal_code", "legal_representatives", "legal_representatives[0].name", "legal_representatives[0].email", "cv.skills"] {
            assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
        }
    }

    fn input(first: &str, last: &str, email: &str, phone: &str) -> InviteeInput {
        InviteeInput { first_name: first.into(), last_name: last.into(), email: Some(email.into()), phone: Some(phone.into()) }
    }

    #[test]
    fn invitees_need_a_name_and_one_way_to_reach_them() {
        let ok = check_invitee(&input(" Lina ", "Benali", "Lina.Benali@Exemple.fr", "")).expect("valid");
        assert_eq!(ok.first_name, "Lina");
        assert_eq!(ok.email.as_deref(), Some("lina.benali@exemple.fr"));
        assert_eq!(check_invitee(&input("Lina", "Benali", "", "06 12 34 56 78")).expect("phone").phone.as_deref(), Some("+33612345678"));
        let fields = |r: Result<Invitee, Vec<(String, String)>>| r.expect_err("invalid").into_iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(fields(check_invitee(&input("Lina", "Benali", "", ""))), ["email"]);
        assert_eq!(fields(check_invitee(&input("", "Benali", "pas-une-adresse", ""))), ["first_name", "email"]);
        assert_eq!(fields(check_invitee(&input("Lina", "Benali", "", "123"))), ["phone"]);
    }

    #[test]
    fn invitee_csv() {
        let text = "\u{feff}Prénom;Nom;E-mail;Téléphone;Classe\nLina;Benali;lina@exemple.fr;;3e A\n;;;;\nTom;Durand;;0612345678;3e B\n";
        let rows = parse_invitee_csv(text, 10).expect("parsed");
        assert_eq!(rows.len(), 2, "blank lines skipped");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].class_name, "3e A");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].input.phone.as_deref(), Some("0612345678"));
        let commas = parse_invitee_csv("prenom,nom,email,classe\nA,B,a@b.fr,3e A\n", 10).expect("commas");
        assert_eq!(commas[0].input.email.as_deref(), Some("a@b.fr"));
        assert!(parse_invitee_csv("nom;classe\nB;3e A\n", 10).is_err(), "missing column");
        assert!(parse_invitee_csv("prenom;nom;email;classe\n", 10).is_err(), "no pupil");
        assert!(parse_invitee_csv("prenom;nom;email;classe\nA;B;a@b.fr;3e\nC;D;c@d.fr;3e\n", 1).is_err(), "too many");
    }
}
