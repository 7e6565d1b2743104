//! Agreement use cases: created with the placement, filled by the host then the school, signed
//! by every party on the exact stored text, cancelled with the placement. Each runs in one
//! transaction; a change after a signature voids the signatures and tells the signers.

use crate::error::ErrorCode;
use crate::ids::{AgreementId, ClassId, OrganisationId, PupilId, UserId};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::model::{AbsenceReport, Agreement, Signature, SigningLink};
use super::policy::{self, Access, Facts};
use super::rules::{self, HostPart, Party, SchoolPart, Status};
use super::{notify, queries as q};
use crate::applications::model::Application;
use crate::auth::{tokens, CurrentUser, Role};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::offers::model::Offer;
use crate::pupils::rules::LegalRepresentative;

pub struct Settings {
    pub public_url: String,
}

fn not_found() -> AppError {
    AppError::not_found("Convention introuvable.")
}

/// Everything about the pupil the agreement needs.
pub struct PupilFacts {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub class_name: String,
    pub class_id: Option<ClassId>,
    pub legal_representatives: Vec<LegalRepresentative>,
}

pub fn pupil_facts(conn: &mut AnyConnection, a: &Agreement) -> AppResult<PupilFacts> {
    let user = crate::accounts::find_user(conn, &a.pupil_id)?.ok_or_else(AppError::internal)?;
    let pupil = crate::pupils::find(conn, &a.pupil_id)?;
    let class_id = pupil.as_ref().map(|p| p.class_id.clone());
    let class_name = match &class_id {
        Some(c) => crate::schools::class_names(conn, std::slice::from_ref(c))?.remove(c).unwrap_or_default(),
        None => String::new(),
    };
    Ok(PupilFacts {
        name: format!("{} {}", user.first_name, user.last_name),
        birth_date: pupil.as_ref().and_then(|p| p.birth_date),
        class_name,
        class_id,
        legal_representatives: pupil.as_ref().and_then(|p| serde_json::from_str(&p.legal_representatives).ok()).unwrap_or_default(),
    })
}

/// The parties whose signature is still missing (one legal representative suffices).
pub fn missing(a: &Agreement, pupil: &PupilFacts, signatures: &[Signature]) -> Vec<Party> {
    let minor = rules::is_minor(pupil.birth_date, a.starts_on);
    let required = rules::required_parties(pupil.legal_representatives.len(), minor);
    rules::awaited(&required, &signed_parties(a, signatures))
}

/// Who signed this version.
pub fn signed_parties(a: &Agreement, signatures: &[Signature]) -> Vec<Party> {
    signatures.iter().filter(|s| s.version == a.version && s.voided_at.is_none()).filter_map(|s| s.party()).collect()
}

/// The parties of the signature block (view and PDF).
pub fn signature_block(a: &Agreement, pupil: &PupilFacts, signatures: &[Signature]) -> Vec<Party> {
    let required = rules::required_parties(pupil.legal_representatives.len(), rules::is_minor(pupil.birth_date, a.starts_on));
    rules::signature_block(&required, &signed_parties(a, signatures))
}

fn render(conn: &mut AnyConnection, a: &Agreement, version: i32, host: Option<&HostPart>, school: Option<&SchoolPart>) -> AppResult<String> {
    let org = crate::organisations::find(conn, &a.organisation_id)?.ok_or_else(AppError::internal)?;
    let offer = crate::offers::find(conn, &a.offer_id)?.ok_or_else(AppError::internal)?;
    let school_row = crate::reference::schools_by_uai(conn, std::slice::from_ref(&a.school_uai))?.pop().ok_or_else(AppError::internal)?;
    let pupil = pupil_facts(conn, a)?;
    let reps: Vec<String> = pupil
        .legal_representatives
        .iter()
        .map(|r| {
            let contact: Vec<&str> = [r.email.as_deref(), r.phone.as_deref()].into_iter().flatten().collect();
            if contact.is_empty() {
                r.name.clone()
            } else {
                format!("{} ({})", r.name, contact.join(", "))
            }
        })
        .collect();
    let facts = rules::DocumentFacts {
        reference: &a.id,
        version,
        host_name: &org.name,
        host_siret: &org.siret,
        host_address: &format!("{}, {} {}", org.address, org.postal_code, org.city),
        offer_title: &offer.title,
        offer_address: &format!("{}, {} {}", offer.address, offer.postal_code, offer.city),
        school_name: &school_row.name,
        school_uai: &school_row.uai,
        school_address: &format!("{}, {} {}", school_row.address, school_row.postal_code, school_row.commune_name),
        pupil_name: &pupil.name,
        pupil_birth_date: pupil.birth_date,
        pupil_class: &pupil.class_name,
        legal_representatives: reps,
        grade_family: &offer.grade_family,
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        host,
        school,
    };
    Ok(rules::document_text(&facts))
}

