//! School use cases.

use crate::error::ErrorCode;
use crate::ids::ClassId;

use super::model::{Registration, SchoolClass, StaffMember, STAFF_ACTIVE};
use super::queries as q;
use super::rules::{self, Grade, GradeFamily, IsoWeek, SchoolYear};
use crate::auth::{CurrentUser, StaffFunction};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::reference::model::School;

pub fn load_school(conn: &mut AnyConnection, uai: &str) -> AppResult<School> {
    crate::reference::school(conn, uai)?.ok_or_else(|| AppError::not_found("Établissement introuvable."))
}

/// The registered school and the user's membership in it (if any).
pub fn registered(conn: &mut AnyConnection, uai: &str, user_id: &str) -> AppResult<(School, Registration, Option<StaffMember>)> {
    let school = load_school(conn, uai)?;
    let reg = q::registration(conn, &school.uai)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas encore inscrit sur Passerelle."))?;
    let member = q::member(conn, &school.uai, user_id)?;
    Ok((school, reg, member))
}

/// A principal registers their school; they become its first staff member.
pub fn register(conn: &mut AnyConnection, user: &CurrentUser, uai: &str) -> AppResult<(School, Registration)> {
    let school = load_school(conn, uai)?;
    let account = crate::accounts::find_user(conn, &user.id)?.ok_or_else(|| AppError::unauthorized("Compte introuvable."))?;
    let department = crate::reference::department(conn, &school.department_code)?;
    let domain = department.and_then(|d| d.academie_email_domain);
    let in_academie = account.email.as_deref().is_some_and(|e| rules::email_in_domain(e, domain.as_deref()));
    super::policy::may_register(user, in_academie)?;
    let now = db::now();
    db::transaction(conn, |conn| {
        if q::registration(conn, &school.uai)?.is_some() {
            return Err(AppError::conflict("Cet établissement est déjà inscrit. Demandez au chef d'établissement de vous inviter.")
                .with_code(ErrorCode::SchoolAlreadyRegistered));
        }
        if let Some(into) = q::merged_into(conn, &school.uai)? {
            return Err(AppError::conflict(format!("Cet établissement a été regroupé avec l'établissement {into} : inscrivez-vous sous ce numéro."))
                .with_code(ErrorCode::SchoolMerged));
        }
        let reg = Registration::new(&school.uai, &user.id, now);
        q::insert_registration(conn, &reg)?;
        q::insert_member(
            conn,
            &StaffMember {
                id: db::new_id(),
                school_uai: school.uai.clone(),
                user_id: user.id.clone(),
                function: StaffFunction::Principal.as_str().to_owned(),
                status: STAFF_ACTIVE.to_owned(),
                created_at: now,
                updated_at: now,
            },
        )?;
        Ok((school.clone(), reg))
    })
}

pub fn add_class(conn: &mut AnyConnection, school: &School, year: SchoolYear, name: &str, grade: Grade) -> AppResult<SchoolClass> {
    if !rules::families_of_school_kind(&school.kind).contains(&grade.family()) {
        return Err(AppError::field("grade", "Ce niveau n'existe pas dans cet établissement."));
    }
    if grade == Grade::Seconde {
        if let Some(problem) = rules::seconde_class_problem(name, school.general_or_technological) {
            return Err(
                AppError::field(if school.general_or_technological == Some(false) { "grade" } else { "name" }, problem).with_code(ErrorCode::VocationalSeconde)
            );
        }
    }
    let class = SchoolClass {
        id: ClassId::new(),
        school_uai: school.uai.clone(),
        school_year: year.label(),
        name: name.to_owned(),
        grade: grade.as_str().to_owned(),
        created_at: db::now(),
        archived_at: None,
        join_code: Some(rules::new_join_code(&mut rand::thread_rng())),
    };
    if super::years::is_closed(conn, &class.school_year)? {
        return Err(AppError::conflict("Cette année scolaire est close : ses classes sont archivées.").with_code(ErrorCode::YearClosed));
    }
    db::transaction(conn, |conn| {
        if q::classes(conn, &school.uai, &class.school_year)?.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            return Err(AppError::conflict("Une classe porte déjà ce nom cette année.").with_field("name", "Nom déjà utilisé."));
        }
        q::insert_class(conn, &class)?;
        Ok(class.clone())
    })
}

