//! HTTP face of the accounts domain: wire types and thin handlers.

use crate::error::ErrorCode;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::rules::{self, Identifier};
use super::service::{self, NewAccount};
use super::{policy, User};
use crate::auth::{password, CurrentUser, Role, Scope, ScopeKind, StaffFunction};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::state::AppState;

pub const REFRESH_COOKIE: &str = "passerelle_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

// ----- wire types -----

/// A person's account as they (or an admin) see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeResponse {
    #[schema(example = "01935a2e-7c4a-7d2e-9b1c-2f1e3a4b5c6d")]
    pub id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub staff_function: Option<StaffFunction>,
    pub scope: Option<Scope>,
    pub first_name: String,
    pub last_name: String,
    pub confirmed: bool,
    /// New address waiting for confirmation, if any.
    pub pending_email: Option<String>,
    #[serde(with = "crate::http::utc")]
    pub created_at: chrono::NaiveDateTime,
    /// Two-factor authentication (authenticator app) is on.
    pub totp_enabled: bool,
    /// This role must turn it on before using its rights (admins, referents).
    pub totp_required: bool,
    #[serde(default, with = "crate::http::utc::option")]
    pub last_login_at: Option<chrono::NaiveDateTime>,
    /// Suspended by an admin (no log-in), with the reason.
    #[serde(default, with = "crate::http::utc::option")]
    pub suspended_at: Option<chrono::NaiveDateTime>,
    pub suspended_reason: Option<String>,
    /// Locked for a while after repeated failed log-ins.
    #[serde(default, with = "crate::http::utc::option")]
    pub locked_until: Option<chrono::NaiveDateTime>,
}

impl From<User> for MeResponse {
    fn from(u: User) -> Self {
        MeResponse {
            role: u.role(),
            staff_function: u.staff_function(),
            scope: u.scope(),
            confirmed: u.confirmed_at.is_some(),
            totp_enabled: u.totp_enabled_at.is_some(),
            totp_required: u.totp_required() && u.totp_enabled_at.is_none(),
            last_login_at: u.last_login_at,
            suspended_at: u.suspended_at,
            suspended_reason: u.suspended_reason.clone(),
            locked_until: u.locked_until.filter(|t| *t > chrono::Utc::now().naive_utc()),
            id: u.id.into(),
            email: u.email,
            phone: u.phone,
            first_name: u.first_name,
            last_name: u.last_name,
            pending_email: u.pending_email,
            created_at: u.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    /// E-mail address (or give `phone`).
    #[validate(length(max = 254, message = "254 caractères au plus."))]
    #[schema(example = "camille.durand@example.fr", max_length = 254)]
    pub email: Option<String>,
    /// Mobile number, French mainland or overseas (or give `email`).
    #[validate(length(max = 32, message = "Numéro trop long."))]
    #[schema(example = "06 12 34 56 78", max_length = 32)]
    pub phone: Option<String>,
    #[validate(length(min = 12, max = 128, message = "Entre 12 et 128 caractères."))]
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub last_name: String,
    /// `student`, `school_staff`, `employer` or `operator`.
    pub role: Role,
    /// Required for `school_staff`.
    pub staff_function: Option<StaffFunction>,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The secret from the e-mailed link.
    #[validate(length(max = 200, message = "Lien invalide."))]
    pub token: Option<String>,
    /// With `code`: the phone number that received the SMS.
    #[validate(length(max = 32, message = "Numéro trop long."))]
    pub phone: Option<String>,
    #[validate(length(max = 12, message = "Code invalide."))]
    pub code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct IdentifierRequest {
    /// E-mail address or mobile number.
    #[validate(length(min = 1, max = 254, message = "Entre 1 et 254 caractères."))]
    #[schema(example = "camille.durand@example.fr", max_length = 254)]
    pub identifier: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail address or mobile number.
    #[validate(length(min = 1, max = 254, message = "Entre 1 et 254 caractères."))]
    #[schema(example = "camille.durand@example.fr", max_length = 254)]
    pub identifier: String,
    #[validate(length(min = 1, max = 128, message = "Entre 1 et 128 caractères."))]
    #[schema(max_length = 128)]
    pub password: String,
    /// Browser clients: keep the refresh token in an HttpOnly cookie instead of the body.
    #[serde(default)]
    pub use_cookie: bool,
    /// The authenticator app's 6-digit code, for accounts with two-factor authentication
    /// (401 `TOTP_REQUIRED` without it).
    #[validate(length(max = 16, message = "Code trop long."))]
    #[schema(example = "123456", max_length = 16)]
    #[serde(default)]
    pub totp_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema, Validate, Default)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token, for API clients; browsers send the cookie instead.
    #[validate(length(max = 200, message = "Jeton invalide."))]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub use_cookie: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Absent when the token was put in the HttpOnly cookie.
    pub refresh_token: Option<String>,
    pub user: MeResponse,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    #[validate(length(max = 200, message = "Lien invalide."))]
    pub token: Option<String>,
    #[validate(length(max = 32, message = "Numéro trop long."))]
    pub phone: Option<String>,
    #[validate(length(max = 12, message = "Code invalide."))]
    pub code: Option<String>,
    #[validate(length(min = 12, max = 128, message = "Entre 12 et 128 caractères."))]
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128, message = "Entre 1 et 128 caractères."))]
    #[schema(max_length = 128)]
    pub current_password: String,
    #[validate(length(min = 12, max = 128, message = "Entre 12 et 128 caractères."))]
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
    #[serde(default)]
    pub use_cookie: bool,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    #[validate(length(min = 3, max = 254, message = "Entre 3 et 254 caractères."))]
    #[schema(max_length = 254)]
    pub new_email: String,
    #[validate(length(min = 1, max = 128, message = "Entre 1 et 128 caractères."))]
    #[schema(max_length = 128)]
    pub current_password: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    #[validate(length(min = 1, max = 200, message = "Lien invalide."))]
    #[schema(max_length = 200)]
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub last_name: String,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[validate(length(min = 3, max = 254, message = "Entre 3 et 254 caractères."))]
    #[schema(max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, message = "Entre 1 et 100 caractères."))]
    #[schema(min_length = 1, max_length = 100)]
    pub last_name: String,
    pub role: Role,
    pub staff_function: Option<StaffFunction>,
    /// Required for referents.
    pub scope: Option<Scope>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    pub role: Option<Role>,
    /// A piece of the name, e-mail or phone number (case-insensitive).
    #[param(max_length = 100)]
    pub q: Option<String>,
}