/// The host's part as the offer already tells it: tutor, activities, lunch, hours.
fn prefill(offer: &Offer, weeks: &[crate::schools::rules::IsoWeek]) -> HostPart {
    let tutor = offer.tutor();
    let schedule: Vec<crate::offers::rules::DaySchedule> = serde_json::from_str(&offer.schedule).unwrap_or_default();
    let days = rules::internship_days(weeks)
        .into_iter()
        .filter_map(|date| {
            let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
            schedule.iter().find(|d| d.day as usize == weekday).map(|d| rules::WorkDay {
                date,
                start: d.start.clone(),
                end: d.end.clone(),
                break_minutes: d.lunch_break_minutes as i64,
            })
        })
        .collect();
    HostPart {
        tutor_name: tutor.name,
        tutor_function: tutor.function,
        tutor_email: tutor.email,
        tutor_phone: tutor.phone,
        days,
        activities: offer.activities.clone(),
        lunch: match crate::offers::rules::Lunch::parse(&offer.lunch) {
            crate::offers::rules::Lunch::CanteenInvitation => "Invité(e) à la cantine de l'organisme".into(),
            crate::offers::rules::Lunch::ReducedPrice => "Cantine de l'organisme à tarif réduit".into(),
            crate::offers::rules::Lunch::None => "Repas apporté par l'élève ou pris à la maison".into(),
        },
        ..HostPart::default()
    }
}

/// Called when a pupil confirms a placement, in the same transaction.
pub fn create_for(conn: &mut AnyConnection, app: &Application, offer: &Offer, s: &Settings) -> AppResult<Agreement> {
    if let Some(existing) = q::of_application(conn, &app.id)? {
        return Ok(existing);
    }
    let weeks = app.weeks();
    let (starts_on, ends_on) = rules::period(&weeks).ok_or_else(AppError::internal)?;
    let now = db::now();
    let mut a = Agreement {
        id: AgreementId::new(),
        application_id: app.id.clone(),
        pupil_id: app.pupil_id.clone(),
        offer_id: offer.id.clone(),
        organisation_id: offer.organisation_id.clone(),
        school_uai: app.school_uai.clone(),
        school_year: app.school_year.clone(),
        status: Status::HostToFill,
        version: 1,
        host_part: serde_json::to_string(&prefill(offer, &weeks)).unwrap_or_else(|_| "{}".into()),
        school_part: "{}".into(),
        host_filled_at: None,
        school_filled_at: None,
        starts_on,
        ends_on,
        document_text: String::new(),
        document_hash: String::new(),
        signed_at: None,
        cancelled_at: None,
        cancel_reason: None,
        attestation_requested_at: None,
        attestation_issued_at: None,
        attestation_issued_by: None,
        last_reminder_at: None,
        created_at: now,
        updated_at: now,
        attestation_days_present: None,
    };
    // The draft says what the offer already tells (tutor, hours, activities, lunch) rather than
    // "(à compléter)" where the data exists.
    a.document_text = render(conn, &a, 1, text_host(&a).as_ref(), None)?;
    a.document_hash = rules::sha256_hex(&a.document_text);
    q::insert(conn, &a)?;
    notify::to_host(conn, &a, "Une convention de stage à remplir", &["Un élève a confirmé son stage chez vous : remplissez la convention (représentant, tuteur, horaires, activités, assurance) pour qu'elle puisse être signée."], &s.public_url)?;
    // A minor's agreement needs a legal representative's signature: ask for one now rather
    // than let the agreement stall at the last step.
    let pupil = pupil_facts(conn, &a)?;
    if pupil.legal_representatives.is_empty() && rules::is_minor(pupil.birth_date, a.starts_on) {
        notify::to_pupil(conn, &a, "Ta convention : ton représentant légal", &["Ta convention de stage devra être signée par l'un de tes représentants légaux. Indique dès maintenant son nom et son e-mail (ou son téléphone) dans ton profil : le lien de signature lui sera envoyé."], &s.public_url)?;
        let line = format!("{} a confirmé son stage mais aucun représentant légal n'est renseigné : sans lui, la convention ne pourra pas être signée. Vous pouvez l'indiquer depuis la fiche de l'élève.", pupil.name);
        notify::to_school(conn, &a, "Représentant légal à renseigner", &[&line], &s.public_url)?;
    }
    Ok(a)
}

/// The placement ended (cancelled by the pupil or the host): the agreement is void.
pub fn cancel_for(conn: &mut AnyConnection, application_id: &str, reason: &str, s: &Settings) -> AppResult<()> {
    let Some(a) = q::of_application(conn, application_id)? else { return Ok(()) };
    if q::cancel(conn, &a.id, reason, db::now())? {
        let line = format!("Le stage a été annulé : la convention n'a plus d'effet. Motif : {reason}");
        notify::to_school(conn, &a, "Convention annulée", &[&line], &s.public_url)?;
        if let Some(teacher) = a.school().map(|p| p.teacher_user_id).filter(|t| !t.is_empty()) {
            notify::to_user_id(conn, &teacher, "Convention annulée", &[&line], &a, &s.public_url)?;
        }
    }
    Ok(())
}

/// What the user is to this agreement (403/404 when nothing).
pub fn access(conn: &mut AnyConnection, a: &Agreement, user: &CurrentUser) -> AppResult<Access> {
    let mut f = Facts { is_pupil: a.pupil_id.as_str() == user.id.as_str(), ..Facts::default() };
    match user.role {
        Role::Employer | Role::Operator => f.host_member = crate::organisations::is_member(conn, &a.organisation_id, &user.id)?,
        Role::SchoolStaff => {
            if let Some(m) = crate::schools::member(conn, &a.school_uai, &user.id)?.filter(|m| m.status == "active") {
                f.school_staff = true;
                f.school_signer = m.function == "principal" || q::is_delegate(conn, &a.school_uai, &user.id)?;
                let own = crate::schools::classes_of_member(conn, &m.id)?;
                let v = crate::schools::policy::visibility(user, Some(&m), own)?;
                let class_id = crate::pupils::find(conn, &a.pupil_id)?.map(|p| p.class_id);
                // The teacher named to follow the pupil follows them, whatever their classes.
                let in_charge = a.school().is_some_and(|p| p.teacher_user_id == user.id.as_str());
                f.follows_pupil = class_id.is_some_and(|c| v.sees_class(&c)) || in_charge;
            }
        }
        _ => {}
    }
    policy::read(user, &f)
}

