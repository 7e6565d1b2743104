//! Rows of the accounts domain.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::{Role, Scope, ScopeKind, StaffFunction};
use crate::db::schema::{one_time_codes, refresh_tokens, users};

#[derive(Debug, Clone, Queryable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
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
    pub locked_until: Option<NaiveDateTime>,
    pub pending_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    /// Set when the retention rules anonymised the account.
    pub anonymised_at: Option<NaiveDateTime>,
}

impl User {
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