crate::paged!(
    /// A page of accounts.
    UserList,
    MeResponse
);

// ----- request checks (French messages, field by field) -----

fn check<T: Validate>(req: &T) -> AppResult<()> {
    req.validate().map_err(AppError::from)
}

struct Draft {
    email: Option<String>,
    phone: Option<String>,
    role: Role,
    staff_function: Option<StaffFunction>,
    scope: Option<Scope>,
    first_name: String,
    last_name: String,
}

fn draft_account(
    email: Option<&str>,
    phone: Option<&str>,
    first: &str,
    last: &str,
    role: Role,
    staff_function: Option<StaffFunction>,
    scope: Option<Scope>,
) -> AppResult<Draft> {
    let mut err = AppError::validation();
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => match rules::normalize_email(e) {
            Some(n) => Some(n),
            None => {
                err = err.with_field("email", "Adresse e-mail invalide.");
                None
            }
        },
        None => None,
    };
    let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => match rules::normalize_phone(p) {
            Some(n) => Some(n),
            None => {
                err = err.with_field("phone", "Numéro de mobile français invalide (ex. 06 12 34 56 78).");
                None
            }
        },
        None => None,
    };
    if email.is_none() && phone.is_none() && err.fields.is_empty() {
        err = err.with_field("email", "Indiquez une adresse e-mail ou un numéro de mobile.");
    }
    let first_name = rules::clean_name(first).map_err(|m| err.clone().with_field("first_name", m));
    let last_name = rules::clean_name(last).map_err(|m| err.clone().with_field("last_name", m));
    if let Err(e) = &first_name {
        err = e.clone();
    }
    if let Err(e) = &last_name {
        err.fields.extend(e.fields.clone());
    }
    if role == Role::SchoolStaff && staff_function.is_none() {
        err = err.with_field("staff_function", "Précisez votre fonction dans l'établissement.");
    }
    if role != Role::SchoolStaff && staff_function.is_some() {
        err = err.with_field("staff_function", "Seuls les personnels d'établissement ont une fonction.");
    }
    match (&scope, role) {
        (None, Role::Referent) => err = err.with_field("scope", "Un référent a un périmètre."),
        (Some(_), r) if r != Role::Referent => err = err.with_field("scope", "Seuls les référents ont un périmètre."),
        (Some(s), _) if s.kind != ScopeKind::National && (s.code.trim().is_empty() || s.code.len() > 100) => {
            err = err.with_field("scope", "Précisez le code du périmètre.")
        }
        _ => {}
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    Ok(Draft {
        email,
        phone,
        role,
        staff_function,
        scope: scope.map(|s| if s.kind == ScopeKind::National { Scope { code: String::new(), ..s } } else { s }),
        first_name: first_name.unwrap_or_default(),
        last_name: last_name.unwrap_or_default(),
    })
}

fn identifier(raw: &str, field: &str) -> AppResult<Identifier> {
    Identifier::parse(raw).ok_or_else(|| AppError::field(field, "Adresse e-mail ou numéro de mobile invalide."))
}

