//! The audit log of minors' personal data: who read or changed a pupil's profile, applications
//! and agreements, when. Written where the data is served (in the same connection, ids only);
//! read by the pupil's principal and by admins.

mod http;

// What other domains may use of the queries and handlers, which stay inside.
pub use http::configure;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{CurrentUser, Role};
use crate::db::schema::{admin_actions, audit_log, users};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    PupilProfile,
    Application,
    Agreement,
    AgreementPdf,
    Consent,
    ExternalInternship,
}

impl Resource {
    fn as_str(self) -> &'static str {
        match self {
            Resource::PupilProfile => "pupil_profile",
            Resource::Application => "application",
            Resource::Agreement => "agreement",
            Resource::AgreementPdf => "agreement_pdf",
            Resource::Consent => "consent",
            Resource::ExternalInternship => "external_internship",
        }
    }
}

/// Pure rule: a pupil reading their own data is not worth a line; everyone else is.
pub fn worth_recording(actor: &CurrentUser, pupil_id: &str, action: Action) -> bool {
    action == Action::Change || actor.id.as_str() != pupil_id
}

/// Records one access (the caller's connection: inside its transaction when it has one).
pub fn record(
    conn: &mut AnyConnection,
    actor: &CurrentUser,
    action: Action,
    resource: Resource,
    resource_id: &str,
    pupil_id: &str,
    school_uai: &str,
) -> AppResult<()> {
    if !worth_recording(actor, pupil_id, action) {
        return Ok(());
    }
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(db::new_id()),
            audit_log::at.eq(db::now()),
            audit_log::actor_id.eq(&actor.id),
            audit_log::actor_role.eq(actor.role.as_str()),
            audit_log::action.eq(if action == Action::Read { "read" } else { "change" }),
            audit_log::resource.eq(resource.as_str()),
            audit_log::resource_id.eq(resource_id),
            audit_log::pupil_id.eq(pupil_id),
            audit_log::school_uai.eq(school_uai),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    #[serde(with = "crate::http::utc")]
    pub at: NaiveDateTime,
    pub actor_id: String,
    /// "Claire Bernard" (the name of who acted, for the principal reading the log).
    pub actor_name: String,
    pub actor_role: Role,
    pub action: String,
    pub resource: String,
    pub resource_id: String,
    pub pupil_id: String,
}