pub fn load(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser) -> AppResult<(Agreement, Access)> {
    policy::may_open(user)?;
    let a = q::find(conn, id)?.ok_or_else(not_found)?;
    let access = access(conn, &a, user)?;
    crate::audit::record(conn, user, crate::audit::Action::Read, crate::audit::Resource::Agreement, &a.id, &a.pupil_id, &a.school_uai)?;
    Ok((a, access))
}

/// Rewrites the text after a change of either part; voids every signature collected so far
/// and tells those who had signed.
#[allow(clippy::too_many_arguments)]
fn rewrite(
    conn: &mut AnyConnection,
    a: &Agreement,
    host: Option<&HostPart>,
    school: Option<&SchoolPart>,
    host_filled_at: Option<NaiveDateTime>,
    school_filled_at: Option<NaiveDateTime>,
    s: &Settings,
) -> AppResult<Agreement> {
    if a.status == Status::Cancelled {
        return Err(AppError::conflict("Cette convention est annulée.").with_code(ErrorCode::AgreementCancelled));
    }
    let now = db::now();
    let version = a.version + 1;
    let text = render(conn, a, version, host, school)?;
    let host_json = match host {
        Some(h) => serde_json::to_string(h).map_err(|_| AppError::internal())?,
        None => a.host_part.clone(),
    };
    let school_json = match school {
        Some(p) => serde_json::to_string(p).map_err(|_| AppError::internal())?,
        None => a.school_part.clone(),
    };
    let status = rules::status_of(host_filled_at.is_some(), school_filled_at.is_some(), 1);
    if !q::save_text(conn, a, &host_json, &school_json, host_filled_at, school_filled_at, &text, &rules::sha256_hex(&text), status, now)? {
        return Err(AppError::conflict("La convention vient d'être modifiée par quelqu'un d'autre : rechargez la page.").with_code(ErrorCode::AgreementChanged));
    }
    let voided = q::void_signatures(conn, &a.id, now)?;
    let updated = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
    if !voided.is_empty() {
        let line =
            "La convention a été modifiée après votre signature : les signatures recueillies sont annulées et la convention doit être signée de nouveau.";
        // Account holders are told; a legal representative gets a fresh link once the
        // agreement is complete again (after_change).
        for uid in voided.iter().filter_map(|sig| sig.signer_user_id.as_deref()) {
            notify::to_user_id(conn, uid, "Convention modifiée : nouvelle signature nécessaire", &[line], &updated, &s.public_url)?;
        }
        tracing::info!(agreement = %a.id, voided = voided.len(), "agreement changed after signatures");
    }
    Ok(updated)
}

/// The host's part the text shows: as filled, or the draft taken from the offer until then.
fn text_host(a: &Agreement) -> Option<HostPart> {
    a.host().or_else(|| serde_json::from_str(&a.host_part).ok())
}

/// The pupil's facts changed (birth date, legal representatives): each agreement not signed yet
/// is rebuilt from the data as it is now. A text that changes voids the signatures gathered (as
/// any change does) and the parties are asked again; links go to representatives now on file.
pub fn pupil_changed(conn: &mut AnyConnection, pupil_id: &str, s: &Settings) -> AppResult<usize> {
    let mut rebuilt = 0;
    for a in q::of_pupil(conn, pupil_id)? {
        if !matches!(a.status, Status::HostToFill | Status::SchoolToFill | Status::ToSign) {
            continue;
        }
        let (host, school) = (text_host(&a), a.school());
        let text = render(conn, &a, a.version, host.as_ref(), school.as_ref())?;
        if text == a.document_text {
            continue;
        }
        let updated = rewrite(conn, &a, host.as_ref(), school.as_ref(), a.host_filled_at, a.school_filled_at, s)?;
        after_change(conn, &updated, s)?;
        rebuilt += 1;
        tracing::info!(agreement = %a.id, "agreement rebuilt after a change of the pupil's profile");
    }
    Ok(rebuilt)
}

pub fn fill_host(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser, part: HostPart, s: &Settings) -> AppResult<Agreement> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_fill_host(access)?;
        crate::audit::record(conn, user, crate::audit::Action::Change, crate::audit::Resource::Agreement, &a.id, &a.pupil_id, &a.school_uai)?;
        let app = crate::applications::find(conn, &a.application_id)?.ok_or_else(AppError::internal)?;
        let birth_date = pupil_facts(conn, &a)?.birth_date;
        let problems = rules::check_host_part(&part, &app.weeks(), birth_date);
        if !problems.is_empty() {
            return Err(problems.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m)));
        }
        let part = HostPart { tutor_email: crate::accounts::rules::normalize_email(&part.tutor_email).unwrap_or(part.tutor_email.clone()), ..part };
        if a.host().as_ref() == Some(&part) {
            return Ok(a);
        }
        let school = a.school();
        let updated = rewrite(conn, &a, Some(&part), school.as_ref(), Some(db::now()), a.school_filled_at, s)?;
        after_change(conn, &updated, s)?;
        Ok(updated)
    })
}

