//! Database access for partners.

use crate::ids::OfferId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Credential, Operator, PartnerOffer};
use crate::db::schema::{api_credentials as cr, operators as op, partner_offers as po, partner_rate as pr};
use crate::db::AnyConnection;

pub fn insert_operator(conn: &mut AnyConnection, o: &Operator) -> QueryResult<()> {
    diesel::insert_into(op::table).values(o).execute(conn).map(|_| ())
}

pub fn operator(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Operator>> {
    op::table.find(id).first(conn).optional()
}

pub fn operator_of_organisation(conn: &mut AnyConnection, org_id: &str) -> QueryResult<Option<Operator>> {
    op::table.filter(op::organisation_id.eq(org_id)).first(conn).optional()
}

pub fn set_legacy_token(conn: &mut AnyConnection, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(op::table.find(id)).set((op::legacy_token_hash.eq(Some(hash)), op::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn operator_by_legacy_token(conn: &mut AnyConnection, hash: &str) -> QueryResult<Option<Operator>> {
    op::table.filter(op::legacy_token_hash.eq(hash)).first(conn).optional()
}

pub fn operators(conn: &mut AnyConnection) -> QueryResult<Vec<Operator>> {
    op::table.order(op::created_at.asc()).load(conn)
}

/// Every operator's name (its organisation's), by operator id.
pub fn operator_names(conn: &mut AnyConnection) -> QueryResult<std::collections::HashMap<String, String>> {
    use crate::db::schema::organisations as org;
    let rows: Vec<(String, String)> = op::table.inner_join(org::table.on(org::id.eq(op::organisation_id))).select((op::id, org::name)).load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The employer named by each live partner offer among these (what pupils are shown instead of
/// the association that publishes it).
pub fn employer_names(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<std::collections::HashMap<OfferId, String>> {
    let rows: Vec<(OfferId, String)> =
        po::table.filter(po::offer_id.eq_any(offer_ids)).filter(po::deleted_at.is_null()).select((po::offer_id, po::body)).load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, body)| employer_name(&body).map(|n| (id, n))).collect())
}

/// The employer named in a partner offer's stored body.
pub fn employer_name(body: &str) -> Option<String> {
    serde_json::from_str::<super::rules::PartnerOfferBody>(body).ok().map(|b| b.employer_name)
}

pub fn set_flags(conn: &mut AnyConnection, id: &str, departments: &str, full_search: bool, open_data: bool, rate: i32, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(op::table.find(id))
        .set((
            op::departments.eq(departments),
            op::full_search.eq(full_search),
            op::open_data.eq(open_data),
            op::rate_limit_per_minute.eq(rate),
            op::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn insert_credential(conn: &mut AnyConnection, c: &Credential) -> QueryResult<()> {
    diesel::insert_into(cr::table).values(c).execute(conn).map(|_| ())
}

pub fn credentials(conn: &mut AnyConnection, operator_id: &str) -> QueryResult<Vec<Credential>> {
    cr::table.filter(cr::operator_id.eq(operator_id)).order(cr::created_at.asc()).load(conn)
}

pub fn credential(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<Credential>> {
    cr::table.find(id).first(conn).optional()
}

pub fn credential_by_client(conn: &mut AnyConnection, client_id: &str) -> QueryResult<Option<Credential>> {
    cr::table.filter(cr::client_id.eq(client_id)).first(conn).optional()
}

pub fn rotate_credential(conn: &mut AnyConnection, id: &str, secret_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(cr::table.find(id).filter(cr::revoked_at.is_null()))
        .set((cr::secret_hash.eq(secret_hash), cr::rotated_at.eq(Some(now))))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn revoke_credential(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(cr::table.find(id).filter(cr::revoked_at.is_null())).set(cr::revoked_at.eq(Some(now))).execute(conn).map(|n| n == 1)
}

pub fn touch_credential(conn: &mut AnyConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(cr::table.find(id)).set(cr::last_used_at.eq(Some(now))).execute(conn).map(|_| ())
}

/// The operator's live offer with this remote id (another operator's is never found).
pub fn live(conn: &mut AnyConnection, operator_id: &str, remote_id: &str) -> QueryResult<Option<PartnerOffer>> {
    po::table.filter(po::operator_id.eq(operator_id)).filter(po::remote_id.eq(remote_id)).filter(po::deleted_at.is_null()).first(conn).optional()
}

pub fn insert_offer(conn: &mut AnyConnection, p: &PartnerOffer) -> QueryResult<()> {
    diesel::insert_into(po::table).values(p).execute(conn).map(|_| ())
}

pub fn save_body(conn: &mut AnyConnection, offer_id: &str, permalink: &str, body: &str, hash: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(po::table.find(offer_id))
        .set((po::permalink.eq(permalink), po::body.eq(body), po::body_hash.eq(hash), po::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_deleted(conn: &mut AnyConnection, offer_id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(po::table.find(offer_id).filter(po::deleted_at.is_null()))
        .set((po::deleted_at.eq(Some(now)), po::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn page(conn: &mut AnyConnection, operator_id: &str, offset: i64, limit: i64) -> QueryResult<(i64, Vec<PartnerOffer>)> {
    let base = po::table.filter(po::operator_id.eq(operator_id)).filter(po::deleted_at.is_null());
    let total: i64 = base.count().get_result(conn)?;
    let rows = base.order((po::created_at.asc(), po::offer_id.asc())).offset(offset).limit(limit).load(conn)?;
    Ok((total, rows))
}

/// The live partner rows of several offers, in one query.
pub fn live_by_offers(conn: &mut AnyConnection, offer_ids: &[OfferId]) -> QueryResult<Vec<PartnerOffer>> {
    po::table.filter(po::offer_id.eq_any(offer_ids)).filter(po::deleted_at.is_null()).load(conn)
}

pub fn by_offer(conn: &mut AnyConnection, offer_id: &str) -> QueryResult<Option<PartnerOffer>> {
    po::table.find(offer_id).first(conn).optional()
}

/// Counts the click unless this visitor already clicked this offer today; older days' marks are
/// of no use and go.
pub fn count_click(conn: &mut AnyConnection, offer_id: &str, visitor: &str, today: chrono::NaiveDate) -> QueryResult<bool> {
    use crate::db::schema::offer_clicks as oc;
    let first = diesel::insert_into(oc::table).values((oc::offer_id.eq(offer_id), oc::visitor.eq(visitor), oc::day.eq(today))).execute(conn).is_ok();
    if first {
        diesel::update(po::table.find(offer_id)).set(po::clicks.eq(po::clicks + 1)).execute(conn)?;
        diesel::delete(oc::table.filter(oc::offer_id.eq(offer_id)).filter(oc::day.lt(today))).execute(conn)?;
    }
    Ok(first)
}

/// Counts one request in the operator's current minute (shared by every replica); returns the
/// hits so far in that minute.
pub fn hit(conn: &mut AnyConnection, operator_id: &str, window_start: i64) -> QueryResult<i32> {
    let n = diesel::update(pr::table.find((operator_id, window_start))).set(pr::hits.eq(pr::hits + 1)).execute(conn)?;
    if n == 0 {
        let inserted =
            diesel::insert_into(pr::table).values((pr::operator_id.eq(operator_id), pr::window_start.eq(window_start), pr::hits.eq(1))).execute(conn);
        if inserted.is_err() {
            // Another replica created the row meanwhile.
            diesel::update(pr::table.find((operator_id, window_start))).set(pr::hits.eq(pr::hits + 1)).execute(conn)?;
        }
        // Old windows are of no use.
        diesel::delete(pr::table.filter(pr::operator_id.eq(operator_id)).filter(pr::window_start.lt(window_start - 120))).execute(conn)?;
    }
    pr::table.find((operator_id, window_start)).select(pr::hits).first(conn)
}

/// Among these offers, those of other operators who do not share theirs as open data.
pub fn closed_partner_offers(conn: &mut AnyConnection, offer_ids: &[OfferId], except_operator: &str) -> QueryResult<Vec<OfferId>> {
    po::table
        .inner_join(op::table.on(op::id.eq(po::operator_id)))
        .filter(po::offer_id.eq_any(offer_ids))
        .filter(po::operator_id.ne(except_operator))
        .filter(op::open_data.eq(false))
        .select(po::offer_id)
        .load(conn)
}

/// An organisation merge: the duplicate's partner access follows it. False when both are
/// partners (an admin must merge their API access first).
pub fn move_operator(conn: &mut AnyConnection, from: &str, into: &str) -> QueryResult<bool> {
    match (operator_of_organisation(conn, from)?, operator_of_organisation(conn, into)?) {
        (Some(_), Some(_)) => Ok(false),
        (Some(_), None) => diesel::update(op::table.filter(op::organisation_id.eq(from))).set(op::organisation_id.eq(into)).execute(conn).map(|_| true),
        _ => Ok(true),
    }
}
