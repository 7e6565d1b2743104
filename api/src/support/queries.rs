//! Diesel queries of support tickets (this module is the only writer of their rows).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{support_messages as sm, support_tickets as st, users};
use crate::db::AnyConnection;

use super::rules::Status;

crate::text_enum!(Status);

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = st)]
pub struct Ticket {
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub email: String,
    pub category: String,
    pub subject: String,
    pub message: String,
    pub page: String,
    pub status: Status,
    pub assignee_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = sm)]
pub struct Message {
    pub id: String,
    pub ticket_id: String,
    pub author_id: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut AnyConnection, t: &Ticket) -> QueryResult<()> {
    diesel::insert_into(st::table).values(t).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Ticket>> {
    st::table.find(id).first(conn).optional()
}

/// Tickets opened from this address since `since` (the hourly limit).
pub fn opened_by_email_since(conn: &mut AnyConnection, email: &str, since: NaiveDateTime) -> QueryResult<i64> {
    st::table.filter(st::email.eq(email)).filter(st::created_at.ge(since)).count().get_result(conn)
}

/// What the queue lists; `None` = any.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub status: Option<Status>,
    pub category: Option<String>,
    pub assignee_id: Option<String>,
    /// Only the tickets nobody took yet.
    pub unassigned: bool,
}

/// Tickets newest first, with the number of answers each got.
pub fn list(conn: &mut AnyConnection, f: &Filter, limit: i64, offset: i64) -> QueryResult<(Vec<(Ticket, i64)>, i64)> {
    let filtered = || {
        let mut q = st::table.into_boxed();
        if let Some(s) = &f.status {
            q = q.filter(st::status.eq(*s));
        }
        if let Some(c) = &f.category {
            q = q.filter(st::category.eq(c.clone()));
        }
        if let Some(a) = &f.assignee_id {
            q = q.filter(st::assignee_id.eq(a.clone()));
        }
        if f.unassigned {
            q = q.filter(st::assignee_id.is_null());
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let tickets: Vec<Ticket> = filtered().order((st::created_at.desc(), st::id.asc())).limit(limit).offset(offset).load(conn)?;
    let ids: Vec<String> = tickets.iter().map(|t| t.id.clone()).collect();
    let answers: std::collections::HashMap<String, i64> = sm::table
        .filter(sm::ticket_id.eq_any(&ids))
        .filter(sm::author_id.is_not_null())
        .group_by(sm::ticket_id)
        .select((sm::ticket_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok((tickets.into_iter().map(|t| (answers.get(&t.id).copied().unwrap_or(0), t)).map(|(n, t)| (t, n)).collect(), total))
}

pub fn messages(conn: &mut AnyConnection, ticket_id: &str) -> QueryResult<Vec<Message>> {
    sm::table.filter(sm::ticket_id.eq(ticket_id)).order((sm::created_at.asc(), sm::id.asc())).load(conn)
}

pub fn insert_message(conn: &mut AnyConnection, m: &Message) -> QueryResult<()> {
    diesel::insert_into(sm::table).values(m).execute(conn).map(|_| ())
}

pub fn set_assignee(conn: &mut AnyConnection, id: &str, assignee: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(st::table.find(id)).set((st::assignee_id.eq(assignee), st::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn set_status(conn: &mut AnyConnection, id: &str, status: Status, closed_at: Option<NaiveDateTime>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(st::table.find(id)).set((st::status.eq(status), st::closed_at.eq(closed_at), st::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn touch(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(st::table.find(id)).set(st::updated_at.eq(now)).execute(conn).map(|_| ())
}

/// "First Last" of these people.
pub fn names(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<std::collections::HashMap<String, (String, String)>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::first_name, users::last_name, users::role))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, f, l, role)| (id, (format!("{f} {l}").trim().to_owned(), role)))
        .collect())
}

/// (id, category, status, updated, closed): what a ticket's retention depends on.
pub type RetentionFacts = (String, String, Status, NaiveDateTime, Option<NaiveDateTime>);

pub fn retention_candidates(conn: &mut AnyConnection) -> QueryResult<Vec<RetentionFacts>> {
    st::table.select((st::id, st::category, st::status, st::updated_at, st::closed_at)).load(conn)
}

pub fn delete(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<usize> {
    diesel::delete(sm::table.filter(sm::ticket_id.eq_any(ids))).execute(conn)?;
    diesel::delete(st::table.filter(st::id.eq_any(ids))).execute(conn)
}