pub fn fill_school(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser, part: SchoolPart, s: &Settings) -> AppResult<Agreement> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_fill_school(access)?;
        crate::audit::record(conn, user, crate::audit::Action::Change, crate::audit::Resource::Agreement, &a.id, &a.pupil_id, &a.school_uai)?;
        let mut problems = rules::check_school_part(&part);
        let teacher = crate::schools::member(conn, &a.school_uai, part.teacher_user_id.trim())?.filter(|m| m.status == "active");
        let teacher_user = match &teacher {
            Some(m) => crate::accounts::find_user(conn, &m.user_id)?,
            None => None,
        };
        if teacher_user.is_none() && !part.teacher_user_id.trim().is_empty() {
            problems.push(("teacher_user_id".into(), "Cette personne ne fait pas partie de l'équipe de l'établissement.".into()));
        }
        if !problems.is_empty() {
            return Err(problems.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m)));
        }
        let teacher_user = teacher_user.ok_or_else(AppError::internal)?;
        let part = SchoolPart {
            teacher_user_id: teacher_user.id.to_string(),
            teacher_name: format!("{} {}", teacher_user.first_name, teacher_user.last_name),
            ..part
        };
        if a.school().as_ref() == Some(&part) {
            return Ok(a);
        }
        if a.host_filled_at.is_none() {
            return Err(AppError::conflict("L'organisme d'accueil doit d'abord remplir sa partie.").with_code(ErrorCode::HostPartMissing));
        }
        let was_teacher = a.school().map(|p| p.teacher_user_id);
        let host = a.host();
        let updated = rewrite(conn, &a, host.as_ref(), Some(&part), a.host_filled_at, Some(db::now()), s)?;
        if was_teacher.as_deref() != Some(teacher_user.id.as_str()) {
            let pupil = pupil_facts(conn, &updated)?;
            let line = format!("Vous êtes désigné(e) pour suivre {} pendant son stage d'observation.", pupil.name);
            notify::to_user_id(conn, &teacher_user.id, "Suivi d'un stage d'observation", &[&line], &updated, &s.public_url)?;
        }
        after_change(conn, &updated, s)?;
        Ok(updated)
    })
}

/// Who is told after a part was filled: the school when the host is done; every signer (and a
/// link to each legal representative) when both parts are.
fn after_change(conn: &mut AnyConnection, a: &Agreement, s: &Settings) -> AppResult<()> {
    match a.status {
        Status::SchoolToFill => notify::to_school(
            conn,
            a,
            "Une convention de stage à compléter",
            &["L'organisme d'accueil a rempli sa partie : complétez celle de l'établissement et désignez l'enseignant qui suit l'élève."],
            &s.public_url,
        ),
        Status::ToSign => {
            let line = "La convention de stage est complète : elle attend votre signature.";
            notify::waiting_for(conn, a, &[Party::Host, Party::School, Party::Pupil], "Convention de stage à signer", line, &s.public_url)?;
            send_links_now(conn, a, None, s)?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// One party signs with their account. `hash` is the hash of the text they read: if the
/// agreement changed since, they must read it again.
pub fn sign(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser, hash: &str, ip: &str, s: &Settings) -> AppResult<Agreement> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        let party = policy::signing_party(access)?;
        let me = crate::accounts::find_user(conn, &user.id)?.ok_or_else(AppError::internal)?;
        if party == Party::Host {
            // The signature block must say what the text says: the organisation signs through
            // the person the text names.
            if let Some(m) = a.host().and_then(|h| rules::host_signatory_problem(&h, &format!("{} {}", me.first_name, me.last_name))) {
                return Err(AppError::conflict(m).with_code(ErrorCode::NotTheSignatory));
            }
        }
        record(conn, &a, party, Some(&user.id), &format!("{} {}", me.first_name, me.last_name), "account", ip, hash, s)
    })
}

