//! Who may do what with a school. Staff of one school never see another.

use crate::error::ErrorCode;
use crate::ids::ClassId;

use super::model::{StaffMember, STAFF_ACTIVE};
use crate::auth::{CurrentUser, Role, StaffFunction};
use crate::error::AppError;

/// Registering a school: a principal whose e-mail belongs to the school's académie.
pub fn may_register(user: &CurrentUser, email_in_academie: bool) -> Result<(), AppError> {
    if user.role != Role::SchoolStaff || user.staff_function != Some(StaffFunction::Principal) {
        return Err(AppError::forbidden("Seul le chef d'établissement inscrit l'établissement."));
    }
    if !email_in_academie {
        return Err(AppError::forbidden("Votre adresse e-mail doit être une adresse de l'académie de l'établissement (par exemple prenom.nom@ac-lyon.fr).")
            .with_code(ErrorCode::EmailNotAcademic));
    }
    Ok(())
}

fn active(member: Option<&StaffMember>) -> Option<&StaffMember> {
    member.filter(|m| m.status == STAFF_ACTIVE)
}

/// What a staff member sees of a school's pupils: principals and non-teaching staff see the
/// whole school; teachers see their classes (seed, annex 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    WholeSchool,
    Classes(Vec<ClassId>),
}

impl Visibility {
    pub fn sees_class(&self, class_id: &str) -> bool {
        match self {
            Visibility::WholeSchool => true,
            Visibility::Classes(ids) => ids.iter().any(|c| c.as_str() == class_id),
        }
    }
}

pub fn visibility(user: &CurrentUser, member: Option<&StaffMember>, own_classes: Vec<ClassId>) -> Result<Visibility, AppError> {
    if user.role == Role::Admin {
        return Ok(Visibility::WholeSchool);
    }
    let m = active(member).ok_or_else(|| AppError::forbidden("Vous ne faites pas partie de l'équipe de cet établissement."))?;
    match StaffFunction::parse(&m.function) {
        Some(StaffFunction::MainTeacher | StaffFunction::Teacher) => Ok(Visibility::Classes(own_classes)),
        _ => Ok(Visibility::WholeSchool),
    }
}

/// Reaching one item of the school (a pupil, a staff member, a record found elsewhere): its
/// existence is private, so staff of another school get the very answer an unknown id gets
/// (404, `missing`). Roles that never reach a school's items, and the school's own pending or
/// revoked members (who know the school), are refused (403).
pub fn item_visibility(user: &CurrentUser, member: Option<&StaffMember>, own_classes: Vec<ClassId>, missing: &str) -> Result<Visibility, AppError> {
    let stranger = member.is_none() && user.role == Role::SchoolStaff;
    visibility(user, member, own_classes).map_err(|e| if stranger { AppError::not_found(missing) } else { e })
}

/// A principal's action on one item of the school: as `may_manage`, with staff of another
/// school told only that the item is not found (see `item_visibility`).
pub fn may_manage_item(user: &CurrentUser, member: Option<&StaffMember>, missing: &str) -> Result<(), AppError> {
    if member.is_none() && user.role == Role::SchoolStaff {
        return Err(AppError::not_found(missing));
    }
    may_manage(user, member)
}

/// A class the staff member does not follow is refused, not hidden: they know it exists.
pub fn may_see_class(v: &Visibility, class_id: &str) -> Result<(), AppError> {
    if v.sees_class(class_id) {
        Ok(())
    } else {
        Err(AppError::forbidden("Vous ne suivez pas cette classe.").with_code(ErrorCode::ClassNotFollowed))
    }
}

/// Reading the school's settings: its active staff, and administrators.
pub fn may_read(user: &CurrentUser, member: Option<&StaffMember>) -> Result<(), AppError> {
    if user.role == Role::Admin || active(member).is_some() {
        Ok(())
    } else {
        Err(AppError::forbidden("Vous ne faites pas partie de l'équipe de cet établissement."))
    }
}