fn phone_code<'a>(phone: &'a Option<String>, code: &'a Option<String>) -> AppResult<Option<(String, &'a str)>> {
    match (phone, code) {
        (Some(p), Some(c)) => {
            let p = rules::normalize_phone(p).ok_or_else(|| AppError::field("phone", "Numéro invalide."))?;
            Ok(Some((p, c.trim())))
        }
        (None, None) => Ok(None),
        _ => Err(AppError::field("code", "Indiquez le numéro et le code reçu par SMS.")),
    }
}

fn session_policy(state: &AppState) -> service::SessionPolicy {
    service::SessionPolicy {
        idle: chrono::Duration::from_std(state.config.refresh_idle_ttl).unwrap_or(chrono::Duration::minutes(30)),
        max: chrono::Duration::from_std(state.config.session_max_ttl).unwrap_or(chrono::Duration::hours(12)),
    }
}

fn refresh_cookie(state: &AppState, value: &str, max_age: Option<CookieDuration>) -> Cookie<'static> {
    let mut c = Cookie::build(REFRESH_COOKIE, value.to_owned())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(state.config.is_production())
        .same_site(SameSite::Strict)
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(age);
    }
    c
}

/// Answers a new session: access token in the body, refresh token in the body or the cookie.
/// An access token of the person's session (role, scope, second factor as they stand now) and
/// its lifetime in seconds.
fn access_token(state: &AppState, user: &User, session_id: &str) -> AppResult<(String, u64)> {
    let ttl = state.config.access_token_ttl.as_secs();
    let access = state.jwt.issue_access(
        &user.id,
        session_id,
        user.role(),
        user.staff_function.clone(),
        user.scope().as_ref(),
        ttl as i64,
        user.totp_enabled_at.is_some(),
    )?;
    Ok((access, ttl))
}

fn token_response(state: &AppState, user: User, session: service::SessionTokens, use_cookie: bool) -> AppResult<HttpResponse> {
    let (access, ttl) = access_token(state, &user, &session.session_id)?;
    let refresh = session.refresh;
    let mut resp = HttpResponse::Ok();
    resp.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    let body_refresh = if use_cookie {
        let age = CookieDuration::seconds(state.config.session_max_ttl.as_secs() as i64);
        resp.cookie(refresh_cookie(state, &refresh, Some(age)));
        None
    } else {
        Some(refresh)
    };
    Ok(resp.json(TokenResponse { access_token: access, token_type: "Bearer".into(), expires_in: ttl, refresh_token: body_refresh, user: user.into() }))
}

// ----- handlers -----

/// Creates an account and sends the confirmation (e-mail link or SMS code). An address or number
/// that already has an account gets the same answer (nothing is created; its owner is told by
/// mail or SMS): sign-up never tells who has an account.
#[utoipa::path(
    tag = "Accounts",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Account created (or, unknown to the caller, already there); message sent", body = MeResponse),
        (status = 403, description = "Role not open to sign-up (`ROLE_NOT_SELF_SERVICE`)", body = ErrorBody),
    )
)]
#[post("/auth/signup")]
pub async fn signup(state: web::Data<AppState>, req: HttpRequest, body: web::Json<SignupRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "signup", 10)?;
    let body = body.into_inner();
    check(&body)?;
    policy::may_sign_up_as(body.role)?;
    if let Some(msg) = password::check_rule(&body.password) {
        return Err(AppError::field("password", msg));
    }
    let d = draft_account(body.email.as_deref(), body.phone.as_deref(), &body.first_name, &body.last_name, body.role, body.staff_function, None)?;
    let public_url = state.config.public_url.clone();
    let user = state
        .run(move |conn| {
            let account = NewAccount {
                email: d.email,
                phone: d.phone,
                password_hash: password::hash(&body.password)?,
                role: d.role,
                staff_function: d.staff_function,
                scope: None,
                first_name: d.first_name,
                last_name: d.last_name,
            };
            service::sign_up(conn, account, &public_url)
        })
        .await?;
    Ok(HttpResponse::Created().json(MeResponse::from(user)))
}

/// Confirms an account with the e-mailed link's token, or the phone number and SMS code.
#[utoipa::path(
    tag = "Accounts",
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Account confirmed", body = MeResponse),
        (status = 400, description = "Invalid or expired token or code (`TOKEN_INVALID`)", body = ErrorBody),
    )
)]
#[post("/auth/confirm")]
pub async fn confirm(state: web::Data<AppState>, req: HttpRequest, body: web::Json<ConfirmRequest>) -> AppResult<web::Json<MeResponse>> {
    state.limit(&req, "confirm", 30)?;
    let body = body.into_inner();
    check(&body)?;
    let pc = phone_code(&body.phone, &body.code)?.map(|(p, c)| (p, c.to_owned()));
    if body.token.is_none() && pc.is_none() {
        return Err(AppError::field("token", "Indiquez le lien reçu par e-mail ou le code reçu par SMS."));
    }
    let user = state
        .run(move |conn| {
            let pc_ref = pc.as_ref().map(|(p, c)| (p.as_str(), c.as_str()));
            service::confirm_account(conn, body.token.as_deref(), pc_ref)
        })
        .await?;
    Ok(web::Json(user.into()))
}

