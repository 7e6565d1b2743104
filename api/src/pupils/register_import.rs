//! A principal imports the school's pupils from its register: classes matched by name or
//! created, pupils found again by their INE (their class follows the register's) or created
//! without password (they will sign in with the pupils' federation), and every refused line
//! reported with its reason. Importing the same file twice changes nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::invitations::LineError;
use super::model::Pupil;
use super::queries;
use super::register::{self, Checked, RegisterFile, RegisterLine, RegisterPupil};
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::reference::model::School;
use crate::reference::rules::normalize;
use crate::schools::model::SchoolClass;
use crate::schools::rules::SchoolYear;

#[derive(Debug, Default)]
pub struct RegisterReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub not_concerned: usize,
    pub left: usize,
    pub classes_created: Vec<String>,
    pub errors: Vec<LineError>,
}

/// What happened to one pupil line.
enum Done {
    Created,
    Updated,
    Unchanged,
}

fn refuse(l: &RegisterLine, field: &str, message: impl Into<String>) -> LineError {
    LineError { line: l.line, field: Some(field.to_owned()), message: message.into(), cells: l.cells() }
}

/// The key a pupil's name is compared by: no accents, case or punctuation.
fn name_key(last: &str, first: &str) -> String {
    format!("{}|{}", normalize(last), normalize(first))
}

/// Imports the register's lines into this school, for the school year of `today`. One
/// transaction: a re-import sees the file applied whole or not at all; each line is its own
/// savepoint, so a line the database refuses is reported without undoing the others.
pub fn import(conn: &mut AnyConnection, school: &School, file: RegisterFile, today: NaiveDate) -> AppResult<RegisterReport> {
    if let Some(uai) = file.uai.as_deref().filter(|u| !u.eq_ignore_ascii_case(&school.uai)) {
        return Err(AppError::field(
            "file",
            format!("Ce fichier est l'export de l'établissement {uai}, pas de {} ({}) : aucun élève n'a été importé.", school.name, school.uai),
        ));
    }
    let year = SchoolYear::of(today);
    if crate::schools::years::is_closed(conn, &year.label())? {
        return Err(AppError::conflict("Cette année scolaire est close : ses classes sont archivées.").with_code(ErrorCode::YearClosed));
    }
    let mut report = RegisterReport::default();
    let mut lines: Vec<(RegisterLine, RegisterPupil)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in file.lines {
        match register::check(&l, today) {
            Ok(Checked::Left) => report.left += 1,
            Ok(Checked::NotConcerned) => report.not_concerned += 1,
            Err((field, message)) => report.errors.push(refuse(&l, field, message)),
            Ok(Checked::Pupil(p)) => {
                if let Some(first) = seen.get(&p.ine) {
                    report.errors.push(refuse(&l, "ine", format!("INE déjà présent ligne {first} du fichier.")));
                    continue;
                }
                seen.insert(p.ine.clone(), l.line);
                lines.push((l, p));
            }
        }
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        let mut classes: HashMap<String, SchoolClass> =
            crate::schools::classes(conn, &school.uai, &year.label())?.into_iter().map(|c| (normalize(&c.name), c)).collect();
        let ines: Vec<String> = lines.iter().map(|(_, p)| p.ine.clone()).collect();
        let mut by_ine: HashMap<String, Pupil> = HashMap::new();
        for chunk in ines.chunks(500) {
            for p in queries::with_ines(conn, chunk)? {
                if let Some(ine) = p.ine.clone() {
                    by_ine.insert(ine, p);
                }
            }
        }
        // Pupils the school enrolled before (invitation, class code) and the register now names:
        // found by name (and birth date when both know it), only when one pupil answers.
        let mut by_name: HashMap<String, Vec<(Pupil, User)>> = HashMap::new();
        for (p, u) in queries::of_school(conn, &school.uai, None)? {
            if p.ine.is_none() {
                by_name.entry(name_key(&u.last_name, &u.first_name)).or_default().push((p, u));
            }
        }
        for (l, p) in &lines {
            // The class first, in its own savepoint: a class the register names stays created
            // even when its pupil's line is refused.
            let class = match class_for(conn, school, year, &mut classes, p, &mut report.classes_created) {
                Ok(c) => c,
                Err(e) => {
                    report.errors.push(line_error(l, "classe", e));
                    continue;
                }
            };
            match db::transaction(conn, |conn| apply(conn, school, &class, p, &by_ine, &mut by_name, now)) {
                Ok(Done::Created) => report.created += 1,
                Ok(Done::Updated) => report.updated += 1,
                Ok(Done::Unchanged) => report.unchanged += 1,
                Err(e) => report.errors.push(line_error(l, "ine", e)),
            }
        }
        Ok(())
    })?;
    Ok(report)
}