/// A school's log (optionally one pupil's), newest first.
pub fn of_school(conn: &mut AnyConnection, uai: &str, pupil_id: Option<&str>, limit: i64, offset: i64) -> AppResult<(Vec<AuditEntry>, i64)> {
    let mut q = audit_log::table.filter(audit_log::school_uai.eq(uai)).into_boxed();
    let mut c = audit_log::table.filter(audit_log::school_uai.eq(uai)).into_boxed();
    if let Some(p) = pupil_id {
        q = q.filter(audit_log::pupil_id.eq(p));
        c = c.filter(audit_log::pupil_id.eq(p));
    }
    let total: i64 = c.count().get_result(conn)?;
    let rows: Vec<(NaiveDateTime, String, String, String, String, String, String)> = q
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((
            audit_log::at,
            audit_log::actor_id,
            audit_log::actor_role,
            audit_log::action,
            audit_log::resource,
            audit_log::resource_id,
            audit_log::pupil_id,
        ))
        .load(conn)?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.1).collect();
    let names: std::collections::HashMap<String, String> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::first_name, users::last_name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, f, l)| (id, format!("{f} {l}")))
        .collect();
    let entries = rows
        .into_iter()
        .map(|(at, actor_id, role, action, resource, resource_id, pupil_id)| AuditEntry {
            at,
            actor_name: names.get(&actor_id).cloned().unwrap_or_default(),
            actor_id,
            actor_role: Role::parse(&role).unwrap_or(Role::Student),
            action,
            resource,
            resource_id,
            pupil_id,
        })
        .collect();
    Ok((entries, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_reads_are_not_recorded_changes_are() {
        let pupil = CurrentUser { id: "p1".into(), role: Role::Student, staff_function: None, scope: None };
        let host = CurrentUser { id: "h1".into(), role: Role::Employer, staff_function: None, scope: None };
        assert!(!worth_recording(&pupil, "p1", Action::Read));
        assert!(worth_recording(&pupil, "p1", Action::Change));
        assert!(worth_recording(&host, "p1", Action::Read));
    }
}

// ----- what admins change -----

/// One change made by an admin (any successful write under `/api/v1/admin/`, and the other
/// admin-only writes), recorded by the `admin_audit` middleware.
pub fn record_admin(conn: &mut AnyConnection, actor_id: &str, method: &str, path: &str, status: u16) -> AppResult<()> {
    diesel::insert_into(admin_actions::table)
        .values((
            admin_actions::id.eq(db::new_id()),
            admin_actions::at.eq(db::now()),
            admin_actions::actor_id.eq(actor_id),
            admin_actions::method.eq(method),
            admin_actions::path.eq(path),
            admin_actions::status.eq(status as i32),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AdminAction {
    #[serde(with = "crate::http::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub at: NaiveDateTime,
    pub actor_id: String,
    /// "Claire Bernard".
    pub actor_name: String,
    pub method: String,
    pub path: String,
    pub status: i32,
}

/// A line of the admins' log as read: when, who, method, path, status, first and last name.
type AdminRow = (NaiveDateTime, String, String, String, i32, Option<String>, Option<String>);

/// What to keep of the admins' log.
#[derive(Debug, Clone, Default)]
pub struct AdminActionFilter {
    pub actor_id: Option<String>,
    /// Paths starting with this (`/api/v1/admin/users`).
    pub path_prefix: Option<String>,
    /// From this day (a day in Paris, as the journal shows its times: between midnight and 1 or
    /// 2 a.m. in Paris, the UTC day is still the day before).
    pub from: Option<chrono::NaiveDate>,
    /// Up to this day, included.
    pub to: Option<chrono::NaiveDate>,
}

/// The instant (UTC, as stored) a day begins in Paris.
fn paris_midnight(day: chrono::NaiveDate) -> chrono::NaiveDateTime {
    crate::campaigns::rules::paris_to_utc(day.and_time(chrono::NaiveTime::MIN))
}

/// The admins' changes, newest first.
pub fn admin_actions(conn: &mut AnyConnection, filter: &AdminActionFilter, limit: i64, offset: i64) -> AppResult<(Vec<AdminAction>, i64)> {
    let filtered = || {
        let mut q = admin_actions::table.into_boxed();
        if let Some(a) = &filter.actor_id {
            q = q.filter(admin_actions::actor_id.eq(a.clone()));
        }
        if let Some(p) = &filter.path_prefix {
            // LIKE with the prefix's own % and _ escaped.
            let escaped = db::like_escape(p);
            q = q.filter(admin_actions::path.like(format!("{escaped}%")).escape('\\'));
        }
        if let Some(d) = filter.from {
            q = q.filter(admin_actions::at.ge(paris_midnight(d)));
        }
        if let Some(d) = filter.to {
            q = q.filter(admin_actions::at.lt(paris_midnight(d.succ_opt().unwrap_or(d))));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let ids: Vec<String> = filtered().order(admin_actions::at.desc()).limit(limit).offset(offset).select(admin_actions::id).load(conn)?;
    let rows: Vec<AdminRow> = admin_actions::table
        .left_join(users::table.on(users::id.eq(admin_actions::actor_id)))
        .filter(admin_actions::id.eq_any(&ids))
        .order(admin_actions::at.desc())
        .select((
            admin_actions::at,
            admin_actions::actor_id,
            admin_actions::method,
            admin_actions::path,
            admin_actions::status,
            users::first_name.nullable(),
            users::last_name.nullable(),
        ))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(at, actor_id, method, path, status, first, last)| AdminAction {
                at,
                actor_id,
                actor_name: format!("{} {}", first.unwrap_or_default(), last.unwrap_or_default()).trim().to_owned(),
                method,
                path,
                status,
            })
            .collect(),
        total,
    ))
}

/// Everyone who appears in the admins' log, former admins included (the log's actor filter).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AdminActor {
    pub id: String,
    /// "Claire Bernard"; empty when the account was deleted.
    pub name: String,
    /// Changes recorded under this person.
    pub actions: i64,
    /// Whether they are an admin today.
    pub still_admin: bool,
}

pub fn admin_actors(conn: &mut AnyConnection) -> AppResult<Vec<AdminActor>> {
    use diesel::dsl::count_star;
    let counts: Vec<(String, i64)> = admin_actions::table.group_by(admin_actions::actor_id).select((admin_actions::actor_id, count_star())).load(conn)?;
    let ids: Vec<String> = counts.iter().map(|(id, _)| id.clone()).collect();
    let people: std::collections::HashMap<String, (String, String, String)> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::first_name, users::last_name, users::role))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, f, l, r)| (id, (f, l, r)))
        .collect();
    let mut actors: Vec<AdminActor> = counts
        .into_iter()
        .map(|(id, actions)| {
            let person = people.get(&id);
            AdminActor {
                name: person.map(|(f, l, _)| format!("{f} {l}").trim().to_owned()).unwrap_or_default(),
                still_admin: person.is_some_and(|(_, _, r)| r == "admin"),
                id,
                actions,
            }
        })
        .collect();
    actors.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    Ok(actors)
}

/// A school merge: the log of who read its pupils' data follows them to the school kept.
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str) -> AppResult<()> {
    diesel::update(audit_log::table.filter(audit_log::school_uai.eq(from))).set(audit_log::school_uai.eq(into)).execute(conn)?;
    Ok(())
}

/// Months the logs of who read pupils' data and of what admins changed are kept.
pub const KEEP_LOG_MONTHS: i64 = 12;

/// Deletes log lines older than `KEEP_LOG_MONTHS` (the daily retention pass).
pub fn purge_old(conn: &mut AnyConnection, now: NaiveDateTime) -> AppResult<usize> {
    let cutoff = now - chrono::Duration::days(KEEP_LOG_MONTHS * 365 / 12);
    let reads = diesel::delete(audit_log::table.filter(audit_log::at.lt(cutoff))).execute(conn)?;
    let admin = diesel::delete(admin_actions::table.filter(admin_actions::at.lt(cutoff))).execute(conn)?;
    Ok(reads + admin)
}
