//! Who may act for a partner association (registering one is for admins: the `Admin` extractor).

use crate::auth::{CurrentUser, Role};
use crate::error::AppError;

/// Credentials and the operator's page: its members (operator accounts), or an admin.
pub fn may_act_for(user: &CurrentUser, member: bool) -> Result<(), AppError> {
    match user.role {
        Role::Admin => Ok(()),
        Role::Operator if member => Ok(()),
        // Which associations exist is theirs and the admins' business: the 404 of an unknown id.
        Role::Operator => Err(AppError::not_found("Partenaire introuvable.")),
        _ => Err(AppError::forbidden("Réservé aux associations partenaires.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> CurrentUser {
        CurrentUser { id: "u".into(), role, staff_function: None, scope: None }
    }

    #[test]
    fn only_members_and_admins_act_for_an_operator() {
        assert!(may_act_for(&user(Role::Operator), true).is_ok());
        assert!(may_act_for(&user(Role::Operator), false).is_err());
        assert!(may_act_for(&user(Role::Employer), true).is_err(), "an employer member is not an operator");
        assert!(may_act_for(&user(Role::Admin), false).is_ok());
    }
}