#[allow(clippy::too_many_arguments)]
fn record(
    conn: &mut AnyConnection,
    a: &Agreement,
    party: Party,
    user_id: Option<&str>,
    name: &str,
    method: &str,
    ip: &str,
    hash: &str,
    s: &Settings,
) -> AppResult<Agreement> {
    match a.status {
        Status::ToSign => {}
        Status::Signed => return Err(AppError::conflict("Cette convention est déjà signée par tous.").with_code(ErrorCode::AlreadySigned)),
        Status::Cancelled => return Err(AppError::conflict("Cette convention est annulée.").with_code(ErrorCode::AgreementCancelled)),
        _ => return Err(AppError::conflict("La convention n'est pas encore complète : elle ne peut pas être signée.").with_code(ErrorCode::NotReadyToSign)),
    }
    if hash != a.document_hash {
        return Err(
            AppError::conflict("La convention a changé depuis que vous l'avez ouverte : relisez-la avant de signer.").with_code(ErrorCode::AgreementChanged)
        );
    }
    // The hash of what is stored must still be the hash of its text.
    if rules::sha256_hex(&a.document_text) != a.document_hash {
        tracing::error!(agreement = %a.id, "stored agreement text does not match its hash");
        return Err(AppError::internal());
    }
    let already = || AppError::conflict("Vous avez déjà signé cette convention.").with_code(ErrorCode::AlreadySigned);
    let signatures = q::live_signatures(conn, &a.id)?;
    if signatures.iter().any(|sig| sig.party() == Some(party)) {
        return Err(already());
    }
    let now = db::now();
    let sig = Signature {
        id: db::new_id(),
        agreement_id: a.id.clone(),
        version: a.version,
        party: party.as_str().into(),
        signer_user_id: user_id.map(str::to_owned),
        signer_name: name.into(),
        method: method.into(),
        ip: ip.into(),
        document_hash: a.document_hash.clone(),
        signed_at: now,
        voided_at: None,
    };
    q::insert_signature(conn, &sig).map_err(|e| match e {
        // A double click on PostgreSQL: both requests read no signature, the live-signature
        // unique index lets one in; the other is told what happened, not "already exists".
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => already(),
        other => other.into(),
    })?;
    let mut all = signatures;
    all.push(sig);
    let pupil = pupil_facts(conn, a)?;
    if missing(a, &pupil, &all).is_empty() {
        if !q::set_status(conn, &a.id, a.version, Status::Signed, Some(now), now)? {
            return Err(AppError::conflict("La convention vient d'être modifiée : rechargez la page.").with_code(ErrorCode::AgreementChanged));
        }
        let done = q::find(conn, &a.id)?.ok_or_else(AppError::internal)?;
        let line = "Toutes les parties ont signé la convention de stage : vous pouvez la télécharger en PDF.";
        notify::waiting_for(conn, &done, &[Party::Host, Party::School, Party::Pupil], "Convention signée", line, &s.public_url)?;
        // The family keeps the signed agreement: each representative with an e-mail gets the PDF.
        let all = q::all_signatures(conn, &done.id)?;
        let pdf = super::documents::agreement_pdf(&done, &signature_block(&done, &pupil, &all), &all, &format!("{}/conventions/verifier", s.public_url), now)?;
        notify::signed_to_representatives(conn, &pupil.legal_representatives, &pupil.name, &pdf)?;
        let signers: Vec<UserId> = notify::school_signers(conn, &done)?.into_iter().map(|u| u.id).collect();
        if let Some(t) = done.school().map(|p| p.teacher_user_id).filter(|t| !signers.iter().any(|s| s.as_str() == t)) {
            notify::to_user_id(conn, &t, "Convention signée", &[line], &done, &s.public_url)?;
        }
        tracing::info!(agreement = %a.id, "agreement fully signed");
        return Ok(done);
    }
    q::find(conn, &a.id)?.ok_or_else(AppError::internal)
}

/// Signing many at once (principals and hosts sign dozens): each item on its own.
pub fn sign_many(conn: &mut AnyConnection, user: &CurrentUser, items: &[(String, String)], ip: &str, s: &Settings) -> Vec<Result<Agreement, AppError>> {
    items.iter().map(|(id, hash)| sign(conn, &AgreementId::from(id.as_str()), user, hash, ip, s)).collect()
}

/// A link sent to one representative: where, or why not.
pub struct LinkOutcome {
    pub party: Party,
    pub sent_to: Option<String>,
    pub problem: Option<String>,
}

fn mask(destination: &str) -> String {
    match destination.split_once('@') {
        Some((user, domain)) => format!("{}…@{domain}", user.chars().next().unwrap_or('*')),
        None => {
            let n = destination.chars().count();
            format!("{}{}", "•".repeat(n.saturating_sub(2)), destination.chars().skip(n.saturating_sub(2)).collect::<String>())
        }
    }
}

/// Sends a link to each legal representative who has not signed this version. `by` is the
/// staff member asking (a resend): then the per-representative limits apply.
fn send_links_now(conn: &mut AnyConnection, a: &Agreement, by: Option<&str>, s: &Settings) -> AppResult<Vec<LinkOutcome>> {
    let pupil = pupil_facts(conn, a)?;
    let signatures = q::live_signatures(conn, &a.id)?;
    let waiting: Vec<Party> = missing(a, &pupil, &signatures).into_iter().filter(|p| p.legal_rep_index().is_some()).collect();
    let links = q::links_of(conn, &a.id)?;
    let now = db::now();
    let mut out = Vec::new();
    for party in waiting {
        let Some(rep) = party.legal_rep_index().and_then(|i| pupil.legal_representatives.get(i)) else {
            out.push(LinkOutcome {
                party, sent_to: None, problem: Some("Aucun représentant légal n'est renseigné : complétez le profil de l'élève.".into())
            });
            continue;
        };
        let (channel, to) = match (rep.email.as_deref().filter(|e| !e.is_empty()), rep.phone.as_deref().filter(|p| !p.is_empty())) {
            (Some(e), _) => ("email", e.to_owned()),
            (None, Some(p)) => ("sms", p.to_owned()),
            _ => {
                out.push(LinkOutcome {
                    party,
                    sent_to: None,
                    problem: Some(format!("Ni e-mail ni téléphone pour {} : complétez le profil de l'élève.", rep.name)),
                });
                continue;
            }
        };
        if by.is_some() {
            // The limits count the school's resends (links sent by the platform itself when the
            // agreement becomes ready do not use them up).
            let sent: Vec<NaiveDateTime> = links.iter().filter(|l| l.party == party.as_str() && l.created_by.is_some()).map(|l| l.created_at).collect();
            if let Err(wait) = rules::link_send_allowed(&sent, now) {
                let mut e = AppError::rate_limited(wait as u64).with_code(ErrorCode::LinkResendLimit);
                e.message = format!(
                    "Le lien a déjà été renvoyé récemment (3 envois par jour au plus, à 5 minutes d'intervalle) : réessayez dans {} minute(s).",
                    (wait + 59) / 60
                );
                return Err(e);
            }
        }
        q::revoke_links(conn, &a.id, party.as_str(), now)?;
        let token = tokens::random_secret();
        q::insert_link(
            conn,
            &SigningLink {
                id: db::new_id(),
                agreement_id: a.id.clone(),
                party: party.as_str().into(),
                token_hash: tokens::hash_secret(&token),
                channel: channel.into(),
                destination: to.clone(),
                code_hash: None,
                code_expires_at: None,
                failed_attempts: 0,
                locked_at: None,
                used_at: None,
                revoked_at: None,
                expires_at: now + Duration::days(rules::LINK_VALIDITY_DAYS),
                created_by: by.map(str::to_owned),
                created_at: now,
            },
        )?;
        notify::signing_link(conn, channel, &to, &rep.name, &pupil.name, &format!("{}/convention/signer/{token}", s.public_url))?;
        out.push(LinkOutcome { party, sent_to: Some(mask(&to)), problem: None });
    }
    Ok(out)
}

