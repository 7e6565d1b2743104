//! Who may read and act on an agreement: its parties, the school staff following the pupil,
//! admins. Referents see counts (reporting), never the content. The service gathers the facts;
//! the decisions are here, in one place.

use crate::error::ErrorCode;

use super::rules::Party;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;

/// What the service knows about the user and this agreement.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// The pupil of the agreement.
    pub is_pupil: bool,
    /// A member of the host organisation.
    pub host_member: bool,
    /// An active staff member of the pupil's school.
    pub school_staff: bool,
    /// That staff member sees the pupil's class (principal, non-teaching staff, its teachers).
    pub follows_pupil: bool,
    /// The principal or a staff member the principal delegated agreements to.
    pub school_signer: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Pupil,
    Host,
    /// School staff following the pupil; `signer` when they fill and sign for the school.
    School {
        signer: bool,
    },
    Admin,
}

fn not_found() -> AppError {
    AppError::not_found("Convention introuvable.")
}

/// Before looking anything up: referents never open an agreement (not even to learn it exists).
pub fn may_open(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Referent {
        Err(AppError::forbidden("Les référents consultent les statistiques des conventions, pas leur contenu."))
    } else {
        Ok(())
    }
}

pub fn read(user: &CurrentUser, f: &Facts) -> Result<Access, AppError> {
    match user.role {
        Role::Admin => Ok(Access::Admin),
        Role::Referent => Err(AppError::forbidden("Les référents consultent les statistiques des conventions, pas leur contenu.")),
        _ if f.is_pupil => Ok(Access::Pupil),
        _ if f.host_member => Ok(Access::Host),
        _ if f.school_signer || (f.school_staff && f.follows_pupil) => Ok(Access::School { signer: f.school_signer }),
        _ if f.school_staff => Err(AppError::forbidden("Vous ne suivez pas la classe de cet élève.").with_code(ErrorCode::ClassNotFollowed)),
        _ => Err(not_found()),
    }
}

pub fn may_fill_host(access: Access) -> Result<(), AppError> {
    match access {
        Access::Host => Ok(()),
        _ => Err(AppError::forbidden("Cette partie de la convention est remplie par l'organisme d'accueil.").with_code(ErrorCode::NotYourPart)),
    }
}

pub fn may_fill_school(access: Access) -> Result<(), AppError> {
    match access {
        Access::School { signer: true } => Ok(()),
        Access::School { signer: false } => {
            Err(AppError::forbidden("Seul le chef d'établissement, ou la personne qu'il a désignée, remplit cette partie.").with_code(ErrorCode::NotASigner))
        }
        _ => Err(AppError::forbidden("Cette partie de la convention est remplie par l'établissement.").with_code(ErrorCode::NotYourPart)),
    }
}

/// The party the user signs for with their account.
pub fn signing_party(access: Access) -> Result<Party, AppError> {
    match access {
        Access::Host => Ok(Party::Host),
        Access::School { signer: true } => Ok(Party::School),
        Access::Pupil => Ok(Party::Pupil),
        _ => Err(AppError::forbidden("Vous n'êtes pas signataire de cette convention.").with_code(ErrorCode::NotASigner)),
    }
}

/// Sending signing links to the legal representatives: the school's signers.
pub fn may_send_links(access: Access) -> Result<(), AppError> {
    match access {
        Access::School { signer: true } | Access::Admin => Ok(()),
        _ => Err(AppError::forbidden("Les liens de signature sont envoyés par l'établissement.").with_code(ErrorCode::NotASigner)),
    }
}

/// Absences and the attestation are the host's.
pub fn may_act_as_host(access: Access) -> Result<(), AppError> {
    match access {
        Access::Host => Ok(()),
        _ => Err(AppError::forbidden("Réservé à l'organisme d'accueil.").with_code(ErrorCode::NotYourPart)),
    }
}

pub fn may_act_as_pupil(access: Access) -> Result<(), AppError> {
    match access {
        Access::Pupil => Ok(()),
        _ => Err(AppError::forbidden("Réservé à l'élève.").with_code(ErrorCode::NotYourPart)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::StaffFunction;

    fn user(role: Role) -> CurrentUser {
        CurrentUser { id: "u".into(), role, staff_function: Some(StaffFunction::Teacher), scope: None }
    }

    #[test]
    fn each_role_reads_only_what_it_is_party_to() {
        let none = Facts::default();
        assert_eq!(read(&user(Role::Admin), &none).expect("valid"), Access::Admin);
        assert_eq!(read(&user(Role::Referent), &Facts { is_pupil: true, ..none }).expect_err("refused").status().as_u16(), 403);
        assert_eq!(read(&user(Role::Student), &none).expect_err("refused").status().as_u16(), 404);
        assert_eq!(read(&user(Role::Student), &Facts { is_pupil: true, ..none }).expect("valid"), Access::Pupil);
        assert_eq!(read(&user(Role::Employer), &Facts { host_member: true, ..none }).expect("valid"), Access::Host);
        let other_class = read(&user(Role::SchoolStaff), &Facts { school_staff: true, ..none }).expect_err("refused");
        assert_eq!((other_class.status().as_u16(), other_class.code), (403, ErrorCode::ClassNotFollowed));
        assert_eq!(
            read(&user(Role::SchoolStaff), &Facts { school_staff: true, follows_pupil: true, ..none }).expect("valid"),
            Access::School { signer: false }
        );
        assert_eq!(read(&user(Role::SchoolStaff), &Facts { school_staff: true, school_signer: true, ..none }).expect("valid"), Access::School { signer: true });
    }

    #[test]
    fn each_side_fills_its_own_part() {
        assert!(may_fill_host(Access::Host).is_ok());
        assert_eq!(may_fill_host(Access::School { signer: true }).expect_err("refused").code, "NOT_YOUR_PART");
        assert!(may_fill_school(Access::School { signer: true }).is_ok());
        assert_eq!(may_fill_school(Access::Host).expect_err("refused").status().as_u16(), 403);
        assert_eq!(may_fill_school(Access::School { signer: false }).expect_err("refused").code, "NOT_A_SIGNER");
        assert_eq!(signing_party(Access::Pupil).expect("valid"), Party::Pupil);
        assert!(signing_party(Access::Admin).is_err());
        assert!(signing_party(Access::School { signer: false }).is_err());
    }
}
