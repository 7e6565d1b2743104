//! "Documents utiles": blank models anyone may print — the parental authorisation to use the
//! platform (the circular's annex model, for Passerelle), the agreement and the attestation —
//! written with the same text generator and PDF writer as the real documents, so a model never
//! says something the signed agreement does not.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::pdf::Document;
use super::rules::{document_text, DocumentFacts};
use crate::error::AppResult;

const MINISTRY: &str = "Ministère de l'Éducation nationale";
const BLANK: &str = "........................................";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    ParentalAuthorisation,
    Agreement,
    Attestation,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::ParentalAuthorisation, Model::Agreement, Model::Attestation];

    /// The file name, as served under `/api/v1/documents/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Model::ParentalAuthorisation => "autorisation-parentale.pdf",
            Model::Agreement => "modele-convention.pdf",
            Model::Attestation => "modele-attestation.pdf",
        }
    }

    pub fn parse(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.file_name() == name)
    }
}

pub fn pdf(model: Model, now: NaiveDateTime) -> AppResult<Vec<u8>> {
    match model {
        Model::ParentalAuthorisation => parental_authorisation(now),
        Model::Agreement => agreement(now),
        Model::Attestation => attestation(now),
    }
}

fn parental_authorisation(now: NaiveDateTime) -> AppResult<Vec<u8>> {
    let mut d = Document::new("Autorisation parentale d'utilisation de Passerelle");
    d.state_heading(MINISTRY);
    d.title("Autorisation parentale d'utilisation de la plateforme Passerelle");
    d.paragraph(
        "Passerelle est la plateforme publique où les élèves de quatrième, de troisième et de seconde cherchent leur stage d'observation, \
         candidatent auprès des organismes d'accueil et suivent leur convention de stage.",
    );
    d.paragraph(
        "Pour utiliser la plateforme, votre enfant crée un compte avec une adresse électronique ou un numéro de téléphone et un mot de passe. \
         Sans votre autorisation, son professeur ne peut pas lui ouvrir l'accès. Seules les personnes qui l'accompagnent (ses professeurs, \
         le chef d'établissement, les organismes auxquels il candidate) voient ses informations, qui sont effacées à la fin de sa scolarité au collège ou au lycée.",
    );
    d.paragraph("Merci de remplir cette autorisation et de la remettre au professeur principal de votre enfant.");
    d.rule();
    d.paragraph(&format!("Je soussigné(e) {BLANK}"));
    d.paragraph(&format!("représentant légal de l'élève {BLANK}"));
    d.paragraph(&format!("scolarisé(e) dans la classe de {BLANK} de l'établissement {BLANK}"));
    d.paragraph("autorise mon enfant à s'inscrire et à utiliser la plateforme Passerelle pour rechercher un stage d'observation et y candidater.");
    d.paragraph(&format!("Fait à {BLANK}, le ..... / ..... / ..........."));
    d.paragraph("Signature du représentant légal :");
    d.paragraph(" ");
    d.paragraph(" ");
    d.rule();
    d.small("Modèle établi d'après l'annexe 2 de la circulaire sur les stages d'observation. Informations sur vos données : page « Confidentialité » de Passerelle.");
    d.finish(now)
}

fn agreement(now: NaiveDateTime) -> AppResult<Vec<u8>> {
    let monday = NaiveDate::from_isoywd_opt(now.date().iso_week().year(), now.date().iso_week().week(), chrono::Weekday::Mon).unwrap_or(now.date());
    let facts = DocumentFacts {
        reference: "MODÈLE",
        version: 1,
        host_name: "(organisme d'accueil)",
        host_siret: "(SIRET)",
        host_address: "(adresse)",
        offer_title: "(intitulé de l'offre)",
        offer_address: "(lieu du stage)",
        school_name: "(établissement)",
        school_uai: "(UAI)",
        school_address: "(adresse)",
        pupil_name: "(nom de l'élève)",
        pupil_birth_date: None,
        pupil_class: "",
        legal_representatives: Vec::new(),
        grade_family: "college",
        starts_on: monday,
        ends_on: monday + chrono::Duration::days(4),
        host: None,
        school: None,
    };
    let mut d = Document::new("Modèle de convention de séquence d'observation");
    d.state_heading(MINISTRY);
    d.small("MODÈLE À TITRE D'INFORMATION : sur Passerelle, chaque convention est remplie et signée en ligne ; les dates ci-dessous sont un exemple.");
    for line in document_text(&facts).lines() {
        if let Some(t) = line.strip_prefix("# ") {
            d.title(t);
        } else if let Some(h) = line.strip_prefix("## ") {
            d.heading(h);
        } else if let Some(i) = line.strip_prefix("- ") {
            d.item(i);
        } else if let Some(c) = line.strip_prefix("  ") {
            d.item(c.trim_start());
        } else if !line.trim().is_empty() {
            d.paragraph(line);
        }
    }
    d.finish(now)
}

fn attestation(now: NaiveDateTime) -> AppResult<Vec<u8>> {
    let mut d = Document::new("Modèle d'attestation de séquence d'observation");
    d.state_heading(MINISTRY);
    d.small("MODÈLE À TITRE D'INFORMATION : sur Passerelle, l'organisme d'accueil délivre l'attestation en ligne à la fin du stage.");
    d.title("Attestation de séquence d'observation en milieu professionnel");
    d.paragraph(&format!("L'organisme d'accueil {BLANK}, SIRET {BLANK}, adresse {BLANK},"));
    d.paragraph(&format!(
        "atteste que {BLANK}, élève de l'établissement {BLANK}, a effectué une séquence d'observation en milieu professionnel du ..... / ..... / ........... au ..... / ..... / ..........."
    ));
    d.paragraph("Jours de présence : ..... sur .....");
    d.paragraph("Absences (date et motif) :");
    d.item(BLANK);
    d.item(BLANK);
    d.paragraph(&format!("Convention de référence : {BLANK}"));
    d.rule();
    d.paragraph(&format!("Fait à {BLANK}, le ..... / ..... / ..........., par {BLANK} (nom et fonction)."));
    d.finish(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_is_a_pdf_named_in_french() {
        let now = NaiveDate::from_ymd_opt(2027, 1, 4).expect("d").and_hms_opt(9, 0, 0).expect("t");
        for m in Model::ALL {
            let bytes = pdf(m, now).expect("a conforming PDF");
            assert!(bytes.starts_with(b"%PDF-"), "{m:?}");
            assert_eq!(Model::parse(m.file_name()), Some(m));
        }
        assert_eq!(Model::parse("../etc/passwd"), None);
    }
}