/// The school sends (again) the signing links to the legal representatives.
pub fn send_links(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser, s: &Settings) -> AppResult<Vec<LinkOutcome>> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_send_links(access)?;
        if a.status != Status::ToSign {
            return Err(AppError::conflict("La convention n'est pas en signature.").with_code(ErrorCode::NotReadyToSign));
        }
        send_links_now(conn, &a, Some(&user.id), s)
    })
}

/// A link as its holder sees it: the agreement, and whom they sign for.
pub struct LinkView {
    pub agreement: Agreement,
    pub link: SigningLink,
    pub representative: String,
    pub pupil_name: String,
}

fn usable_link(conn: &mut AnyConnection, token: &str) -> AppResult<LinkView> {
    let link = q::link_by_token_hash(conn, &tokens::hash_secret(token))?.ok_or_else(|| AppError::not_found("Lien de signature inconnu."))?;
    let now = db::now();
    if let Some((code, message)) = rules::link_problem(link.used_at.is_some(), link.revoked_at.is_some(), link.locked_at.is_some(), link.expires_at, now) {
        return Err(AppError::new(code, message));
    }
    let agreement = q::find(conn, &link.agreement_id)?.ok_or_else(AppError::internal)?;
    if agreement.status != Status::ToSign {
        return Err(AppError::new(ErrorCode::SigningClosed, "Cette convention n'est plus en signature."));
    }
    let pupil = pupil_facts(conn, &agreement)?;
    let representative = Party::parse(&link.party)
        .and_then(|p| p.legal_rep_index())
        .and_then(|i| pupil.legal_representatives.get(i))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    Ok(LinkView { agreement, link, representative, pupil_name: pupil.name })
}

pub fn open_link(conn: &mut AnyConnection, token: &str) -> AppResult<LinkView> {
    usable_link(conn, token)
}

/// Sends the one-time code to the link's own destination.
pub fn send_code(conn: &mut AnyConnection, token: &str) -> AppResult<String> {
    db::transaction(conn, |conn| {
        let v = usable_link(conn, token)?;
        let code = tokens::random_code();
        q::set_link_code(conn, &v.link.id, &tokens::hash_code(&v.link.id, "sign", &code), db::now() + Duration::minutes(rules::CODE_VALIDITY_MINUTES))?;
        notify::signing_code(conn, &v.link.channel, &v.link.destination, &v.representative, &code)?;
        Ok(mask(&v.link.destination))
    })
}

/// The legal representative signs with the code. Five wrong codes lock the link.
pub fn sign_with_link(conn: &mut AnyConnection, token: &str, code: &str, hash: &str, ip: &str, s: &Settings) -> AppResult<Agreement> {
    let now = db::now();
    let outcome = db::transaction(conn, |conn| {
        let v = usable_link(conn, token)?;
        let good =
            v.link.code_hash.as_deref() == Some(tokens::hash_code(&v.link.id, "sign", code.trim()).as_str()) && v.link.code_expires_at.is_some_and(|e| e > now);
        if !good {
            let failures = q::link_failed(conn, &v.link.id, rules::MAX_CODE_FAILURES, now)?;
            return Ok(Err(failures));
        }
        if !q::use_link(conn, &v.link.id, now)? {
            return Err(AppError::new(ErrorCode::LinkUsed, "Ce lien de signature a déjà servi."));
        }
        let party = Party::parse(&v.link.party).ok_or_else(AppError::internal)?;
        Ok(Ok(record(conn, &v.agreement, party, None, &v.representative, "link_code", ip, hash, s)?))
    })?;
    // The failure counter is committed even though the answer is an error.
    outcome.map_err(|failures| {
        let left = rules::MAX_CODE_FAILURES - failures;
        if left <= 0 {
            AppError::new(ErrorCode::LinkLocked, "Trop de codes erronés : ce lien est bloqué. Demandez un nouveau lien à l'établissement.")
        } else {
            AppError::field("code", format!("Code incorrect ou expiré. Il vous reste {left} essai(s).")).with_code(ErrorCode::WrongCode)
        }
    })
}

/// What anyone holding the PDF may learn: whether this hash is the one signed, nothing personal.
pub struct Verification {
    pub valid: bool,
    pub signed: bool,
    pub message: String,
    pub status: Status,
    pub version: i32,
    pub signed_at: Option<NaiveDateTime>,
    pub signatures: usize,
}

