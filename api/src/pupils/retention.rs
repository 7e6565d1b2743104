//! Retention of pupils' data: a pupil is anonymised one year after the end of their last school
//! year on the platform, once that year is closed. The rows stay (history and statistics keep
//! their shape; the counters of a closed year are frozen), the person goes.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{agreement_signatures, agreements, applications, documents, pupils, school_classes, signing_links, users};
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::schools::rules::SchoolYear;

/// How long after the end of their last school year a pupil's data is kept.
pub const KEEP_AFTER_YEAR_END_DAYS: i64 = 365;

/// Pure rule: whether the data of a pupil whose last year is `year` may go on `today`.
pub fn due(year_closed: bool, year_ends_on: NaiveDate, today: NaiveDate) -> bool {
    year_closed && today >= year_ends_on + Duration::days(KEEP_AFTER_YEAR_END_DAYS)
}

/// Pupils (user ids) whose data is due for anonymisation on `today` and not yet anonymised.
pub fn due_pupils(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<Vec<String>> {
    let closed = crate::schools::years::closed_labels(conn)?;
    let mut due_years = Vec::new();
    for label in closed {
        let Some(y) = SchoolYear::parse(&label) else { continue };
        let s = crate::schools::years::settings(conn, y)?;
        if due(s.closed_at.is_some(), s.ends_on, today) {
            due_years.push(label);
        }
    }
    if due_years.is_empty() {
        return Ok(Vec::new());
    }
    Ok(pupils::table
        .inner_join(school_classes::table.on(school_classes::id.eq(pupils::class_id)))
        .inner_join(users::table.on(users::id.eq(pupils::user_id)))
        .filter(school_classes::school_year.eq_any(&due_years))
        .filter(users::anonymised_at.is_null())
        .select(pupils::user_id)
        .order(pupils::user_id.asc())
        .load(conn)?)
}

/// Erases one pupil's personal data (the caller holds a transaction). Kept: ids, school, class,
/// the states and dates of applications and agreements (statistics); gone: names, contacts, birth
/// date, gender, national pupil id, home, legal representatives, CV, letters, consent scans, agreement texts,
/// signers' names and addresses, sessions.
pub fn anonymise_pupil(conn: &mut AnyConnection, user_id: &str, now: NaiveDateTime) -> AppResult<()> {
    // The person: names, contacts, password, second factor, sessions (as for any account).
    crate::accounts::privacy::erase_identity(conn, user_id, now)?;
    diesel::update(pupils::table.find(user_id))
        .set((
            pupils::birth_date.eq(None::<NaiveDate>),
            pupils::gender.eq(super::rules::Gender::NotStated.as_str()),
            pupils::home_postal_code.eq(None::<String>),
            pupils::contact_phone.eq(None::<String>),
            pupils::legal_representatives.eq("[]"),
            pupils::cv.eq(""),
            pupils::consent_document_id.eq(None::<String>),
            pupils::lives_in_qpv.eq(false),
            pupils::ine.eq(None::<String>),
            pupils::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(documents::table.filter(documents::owner_id.eq(user_id))).execute(conn)?;
    diesel::update(applications::table.filter(applications::pupil_id.eq(user_id)))
        .set((applications::motivation.eq(""), applications::reason.eq(None::<String>)))
        .execute(conn)?;
    let agreement_ids: Vec<String> = agreements::table.filter(agreements::pupil_id.eq(user_id)).select(agreements::id).load(conn)?;
    if !agreement_ids.is_empty() {
        // The hash stays: it still proves what was signed against a copy the parties kept.
        diesel::update(agreements::table.filter(agreements::id.eq_any(&agreement_ids)))
            .set((agreements::document_text.eq("[anonymisé]"), agreements::host_part.eq("{}"), agreements::school_part.eq("{}")))
            .execute(conn)?;
        diesel::update(agreement_signatures::table.filter(agreement_signatures::agreement_id.eq_any(&agreement_ids)))
            .set((agreement_signatures::signer_name.eq("NA"), agreement_signatures::ip.eq("")))
            .execute(conn)?;
        diesel::update(signing_links::table.filter(signing_links::agreement_id.eq_any(&agreement_ids))).set(signing_links::destination.eq("")).execute(conn)?;
    }
    // Their feedback's words and the week's assessments go; the yes/no stays in aggregates.
    crate::feedback::forget_words(conn, user_id)?;
    tracing::info!(pupil = %user_id, "pupil anonymised (retention)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_one_year_after_a_closed_year() {
        let end = NaiveDate::from_ymd_opt(2027, 7, 4).expect("date");
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(!due(true, end, d(2028, 7, 2)), "less than a year after the end");
        assert!(due(true, end, d(2028, 7, 3)));
        assert!(!due(false, end, d(2030, 1, 1)), "a year still open keeps its pupils");
    }
}
