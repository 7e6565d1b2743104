//! "Who are you?" as types. `CurrentUser` is any signed-in person (401 otherwise); the
//! role-typed extractors refuse other roles with 403, so a handler that needs an admin
//! cannot run without one.

use crate::error::ErrorCode;

use std::future::{ready, Ready};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};

use super::roles::{Role, Scope, StaffFunction};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: crate::ids::UserId,
    pub role: Role,
    pub staff_function: Option<StaffFunction>,
    pub scope: Option<Scope>,
}

impl CurrentUser {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

/// The token of an `Authorization: Bearer …` header (any token kind: each caller verifies it).
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// What an admin or referent without a second factor may still reach: who they are, setting the
/// factor up, and leaving.
const ENROLMENT_PATHS: [&str; 4] = ["/api/v1/me", "/api/v1/me/totp", "/api/v1/me/totp/confirm", "/api/v1/auth/logout"];

fn authenticate(req: &HttpRequest) -> Result<CurrentUser, AppError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(AppError::internal)?;
    let token = bearer(req).ok_or_else(|| AppError::unauthorized("Vous devez être connecté pour accéder à cette ressource."))?;
    let claims =
        state.jwt.verify_access(token).ok_or_else(|| AppError::unauthorized("Votre session a expiré ou n'est pas valide. Merci de vous reconnecter."))?;
    if state.sessions.is_ended(&claims.sid) {
        return Err(AppError::unauthorized(
            "Cette session est terminée (déconnexion, changement de mot de passe ou compte désactivé). Merci de vous reconnecter.",
        )
        .with_code(ErrorCode::SessionEnded));
    }
    if state.config.totp_required && matches!(claims.role, Role::Admin | Role::Referent) && !claims.mfa && !ENROLMENT_PATHS.contains(&req.path()) {
        return Err(AppError::forbidden("Activez la double authentification (application d'authentification) pour utiliser votre espace.")
            .with_code(ErrorCode::TotpEnrolmentRequired));
    }
    Ok(CurrentUser {
        id: crate::ids::UserId::from(claims.sub.as_str()),
        role: claims.role,
        staff_function: claims.staff_function.as_deref().and_then(StaffFunction::parse),
        scope: claims.scope(),
    })
}

/// The id of the session the request's access token belongs to (already authenticated).
pub fn session_id(req: &HttpRequest) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    state.jwt.verify_access(bearer(req)?).map(|c| c.sid)
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

/// The signed-in user when there is one; never fails.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(MaybeUser(authenticate(req).ok())))
    }
}

macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, [$($role:expr),+], $msg:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        impl $name {
            /// The roles this extractor lets through (the permission table checks them).
            pub const ROLES: &'static [Role] = &[$($role),+];
        }

        impl std::ops::Deref for $name {
            type Target = CurrentUser;
            fn deref(&self) -> &CurrentUser {
                &self.0
            }
        }

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(authenticate(req).and_then(|u| {
                    if Self::ROLES.contains(&u.role) {
                        Ok($name(u))
                    } else {
                        Err(AppError::forbidden($msg))
                    }
                }))
            }
        }
    };
}

// Admins pass where the platform's support acts for someone (a host, a partner association) or
// reads everything (the figures); never as a pupil or as a school's staff.
role_extractor!(/// A pupil.
    Pupil, [Role::Student], "Cette action est réservée aux élèves.");
role_extractor!(/// A member of a school's staff (any function).
    SchoolStaff, [Role::SchoolStaff], "Cette action est réservée aux équipes des établissements.");
role_extractor!(/// Someone who may act for a host organisation: its members (hosts and tutors, partner
    /// associations' staff for their own organisation), or an admin (support). Membership of
    /// the organisation at hand is checked by the domain's policy.
    Host, [Role::Employer, Role::Operator, Role::Admin], "Cette action est réservée aux organismes d'accueil.");
role_extractor!(/// A partner association's staff, or an admin. Membership of the association at hand is
    /// checked by the partners' policy.
    Operator, [Role::Operator, Role::Admin], "Cette action est réservée aux associations partenaires.");
role_extractor!(/// A State referent (scope in the token), or an admin (the whole country).
    Referent, [Role::Referent, Role::Admin], "Cette action est réservée aux référents de l'État.");
role_extractor!(/// An administrator.
    Admin, [Role::Admin], "Cette action est réservée aux administrateurs.");

impl Pupil {
    /// The signed-in pupil's id, as the pupils' rows name them (the role was checked on the way in).
    pub fn pupil_id(&self) -> crate::ids::PupilId {
        crate::ids::PupilId::from(self.0.id.as_str())
    }
}
