//! Who may do what with accounts. Every handler of the domain asks here.

use crate::error::ErrorCode;

use crate::auth::{CurrentUser, Role, ScopeKind};
use crate::error::AppError;

/// Roles a person may give themselves at sign-up.
pub fn may_sign_up_as(role: Role) -> Result<(), AppError> {
    if role.self_service() {
        Ok(())
    } else {
        Err(AppError::forbidden("Les comptes de référent et d'administrateur sont créés par un administrateur.").with_code(ErrorCode::RoleNotSelfService))
    }
}

/// Creating accounts for others: admins create any account; a national referent may
/// create referent accounts.
pub fn may_create_account(actor: &CurrentUser, role: Role) -> Result<(), AppError> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::Referent if role == Role::Referent && actor.scope.as_ref().is_some_and(|s| s.kind == ScopeKind::National) => Ok(()),
        _ => Err(AppError::forbidden("Vous ne pouvez pas créer ce type de compte.")),
    }
}

/// Listing every account is an administrator's task.
pub fn may_list_accounts(actor: &CurrentUser) -> Result<(), AppError> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden("La liste des comptes est réservée aux administrateurs."))
    }
}

/// Two-factor authentication is for adults (pupils sign in through their school).
pub fn may_use_totp(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Student {
        return Err(AppError::forbidden("La double authentification est réservée aux comptes d'adultes."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Scope;

    fn user(role: Role, scope: Option<Scope>) -> CurrentUser {
        CurrentUser { id: "u".into(), role, staff_function: None, scope }
    }

    #[test]
    fn create_account_matrix() {
        let national = Some(Scope { kind: ScopeKind::National, code: String::new() });
        let dept = Some(Scope { kind: ScopeKind::Department, code: "75".into() });
        for target in Role::ALL {
            assert!(may_create_account(&user(Role::Admin, None), target).is_ok());
            for actor in [Role::Student, Role::SchoolStaff, Role::Employer, Role::Operator] {
                assert!(may_create_account(&user(actor, None), target).is_err());
            }
            assert_eq!(may_create_account(&user(Role::Referent, national.clone()), target).is_ok(), target == Role::Referent);
            assert!(may_create_account(&user(Role::Referent, dept.clone()), target).is_err());
        }
    }

    #[test]
    fn only_admins_list_accounts() {
        for role in Role::ALL {
            assert_eq!(may_list_accounts(&user(role, None)).is_ok(), role == Role::Admin);
        }
    }
}
