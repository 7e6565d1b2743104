//! Who may act for an organisation: its members; admins too (support).

use crate::error::ErrorCode;

use crate::auth::{CurrentUser, Role};
use crate::error::AppError;

pub fn may_act_for(user: &CurrentUser, is_member: bool) -> Result<(), AppError> {
    if is_member || user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden("Vous ne faites pas partie de cet organisme.").with_code(ErrorCode::NotAMember))
    }
}

/// Creating an organisation: hosts (employers).
pub fn may_create(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Employer {
        Ok(())
    } else {
        Err(AppError::forbidden("Cette action est réservée aux organismes d'accueil."))
    }
}
