//! Diesel queries of the organisations domain.

use crate::ids::OrganisationId;
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

pub fn find(conn: &mut AnyConnection, id: &OrganisationId) -> QueryResult<Option<Organisation>> {
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

/// Writes an admin's correction.
pub fn replace(conn: &mut AnyConnection, o: &Organisation) -> QueryResult<()> {
    diesel::update(organisations::table.find(&o.id))
        .set((
            organisations::name.eq(&o.name),
            organisations::siret.eq(&o.siret),
            organisations::kind.eq(&o.kind),
            organisations::is_public.eq(o.is_public),
            organisations::ministry_id.eq(&o.ministry_id),
            organisations::group_name.eq(&o.group_name),
            organisations::naf_code.eq(&o.naf_code),
            organisations::sector_id.eq(&o.sector_id),
            organisations::address.eq(&o.address),
            organisations::postal_code.eq(&o.postal_code),
            organisations::city.eq(&o.city),
            organisations::commune_code.eq(&o.commune_code),
            organisations::department_code.eq(&o.department_code),
            organisations::latitude.eq(o.latitude),
            organisations::longitude.eq(o.longitude),
            organisations::updated_at.eq(o.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Organisations whose name, SIRET or town contains `text` (an admin looking for duplicates),
/// with their number of members and offers.
pub fn search(conn: &mut AnyConnection, text: &str, limit: i64) -> QueryResult<Vec<(Organisation, i64, i64)>> {
    let pattern = format!("%{}%", crate::db::like_escape(text.trim()));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let mut query = organisations::table.into_boxed();
    if !text.trim().is_empty() {
        let by_text = organisations::name.like(pattern.clone()).escape('\\').or(organisations::city.like(pattern).escape('\\'));
        query = if digits.len() >= 3 { query.filter(by_text.or(organisations::siret.like(format!("%{digits}%")))) } else { query.filter(by_text) };
    }
    let orgs: Vec<Organisation> = query.order((organisations::name.asc(), organisations::id.asc())).limit(limit).load(conn)?;
    let ids: Vec<OrganisationId> = orgs.iter().map(|o| o.id.clone()).collect();
    let members: std::collections::HashMap<OrganisationId, i64> = organisation_members::table
        .filter(organisation_members::organisation_id.eq_any(&ids))
        .group_by(organisation_members::organisation_id)
        .select((organisation_members::organisation_id, diesel::dsl::count_star()))
        .load::<(OrganisationId, i64)>(conn)?
        .into_iter()
        .collect();
    let offers = crate::offers::count_by_organisation(conn, &ids)?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let (m, n) = (members.get(&o.id).copied().unwrap_or(0), offers.get(&o.id).copied().unwrap_or(0));
            (o, m, n)
        })
        .collect())
}

pub enum MoveError {
    BothPartners,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for MoveError {
    fn from(e: diesel::result::Error) -> Self {
        MoveError::Db(e)
    }
}

/// Moves members (once each), pending invitations, offers, agreements, renewal invitations and
/// a partner's credentials from `from` to `into`, then deletes `from`. Returns the members,
/// offers and agreements moved. Runs inside the caller's transaction.
pub fn move_everything(conn: &mut AnyConnection, from: &str, into: &str) -> Result<(usize, usize, usize), MoveError> {
    if !crate::partners::move_operator(conn, from, into)? {
        return Err(MoveError::BothPartners);
    }
    let kept: Vec<String> =
        organisation_members::table.filter(organisation_members::organisation_id.eq(into)).select(organisation_members::user_id).load(conn)?;
    let members =
        diesel::update(organisation_members::table.filter(organisation_members::organisation_id.eq(from)).filter(organisation_members::user_id.ne_all(&kept)))
            .set(organisation_members::organisation_id.eq(into))
            .execute(conn)?;
    diesel::delete(organisation_members::table.filter(organisation_members::organisation_id.eq(from))).execute(conn)?;
    let invited: Vec<String> =
        organisation_invitations::table.filter(organisation_invitations::organisation_id.eq(into)).select(organisation_invitations::user_id).load(conn)?;
    diesel::update(
        organisation_invitations::table
            .filter(organisation_invitations::organisation_id.eq(from))
            .filter(organisation_invitations::user_id.ne_all(&invited))
            .filter(organisation_invitations::user_id.ne_all(&kept)),
    )
    .set(organisation_invitations::organisation_id.eq(into))
    .execute(conn)?;
    diesel::delete(organisation_invitations::table.filter(organisation_invitations::organisation_id.eq(from))).execute(conn)?;
    let offers = crate::offers::move_to_organisation(conn, from, into)?;
    let agreements = crate::agreements::move_to_organisation(conn, from, into)?;
    crate::campaigns::closing::move_renewal_invitations(conn, from, into)?;
    diesel::delete(organisations::table.find(from)).execute(conn)?;
    Ok((members, offers, agreements))
}

pub fn many(conn: &mut AnyConnection, ids: &[OrganisationId]) -> QueryResult<Vec<Organisation>> {
    organisations::table.filter(organisations::id.eq_any(ids)).load(conn)
}