/// Sends the confirmation again. Always answers 202, whether the account exists or not.
#[utoipa::path(
    tag = "Accounts",
    request_body = IdentifierRequest,
    responses((status = 202, description = "If the account exists and is unconfirmed, a new message is on its way"))
)]
#[post("/auth/confirm/resend")]
pub async fn resend_confirmation(state: web::Data<AppState>, req: HttpRequest, body: web::Json<IdentifierRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "resend", 10)?;
    check(&*body)?;
    let id = identifier(&body.identifier, "identifier")?;
    let public_url = state.config.public_url.clone();
    state.run(move |conn| service::resend_confirmation(conn, &id, &public_url)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Logs in with an e-mail or phone number and a password.
#[utoipa::path(
    tag = "Accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong identifier or password (`INVALID_CREDENTIALS`, `TOTP_INVALID`, `TOTP_REQUIRED`)", body = ErrorBody),
        (status = 403, description = "Account not confirmed yet (`ACCOUNT_NOT_CONFIRMED`, `ACCOUNT_SUSPENDED`)", body = ErrorBody),
        (status = 429, description = "Too many attempts or account locked (`ACCOUNT_LOCKED`, `TOO_MANY_ATTEMPTS`)", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, req: HttpRequest, body: web::Json<LoginRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "login", 30)?;
    let body = body.into_inner();
    check(&body)?;
    let id = Identifier::parse(&body.identifier)
        .ok_or_else(|| AppError::unauthorized("Identifiant ou mot de passe incorrect.").with_code(ErrorCode::InvalidCredentials))?;
    state.limit_key("login-account", &body.identifier.to_lowercase(), 20)?;
    let policy = session_policy(&state);
    let url = state.config.public_url.clone();
    let (user, refresh) = state
        .run(move |conn| {
            let user = service::log_in(conn, &id, &body.password, body.totp_code.as_deref(), &url)?;
            let refresh = service::start_session(conn, &user.id, policy)?;
            Ok((user, refresh))
        })
        .await?;
    tracing::info!(user = %user.id, role = %user.role, "logged in");
    token_response(&state, user, refresh, body.use_cookie)
}

/// Exchanges a refresh token (body or cookie) for a new access token and a new refresh
/// token. A refresh token works once; presenting it again ends the whole session.
#[utoipa::path(
    tag = "Accounts",
    request_body(content = RefreshRequest, description = "Optional when the cookie is sent"),
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Session expired, revoked or token reused (`REFRESH_TOKEN_REUSED`, `SESSION_EXPIRED`)", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh_session(state: web::Data<AppState>, req: HttpRequest, body: Option<web::Json<RefreshRequest>>) -> AppResult<HttpResponse> {
    state.limit(&req, "refresh", 120)?;
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    check(&body)?;
    let from_cookie = req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned());
    let use_cookie = body.use_cookie || (body.refresh_token.is_none() && from_cookie.is_some());
    let presented = body
        .refresh_token
        .or(from_cookie)
        .ok_or_else(|| AppError::unauthorized("Votre session a expiré. Merci de vous reconnecter.").with_code(ErrorCode::SessionExpired))?;
    let policy = session_policy(&state);
    let outcome = state.run(move |conn| service::refresh(conn, &presented, policy)).await;
    if outcome.as_ref().is_err_and(|e| e.code == ErrorCode::RefreshTokenReused) {
        state.sessions_caught_up().await?;
    }
    let (user, next) = outcome?;
    token_response(&state, user, next, use_cookie)
}