pub fn verify(conn: &mut AnyConnection, id: &AgreementId, hash: &str) -> AppResult<Verification> {
    let a = q::find(conn, id)?.ok_or_else(not_found)?;
    let signatures = q::live_signatures(conn, &a.id)?;
    let text_intact = rules::sha256_hex(&a.document_text) == a.document_hash;
    let matches = text_intact && hash.trim().eq_ignore_ascii_case(&a.document_hash) && signatures.iter().all(|s| s.document_hash == a.document_hash);
    let signed = a.status == Status::Signed;
    let message = rules::verdict(matches, a.status, a.signed_at.map(crate::campaigns::rules::french));
    Ok(Verification { valid: matches && signed, signed, message, status: a.status, version: a.version, signed_at: a.signed_at, signatures: signatures.len() })
}

pub fn report_absence(
    conn: &mut AnyConnection,
    id: &AgreementId,
    user: &CurrentUser,
    day: NaiveDate,
    kind: &str,
    note: &str,
    s: &Settings,
) -> AppResult<AbsenceReport> {
    if !["absence", "illness"].contains(&kind) {
        return Err(AppError::field("kind", "Absence ou maladie."));
    }
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(AppError::field("note", "1000 caractères au plus."));
    }
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_act_as_host(access)?;
        if a.status == Status::Cancelled {
            return Err(AppError::conflict("Cette convention est annulée.").with_code(ErrorCode::AgreementCancelled));
        }
        if !rules::absence_day_ok(day, a.starts_on, a.ends_on) {
            return Err(AppError::field("day", "Choisissez un jour de la période de stage."));
        }
        let r = AbsenceReport {
            id: db::new_id(),
            agreement_id: a.id.clone(),
            day,
            kind: kind.into(),
            note: note.into(),
            reported_by: user.id.to_string(),
            created_at: db::now(),
        };
        q::insert_absence(conn, &r)?;
        let pupil = pupil_facts(conn, &a)?;
        let what = if kind == "illness" { "malade" } else { "absent(e)" };
        let line = format!(
            "Le tuteur signale que {} est {what} le {} pendant son stage.{}",
            pupil.name,
            day.format("%d/%m/%Y"),
            if note.is_empty() { String::new() } else { format!(" Message : {note}") }
        );
        if let Some(t) = a.school().map(|p| p.teacher_user_id) {
            notify::to_user_id(conn, &t, "Absence d'un élève en stage", &[&line], &a, &s.public_url)?;
        }
        let cpe: Vec<crate::accounts::User> = crate::schools::staff_with_users(conn, &a.school_uai)?
            .into_iter()
            .filter(|(m, _)| m.status == "active" && m.function == "cpe")
            .map(|(_, u)| u)
            .collect();
        for u in cpe {
            crate::accounts::tell(
                conn,
                &u,
                "Absence d'un élève en stage : prévenir la famille",
                &[&line, "Merci d'informer la famille de l'élève."],
                ("Voir la convention", &format!("{}/conventions/{}", s.public_url, a.id)),
            )?;
        }
        tracing::info!(agreement = %a.id, kind, "absence reported");
        Ok(r)
    })
}

/// The pupil asks for the attestation, from the internship's last day (`today`: Paris date by
/// the app's clock).
pub fn request_attestation(conn: &mut AnyConnection, id: &AgreementId, user: &CurrentUser, today: NaiveDate, s: &Settings) -> AppResult<Agreement> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_act_as_pupil(access)?;
        if a.status != Status::Signed {
            return Err(AppError::conflict("L'attestation se demande une fois la convention signée.").with_code(ErrorCode::NotSigned));
        }
        if let Some(m) = rules::attestation_too_early(today, a.ends_on) {
            return Err(AppError::conflict(m).with_code(ErrorCode::InternshipNotOver));
        }
        if q::request_attestation(conn, &a.id, db::now())? {
            let pupil = pupil_facts(conn, &a)?;
            notify::to_host(
                conn,
                &a,
                "Demande d'attestation de stage",
                &[&format!("{} demande son attestation de stage : délivrez-la en un clic.", pupil.name)],
                &s.public_url,
            )?;
        }
        q::find(conn, &a.id)?.ok_or_else(AppError::internal)
    })
}

/// The host issues the attestation, from the internship's last day, with the days the pupil
/// was present (none given: every weekday of the internship less the absences reported).
pub fn issue_attestation(
    conn: &mut AnyConnection,
    id: &AgreementId,
    user: &CurrentUser,
    days_present: Option<Vec<NaiveDate>>,
    today: NaiveDate,
    s: &Settings,
) -> AppResult<Agreement> {
    db::transaction(conn, |conn| {
        let (a, access) = load(conn, id, user)?;
        policy::may_act_as_host(access)?;
        if a.status != Status::Signed {
            return Err(AppError::conflict("L'attestation se délivre pour une convention signée.").with_code(ErrorCode::NotSigned));
        }
        if let Some(m) = rules::attestation_too_early(today, a.ends_on) {
            return Err(AppError::conflict(m).with_code(ErrorCode::InternshipNotOver));
        }
        let app = crate::applications::find(conn, &a.application_id)?.ok_or_else(AppError::internal)?;
        let days = rules::internship_days(&app.weeks());
        let present = match days_present {
            Some(given) => rules::days_present_checked(&given, &days).map_err(|(f, m)| AppError::field(&f, m))?,
            None => {
                let absent: Vec<NaiveDate> = q::absences(conn, &a.id)?.into_iter().map(|r| r.day).collect();
                days.iter().copied().filter(|d| !absent.contains(d)).collect()
            }
        };
        let json = serde_json::to_string(&present).map_err(|_| AppError::internal())?;
        if q::issue_attestation(conn, &a.id, &user.id, &json, db::now())? {
            notify::to_pupil(
                conn,
                &a,
                "Ton attestation de stage est prête",
                &["L'organisme d'accueil a délivré ton attestation de stage : tu peux la télécharger."],
                &s.public_url,
            )?;
        }
        q::find(conn, &a.id)?.ok_or_else(AppError::internal)
    })
}

