//! Messages about internships found elsewhere: to the pupil when the school records or answers,
//! to the staff who follow the class when a pupil declares one.

use super::model::ExternalInternship;
use super::rules::Status;
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppResult;

use crate::pupils::model::Pupil;

use crate::accounts::tell;

fn weeks(e: &ExternalInternship) -> String {
    e.weeks().iter().filter_map(|w| w.monday()).map(|d| format!("du {}", d.format("%d/%m/%Y"))).collect::<Vec<_>>().join(" et la semaine ")
}

pub fn recorded_to_pupil(conn: &mut AnyConnection, pupil: &User, e: &ExternalInternship, public_url: &str) -> AppResult<()> {
    let line = format!("Ton établissement a enregistré ton stage chez {}, la semaine {}.", e.host_name, weeks(e));
    tell(conn, pupil, "Ton stage est enregistré", &[&line], ("Voir mon stage", &format!("{public_url}/eleve/stage-hors-plateforme")))
}

pub fn decided_to_pupil(conn: &mut AnyConnection, pupil: &User, e: &ExternalInternship, public_url: &str) -> AppResult<()> {
    let (subject, line) = if e.status == Status::Validated {
        ("Ton stage est validé", format!("Ton établissement a validé le stage que tu as trouvé chez {}.", e.host_name))
    } else {
        (
            "Ton stage n'est pas validé",
            format!("Ton établissement n'a pas validé le stage chez {} : {}", e.host_name, e.rejection_reason.as_deref().unwrap_or("")),
        )
    };
    tell(conn, pupil, subject, &[&line], ("Voir mon stage", &format!("{public_url}/eleve/stage-hors-plateforme")))
}

/// The principal and the staff who follow the pupil's class.
pub fn declared_to_staff(conn: &mut AnyConnection, pupil: &Pupil, e: &ExternalInternship, public_url: &str) -> AppResult<()> {
    let Some(account) = crate::accounts::find_user(conn, &pupil.user_id)? else { return Ok(()) };
    let staff = crate::schools::staff_with_users(conn, &pupil.school_uai)?;
    let ids: Vec<String> = staff.iter().map(|(m, _)| m.id.clone()).collect();
    let classes = crate::schools::classes_of_members(conn, &ids)?;
    let line = format!(
        "{} {} a trouvé un stage hors de Passerelle, chez {} ({}), la semaine {}. Vérifiez-le et validez-le pour qu'il compte dans le suivi.",
        account.first_name,
        account.last_name,
        e.host_name,
        e.city,
        weeks(e)
    );
    for (m, u) in staff {
        let follows = classes.get(&m.id).is_some_and(|c| c.contains(&pupil.class_id));
        if m.status == "active" && (m.function == "principal" || follows) {
            tell(conn, &u, "Un stage trouvé hors plateforme à valider", &[&line], ("Voir le suivi", &format!("{public_url}/espace")))?;
        }
    }
    Ok(())
}