/// Ends the session of this refresh token (body or cookie) and clears the cookie.
#[utoipa::path(
    tag = "Accounts",
    request_body(content = RefreshRequest, description = "Optional when the cookie is sent"),
    responses((status = 204, description = "Logged out"))
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest, body: Option<web::Json<RefreshRequest>>) -> AppResult<HttpResponse> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    check(&body)?;
    let presented = body.refresh_token.or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    if let Some(token) = presented {
        state.run(move |conn| service::log_out(conn, &token)).await?;
        state.sessions_caught_up().await?;
    }
    let mut gone = refresh_cookie(&state, "", Some(CookieDuration::ZERO));
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// Sends a reset link (e-mail) or code (SMS). Always 202, whether the account exists or not.
#[utoipa::path(
    tag = "Accounts",
    request_body = IdentifierRequest,
    responses(
        (status = 202, description = "If the account exists, a message is on its way"),
        (status = 429, description = "Too many requests (SMS: 3 a day)", body = ErrorBody),
    )
)]
#[post("/auth/password/forgot")]
pub async fn forgot_password(state: web::Data<AppState>, req: HttpRequest, body: web::Json<IdentifierRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "forgot", 10)?;
    check(&*body)?;
    let id = identifier(&body.identifier, "identifier")?;
    let public_url = state.config.public_url.clone();
    state.run(move |conn| service::forgot_password(conn, &id, &public_url)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the reset link's token or the phone number and SMS code.
/// Ends every session of the account and lifts a lock.
#[utoipa::path(
    tag = "Accounts",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, description = "Invalid or expired token or code (`TOKEN_INVALID`)", body = ErrorBody),
    )
)]
#[post("/auth/password/reset")]
pub async fn reset_password(state: web::Data<AppState>, req: HttpRequest, body: web::Json<ResetPasswordRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "reset", 20)?;
    let body = body.into_inner();
    check(&body)?;
    if let Some(msg) = password::check_rule(&body.password) {
        return Err(AppError::field("password", msg));
    }
    let pc = phone_code(&body.phone, &body.code)?.map(|(p, c)| (p, c.to_owned()));
    if body.token.is_none() && pc.is_none() {
        return Err(AppError::field("token", "Indiquez le lien reçu par e-mail ou le code reçu par SMS."));
    }
    state
        .run(move |conn| {
            let hash = password::hash(&body.password)?;
            let pc_ref = pc.as_ref().map(|(p, c)| (p.as_str(), c.as_str()));
            service::reset_password(conn, body.token.as_deref(), pc_ref, &hash)
        })
        .await?;
    state.sessions_caught_up().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The lock-out mail's link: lets the mailbox's owner sign in again at once (the lock stays for
/// whoever does not read that mailbox).
#[utoipa::path(
    tag = "Accounts",
    request_body = UnlockRequest,
    responses((status = 204, description = "Unlocked"), (status = 400, description = "`TOKEN_INVALID`: link used, expired or unknown", body = ErrorBody))
)]
#[post("/auth/unlock")]
pub async fn unlock_account(state: web::Data<AppState>, req: HttpRequest, body: web::Json<UnlockRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "unlock", 20)?;
    body.validate()?;
    let token = body.into_inner().token;
    state.run(move |conn| service::unlock(conn, token.trim())).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UnlockRequest {
    /// The secret of the link received by e-mail.
    #[validate(length(min = 10, max = 200, message = "Lien incomplet : ouvrez le lien reçu par e-mail."))]
    #[schema(min_length = 10, max_length = 200)]
    pub token: String,
}

/// Confirms a new e-mail address with the link sent to it.
#[utoipa::path(
    tag = "Accounts",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Address changed", body = MeResponse),
        (status = 400, description = "Invalid or expired link (`TOKEN_INVALID`)", body = ErrorBody),
        (status = 409, description = "Address taken meanwhile", body = ErrorBody),
    )
)]
#[post("/auth/email/confirm")]
pub async fn confirm_email(state: web::Data<AppState>, req: HttpRequest, body: web::Json<TokenRequest>) -> AppResult<web::Json<MeResponse>> {
    state.limit(&req, "confirm", 30)?;
    check(&*body)?;
    let token = body.into_inner().token;
    let user = state.run(move |conn| service::confirm_email_change(conn, &token)).await?;
    Ok(web::Json(user.into()))
}

/// The signed-in account.
#[utoipa::path(
    tag = "Accounts",
    security(("bearer" = [])),
    responses((status = 200, description = "The account", body = MeResponse))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, user: CurrentUser) -> AppResult<web::Json<MeResponse>> {
    let found = state.run(move |conn| Ok(super::queries::find_user(conn, &user.id)?)).await?;
    let found = found.ok_or_else(|| AppError::unauthorized("Ce compte n'existe plus."))?;
    Ok(web::Json(found.into()))
}

/// Changes the names shown on the account.
#[utoipa::path(
    tag = "Accounts",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses((status = 200, description = "Updated account", body = MeResponse))
)]
#[patch("/me")]
pub async fn update_me(state: web::Data<AppState>, user: CurrentUser, body: web::Json<UpdateMeRequest>) -> AppResult<web::Json<MeResponse>> {
    check(&*body)?;
    let mut err = AppError::validation();
    let first = rules::clean_name(&body.first_name).map_err(|m| err.clone().with_field("first_name", m));
    let last = rules::clean_name(&body.last_name);
    if let Err(m) = &last {
        err = err.with_field("last_name", *m);
    }
    let first = match first {
        Ok(f) if err.fields.is_empty() => f,
        Ok(_) => return Err(err),
        Err(mut e) => {
            e.fields.extend(err.fields);
            return Err(e);
        }
    };
    let last = last.unwrap_or_default();
    let updated = state.run(move |conn| service::update_names(conn, &user.id, &first, &last)).await?;
    Ok(web::Json(updated.into()))
}