/// Changing classes, weeks and staff: the school's principal.
pub fn may_manage(user: &CurrentUser, member: Option<&StaffMember>) -> Result<(), AppError> {
    match active(member) {
        Some(m) if m.function == StaffFunction::Principal.as_str() => Ok(()),
        Some(_) => Err(AppError::forbidden("Cette action est réservée au chef d'établissement.")),
        None if user.role == Role::Admin => Ok(()),
        None => Err(AppError::forbidden("Vous ne faites pas partie de l'équipe de cet établissement.")),
    }
}

/// Derogations at all: referents and admins (checked before the school is even loaded).
pub fn may_handle_derogations(user: &CurrentUser) -> Result<(), AppError> {
    match user.role {
        Role::Admin | Role::Referent => Ok(()),
        _ => Err(AppError::forbidden("Cette action est réservée aux référents et aux administrateurs.")),
    }
}

/// Granting a school the priority-education derogation: admins, and referents whose territory
/// holds the school.
pub fn may_grant_derogation(user: &CurrentUser, department: &str, academie: &str, region: &str) -> Result<(), AppError> {
    match (user.role, &user.scope) {
        (Role::Admin, _) => Ok(()),
        (Role::Referent, Some(scope)) if scope.covers_territory(department, academie, region) => Ok(()),
        (Role::Referent, _) => Err(AppError::forbidden("Cet établissement n'est pas dans votre territoire.").with_code(ErrorCode::OutOfScope)),
        _ => Err(AppError::forbidden("Cette action est réservée aux référents et aux administrateurs.")),
    }
}

/// The weeks schools chose around a place (with pupil counts): for the adults who plan
/// internships (hosts, partner associations, school staff, referents, admins), never pupils.
pub fn may_see_weeks_around(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Student {
        return Err(AppError::forbidden("Réservé aux organismes d'accueil et aux équipes."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, f: Option<StaffFunction>) -> CurrentUser {
        CurrentUser { id: "u".into(), role, staff_function: f, scope: None }
    }

    fn member(function: &str, status: &str) -> StaffMember {
        let now = chrono::NaiveDateTime::default();
        StaffMember {
            id: "m".into(),
            school_uai: "X".into(),
            user_id: "u".into(),
            function: function.into(),
            status: status.into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn only_academic_principals_register() {
        let principal = user(Role::SchoolStaff, Some(StaffFunction::Principal));
        assert!(may_register(&principal, true).is_ok());
        assert_eq!(may_register(&principal, false).map_err(|e| e.code), Err(ErrorCode::EmailNotAcademic));
        assert!(may_register(&user(Role::SchoolStaff, Some(StaffFunction::Teacher)), true).is_err());
        assert!(may_register(&user(Role::Employer, None), true).is_err());
    }

    #[test]
    fn teachers_see_their_classes_others_the_whole_school() {
        let teacher = user(Role::SchoolStaff, Some(StaffFunction::Teacher));
        let v = visibility(&teacher, Some(&member("main_teacher", "active")), vec!["c1".into()]).expect("member");
        assert!(may_see_class(&v, "c1").is_ok());
        assert_eq!(may_see_class(&v, "c2").map_err(|e| e.code), Err(ErrorCode::ClassNotFollowed));
        let cpe = visibility(&teacher, Some(&member("cpe", "active")), vec![]).expect("member");
        assert_eq!(cpe, Visibility::WholeSchool);
        assert!(visibility(&teacher, Some(&member("principal", "pending")), vec![]).is_err());
        assert!(visibility(&teacher, None, vec![]).is_err());
    }

    #[test]
    fn reading_and_managing() {
        let teacher = user(Role::SchoolStaff, Some(StaffFunction::Teacher));
        assert!(may_read(&teacher, Some(&member("teacher", "active"))).is_ok());
        assert!(may_read(&teacher, Some(&member("teacher", "revoked"))).is_err());
        assert!(may_read(&teacher, None).is_err());
        assert!(may_manage(&teacher, Some(&member("teacher", "active"))).is_err());
        assert!(may_manage(&teacher, Some(&member("principal", "active"))).is_ok());
        assert!(may_manage(&user(Role::Admin, None), None).is_ok());
        assert!(may_read(&user(Role::Referent, None), None).is_err());
    }
}
