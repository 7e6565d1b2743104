//! Teachers invite pupils: one at a time or from a CSV list, with a report of the lines refused.

use super::model::Pupil;
use super::queries;
use super::rules::{self, Invitee};
use crate::accounts::service::{create_for_someone, NewAccount};
use crate::accounts::User;
use crate::auth::{password, tokens, Role};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::reference::model::School;
use crate::schools::model::SchoolClass;

pub const MAX_CSV_PUPILS: usize = 1000;

/// What happened to one invitee. The staff's answer is the same whether the address had an
/// account or not (`Invited`): nobody learns who has an account; the address's owner learns
/// the rest by mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new account in the class (told how to choose a password), or an existing account told by
    /// mail how to join (a pupil: the class code; an adult: why not).
    Invited,
    /// Already a pupil of this school: nothing changed (re-importing a list is harmless).
    AlreadyThere(String),
}

fn find_existing(conn: &mut AnyConnection, who: &Invitee) -> AppResult<Option<User>> {
    let by_email = match &who.email {
        Some(e) => crate::accounts::find_by_email(conn, e)?,
        None => None,
    };
    match (by_email, &who.phone) {
        (Some(u), _) => Ok(Some(u)),
        (None, Some(p)) => Ok(crate::accounts::find_by_phone(conn, p)?),
        (None, None) => Ok(None),
    }
}

/// Invites one checked pupil into a class the caller follows (checked by the caller).
pub fn invite(conn: &mut AnyConnection, school: &School, class: &SchoolClass, who: &Invitee, public_url: &str) -> AppResult<Outcome> {
    let now = db::now();
    db::transaction(conn, |conn| match find_existing(conn, who)? {
        Some(u) => {
            if let Some(p) = queries::of_account(conn, &u.id)? {
                if p.school_uai == school.uai && p.join_status == "active" {
                    return Ok(Outcome::AlreadyThere(u.id.into()));
                }
            }
            tell_existing(conn, &u, school, class, public_url)?;
            Ok(Outcome::Invited)
        }
        None => {
            // A pupil the register enrolled in this class, with no way to be reached yet: the
            // invitation gives them this address rather than a second account.
            if let Some(pupil) = register_pupil_named(conn, school, class, who)? {
                let inviter = format!("L'équipe de l'établissement {}", school.name);
                let email = who.email.as_deref();
                let phone = if email.is_some() { None } else { who.phone.as_deref() };
                crate::accounts::service::give_access(conn, &pupil.user_id, email, phone, &inviter, public_url)?;
                return Ok(Outcome::Invited);
            }
            let user = create_for_someone(
                conn,
                NewAccount {
                    email: who.email.clone(),
                    phone: if who.email.is_some() { None } else { who.phone.clone() },
                    password_hash: password::hash(&tokens::random_secret())?,
                    role: Role::Student,
                    staff_function: None,
                    scope: None,
                    first_name: who.first_name.clone(),
                    last_name: who.last_name.clone(),
                },
                &format!("L'équipe de l'établissement {}", school.name),
                public_url,
            )?;
            queries::insert(conn, &Pupil::enrolled(&user.id, &school.uai, &class.id, now))?;
            Ok(Outcome::Invited)
        }
    })
}