/// Changes the password (the current one is asked again). Other sessions end; this one
/// continues with the new tokens returned.
#[utoipa::path(
    tag = "Accounts",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses((status = 200, description = "Password changed; new tokens", body = TokenResponse))
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    body: web::Json<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    state.limit(&req, "change-password", 10)?;
    let body = body.into_inner();
    check(&body)?;
    if let Some(msg) = password::check_rule(&body.new_password) {
        return Err(AppError::field("new_password", msg));
    }
    let policy = session_policy(&state);
    let use_cookie = body.use_cookie;
    let (account, refresh) = state
        .run(move |conn| {
            let hash = password::hash(&body.new_password)?;
            service::change_password(conn, &user.id, &body.current_password, &hash, policy)
        })
        .await?;
    state.sessions_caught_up().await?;
    token_response(&state, account, refresh, use_cookie)
}

/// Asks to change the e-mail address; a link is sent to the new one.
#[utoipa::path(
    tag = "Accounts",
    security(("bearer" = [])),
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, description = "Confirmation sent to the new address"),
        (status = 409, description = "Address already used (`CONFLICT`)", body = ErrorBody),
    )
)]
#[post("/me/email")]
pub async fn change_email(state: web::Data<AppState>, req: HttpRequest, user: CurrentUser, body: web::Json<ChangeEmailRequest>) -> AppResult<HttpResponse> {
    state.limit(&req, "change-email", 10)?;
    let body = body.into_inner();
    check(&body)?;
    let email = rules::normalize_email(&body.new_email).ok_or_else(|| AppError::field("new_email", "Adresse e-mail invalide."))?;
    let public_url = state.config.public_url.clone();
    state.run(move |conn| service::request_email_change(conn, &user.id, &email, &body.current_password, &public_url)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Creates an account for someone else (referents, admins, or any role); the person gets
/// a link to choose a password. Admins create any account; national referents create referents.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Account created", body = MeResponse),
        (status = 409, description = "E-mail already used", body = ErrorBody),
    )
)]
#[post("/admin/users")]
pub async fn create_user(state: web::Data<AppState>, user: CurrentUser, body: web::Json<CreateUserRequest>) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    check(&body)?;
    policy::may_create_account(&user, body.role)?;
    let d = draft_account(Some(&body.email), None, &body.first_name, &body.last_name, body.role, body.staff_function, body.scope)?;
    let public_url = state.config.public_url.clone();
    let created = state
        .run(move |conn| {
            let account = NewAccount {
                email: d.email,
                phone: None,
                password_hash: password::hash(&crate::auth::tokens::random_secret())?,
                role: d.role,
                staff_function: d.staff_function,
                scope: d.scope,
                first_name: d.first_name,
                last_name: d.last_name,
            };
            service::create_for_someone(conn, account, "Un administrateur de Passerelle", &public_url)
        })
        .await?;
    tracing::info!(actor = %user.id, created = %created.id, role = %created.role, "account created for someone");
    Ok(HttpResponse::Created().json(MeResponse::from(created)))
}

/// Lists accounts (administrators).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(UserListQuery, crate::http::paging::PageQuery),
    responses((status = 200, description = "A page of accounts", body = UserList))
)]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<UserListQuery>,
    paging: web::Query<crate::http::paging::PageQuery>,
) -> AppResult<web::Json<UserList>> {
    policy::may_list_accounts(&user)?;
    let p = paging.into_inner().paging();
    let role = query.role.map(|r| r.as_str());
    let text = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| t.chars().take(100).collect::<String>());
    let (rows, total) = state.run(move |conn| Ok(super::queries::list_users(conn, role, text.as_deref(), p.limit(), p.offset())?)).await?;
    Ok(web::Json(UserList::of(rows.into_iter().map(Into::into).collect(), total, p)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspensionRequest {
    /// Why (kept with the account, shown to admins).
    #[schema(max_length = 500)]
    pub reason: String,
}

/// An admin suspends an account (someone left, misuse): no log-in until reactivated, sessions
/// end at once.
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("user_id" = String, Path, max_length = 64)),
    request_body = SuspensionRequest,
    responses((status = 200, body = MeResponse), (status = 409, description = "`SELF_SUSPENSION`", body = ErrorBody))
)]
#[post("/admin/users/{user_id}/suspension")]
pub async fn suspend_user(
    state: web::Data<AppState>,
    admin: crate::auth::Admin,
    id: web::Path<String>,
    body: web::Json<SuspensionRequest>,
) -> AppResult<web::Json<MeResponse>> {
    let reason = body.into_inner().reason.trim().to_owned();
    if reason.chars().count() < 3 || reason.chars().count() > 500 {
        return Err(AppError::field("reason", "Indiquez la raison (3 à 500 caractères)."));
    }
    let id = id.into_inner();
    let user = state.run(move |conn| service::set_suspension(conn, &admin.0, &id, Some(&reason))).await?;
    state.sessions_caught_up().await?;
    Ok(web::Json(user.into()))
}

