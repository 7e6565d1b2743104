//! Retention of idle adult accounts (school staff, hosts, association members): after two years
//! without signing in, a notice by mail; two weeks later, still idle, the account is
//! anonymised. Pupils follow their school years (`pupils::retention`), run here too. Referents
//! and admins are state agents whose accounts admins close.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::auth::Role;
use crate::db::schema::{periodic_runs, users};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;

pub const IDLE_DAYS: i64 = 730;
pub const NOTICE_DAYS: i64 = 14;

#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Notify,
    Anonymise,
}

/// Pure rule: what is due for an adult account, given its last activity and the notice sent.
pub fn adult_step(last_activity: NaiveDateTime, notice_at: Option<NaiveDateTime>, now: NaiveDateTime) -> Option<Step> {
    let notify_from = last_activity + Duration::days(IDLE_DAYS - NOTICE_DAYS);
    match notice_at {
        // Active again since the notice: nothing (a new notice will come in time).
        Some(n) if last_activity > n => (now >= notify_from).then_some(Step::Notify),
        Some(n) => (now >= n + Duration::days(NOTICE_DAYS)).then_some(Step::Anonymise),
        None => (now >= notify_from).then_some(Step::Notify),
    }
}

#[derive(Debug, Default, Serialize)]
pub struct RetentionReport {
    pub dry_run: bool,
    /// Adults told their account will be anonymised in two weeks.
    pub notified: Vec<String>,
    pub adults_anonymised: Vec<String>,
    pub pupils_anonymised: Vec<String>,
    /// Support tickets past their retention, deleted.
    pub tickets_deleted: usize,
    /// Log lines (reads of pupils' data, admins' changes) past a year, deleted.
    pub log_lines_deleted: usize,
    /// Sent messages and finished deliveries past their retention, deleted.
    pub jobs_deleted: usize,
}

/// (id, e-mail, first name, created, last sign-in, notice sent)
type Candidate = (String, Option<String>, String, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>);

/// One pass. A dry run only lists.
pub fn run(conn: &mut AnyConnection, now: NaiveDateTime, dry_run: bool, public_url: &str) -> AppResult<RetentionReport> {
    let mut report = RetentionReport { dry_run, ..Default::default() };
    let roles = [Role::SchoolStaff.as_str(), Role::Employer.as_str(), Role::Operator.as_str()];
    let horizon = now - Duration::days(IDLE_DAYS - NOTICE_DAYS);
    let candidates: Vec<Candidate> = users::table
        .filter(users::role.eq_any(roles))
        .filter(users::anonymised_at.is_null())
        .filter(users::last_login_at.lt(horizon).or(users::last_login_at.is_null().and(users::created_at.lt(horizon))))
        .select((users::id, users::email, users::first_name, users::created_at, users::last_login_at, users::retention_notice_at))
        .order(users::id.asc())
        .load(conn)?;
    for (id, email, first_name, created_at, last_login, notice) in candidates {
        match adult_step(last_login.unwrap_or(created_at), notice, now) {
            Some(Step::Notify) => {
                if !dry_run {
                    db::transaction(conn, |conn| {
                        if let Some(to) = &email {
                            let when = (now + Duration::days(NOTICE_DAYS)).format("%d/%m/%Y");
                            let p1 = "Vous ne vous êtes pas connecté(e) à Passerelle depuis bientôt deux ans.".to_owned();
                            let p2 = format!("Sans connexion de votre part d'ici le {when}, votre compte sera anonymisé (vos nom et coordonnées effacés). Pour le garder, connectez-vous : {public_url}/connexion");
                            crate::notifications::queue_email(
                                conn,
                                &crate::notifications::templates::plain_email(to, &first_name, "Votre compte Passerelle va être anonymisé", &[&p1, &p2]),
                            )?;
                        }
                        diesel::update(users::table.find(&id)).set(users::retention_notice_at.eq(Some(now))).execute(conn)?;
                        Ok(())
                    })?;
                }
                report.notified.push(id);
            }
            Some(Step::Anonymise) => {
                if !dry_run {
                    db::transaction(conn, |conn| super::privacy::erase_identity(conn, &id, now))?;
                    tracing::info!(user = %id, "idle account anonymised (retention)");
                }
                report.adults_anonymised.push(id);
            }
            None => {}
        }
    }
    for id in crate::pupils::retention::due_pupils(conn, now.date())? {
        if !dry_run {
            db::transaction(conn, |conn| crate::pupils::retention::anonymise_pupil(conn, &id, now))?;
        }
        report.pupils_anonymised.push(id);
    }
    if !dry_run {
        report.tickets_deleted = crate::support::purge_expired(conn, now)?;
        report.log_lines_deleted = crate::audit::purge_old(conn, now)?;
        report.jobs_deleted = crate::jobs::purge_finished(conn, now)?;
    }
    Ok(report)
}

/// Runs the pass at most once a day across replicas (guarded claim), from the job runner.
pub fn run_if_due(conn: &mut AnyConnection, now: NaiveDateTime, public_url: &str) -> AppResult<Option<RetentionReport>> {
    let claimed = diesel::update(periodic_runs::table.find("retention").filter(periodic_runs::last_run_at.lt(now - Duration::days(1))))
        .set(periodic_runs::last_run_at.eq(now))
        .execute(conn)?
        == 1;
    if !claimed {
        return Ok(None);
    }
    run(conn, now, false, public_url).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(days_ago: i64, now: NaiveDateTime) -> NaiveDateTime {
        now - Duration::days(days_ago)
    }

    #[test]
    fn notice_then_anonymisation_unless_active_again() {
        let now = chrono::NaiveDate::from_ymd_opt(2029, 1, 1).expect("d").and_hms_opt(3, 0, 0).expect("t");
        assert_eq!(adult_step(t(700, now), None, now), None, "idle less than 2 years minus 2 weeks");
        assert_eq!(adult_step(t(716, now), None, now), Some(Step::Notify));
        assert_eq!(adult_step(t(730, now), Some(t(13, now)), now), None, "notice sent 13 days ago: wait");
        assert_eq!(adult_step(t(730, now), Some(t(14, now)), now), Some(Step::Anonymise));
        assert_eq!(adult_step(t(5, now), Some(t(14, now)), now), None, "signed in after the notice");
    }
}
