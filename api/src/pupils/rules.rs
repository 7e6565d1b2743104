//! Pure pupil rules: gender, profile checks, the consent gate.

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
pub fn search_block(enrolled: bool, consent: Option<NaiveDate>) -> Option<(&'static str, &'static str)> {
    if !enrolled {
        Some(("NOT_ENROLLED", "Choisissez d'abord votre établissement et votre classe."))
    } else if consent.is_none() {
        Some((
            "CONSENT_REQUIRED",
            "Un membre de l'équipe de votre établissement doit d'abord enregistrer l'autorisation de vos parents. Parlez-en à votre professeur principal.",
        ))
    } else {
        None
    }
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
    for (field, value, max) in [("cv.interests", &cv.interests, 1000), ("cv.skills", &cv.skills, 1000), ("cv.languages", &cv.languages, 500), ("cv.activities", &cv.activities, 1000)] {
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
        assert_eq!(search_block(false, None).map(|b| b.0), Some("NOT_ENROLLED"));
        assert_eq!(search_block(true, None).map(|b| b.0), Some("CONSENT_REQUIRED"));
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
}
