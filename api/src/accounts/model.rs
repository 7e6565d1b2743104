//! Rows of the accounts domain.

use crate::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::{Role, Scope, ScopeKind, StaffFunction};
use crate::db::schema::{one_time_codes, refresh_tokens, users};

#[derive(Clone, Queryable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: String,
    pub staff_function: Option<String>,
    pub scope_kind: Option<String>,
    pub scope_code: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub pending_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    /// Set when the retention rules anonymised the account.
    pub anonymised_at: Option<NaiveDateTime>,
    /// Base32 TOTP secret (pending until `totp_enabled_at`).
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<NaiveDateTime>,
    pub totp_last_step: i64,
    /// When the retention notice (account idle for almost two years) was sent.
    pub retention_notice_at: Option<NaiveDateTime>,
    /// An admin suspended the account: no log-in until reactivated.
    pub suspended_at: Option<NaiveDateTime>,
    pub suspended_reason: Option<String>,
}

/// Never prints secrets (password hash, TOTP secret) nor who the person is: id and role only.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User").field("id", &self.id).field("role", &self.role).finish_non_exhaustive()
    }
}

impl User {
    /// Whether this role must use a second factor (admins and referents).
    pub fn totp_required(&self) -> bool {
        matches!(self.role(), Role::Admin | Role::Referent)
    }

    pub fn role(&self) -> Role {
        // Stored values are written from `Role::as_str` only; an unknown one is a corrupted row.
        Role::parse(&self.role).unwrap_or(Role::Student)
    }

    pub fn staff_function(&self) -> Option<StaffFunction> {
        self.staff_function.as_deref().and_then(StaffFunction::parse)
    }

    pub fn scope(&self) -> Option<Scope> {
        let kind = ScopeKind::parse(self.scope_kind.as_deref()?)?;
        Some(Scope { kind, code: self.scope_code.clone().unwrap_or_default() })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: String,
    pub staff_function: Option<String>,
    pub scope_kind: Option<String>,
    pub scope_code: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub failed_logins: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct RefreshToken {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub family_expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub family_expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct OneTimeCode {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub target: Option<String>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = one_time_codes)]
pub struct NewOneTimeCode {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub token_hash: String,
    pub target: Option<String>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}
