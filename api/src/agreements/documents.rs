//! The agreement and the attestation as PDF files (A4, French, readable on paper).

use chrono::{NaiveDate, NaiveDateTime};

use super::model::{AbsenceReport, Agreement, Signature};
use super::pdf::Document;
use super::rules::{Party, Status};
use crate::error::AppResult;

/// The ministry under whose authority the pupil stays during the internship.
const MINISTRY: &str = "Ministère de l'Éducation nationale";

/// A stored UTC instant as people in France read it.
fn when(t: NaiveDateTime) -> String {
    format!("{} (heure de Paris)", crate::campaigns::rules::utc_to_paris(t).format("%d/%m/%Y à %H:%M:%S"))
}

fn method(m: &str) -> &'static str {
    if m == "link_code" {
        "lien à usage unique et code à usage unique"
    } else {
        "compte Passerelle authentifié"
    }
}

/// The agreement: its stored text as signed, the signatures block, then the audit page.
pub fn agreement_pdf(a: &Agreement, required: &[Party], signatures: &[Signature], verify_url: &str, now: NaiveDateTime) -> AppResult<Vec<u8>> {
    let mut d = Document::new("Convention de séquence d'observation en milieu professionnel");
    d.state_heading(MINISTRY);
    if a.status != Status::Signed {
        d.small(&format!("PROJET - {} : ce document n'a pas encore la signature de toutes les parties.", a.status.label()));
    }
    for line in a.document_text.lines() {
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
    d.heading("Signatures");
    let live: Vec<&Signature> = signatures.iter().filter(|s| s.voided_at.is_none() && s.version == a.version).collect();
    for p in required {
        match live.iter().find(|s| s.party() == Some(*p)) {
            Some(s) => {
                // The text names the delegate as such; the block says in which capacity they signed.
                let delegate = *p == Party::Host && a.host().is_some_and(|h| super::rules::signs_by_delegation(&h, &s.signer_name));
                let capacity = if delegate { ", par délégation du représentant de l'organisme" } else { "" };
                d.item(&format!("Pour {} : {}{capacity}, signé le {} par {}.", p.label(), s.signer_name, when(s.signed_at), method(&s.method)))
            }
            None => d.item(&format!("Pour {} : en attente de signature.", p.label())),
        }
    }
    d.new_page();
    d.title("Piste d'audit");
    d.paragraph(&format!("Convention {} - version {} - état : {}.", a.id, a.version, a.status.label()));
    d.paragraph(&format!("Empreinte SHA-256 du texte signé : {}", a.document_hash));
    d.paragraph(&format!("Pour vérifier ce document, ouvrez {verify_url} (référence {} et empreinte ci-dessus).", a.id));
    d.paragraph("Chaque signature porte l'empreinte du texte exact lu par le signataire. Toute modification du texte change l'empreinte et annule les signatures recueillies.");
    d.heading("Événements");
    d.item(&format!("Convention créée le {}.", when(a.created_at)));
    if let Some(t) = a.host_filled_at {
        d.item(&format!("Partie de l'organisme d'accueil remplie le {}.", when(t)));
    }
    if let Some(t) = a.school_filled_at {
        d.item(&format!("Partie de l'établissement remplie le {}.", when(t)));
    }
    for s in signatures {
        let party = s.party().map(|p| p.label()).unwrap_or("?");
        let voided = s.voided_at.map(|v| format!(" ANNULÉE le {} (convention modifiée).", when(v))).unwrap_or_default();
        d.item(&format!(
            "Signature pour {party} : {}, le {}, par {}, adresse IP {}, version {}, empreinte {}.{voided}",
            s.signer_name,
            when(s.signed_at),
            method(&s.method),
            s.ip,
            s.version,
            s.document_hash
        ));
    }
    if let Some(t) = a.signed_at {
        d.item(&format!("Signée par toutes les parties le {}.", when(t)));
    }
    if let Some(t) = a.cancelled_at {
        d.item(&format!("Annulée le {} : {}", when(t), a.cancel_reason.clone().unwrap_or_default()));
    }
    d.rule();
    d.small(&format!("Document produit par Passerelle le {}.", when(now)));
    d.finish(now)
}

pub struct AttestationFacts<'a> {
    pub host_name: &'a str,
    pub host_siret: &'a str,
    pub host_address: &'a str,
    pub pupil_name: &'a str,
    pub school_name: &'a str,
    pub issued_by: &'a str,
    pub issued_at: NaiveDateTime,
    pub days: &'a [NaiveDate],
    /// The days the host declared present.
    pub present: &'a [NaiveDate],
    pub absences: &'a [AbsenceReport],
}

/// The attestation de stage the host issues at the end.
pub fn attestation_pdf(a: &Agreement, f: &AttestationFacts) -> AppResult<Vec<u8>> {
    let mut d = Document::new("Attestation de séquence d'observation en milieu professionnel");
    d.state_heading(MINISTRY);
    d.title("Attestation de séquence d'observation en milieu professionnel");
    d.paragraph(&format!("L'organisme d'accueil {}, SIRET {}, {},", f.host_name, f.host_siret, f.host_address));
    d.paragraph(&format!(
        "atteste que {}, élève de l'établissement {}, a effectué une séquence d'observation en milieu professionnel du {} au {}.",
        f.pupil_name,
        f.school_name,
        a.starts_on.format("%d/%m/%Y"),
        a.ends_on.format("%d/%m/%Y")
    ));
    d.paragraph(&format!("Jours de présence : {} sur {}.", f.present.len(), f.days.len()));
    for day in f.days.iter().filter(|d| !f.present.contains(d)) {
        let reported = f.absences.iter().find(|r| r.day == *day).map(|r| if r.kind == "illness" { "maladie" } else { "absence" }).unwrap_or("absence");
        d.item(&format!("{} : {reported}", day.format("%d/%m/%Y")));
    }
    d.paragraph(&format!("Convention de référence : {} (empreinte {}).", a.id, a.document_hash));
    d.rule();
    d.paragraph(&format!("Délivrée en ligne par {} le {}.", f.issued_by, when(f.issued_at)));
    d.finish(f.issued_at)
}