/// Checks the weeks against the year and grade family; all problems at once.
pub fn check_weeks(conn: &mut AnyConnection, school: &School, year: SchoolYear, family: GradeFamily, weeks: &[IsoWeek]) -> AppResult<Vec<IsoWeek>> {
    if !rules::families_of_school_kind(&school.kind).contains(&family) {
        return Err(AppError::field("grade_family", "Cet établissement n'a pas d'élèves de ce niveau."));
    }
    let national = super::years::seconde_weeks(conn, year)?;
    let mut err = AppError::validation();
    for (i, w) in weeks.iter().enumerate() {
        if let Some(problem) = rules::week_problem(*w, year, family, &national) {
            err = err.with_field(&format!("weeks[{i}]"), problem);
        }
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let mut sorted = weeks.to_vec();
    sorted.sort();
    sorted.dedup();
    Ok(sorted)
}

/// The school, and what the signed-in user sees of it (403 when not of its staff).
pub fn visible(conn: &mut AnyConnection, uai: &str, user: &CurrentUser) -> AppResult<(School, super::policy::Visibility)> {
    let (school, _, member) = registered(conn, uai, &user.id)?;
    let own = match &member {
        Some(m) => q::classes_of_member(conn, &m.id)?,
        None => Vec::new(),
    };
    let v = super::policy::visibility(user, member.as_ref(), own)?;
    Ok((school, v))
}

/// As `visible`, for a request about one item of the school: staff of another school get the
/// 404 an unknown item gets (`missing`), checked before the item is looked up.
pub fn visible_item(conn: &mut AnyConnection, uai: &str, user: &CurrentUser, missing: &str) -> AppResult<(School, super::policy::Visibility)> {
    let (school, _, member) = registered(conn, uai, &user.id)?;
    let own = match &member {
        Some(m) => q::classes_of_member(conn, &m.id)?,
        None => Vec::new(),
    };
    let v = super::policy::item_visibility(user, member.as_ref(), own, missing)?;
    Ok((school, v))
}

/// Gives the class a new join code (the old one stops working).
pub fn renew_join_code(conn: &mut AnyConnection, uai: &str, class_id: &str) -> AppResult<SchoolClass> {
    use crate::db::schema::school_classes as sc;
    use diesel::prelude::*;
    let code = rules::new_join_code(&mut rand::thread_rng());
    let n = diesel::update(sc::table.find(class_id).filter(sc::school_uai.eq(uai))).set(sc::join_code.eq(Some(&code))).execute(conn)?;
    if n == 0 {
        return Err(AppError::not_found("Classe introuvable."));
    }
    q::class_by_id(conn, uai, class_id)?.ok_or_else(AppError::internal)
}

/// An admin corrects a school's reference row (the directory's next import keeps the correction).
pub fn correct(conn: &mut AnyConnection, admin: &CurrentUser, uai: &str, c: q::SchoolCorrection) -> AppResult<School> {
    let school = load_school(conn, uai)?;
    let mut err = AppError::validation();
    for (field, value) in [("name", &c.name), ("commune_name", &c.commune_name)] {
        if value.trim().is_empty() {
            err = err.with_field(field, "À renseigner.");
        }
    }
    let postal_ok = c.postal_code.is_empty() || (c.postal_code.len() == 5 && c.postal_code.chars().all(|ch| ch.is_ascii_digit()));
    if !postal_ok {
        err = err.with_field("postal_code", "Code postal à 5 chiffres.");
    }
    match (c.latitude, c.longitude) {
        (Some(lat), Some(lon)) if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) => {
            err = err.with_field("latitude", "Coordonnées hors du globe.");
        }
        (Some(_), None) | (None, Some(_)) => err = err.with_field("longitude", "Latitude et longitude vont ensemble."),
        _ => {}
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    let c = q::SchoolCorrection {
        name: c.name.trim().to_owned(),
        address: c.address.trim().to_owned(),
        postal_code: c.postal_code.trim().to_owned(),
        commune_name: c.commune_name.trim().to_owned(),
        ..c
    };
    db::transaction(conn, |conn| {
        q::correct_school(conn, &school.uai, &c, &admin.id, db::now())?;
        Ok(())
    })?;
    load_school(conn, uai)
}

/// What a school merge moved.
#[derive(Debug, Default, Clone, Copy)]
pub struct SchoolMerged {
    pub pupils: usize,
    pub applications: usize,
    pub agreements: usize,
    pub classes_merged: usize,
}

/// A school registered twice (e.g. under its old and its new UAI): everything moves to `into`,
/// classes of the same year and name merge, and `from` can no longer be registered.
pub fn merge(conn: &mut AnyConnection, admin: &CurrentUser, from: &str, into: &str) -> AppResult<(School, SchoolMerged)> {
    let (from, into) = (from.to_uppercase(), into.to_uppercase());
    if from == into {
        return Err(AppError::field("into", "Choisissez un autre établissement que le doublon."));
    }
    let kept = crate::reference::school(conn, &into)?.ok_or_else(|| AppError::field("into", "Établissement introuvable."))?;
    db::transaction(conn, |conn| {
        let reg = q::registration(conn, &from)?.ok_or_else(|| AppError::not_found("Cet établissement n'est pas inscrit : rien à regrouper."))?;
        if q::merged_into(conn, &into)?.is_some() {
            return Err(AppError::field("into", "Cet établissement a lui-même été regroupé avec un autre."));
        }
        let class_moves = q::move_school_rows(conn, &reg, &into, &admin.id, db::now())?;
        let pupils = crate::pupils::move_school(conn, &from, &into, &class_moves)?;
        let applications = crate::applications::move_school(conn, &from, &into)?;
        let agreements = crate::agreements::move_school(conn, &from, &into)?;
        crate::external_internships::move_school(conn, &from, &into)?;
        crate::offers::move_school(conn, &from, &into)?;
        crate::audit::move_school(conn, &from, &into)?;
        q::finish_merge(conn, &from, &class_moves)?;
        Ok((kept.clone(), SchoolMerged { pupils, applications, agreements, classes_merged: class_moves.len() }))
    })
}
