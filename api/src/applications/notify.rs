//! Who is told what about an application. Messages are queued in the transaction that causes
//! them: a change that does not commit sends nothing, and each event is queued once.

use super::model::Application;
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::ids::PupilId;
use crate::notifications::{queue_email, templates};
use crate::offers::model::Offer;

use crate::accounts::tell;

/// The host: the offer's author, and its tutor when another address.
fn to_host(conn: &mut AnyConnection, offer: &Offer, subject: &str, paragraphs: &[&str], link: &str) -> AppResult<()> {
    let author = crate::accounts::find_user(conn, &offer.created_by)?;
    if let Some(a) = &author {
        tell(conn, a, subject, paragraphs, ("Voir les candidatures", link))?;
    }
    let tutor = offer.tutor();
    if !tutor.email.is_empty() && author.as_ref().and_then(|a| a.email.as_deref()) != Some(tutor.email.as_str()) {
        let first = tutor.name.split_whitespace().next().unwrap_or("").to_owned();
        queue_email(conn, &templates::application_email(&tutor.email, &first, subject, paragraphs, ("Voir les candidatures", link)))?;
    }
    Ok(())
}

fn pupil(conn: &mut AnyConnection, a: &Application) -> AppResult<Option<User>> {
    Ok(crate::accounts::find_user(conn, &a.pupil_id)?)
}

fn name(u: &Option<User>) -> String {
    u.as_ref().map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_else(|| "Un élève".into())
}

pub fn new_application(conn: &mut AnyConnection, a: &Application, offer: &Offer, public_url: &str) -> AppResult<()> {
    let p = pupil(conn, a)?;
    let line = format!("{} a postulé à votre offre « {} ».", name(&p), offer.title);
    let far =
        a.distance_km.filter(|d| *d > super::rules::FAR_FROM_HOME_KM).map(|d| format!("Attention : l'élève habite à environ {d:.0}\u{a0}km du lieu du stage."));
    let mut paragraphs = vec![line.as_str(), "Sans réponse de votre part dans les 15 jours, la candidature expirera."];
    if let Some(f) = &far {
        paragraphs.push(f);
    }
    to_host(conn, offer, "Nouvelle candidature sur Passerelle", &paragraphs, &format!("{public_url}/offres/{}/candidatures", offer.id))
}

pub fn reminder(conn: &mut AnyConnection, a: &Application, offer: &Offer, days_left: i64, public_url: &str) -> AppResult<()> {
    let p = pupil(conn, a)?;
    let line = format!("La candidature de {} à « {} » attend votre réponse : elle expirera dans {days_left} jour(s).", name(&p), offer.title);
    to_host(conn, offer, "Une candidature attend votre réponse", &[&line], &format!("{public_url}/offres/{}/candidatures", offer.id))
}

pub fn withdrawn_to_host(conn: &mut AnyConnection, a: &Application, offer: &Offer, public_url: &str) -> AppResult<()> {
    let p = pupil(conn, a)?;
    let line = format!("{} a choisi un autre stage sur les mêmes semaines : sa candidature à « {} » est retirée.", name(&p), offer.title);
    to_host(conn, offer, "Candidature retirée", &[&line], &format!("{public_url}/offres/{}/candidatures", offer.id))
}

pub fn cancelled_to_host(conn: &mut AnyConnection, a: &Application, offer: &Offer, public_url: &str) -> AppResult<()> {
    let p = pupil(conn, a)?;
    let line = format!("{} a annulé sa candidature à « {} ».", name(&p), offer.title);
    to_host(conn, offer, "Candidature annulée par l'élève", &[&line], &format!("{public_url}/offres/{}/candidatures", offer.id))
}