/// An admin reactivates a suspended account (and lifts a lock-out).
#[utoipa::path(
    tag = "Administration",
    security(("bearer" = [])),
    params(("user_id" = String, Path, max_length = 64)),
    responses((status = 200, body = MeResponse), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `SELF_SUSPENSION`)", body = ErrorBody))
)]
#[delete("/admin/users/{user_id}/suspension")]
pub async fn reactivate_user(state: web::Data<AppState>, admin: crate::auth::Admin, id: web::Path<String>) -> AppResult<web::Json<MeResponse>> {
    let id = id.into_inner();
    let user = state.run(move |conn| service::set_suspension(conn, &admin.0, &id, None)).await?;
    Ok(web::Json(user.into()))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TotpSetup {
    /// The secret to type in an authenticator app (base32), shown once.
    pub secret: String,
    /// The same as a link apps can open (`otpauth://`).
    pub otpauth_uri: String,
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TotpCodeRequest {
    #[validate(length(min = 6, max = 16, message = "Code à 6 chiffres attendu."))]
    #[schema(example = "123456", min_length = 6, max_length = 16)]
    pub code: String,
}

/// Adults start setting up two-factor authentication: a new secret for their authenticator
/// app (not active until a code confirms it). Pupils sign in through their school instead.
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), responses((status = 200, body = TotpSetup), (status = 409, description = "Already on (`TOTP_ALREADY_ENABLED`)", body = ErrorBody)))]
#[post("/me/totp")]
pub async fn start_totp(state: web::Data<AppState>, user: CurrentUser) -> AppResult<web::Json<TotpSetup>> {
    policy::may_use_totp(&user)?;
    Ok(web::Json(state.run(move |conn| service::start_totp(conn, &user.id)).await?))
}

/// Confirms the set-up with a code from the app; answers a fresh access token (the session now
/// counts as two-factor).
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), request_body = TotpCodeRequest, responses((status = 200, body = TokenResponse), (status = 409, description = "Conflicts with the current state (`ALREADY_EXISTS`, `CONFLICT`, `TOTP_ALREADY_ENABLED`, `TOTP_NOT_STARTED`)", body = ErrorBody), (status = 422, description = "Invalid field values (`WRONG_CODE`, `VALIDATION_ERROR`)", body = ErrorBody)))]
#[post("/me/totp/confirm")]
pub async fn confirm_totp(state: web::Data<AppState>, req: HttpRequest, user: CurrentUser, body: web::Json<TotpCodeRequest>) -> AppResult<HttpResponse> {
    policy::may_use_totp(&user)?;
    body.validate()?;
    let session = crate::auth::extractors::session_id(&req).ok_or_else(AppError::internal)?;
    let code = body.into_inner().code;
    let updated = state.run(move |conn| service::confirm_totp(conn, &user.id, &code)).await?;
    tracing::info!(user = %updated.id, "two-factor authentication turned on");
    access_only(&state, updated, &session)
}

/// Turns two-factor authentication off (with a current code). Admins and referents cannot.
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), request_body = TotpCodeRequest, responses((status = 204), (status = 409, description = "Required for this role (`TOTP_REQUIRED_FOR_ROLE`)", body = ErrorBody)))]
#[delete("/me/totp")]
pub async fn disable_totp(state: web::Data<AppState>, user: CurrentUser, body: web::Json<TotpCodeRequest>) -> AppResult<HttpResponse> {
    policy::may_use_totp(&user)?;
    body.validate()?;
    let code = body.into_inner().code;
    let id = user.id.clone();
    state.run(move |conn| service::disable_totp(conn, &id, &code)).await?;
    tracing::info!(user = %user.id, "two-factor authentication turned off");
    Ok(HttpResponse::NoContent().finish())
}

/// An admin resets someone's second factor (lost phone): they set it up again at their next
/// sign-in.
#[utoipa::path(tag = "Administration", security(("bearer" = [])), params(("user_id" = String, Path, max_length = 64)), responses((status = 204), (status = 404, description = "Not found (`NOT_FOUND`)", body = ErrorBody)))]
#[delete("/admin/users/{user_id}/totp")]
pub async fn reset_totp(state: web::Data<AppState>, admin: crate::auth::Admin, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let target = id.clone();
    state.run(move |conn| service::reset_totp(conn, &target)).await?;
    tracing::warn!(admin = %admin.0.id, user = %id, "second factor reset by an admin");
    Ok(HttpResponse::NoContent().finish())
}

/// Everything Passerelle holds about the signed-in person, as a JSON file (RGPD right of access).
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), responses((status = 200, description = "The person's data", content_type = "application/json", body = Object)))]
#[get("/me/export")]
pub async fn export_me(state: web::Data<AppState>, user: CurrentUser) -> AppResult<HttpResponse> {
    let data = state.run(move |conn| super::privacy::export(conn, &user)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header(("Content-Disposition", "attachment; filename=\"mes-donnees-passerelle.json\""))
        .json(data))
}

#[derive(Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DeletionRequest {
    #[validate(length(min = 1, max = 128, message = "Entre 1 et 128 caractères."))]
    #[schema(max_length = 128)]
    pub password: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DeletionOutcome {
    /// `deleted`: the account is anonymised; `sent_to_school`: a pupil with an agreement, the
    /// school handles the request.
    pub outcome: String,
    pub message: String,
}