/// The one pupil of this class enrolled from the register under this name (accents and case
/// aside) who has neither e-mail nor phone; none when no pupil or several answer.
fn register_pupil_named(conn: &mut AnyConnection, school: &School, class: &SchoolClass, who: &Invitee) -> AppResult<Option<Pupil>> {
    use crate::reference::rules::normalize;
    let key = (normalize(&who.last_name), normalize(&who.first_name));
    let mut found: Vec<Pupil> = queries::of_school(conn, &school.uai, Some(std::slice::from_ref(&class.id)))?
        .into_iter()
        .filter(|(p, u)| p.ine.is_some() && u.email.is_none() && u.phone.is_none() && (normalize(&u.last_name), normalize(&u.first_name)) == key)
        .map(|(p, _)| p)
        .collect();
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// An existing account invited: a pupil gets the class code to join by themselves (nobody is
/// moved into a class, or out of another school, without their doing); an adult learns that a
/// pupil's account cannot be made with their address.
fn tell_existing(conn: &mut AnyConnection, u: &User, school: &School, class: &SchoolClass, public_url: &str) -> AppResult<()> {
    use crate::notifications::templates;
    let login = format!("{public_url}/connexion");
    let code = match &class.join_code {
        Some(c) => c.clone(),
        None => crate::schools::service::renew_join_code(conn, &school.uai, &class.id)?.join_code.unwrap_or_default(),
    };
    match (&u.email, &u.phone, u.role() == Role::Student) {
        (Some(email), _, true) => {
            crate::notifications::queue_email(conn, &templates::class_invitation_email(email, &u.first_name, &school.name, &class.name, &code, &login))?;
        }
        (None, Some(phone), true) => {
            crate::notifications::queue_sms(conn, &templates::class_invitation_sms(phone, &school.name, &class.name, &code, &login))?;
        }
        (Some(email), _, false) => {
            crate::notifications::queue_email(conn, &templates::pupil_invitation_refused_email(email, &u.first_name, &school.name))?;
        }
        _ => {}
    }
    Ok(())
}

/// One refused line of a CSV list.
#[derive(Debug, Clone)]
pub struct LineError {
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
    pub cells: Vec<String>,
}

pub struct CsvReport {
    pub invited: usize,
    pub already_there: usize,
    pub errors: Vec<LineError>,
}

/// Invites every valid line (each in its own transaction: one bad line never blocks the
/// others), and reports the refused ones. `may_use_class` says whether the caller follows it.
pub fn invite_csv(
    conn: &mut AnyConnection,
    school: &School,
    classes: &[SchoolClass],
    may_use_class: &dyn Fn(&str) -> bool,
    lines: Vec<rules::CsvInvitee>,
    public_url: &str,
) -> CsvReport {
    let mut report = CsvReport { invited: 0, already_there: 0, errors: Vec::new() };
    let mut seen = std::collections::HashSet::new();
    for l in lines {
        let i = &l.input;
        let cells =
            vec![i.first_name.clone(), i.last_name.clone(), i.email.clone().unwrap_or_default(), i.phone.clone().unwrap_or_default(), l.class_name.clone()];
        let fail = |field: Option<&str>, message: String| LineError { line: l.line, field: field.map(str::to_owned), message, cells: cells.clone() };
        let class = classes.iter().find(|c| c.name.trim().eq_ignore_ascii_case(l.class_name.trim()));
        let Some(class) = class else {
            report.errors.push(fail(Some("classe"), format!("Classe « {} » inconnue cette année.", l.class_name)));
            continue;
        };
        if !may_use_class(&class.id) {
            report.errors.push(fail(Some("classe"), format!("Vous ne suivez pas la classe « {} ».", class.name)));
            continue;
        }
        let who = match rules::check_invitee(&l.input) {
            Ok(w) => w,
            Err(problems) => {
                let (field, message) = problems.into_iter().next().unwrap_or_default();
                report.errors.push(fail(Some(&field), message));
                continue;
            }
        };
        let key = who.email.clone().or(who.phone.clone()).unwrap_or_default();
        if !seen.insert(key) {
            report.errors.push(fail(Some("email"), "Élève déjà présent plus haut dans le fichier.".into()));
            continue;
        }
        match invite(conn, school, class, &who, public_url) {
            Ok(Outcome::Invited) => report.invited += 1,
            Ok(Outcome::AlreadyThere(_)) => report.already_there += 1,
            Err(e) if e.status().is_server_error() => {
                tracing::error!(line = l.line, error = %e.message, "pupil invitation failed");
                report.errors.push(fail(None, "Erreur technique : réessayez pour cette ligne.".into()));
            }
            Err(e) => {
                let field = e.fields.keys().next().cloned();
                report.errors.push(fail(field.as_deref(), e.message.clone()));
            }
        }
    }
    report
}

/// The refused lines as CSV: the original cells, then the line number and the reason.
pub fn error_report_csv(errors: &[LineError]) -> String {
    error_report_csv_with(&rules::CSV_HEADER, errors)
}

/// As `error_report_csv`, for a file of other columns (the school's register).
pub fn error_report_csv_with(columns: &[&str], errors: &[LineError]) -> String {
    let mut w = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
    let mut header: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
    header.extend(["ligne".to_owned(), "erreur".to_owned()]);
    let _ = w.write_record(&header);
    for e in errors {
        let mut cells: Vec<String> = e.cells.iter().map(|c| crate::http::csv_safe(c)).collect();
        cells.push(e.line.to_string());
        cells.push(e.message.clone());
        let _ = w.write_record(&cells);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