/// To the pupil: accepted, rejected (with the reason), expired, withdrawn, cancelled by the host.
pub fn to_pupil(conn: &mut AnyConnection, a: &Application, offer: &Offer, event: super::rules::Status, public_url: &str) -> AppResult<()> {
    use super::rules::Status as S;
    let Some(p) = pupil(conn, a)? else { return Ok(()) };
    let reason = a.reason.clone().unwrap_or_default();
    let (subject, line, next) = match event {
        S::Accepted => (
            "Ta candidature est acceptée !",
            format!("L'organisme a accepté ta candidature à « {} ».", offer.title),
            "Confirme ce stage dans ton espace : tes autres candidatures sur les mêmes semaines seront retirées.".to_owned(),
        ),
        S::Rejected => {
            ("Réponse à ta candidature", format!("L'organisme n'a pas retenu ta candidature à « {} ».", offer.title), format!("Son message : {reason}"))
        }
        S::Expired => (
            "Ta candidature a expiré",
            format!("Ta candidature à « {} » a expiré.", offer.title),
            "Tu peux chercher d'autres offres pendant tes semaines de stage.".to_owned(),
        ),
        S::Withdrawn => ("Candidature retirée", format!("Tu as confirmé un autre stage : ta candidature à « {} » est retirée.", offer.title), String::new()),
        S::CancelledByHost => ("Ton stage est annulé", format!("L'organisme a annulé ton stage « {} ».", offer.title), format!("Son message : {reason}")),
        _ => return Ok(()),
    };
    let paragraphs: Vec<&str> = [line.as_str(), next.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    tell(conn, &p, subject, &paragraphs, ("Voir mes candidatures", &format!("{public_url}/eleve/candidatures")))
}

/// The pupil's teachers (those who follow the class) and the principal: a placement is confirmed.
pub fn confirmed_to_staff(conn: &mut AnyConnection, a: &Application, offer: &Offer, public_url: &str) -> AppResult<()> {
    let p = pupil(conn, a)?;
    let Some(pupil_row) = crate::pupils::find(conn, &a.pupil_id)? else { return Ok(()) };
    let staff = crate::schools::staff_with_users(conn, &pupil_row.school_uai)?;
    let ids: Vec<String> = staff.iter().map(|(m, _)| m.id.clone()).collect();
    let classes = crate::schools::classes_of_members(conn, &ids)?;
    let line = format!("{} a confirmé son stage « {} ».", name(&p), offer.title);
    for (m, u) in staff {
        let follows = classes.get(&m.id).is_some_and(|c| c.contains(&pupil_row.class_id));
        if m.status == "active" && (m.function == "principal" || follows) {
            tell(conn, &u, "Un élève a trouvé son stage", &[&line], ("Voir le suivi", &format!("{public_url}/espace")))?;
        }
    }
    Ok(())
}

/// A seconde pupil asked to confirm a second one-week placement: the principal (and the staff
/// who follow the class) are asked to authorise the split.
pub fn split_request_to_staff(conn: &mut AnyConnection, pupil_id: &PupilId, offer: &Offer, public_url: &str) -> AppResult<()> {
    let Some(p) = crate::accounts::find_user(conn, pupil_id)? else { return Ok(()) };
    let Some(pupil_row) = crate::pupils::find(conn, pupil_id)? else { return Ok(()) };
    let staff = crate::schools::staff_with_users(conn, &pupil_row.school_uai)?;
    let ids: Vec<String> = staff.iter().map(|(m, _)| m.id.clone()).collect();
    let classes = crate::schools::classes_of_members(conn, &ids)?;
    let line = format!(
        "{} souhaite faire son stage de seconde en deux lieux : une semaine chez un premier organisme, la seconde pour « {} ». Ce fractionnement demande l'accord du chef d'établissement.",
        name(&Some(p)),
        offer.title
    );
    for (m, u) in staff {
        let follows = classes.get(&m.id).is_some_and(|c| c.contains(&pupil_row.class_id));
        if m.status == "active" && (m.function == "principal" || follows) {
            tell(conn, &u, "Stage en deux lieux : accord demandé", &[&line], ("Voir le suivi", &format!("{public_url}/espace")))?;
        }
    }
    Ok(())
}

/// The principal authorised the pupil's split: the pupil may confirm the second week.
pub fn split_approved(conn: &mut AnyConnection, pupil: &User, public_url: &str) -> AppResult<()> {
    tell(
        conn,
        pupil,
        "Ton stage en deux lieux est autorisé",
        &["Ton établissement autorise ton stage de seconde en deux lieux : tu peux confirmer ta deuxième semaine."],
        ("Voir mes candidatures", &format!("{public_url}/eleve/candidatures")),
    )
}

/// The standard message of the guide for hosts, for a pupil living more than 10 km away.
pub fn travel_message(conn: &mut AnyConnection, a: &Application, offer: &Offer, public_url: &str) -> AppResult<()> {
    let Some(p) = pupil(conn, a)? else { return Ok(()) };
    let line = format!(
        // The guide's standard message, said with "tu" as every message to a pupil.
        "Nous avons bien reçu ta candidature pour le stage « {} ». Le stage que tu as choisi se trouve à plus de 10\u{a0}km de chez toi. As-tu bien pris en compte la distance à parcourir ainsi que les modalités liées au logement ?",
        offer.title
    );
    tell(conn, &p, "Une question sur ton trajet", &[&line], ("Voir mes candidatures", &format!("{public_url}/eleve/candidatures")))
}