/// The agreements the user may see, for their dashboard (of one school year when given).
pub fn list_for(conn: &mut AnyConnection, user: &CurrentUser, school_year: Option<&str>) -> AppResult<Vec<Agreement>> {
    match user.role {
        Role::Student => Ok(q::of_pupil(conn, &user.id)?.into_iter().filter(|a| school_year.is_none_or(|y| a.school_year == y)).collect()),
        Role::Employer | Role::Operator => {
            let orgs: Vec<OrganisationId> = crate::organisations::of_user(conn, &user.id)?.into_iter().map(|o| o.id).collect();
            Ok(q::of_organisations(conn, &orgs, school_year)?)
        }
        Role::SchoolStaff => {
            let mut out = Vec::new();
            for (m, _, _) in crate::schools::schools_of(conn, &user.id)?.into_iter().filter(|(m, _, _)| m.status == "active") {
                let signer = m.function == "principal" || q::is_delegate(conn, &m.school_uai, &user.id)?;
                let own = crate::schools::classes_of_member(conn, &m.id)?;
                let v = crate::schools::policy::visibility(user, Some(&m), own)?;
                let all = q::of_school(conn, &m.school_uai, school_year)?;
                if signer || v == crate::schools::policy::Visibility::WholeSchool {
                    out.extend(all);
                } else {
                    let ids: Vec<PupilId> = all.iter().map(|a| a.pupil_id.clone()).collect();
                    let classes: std::collections::HashMap<PupilId, ClassId> =
                        crate::pupils::with_users(conn, &ids)?.into_iter().map(|(p, _)| (p.user_id, p.class_id)).collect();
                    out.extend(all.into_iter().filter(|a| {
                        classes.get(&a.pupil_id).is_some_and(|c| v.sees_class(c)) || a.school().is_some_and(|p| p.teacher_user_id == user.id.as_str())
                    }));
                }
            }
            Ok(out)
        }
        _ => Err(AppError::forbidden("Les conventions se consultent depuis l'espace de l'élève, de l'organisme ou de l'établissement.")),
    }
}

/// The principal lets a staff member fill and sign agreements for the school (or stops).
/// `(the delegate's user id, named by the deprecated membership id)`.
pub fn set_delegate(conn: &mut AnyConnection, uai: &str, user_id: &str, user: &CurrentUser, on: bool) -> AppResult<(UserId, bool)> {
    db::transaction(conn, |conn| {
        let me = crate::schools::member(conn, uai, &user.id)?;
        const MISSING: &str = "Membre de l'équipe introuvable.";
        crate::schools::policy::may_manage_item(user, me.as_ref(), MISSING)?;
        let (target, legacy) = crate::schools::member_in_path(conn, uai, user_id)?.ok_or_else(|| AppError::not_found(MISSING))?;
        q::set_delegate(conn, uai, &target.user_id, &user.id, on, db::now())?;
        Ok((target.user_id, legacy))
    })
}

/// Reminders to whoever is late, every few days (the job runner calls it). A guarded claim
/// makes several replicas remind once.
pub fn remind(conn: &mut AnyConnection, now: NaiveDateTime, s: &Settings) -> AppResult<usize> {
    let mut done = 0;
    for a in q::due_reminders(conn, now - Duration::days(rules::REMINDER_EVERY_DAYS), 200)? {
        db::transaction(conn, |conn| {
            if !q::claim_reminder(conn, &a.id, a.last_reminder_at, now)? {
                return Ok(());
            }
            let line = "Rappel : une convention de stage attend votre action sur Passerelle.";
            match a.status {
                Status::HostToFill => notify::waiting_for(conn, &a, &[Party::Host], "Rappel : convention à remplir", line, &s.public_url)?,
                Status::SchoolToFill => notify::waiting_for(conn, &a, &[Party::School], "Rappel : convention à compléter", line, &s.public_url)?,
                Status::ToSign => {
                    let pupil = pupil_facts(conn, &a)?;
                    let waiting = missing(&a, &pupil, &q::live_signatures(conn, &a.id)?);
                    notify::waiting_for(conn, &a, &waiting, "Rappel : convention à signer", line, &s.public_url)?;
                    if waiting.iter().any(|p| p.legal_rep_index().is_some()) {
                        notify::waiting_for(
                            conn,
                            &a,
                            &[Party::School],
                            "Rappel : un représentant légal n'a pas signé",
                            "Un représentant légal n'a pas encore signé la convention : vous pouvez lui renvoyer le lien de signature.",
                            &s.public_url,
                        )?;
                    }
                }
                _ => {}
            }
            done += 1;
            Ok(())
        })?;
    }
    Ok(done)
}