/// A refusal of the database or of a use case, as a refused line (the file's column names).
fn line_error(l: &RegisterLine, field: &str, e: AppError) -> LineError {
    if e.status().is_server_error() {
        tracing::error!(line = l.line, error = %e.message, "register import: line failed");
        return refuse(l, field, "Erreur technique : importez de nouveau le fichier.");
    }
    // A field's own message says more than the error's summary.
    let (field, message) = match e.fields.iter().next() {
        Some((f, messages)) => {
            let f = if f == "name" || f == "grade" { "classe" } else { f.as_str() };
            (f.to_owned(), messages.first().cloned().unwrap_or(e.message.clone()))
        }
        None => (field.to_owned(), e.message.clone()),
    };
    refuse(l, &field, message)
}

/// The line's class: the one of that name this year (its level must match), else created.
fn class_for(
    conn: &mut AnyConnection,
    school: &School,
    year: SchoolYear,
    classes: &mut HashMap<String, SchoolClass>,
    p: &RegisterPupil,
    created: &mut Vec<String>,
) -> AppResult<SchoolClass> {
    if let Some(c) = classes.get(&normalize(&p.class_name)) {
        if c.grade != p.grade.as_str() {
            return Err(AppError::field(
                "classe",
                format!("La classe « {} » est ici une classe de {} : le niveau de cette ligne ne correspond pas.", c.name, grade_words(&c.grade)),
            ));
        }
        return Ok(c.clone());
    }
    let class = crate::schools::service::add_class(conn, school, year, &p.class_name, p.grade)?;
    created.push(class.name.clone());
    classes.insert(normalize(&class.name), class.clone());
    Ok(class)
}

fn grade_words(grade: &str) -> &'static str {
    match grade {
        "quatrieme" => "quatrième",
        "troisieme" => "troisième",
        _ => "seconde",
    }
}

fn apply(
    conn: &mut AnyConnection,
    school: &School,
    class: &SchoolClass,
    p: &RegisterPupil,
    by_ine: &HashMap<String, Pupil>,
    by_name: &mut HashMap<String, Vec<(Pupil, User)>>,
    now: chrono::NaiveDateTime,
) -> AppResult<Done> {
    let existing = match by_ine.get(&p.ine) {
        Some(known) if known.school_uai != school.uai => {
            return Err(AppError::field(
                "ine",
                "Cet INE est celui d'un élève inscrit dans un autre établissement sur Passerelle : écrivez au support pour le transférer.",
            ));
        }
        Some(known) => Some(known.clone()),
        None => match by_name.get_mut(&name_key(&p.last_name, &p.first_name)) {
            Some(candidates) => {
                // A birth date known on both sides must agree.
                let same: Vec<usize> = (0..candidates.len())
                    .filter(|&i| match (candidates[i].0.birth_date, p.birth_date) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    })
                    .collect();
                match same.as_slice() {
                    [] => None,
                    [i] => Some(candidates.remove(*i).0),
                    _ => {
                        return Err(AppError::field(
                            "nom",
                            "Plusieurs élèves de l'établissement portent ce nom : indiquez leur date de naissance dans leur profil, puis importez de nouveau.",
                        ));
                    }
                }
            }
            None => None,
        },
    };
    let Some(pupil) = existing else {
        let user = crate::accounts::service::create_without_password(conn, crate::auth::Role::Student, &p.first_name, &p.last_name)?;
        let mut row = Pupil::enrolled(&user.id, &school.uai, &class.id, now);
        row.ine = Some(p.ine.clone());
        row.birth_date = p.birth_date;
        row.gender = p.gender.as_str().to_owned();
        queries::insert(conn, &row).map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::field("ine", "Cet INE vient d'être importé par ailleurs : importez de nouveau le fichier.")
            }
            other => other.into(),
        })?;
        return Ok(Done::Created);
    };
    let birth_date = p.birth_date.or(pupil.birth_date);
    let gender = if p.gender == super::rules::Gender::NotStated { pupil.gender.clone() } else { p.gender.as_str().to_owned() };
    let same_fields = pupil.ine.as_deref() == Some(p.ine.as_str()) && pupil.birth_date == birth_date && pupil.gender == gender;
    let same_class = pupil.class_id == class.id && pupil.join_status == "active";
    if same_fields && same_class {
        return Ok(Done::Unchanged);
    }
    if !same_class {
        queries::set_class(conn, &pupil.user_id, &school.uai, &class.id, false, "active", now)?;
    }
    if !same_fields {
        queries::set_register_fields(conn, &pupil.user_id, &p.ine, birth_date, &gender, now)?;
    }
    Ok(Done::Updated)
}