/// Deletes the account (anonymised; history and statistics keep their shape). A pupil with an
/// agreement: the request goes to the school's principal. Admins are closed by another admin.
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), request_body = DeletionRequest, responses((status = 200, body = DeletionOutcome), (status = 422, description = "Invalid field values (`WRONG_PASSWORD`, `VALIDATION_ERROR`)", body = ErrorBody)))]
#[post("/me/deletion")]
pub async fn delete_me(state: web::Data<AppState>, user: CurrentUser, body: web::Json<DeletionRequest>) -> AppResult<HttpResponse> {
    body.validate()?;
    let pass = body.into_inner().password;
    let url = state.config.public_url.clone();
    let outcome = state.run(move |conn| super::privacy::request_deletion(conn, &user, &pass, &url)).await?;
    let (outcome, message) = match outcome {
        super::privacy::Deletion::Done => ("deleted", "Votre compte est supprimé : vos données personnelles sont effacées."),
        super::privacy::Deletion::SentToSchool => {
            ("sent_to_school", "Tu as une convention de stage : ta demande est transmise à ton établissement, qui te répondra.")
        }
    };
    state.sessions_caught_up().await?;
    let mut resp = HttpResponse::Ok();
    if outcome == "deleted" {
        resp.cookie(refresh_cookie(&state, "", Some(CookieDuration::ZERO)));
    }
    Ok(resp.json(DeletionOutcome { outcome: outcome.into(), message: message.into() }))
}

/// A new access token for the same session (after a change of what it proves).
fn access_only(state: &AppState, user: User, session_id: &str) -> AppResult<HttpResponse> {
    let (access, ttl) = access_token(state, &user, session_id)?;
    Ok(HttpResponse::Ok().insert_header((actix_web::http::header::CACHE_CONTROL, "no-store")).json(TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token: None,
        user: user.into(),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TermsResponse {
    pub title: String,
    /// Raised when the text changes: people accept each version once.
    pub version: i32,
    /// The day this version took effect.
    pub date: chrono::NaiveDate,
    /// When the signed-in person accepted this version (`null`: not yet, or not signed in).
    #[serde(default, with = "crate::http::utc::option")]
    pub accepted_at: Option<chrono::NaiveDateTime>,
}

fn terms_response(accepted_at: Option<chrono::NaiveDateTime>) -> TermsResponse {
    let t = super::terms::current();
    TermsResponse { title: t.title, version: t.version, date: t.date, accepted_at }
}

/// The terms in force and whether the signed-in person accepted them (the SPA asks once after
/// each new version).
#[utoipa::path(tag = "Accounts", security(("bearer" = [])), responses((status = 200, body = TermsResponse)))]
#[get("/me/terms")]
pub async fn my_terms(state: web::Data<AppState>, user: CurrentUser) -> AppResult<web::Json<TermsResponse>> {
    let version = super::terms::current().version;
    let at = state.run(move |conn| Ok(super::terms::accepted_at(conn, &user.id, version)?)).await?;
    Ok(web::Json(terms_response(at)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptTermsRequest {
    /// The version read (the one in force).
    pub version: i32,
}

/// The signed-in person accepts the terms in force (recorded with the date; once per version).
#[utoipa::path(
    tag = "Accounts",
    security(("bearer" = [])),
    request_body = AcceptTermsRequest,
    responses((status = 200, body = TermsResponse), (status = 409, description = "Another version is in force now (`TERMS_CHANGED`)", body = ErrorBody))
)]
#[post("/me/terms")]
pub async fn accept_terms(state: web::Data<AppState>, user: CurrentUser, body: web::Json<AcceptTermsRequest>) -> AppResult<web::Json<TermsResponse>> {
    let version = super::terms::current().version;
    if body.version != version {
        return Err(AppError::conflict("Les conditions ont changé pendant votre lecture : relisez la nouvelle version.")
            .with_code(ErrorCode::TermsChanged)
            .with_field("version", "Version qui n'est plus en vigueur."));
    }
    let now = state.clock.now();
    let at = state.run(move |conn| Ok(super::terms::accept(conn, &user.id, version, now)?)).await?;
    Ok(web::Json(terms_response(Some(at))))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_terms)
        .service(accept_terms)
        .service(signup)
        .service(confirm)
        .service(resend_confirmation)
        .service(login)
        .service(refresh_session)
        .service(logout)
        .service(forgot_password)
        .service(reset_password)
        .service(unlock_account)
        .service(confirm_email)
        .service(me)
        .service(update_me)
        .service(change_password)
        .service(change_email)
        .service(export_me)
        .service(delete_me)
        .service(start_totp)
        .service(confirm_totp)
        .service(disable_totp)
        .service(reset_totp)
        .service(suspend_user)
        .service(reactivate_user)
        .service(create_user)
        .service(list_users);
}
