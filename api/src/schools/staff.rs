//! Staff use cases: invitations, join requests, approval, revocation.

use crate::error::ErrorCode;
use crate::ids::{ClassId, UserId};

use super::model::{StaffMember, STAFF_ACTIVE};
use super::queries as q;
use super::rules;
use crate::accounts::service::{create_for_someone, NewAccount};
use crate::auth::{password, tokens, Role, StaffFunction};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications::{queue_email, templates};
use crate::reference::model::School;

pub const STAFF_PENDING: &str = "pending";
pub const STAFF_REVOKED: &str = "revoked";

pub struct Invitation {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub function: StaffFunction,
    pub class_ids: Vec<String>,
}

pub fn academie_domain(conn: &mut AnyConnection, school: &School) -> AppResult<Option<String>> {
    Ok(crate::reference::department(conn, &school.department_code)?.and_then(|d| d.academie_email_domain))
}

fn check_classes(conn: &mut AnyConnection, school: &School, class_ids: &[String]) -> AppResult<()> {
    for (i, id) in class_ids.iter().enumerate() {
        if q::class_by_id(conn, &school.uai, id)?.is_none() {
            return Err(AppError::field(&format!("class_ids[{i}]"), "Classe inconnue dans cet établissement."));
        }
    }
    Ok(())
}

/// The principal adds someone to the team; an account is created when there is none
/// (the person chooses a password from the e-mailed link).
pub fn invite(conn: &mut AnyConnection, school: &School, inv: Invitation, public_url: &str) -> AppResult<StaffMember> {
    if inv.function == StaffFunction::Principal {
        return Err(AppError::field("function", "L'établissement a déjà son chef d'établissement."));
    }
    let domain = academie_domain(conn, school)?;
    if !rules::email_in_domain(&inv.email, domain.as_deref()) {
        return Err(AppError::field("email", format!("L'adresse doit se terminer par @{}.", domain.unwrap_or_else(|| "(académie inconnue)".into()))));
    }
    check_classes(conn, school, &inv.class_ids)?;
    let now = db::now();
    let existing = crate::accounts::find_by_email(conn, &inv.email)?;
    let user = match existing {
        Some(u) if u.role() != Role::SchoolStaff => {
            return Err(AppError::conflict("Cette adresse appartient déjà à un compte qui n'est pas un compte de personnel.")
                .with_field("email", "Adresse déjà utilisée."))
        }
        Some(u) => {
            let link = format!("{public_url}/connexion");
            queue_email(conn, &templates::staff_added_email(&inv.email, &u.first_name, &school.name, &link))?;
            u
        }
        None => create_for_someone(
            conn,
            NewAccount {
                email: Some(inv.email.clone()),
                phone: None,
                password_hash: password::hash(&tokens::random_secret())?,
                role: Role::SchoolStaff,
                staff_function: Some(inv.function),
                scope: None,
                first_name: inv.first_name.clone(),
                last_name: inv.last_name.clone(),
            },
            &format!("L'équipe de l'établissement {}", school.name),
            public_url,
        )?,
    };
    db::transaction(conn, |conn| {
        let member = match q::member(conn, &school.uai, &user.id)? {
            Some(m) => {
                q::set_member_status(conn, &m.id, STAFF_ACTIVE, now)?;
                q::set_member_function(conn, &m.id, inv.function.as_str(), now)?;
                m
            }
            None => {
                let m = StaffMember {
                    id: db::new_id(),
                    school_uai: school.uai.clone(),
                    user_id: user.id.clone(),
                    function: inv.function.as_str().to_owned(),
                    status: STAFF_ACTIVE.to_owned(),
                    created_at: now,
                    updated_at: now,
                };
                q::insert_member(conn, &m)?;
                m
            }
        };
        q::set_member_classes(conn, &member.id, &inv.class_ids.iter().map(ClassId::from).collect::<Vec<_>>())?;
        q::member_by_id(conn, &school.uai, &member.id)?.ok_or_else(AppError::internal)
    })
}

/// A staff member who signed up alone asks to join; the principal approves.
pub fn request_to_join(conn: &mut AnyConnection, school: &School, user_id: &str, function: StaffFunction) -> AppResult<StaffMember> {
    let account = crate::accounts::find_user(conn, user_id)?.ok_or_else(|| AppError::unauthorized("Compte introuvable."))?;
    let domain = academie_domain(conn, school)?;
    if !account.email.as_deref().is_some_and(|e| rules::email_in_domain(e, domain.as_deref())) {
        return Err(AppError::forbidden("Votre adresse e-mail doit être une adresse de l'académie de l'établissement.").with_code(ErrorCode::EmailNotAcademic));
    }
    if function == StaffFunction::Principal {
        return Err(AppError::field("function", "L'établissement a déjà son chef d'établissement."));
    }
    let now = db::now();
    db::transaction(conn, |conn| {
        if let Some(m) = q::member(conn, &school.uai, user_id)? {
            if m.status == STAFF_ACTIVE {
                return Err(AppError::conflict("Vous faites déjà partie de l'équipe."));
            }
            q::set_member_status(conn, &m.id, STAFF_PENDING, now)?;
            q::set_member_function(conn, &m.id, function.as_str(), now)?;
            return q::member_by_id(conn, &school.uai, &m.id)?.ok_or_else(AppError::internal);
        }
        let m = StaffMember {
            id: db::new_id(),
            school_uai: school.uai.clone(),
            user_id: UserId::from(user_id),
            function: function.as_str().to_owned(),
            status: STAFF_PENDING.to_owned(),
            created_at: now,
            updated_at: now,
        };
        q::insert_member(conn, &m)?;
        Ok(m)
    })
}

/// The principal approves `user_id`'s request (see `member_in_path`; `.1`: named by the
/// deprecated membership id).
pub fn approve(conn: &mut AnyConnection, school: &School, user_id: &str, class_ids: &[String]) -> AppResult<(StaffMember, bool)> {
    check_classes(conn, school, class_ids)?;
    let now = db::now();
    db::transaction(conn, |conn| {
        let (m, legacy) = q::member_in_path(conn, &school.uai, user_id)?.ok_or_else(|| AppError::not_found("Membre introuvable."))?;
        if m.status == STAFF_REVOKED {
            return Err(AppError::conflict("Cet accès a été retiré ; invitez de nouveau la personne."));
        }
        q::set_member_status(conn, &m.id, STAFF_ACTIVE, now)?;
        q::set_member_classes(conn, &m.id, &class_ids.iter().map(ClassId::from).collect::<Vec<_>>())?;
        Ok((q::member_by_id(conn, &school.uai, &m.id)?.ok_or_else(AppError::internal)?, legacy))
    })
}

/// `.1`: named by the deprecated membership id (see `member_in_path`).
pub fn revoke(conn: &mut AnyConnection, school: &School, user_id: &str, actor_id: &str) -> AppResult<(StaffMember, bool)> {
    let now = db::now();
    db::transaction(conn, |conn| {
        let (m, legacy) = q::member_in_path(conn, &school.uai, user_id)?.ok_or_else(|| AppError::not_found("Membre introuvable."))?;
        if m.user_id.as_str() == actor_id {
            return Err(AppError::conflict("Vous ne pouvez pas retirer votre propre accès."));
        }
        q::set_member_status(conn, &m.id, STAFF_REVOKED, now)?;
        Ok((m, legacy))
    })
}
