//! Who is told what about an agreement. Queued in the transaction that causes it.

use super::model::Agreement;
use super::rules::Party;
use crate::accounts::tell;
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::notifications::{queue_email, queue_sms, templates, Sms};

fn link(public_url: &str, a: &Agreement) -> String {
    format!("{public_url}/conventions/{}", a.id)
}

/// Members of the host organisation.
pub fn host_members(conn: &mut AnyConnection, a: &Agreement) -> AppResult<Vec<User>> {
    Ok(crate::organisations::members(conn, &a.organisation_id)?.into_iter().map(|(_, u)| u).collect())
}

/// The school's signers: its active principal(s) and the delegates.
pub fn school_signers(conn: &mut AnyConnection, a: &Agreement) -> AppResult<Vec<User>> {
    let delegates = super::queries::delegates(conn, &a.school_uai)?;
    Ok(crate::schools::staff_with_users(conn, &a.school_uai)?
        .into_iter()
        .filter(|(m, u)| m.status == "active" && (m.function == "principal" || delegates.iter().any(|d| d.as_str() == u.id.as_str())))
        .map(|(_, u)| u)
        .collect())
}

fn to_all(conn: &mut AnyConnection, users: &[User], subject: &str, lines: &[&str], a: &Agreement, public_url: &str) -> AppResult<()> {
    for u in users {
        tell(conn, u, subject, lines, ("Voir la convention", &link(public_url, a)))?;
    }
    Ok(())
}

pub fn to_host(conn: &mut AnyConnection, a: &Agreement, subject: &str, lines: &[&str], public_url: &str) -> AppResult<()> {
    let users = host_members(conn, a)?;
    to_all(conn, &users, subject, lines, a, public_url)
}

pub fn to_school(conn: &mut AnyConnection, a: &Agreement, subject: &str, lines: &[&str], public_url: &str) -> AppResult<()> {
    let users = school_signers(conn, a)?;
    to_all(conn, &users, subject, lines, a, public_url)
}

pub fn to_pupil(conn: &mut AnyConnection, a: &Agreement, subject: &str, lines: &[&str], public_url: &str) -> AppResult<()> {
    if let Some(u) = crate::accounts::find_user(conn, &a.pupil_id)? {
        tell(conn, &u, subject, lines, ("Voir ma convention", &link(public_url, a)))?;
    }
    Ok(())
}

pub fn to_user_id(conn: &mut AnyConnection, user_id: &str, subject: &str, lines: &[&str], a: &Agreement, public_url: &str) -> AppResult<()> {
    if let Some(u) = crate::accounts::find_user(conn, user_id)? {
        tell(conn, &u, subject, lines, ("Voir la convention", &link(public_url, a)))?;
    }
    Ok(())
}

/// Tells the parties with an account who must act now; `who` lists the waiting parties.
pub fn waiting_for(conn: &mut AnyConnection, a: &Agreement, who: &[Party], subject: &str, line: &str, public_url: &str) -> AppResult<()> {
    if who.contains(&Party::Host) {
        to_host(conn, a, subject, &[line], public_url)?;
    }
    if who.contains(&Party::School) {
        to_school(conn, a, subject, &[line], public_url)?;
    }
    if who.contains(&Party::Pupil) {
        to_pupil(conn, a, subject, &[line], public_url)?;
    }
    Ok(())
}

/// The signing link to a legal representative (no account): e-mail or SMS.
pub fn signing_link(conn: &mut AnyConnection, channel: &str, to: &str, rep_name: &str, pupil_name: &str, url: &str) -> AppResult<()> {
    let line = format!(
        "La convention de stage d'observation {} est prête : en tant que représentant légal, vous êtes invité(e) à la lire et à la signer en ligne.",
        templates::de(pupil_name)
    );
    let how = "Le lien est personnel, valable 7 jours et ne sert qu'une fois ; un code de confirmation vous sera envoyé au moment de signer.";
    if channel == "sms" {
        queue_sms(
            conn,
            &Sms { to: to.into(), text: format!("Passerelle : convention de stage {} à signer (lien valable 7 jours) : {url}", templates::de(pupil_name)) },
        )?;
    } else {
        queue_email(conn, &templates::application_email(to, rep_name, "Convention de stage à signer", &[&line, how], ("Lire et signer la convention", url)))?;
    }
    Ok(())
}

/// Every party has signed: each legal representative with an e-mail address receives the PDF
/// (they have no account to download it from).
pub fn signed_to_representatives(conn: &mut AnyConnection, reps: &[crate::pupils::rules::LegalRepresentative], pupil_name: &str, pdf: &[u8]) -> AppResult<()> {
    for rep in reps {
        let Some(to) = rep.email.as_deref().filter(|e| !e.trim().is_empty()) else { continue };
        let line = format!("La convention de stage d'observation {} est signée par toutes les parties. Vous la trouverez en pièce jointe : gardez-la, elle vaut pour toute la durée du stage.", templates::de(pupil_name));
        let mut email = templates::plain_email(to, &rep.name, "Convention de stage signée", &[&line]);
        email.attachments.push(crate::notifications::Attachment::new("convention-de-stage.pdf", "application/pdf", pdf));
        queue_email(conn, &email)?;
    }
    Ok(())
}

/// The one-time code that confirms a link signature.
pub fn signing_code(conn: &mut AnyConnection, channel: &str, to: &str, rep_name: &str, code: &str) -> AppResult<()> {
    if channel == "sms" {
        queue_sms(conn, &Sms { to: to.into(), text: format!("Passerelle : votre code de signature de la convention est {code}. Il est valable 15 minutes.") })?;
    } else {
        let line = format!("Votre code de signature de la convention : {code}");
        queue_email(
            conn,
            &templates::plain_email(
                to,
                rep_name,
                "Votre code de signature",
                &[&line, "Il est valable 15 minutes. Si vous n'avez pas demandé ce code, ignorez ce message."],
            ),
        )?;
    }
    Ok(())
}
