//! Diesel queries of the organisations domain.

use diesel::prelude::*;

use super::model::{Invitation, Member, Ministry, Organisation};
use crate::db::schema::{ministries, organisation_invitations, organisation_members, organisations, users};
use crate::db::AnyConnection;

pub fn ministries(conn: &mut AnyConnection) -> QueryResult<Vec<Ministry>> {
    ministries::table.order(ministries::name.asc()).load(conn)
}

pub fn ministry(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Ministry>> {
    ministries::table.find(id).first(conn).optional()
}

pub fn insert_ministry(conn: &mut AnyConnection, m: &Ministry) -> QueryResult<()> {
    diesel::insert_into(ministries::table).values(m).execute(conn).map(|_| ())
}

pub fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Organisation>> {
    organisations::table.find(id).first(conn).optional()
}

pub fn by_siret(conn: &mut AnyConnection, siret: &str) -> QueryResult<Option<Organisation>> {
    organisations::table.filter(organisations::siret.eq(siret)).first(conn).optional()
}

pub fn insert(conn: &mut AnyConnection, o: &Organisation) -> QueryResult<()> {
    diesel::insert_into(organisations::table).values(o).execute(conn).map(|_| ())
}

pub fn of_user(conn: &mut AnyConnection, user_id: &str) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .inner_join(organisation_members::table)
        .filter(organisation_members::user_id.eq(user_id))
        .select(organisations::all_columns)
        .order(organisations::name.asc())
        .load(conn)
}

pub fn is_member(conn: &mut AnyConnection, org_id: &str, user_id: &str) -> QueryResult<bool> {
    Ok(organisation_members::table.find((org_id, user_id)).count().get_result::<i64>(conn)? > 0)
}

pub fn add_member(conn: &mut AnyConnection, m: &Member) -> QueryResult<()> {
    diesel::insert_into(organisation_members::table).values(m).execute(conn).map(|_| ())
}

pub fn members(conn: &mut AnyConnection, org_id: &str) -> QueryResult<Vec<(Member, crate::accounts::User)>> {
    organisation_members::table
        .inner_join(users::table.on(users::id.eq(organisation_members::user_id)))
        .filter(organisation_members::organisation_id.eq(org_id))
        .order(users::last_name.asc())
        .load(conn)
}

// ----- invitations -----

pub fn insert_invitation(conn: &mut AnyConnection, i: &Invitation) -> QueryResult<()> {
    diesel::insert_into(organisation_invitations::table).values(i).execute(conn).map(|_| ())
}

pub fn invitation(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Invitation>> {
    organisation_invitations::table.find(id).first(conn).optional()
}

pub fn invitation_of(conn: &mut AnyConnection, org_id: &str, user_id: &str) -> QueryResult<Option<Invitation>> {
    organisation_invitations::table
        .filter(organisation_invitations::organisation_id.eq(org_id))
        .filter(organisation_invitations::user_id.eq(user_id))
        .first(conn)
        .optional()
}

pub fn delete_invitation(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::delete(organisation_invitations::table.find(id)).execute(conn).map(|_| ())
}

/// The invitations waiting for a person, with the organisation.
pub fn invitations_for(conn: &mut AnyConnection, user_id: &str) -> QueryResult<Vec<(Invitation, Organisation)>> {
    organisation_invitations::table
        .inner_join(organisations::table.on(organisations::id.eq(organisation_invitations::organisation_id)))
        .filter(organisation_invitations::user_id.eq(user_id))
        .order(organisation_invitations::created_at.asc())
        .load(conn)
}

/// The invitations an organisation sent that wait for an answer, with the invited accounts.
pub fn pending_invitations(conn: &mut AnyConnection, org_id: &str) -> QueryResult<Vec<(Invitation, crate::accounts::User)>> {
    organisation_invitations::table
        .inner_join(users::table.on(users::id.eq(organisation_invitations::user_id)))
        .filter(organisation_invitations::organisation_id.eq(org_id))
        .order(users::last_name.asc())
        .load(conn)
}
