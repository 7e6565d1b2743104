//! Diesel queries of the pupils domain.

use crate::ids::{ClassId, PupilId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::Pupil;
use crate::accounts::User;
use crate::db::schema::{consent_withdrawals, pupils, users};
use crate::db::AnyConnection;

pub fn find(conn: &mut AnyConnection, user_id: &PupilId) -> QueryResult<Option<Pupil>> {
    pupils::table.find(user_id).first(conn).optional()
}

/// The pupil row of an account, if the account is a pupil's.
pub fn of_account(conn: &mut AnyConnection, user_id: &str) -> QueryResult<Option<Pupil>> {
    pupils::table.find(user_id).first(conn).optional()
}

/// The pupils holding these national ids (INE), in any school.
pub fn with_ines(conn: &mut AnyConnection, ines: &[String]) -> QueryResult<Vec<Pupil>> {
    pupils::table.filter(pupils::ine.eq_any(ines)).load(conn)
}

/// What the school's register says of a pupil: their national id, birth date and sex.
pub fn set_register_fields(
    conn: &mut AnyConnection,
    user_id: &str,
    ine: &str,
    birth_date: Option<NaiveDate>,
    gender: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id))
        .set((pupils::ine.eq(ine), pupils::birth_date.eq(birth_date), pupils::gender.eq(gender), pupils::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn insert(conn: &mut AnyConnection, p: &Pupil) -> QueryResult<()> {
    diesel::insert_into(pupils::table).values(p).execute(conn).map(|_| ())
}

/// Moves the pupil to a class. Changing school starts over what was one school's: the consent
/// (and its scan), the split approval; the old school's documents are not carried along.
pub fn set_class(
    conn: &mut AnyConnection,
    user_id: &str,
    uai: &str,
    class_id: &str,
    changes_school: bool,
    join_status: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = pupils::table.find(user_id);
    diesel::update(target)
        .set((pupils::school_uai.eq(uai), pupils::class_id.eq(class_id), pupils::join_status.eq(join_status), pupils::updated_at.eq(now)))
        .execute(conn)?;
    if changes_school {
        diesel::update(pupils::table.find(user_id))
            .set((
                pupils::consent_date.eq(None::<NaiveDate>),
                pupils::consent_recorded_by.eq(None::<String>),
                pupils::consent_recorded_at.eq(None::<NaiveDateTime>),
                pupils::consent_document_id.eq(None::<String>),
                pupils::split_approved_at.eq(None::<NaiveDateTime>),
                pupils::split_approved_by.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The school approved a pupil who joined a class on their own.
pub fn approve_join(conn: &mut AnyConnection, uai: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(pupils::table.find(user_id).filter(pupils::school_uai.eq(uai)).filter(pupils::join_status.eq("pending")))
        .set((pupils::join_status.eq("active"), pupils::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

/// The school refused: the pupil is in no class again (and chooses another).
pub fn refuse_join(conn: &mut AnyConnection, uai: &str, user_id: &str) -> QueryResult<bool> {
    diesel::delete(pupils::table.find(user_id).filter(pupils::school_uai.eq(uai)).filter(pupils::join_status.eq("pending"))).execute(conn).map(|n| n == 1)
}

/// Pupils waiting for the school's approval, with their accounts.
pub fn pending_of_school(conn: &mut AnyConnection, uai: &str) -> QueryResult<Vec<(Pupil, User)>> {
    pupils::table
        .inner_join(users::table.on(users::id.eq(pupils::user_id)))
        .filter(pupils::school_uai.eq(uai))
        .filter(pupils::join_status.eq("pending"))
        .order(pupils::updated_at.asc())
        .load(conn)
}

/// The staff who follow the pupil enter the legal representatives (the agreement waits for one).
pub fn set_legal_representatives(conn: &mut AnyConnection, user_id: &str, reps_json: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id)).set((pupils::legal_representatives.eq(reps_json), pupils::updated_at.eq(now))).execute(conn).map(|_| ())
}

pub fn set_lives_in_qpv(conn: &mut AnyConnection, user_id: &str, lives_in_qpv: bool, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id)).set((pupils::lives_in_qpv.eq(lives_in_qpv), pupils::updated_at.eq(now))).execute(conn).map(|_| ())
}

#[allow(clippy::too_many_arguments)]
pub fn set_profile(
    conn: &mut AnyConnection,
    user_id: &str,
    birth_date: Option<NaiveDate>,
    gender: &str,
    home_postal_code: Option<&str>,
    contact_phone: Option<&str>,
    reps_json: &str,
    cv_json: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id))
        .set((
            pupils::birth_date.eq(birth_date),
            pupils::gender.eq(gender),
            pupils::home_postal_code.eq(home_postal_code),
            pupils::contact_phone.eq(contact_phone),
            pupils::legal_representatives.eq(reps_json),
            pupils::cv.eq(cv_json),
            pupils::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The pupil asked to split their seconde internship (once: `false` when already asked).
pub fn request_split(conn: &mut AnyConnection, user_id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(pupils::table.find(user_id).filter(pupils::split_requested_at.is_null()))
        .set((pupils::split_requested_at.eq(Some(now)), pupils::updated_at.eq(now)))
        .execute(conn)
        .map(|n| n == 1)
}

/// The principal authorises (`Some(by)`) or withdraws (`None`) a pupil's split.
pub fn approve_split(conn: &mut AnyConnection, user_id: &str, by: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id))
        .set((pupils::split_approved_at.eq(by.map(|_| now)), pupils::split_approved_by.eq(by), pupils::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

pub fn record_consent(conn: &mut AnyConnection, user_id: &str, date: NaiveDate, by: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(pupils::table.find(user_id))
        .set((
            pupils::consent_date.eq(Some(date)),
            pupils::consent_recorded_by.eq(Some(by)),
            pupils::consent_recorded_at.eq(Some(now)),
            pupils::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The school withdraws the consent: the pupil no longer searches nor applies; the withdrawal
/// (date of the consent, reason, who) is kept.
pub fn withdraw_consent(conn: &mut AnyConnection, w: &super::model::ConsentWithdrawal) -> QueryResult<()> {
    diesel::insert_into(consent_withdrawals::table).values(w).execute(conn)?;
    diesel::update(pupils::table.find(&w.pupil_id))
        .set((
            pupils::consent_date.eq(None::<NaiveDate>),
            pupils::consent_recorded_by.eq(None::<String>),
            pupils::consent_recorded_at.eq(None::<NaiveDateTime>),
            pupils::updated_at.eq(w.withdrawn_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn last_consent_withdrawal(conn: &mut AnyConnection, pupil_id: &str) -> QueryResult<Option<super::model::ConsentWithdrawal>> {
    consent_withdrawals::table.filter(consent_withdrawals::pupil_id.eq(pupil_id)).order(consent_withdrawals::withdrawn_at.desc()).first(conn).optional()
}

/// Some pupils with their accounts, in one query.
pub fn with_users(conn: &mut AnyConnection, ids: &[PupilId]) -> QueryResult<Vec<(Pupil, User)>> {
    pupils::table.inner_join(users::table.on(users::id.eq(pupils::user_id))).filter(pupils::user_id.eq_any(ids)).load(conn)
}

/// A school's pupils with their accounts, optionally for some classes only.
pub fn of_school(conn: &mut AnyConnection, uai: &str, classes: Option<&[ClassId]>) -> QueryResult<Vec<(Pupil, User)>> {
    // Pupils still waiting for the school's approval are not the school's yet.
    let mut q = pupils::table
        .inner_join(users::table.on(users::id.eq(pupils::user_id)))
        .filter(pupils::school_uai.eq(uai))
        .filter(pupils::join_status.eq("active"))
        .into_boxed();
    if let Some(c) = classes {
        q = q.filter(pupils::class_id.eq_any(c.to_vec()));
    }
    q.order((users::last_name.asc(), users::first_name.asc())).load(conn)
}

/// A school merge: its pupils (and their consent history) move to the school kept; classes are
/// re-pointed by the schools domain (`class_moves`: old class id → kept class id).
pub fn move_school(conn: &mut AnyConnection, from: &str, into: &str, class_moves: &[(String, String)]) -> QueryResult<usize> {
    for (old, new) in class_moves {
        diesel::update(pupils::table.filter(pupils::class_id.eq(old))).set(pupils::class_id.eq(new)).execute(conn)?;
    }
    diesel::update(consent_withdrawals::table.filter(consent_withdrawals::school_uai.eq(from))).set(consent_withdrawals::school_uai.eq(into)).execute(conn)?;
    diesel::update(pupils::table.filter(pupils::school_uai.eq(from))).set(pupils::school_uai.eq(into)).execute(conn)
}

/// Pupils per school.
pub fn count_by_school(conn: &mut AnyConnection, uais: &[String]) -> QueryResult<std::collections::HashMap<String, i64>> {
    Ok(pupils::table
        .filter(pupils::school_uai.eq_any(uais))
        .group_by(pupils::school_uai)
        .select((pupils::school_uai, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}
