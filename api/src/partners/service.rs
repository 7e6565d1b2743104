//! Partner use cases: operators and their credentials, the token exchange, and the offer sync
//! by remote id (one implementation under the native and the legacy surfaces).

use crate::error::ErrorCode;
use crate::ids::{OfferId, OrganisationId, UserId};

use super::model::{Credential, Operator, PartnerOffer};
use super::rules::{self, PartnerOfferBody, PartnerOfferPatch};
use super::{policy, queries as q};
use crate::auth::{tokens, Admin, CurrentUser, Role};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::offers::model::Offer;
use crate::offers::rules::OfferStatus;
use crate::organisations::model::Organisation;
use crate::schools::rules::SchoolYear;

fn not_found() -> AppError {
    AppError::not_found("Offre introuvable pour ce partenaire.")
}

pub struct NewOperator {
    pub organisation: crate::organisations::service::NewOrganisation,
    pub departments: Vec<String>,
    pub full_search: bool,
    pub open_data: bool,
    pub rate_limit_per_minute: Option<i32>,
}

fn departments_json(conn: &mut AnyConnection, departments: &[String]) -> AppResult<String> {
    let known: Vec<String> = crate::reference::departments(conn)?.into_iter().map(|d| d.code).collect();
    let mut err = AppError::validation();
    for (i, d) in departments.iter().enumerate() {
        if !known.contains(d) {
            err = err.with_field(&format!("departments[{i}]"), "Département inconnu.");
        }
    }
    if !err.fields.is_empty() {
        return Err(err);
    }
    serde_json::to_string(departments).map_err(|_| AppError::internal())
}

fn rate_ok(rate: i32) -> AppResult<i32> {
    if (1..=100_000).contains(&rate) {
        Ok(rate)
    } else {
        Err(AppError::field("rate_limit_per_minute", "Entre 1 et 100 000 requêtes par minute."))
    }
}

/// An admin registers a partner association (its organisation carries its offers). The `Admin`
/// parameters of this file are the proof that the caller is one (checked by the extractor).
pub fn create_operator(conn: &mut AnyConnection, admin: &Admin, n: NewOperator, default_rate: i32) -> AppResult<(Operator, Organisation)> {
    let departments = departments_json(conn, &n.departments)?;
    let rate = rate_ok(n.rate_limit_per_minute.unwrap_or(default_rate))?;
    db::transaction(conn, |conn| {
        let org = crate::organisations::service::create_as(conn, admin, n.organisation, false)?;
        let now = db::now();
        let op = Operator {
            id: db::new_id(),
            organisation_id: org.id.to_string(),
            departments,
            full_search: n.full_search,
            open_data: n.open_data,
            rate_limit_per_minute: rate,
            created_by: admin.id.to_string(),
            created_at: now,
            updated_at: now,
            legacy_token_hash: None,
        };
        q::insert_operator(conn, &op)?;
        tracing::info!(operator = %op.id, "operator registered");
        Ok((op, org))
    })
}

pub struct Flags {
    pub departments: Option<Vec<String>>,
    pub full_search: Option<bool>,
    pub open_data: Option<bool>,
    pub rate_limit_per_minute: Option<i32>,
}

pub fn update_operator(conn: &mut AnyConnection, _admin: &Admin, id: &str, f: Flags) -> AppResult<(Operator, Organisation)> {
    let op = q::operator(conn, id)?.ok_or_else(|| AppError::not_found("Partenaire introuvable."))?;
    let departments = match &f.departments {
        Some(d) => departments_json(conn, d)?,
        None => op.departments.clone(),
    };
    let rate = rate_ok(f.rate_limit_per_minute.unwrap_or(op.rate_limit_per_minute))?;
    q::set_flags(conn, id, &departments, f.full_search.unwrap_or(op.full_search), f.open_data.unwrap_or(op.open_data), rate, db::now())?;
    with_org(conn, id)
}

fn with_org(conn: &mut AnyConnection, id: &str) -> AppResult<(Operator, Organisation)> {
    let op = q::operator(conn, id)?.ok_or_else(|| AppError::not_found("Partenaire introuvable."))?;
    let org = crate::organisations::find(conn, &OrganisationId::from(op.organisation_id.as_str()))?.ok_or_else(AppError::internal)?;
    Ok((op, org))
}

pub fn all_operators(conn: &mut AnyConnection, _admin: &Admin) -> AppResult<Vec<(Operator, Organisation)>> {
    let ids: Vec<String> = q::operators(conn)?.into_iter().map(|o| o.id).collect();
    ids.iter().map(|id| with_org(conn, id)).collect()
}

/// An admin adds a member (an operator account, created and mailed when new).
pub fn add_member(conn: &mut AnyConnection, admin: &Admin, id: &str, email: &str, first: &str, last: &str, public_url: &str) -> AppResult<()> {
    let (_, org) = with_org(conn, id)?;
    crate::organisations::service::invite(conn, &org, admin, email, first, last, public_url, Role::Operator)
}

/// The operator, for one of its members (or an admin).
pub fn operator_for(conn: &mut AnyConnection, user: &CurrentUser, id: &str) -> AppResult<(Operator, Organisation)> {
    // The role first: other roles learn nothing about which associations exist.
    policy::may_act_for(user, true)?;
    let (op, org) = with_org(conn, id)?;
    let member = crate::organisations::is_member(conn, &org.id, &user.id)?;
    policy::may_act_for(user, member)?;
    Ok((op, org))
}

/// The operators the signed-in member belongs to.
pub fn mine(conn: &mut AnyConnection, user: &CurrentUser) -> AppResult<Vec<(Operator, Organisation)>> {
    policy::may_act_for(user, true)?;
    let mut out = Vec::new();
    for org in crate::organisations::of_user(conn, &user.id)? {
        if let Some(op) = q::operator_of_organisation(conn, &org.id)? {
            out.push((op, org));
        }
    }
    Ok(out)
}

/// A new credential: the secret is returned once and stored hashed.
pub fn create_credential(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, label: &str) -> AppResult<(Credential, String)> {
    let (op, _) = operator_for(conn, user, operator_id)?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(AppError::field("label", "Un nom de 1 à 100 caractères (par exemple « Serveur de production »)."));
    }
    if q::credentials(conn, &op.id)?.iter().filter(|c| c.revoked_at.is_none()).count() >= 10 {
        return Err(AppError::conflict("10 identifiants actifs au plus : révoquez-en un.").with_code(ErrorCode::TooManyCredentials));
    }
    let secret = tokens::random_secret();
    let c = Credential {
        id: db::new_id(),
        operator_id: op.id.clone(),
        client_id: format!("pas_{}", uuid::Uuid::now_v7().simple()),
        secret_hash: tokens::hash_secret(&secret),
        label: label.to_owned(),
        created_by: user.id.to_string(),
        created_at: db::now(),
        rotated_at: None,
        last_used_at: None,
        revoked_at: None,
    };
    q::insert_credential(conn, &c)?;
    tracing::info!(operator = %op.id, credential = %c.id, "API credential created");
    Ok((c, secret))
}

fn own_credential(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<Credential> {
    let (op, _) = operator_for(conn, user, operator_id)?;
    q::credential(conn, id)?.filter(|c| c.operator_id == op.id).ok_or_else(|| AppError::not_found("Identifiant introuvable."))
}

/// A new secret for the same client id; the old secret stops working at once.
pub fn rotate_credential(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<(Credential, String)> {
    let c = own_credential(conn, user, operator_id, id)?;
    let secret = tokens::random_secret();
    if !q::rotate_credential(conn, &c.id, &tokens::hash_secret(&secret), db::now())? {
        return Err(AppError::conflict("Cet identifiant est révoqué.").with_code(ErrorCode::CredentialRevoked));
    }
    Ok((q::credential(conn, &c.id)?.ok_or_else(AppError::internal)?, secret))
}

/// Revoked: the secret and every token obtained with it stop working at once.
pub fn revoke_credential(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, id: &str) -> AppResult<()> {
    let c = own_credential(conn, user, operator_id, id)?;
    q::revoke_credential(conn, &c.id, db::now())?;
    tracing::info!(credential = %c.id, "API credential revoked");
    Ok(())
}

pub fn credentials(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str) -> AppResult<Vec<Credential>> {
    let (op, _) = operator_for(conn, user, operator_id)?;
    Ok(q::credentials(conn, &op.id)?)
}

/// Marks the "credential" of a token obtained by e-mail and password (legacy surface).
pub const LEGACY_PREFIX: &str = "user:";
/// The "credential" of a call made with the v1 contract's static token.
pub const STATIC_TOKEN: &str = "v1-static-token";

/// A new v1 static token for the association (the previous one stops working at once); shown once.
pub fn issue_legacy_token(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str) -> AppResult<String> {
    let (op, _) = operator_for(conn, user, operator_id)?;
    let token = tokens::random_secret();
    q::set_legacy_token(conn, &op.id, &tokens::hash_secret(&token), db::now())?;
    tracing::info!(operator = %op.id, by = %user.id, "v1 static token issued");
    Ok(token)
}

/// The association a v1 static token belongs to (one answer for every failure).
pub fn operator_by_legacy_token(conn: &mut AnyConnection, token: &str) -> AppResult<String> {
    q::operator_by_legacy_token(conn, &tokens::hash_secret(token.trim()))?.map(|o| o.id).ok_or_else(|| AppError::unauthorized("wrong api token"))
}

/// The legacy log-in: an operator member's e-mail and password → (operator id, token subject).
pub fn legacy_login(conn: &mut AnyConnection, email: &str, password: &str, public_url: &str) -> AppResult<(String, String)> {
    let id = crate::accounts::rules::Identifier::parse(email).ok_or_else(|| AppError::unauthorized("Identifiants invalides."))?;
    let user = crate::accounts::service::log_in(conn, &id, password, None, public_url)?;
    if user.role() != Role::Operator {
        return Err(AppError::forbidden("Ce compte n'est pas celui d'une association partenaire."));
    }
    let orgs = crate::organisations::of_user(conn, &user.id)?;
    for org in orgs {
        if let Some(op) = q::operator_of_organisation(conn, &org.id)? {
            return Ok((op.id, format!("{LEGACY_PREFIX}{}", user.id)));
        }
    }
    Err(AppError::forbidden("Ce compte n'est rattaché à aucune association partenaire."))
}

/// Client credentials → (operator id, credential id). One answer for every failure.
pub fn exchange(conn: &mut AnyConnection, client_id: &str, secret: &str) -> AppResult<(String, String)> {
    let refused = || AppError::unauthorized("Identifiant ou secret invalide.").with_code(ErrorCode::InvalidClient);
    let c = q::credential_by_client(conn, client_id.trim())?.filter(|c| c.revoked_at.is_none()).ok_or_else(refused)?;
    if tokens::hash_secret(secret.trim()) != c.secret_hash {
        return Err(refused());
    }
    q::touch_credential(conn, &c.id, db::now())?;
    Ok((c.operator_id, token_credential(&c.id, &c.secret_hash)))
}

/// What a token names as its credential: the credential and a prefix of its secret's hash, so
/// that rotating the secret ends the tokens obtained with the old one.
fn token_credential(id: &str, secret_hash: &str) -> String {
    format!("{id}#{}", &secret_hash[..secret_hash.len().min(16)])
}

/// Who calls a partner endpoint, and where they stand against their rate limit.
pub struct Caller {
    pub operator: Operator,
    pub organisation: Organisation,
    /// The person offers are recorded as created by: the credential's creator, or the member
    /// who logged in through the legacy surface.
    pub acting_user: String,
    pub limit: i32,
    pub remaining: i32,
    pub reset_seconds: i64,
    /// The time campaign openings are judged at.
    pub now: chrono::NaiveDateTime,
}

/// Checks the token's credential is still valid and counts the request against the operator's
/// limit (shared by replicas). 429 with the limit headers beyond it.
pub fn authorise(conn: &mut AnyConnection, operator_id: &str, credential_id: &str, now_epoch: i64, now: chrono::NaiveDateTime) -> AppResult<Caller> {
    let unauthorised = || AppError::unauthorized("Jeton partenaire révoqué ou invalide : demandez-en un nouveau.");
    // The static v1 token acts for the association itself: offers are recorded as created by
    // the admin who registered it.
    if credential_id == STATIC_TOKEN {
        let (op, _) = with_org(conn, operator_id).map_err(|_| unauthorised())?;
        return authorise_as(conn, operator_id, op.created_by, now_epoch, now);
    }
    let acting_user = match credential_id.strip_prefix(LEGACY_PREFIX) {
        // A legacy token (e-mail and password log-in): the person must still be a member.
        Some(user_id) => {
            let (_, org) = with_org(conn, operator_id).map_err(|_| unauthorised())?;
            if !crate::organisations::is_member(conn, &org.id, user_id)? {
                return Err(unauthorised());
            }
            user_id.to_owned()
        }
        None => {
            let (id, _) = credential_id.split_once('#').ok_or_else(unauthorised)?;
            q::credential(conn, id)?
                .filter(|c| c.revoked_at.is_none() && c.operator_id == operator_id && token_credential(&c.id, &c.secret_hash) == credential_id)
                .ok_or_else(unauthorised)?
                .created_by
        }
    };
    authorise_as(conn, operator_id, acting_user, now_epoch, now)
}

fn authorise_as(conn: &mut AnyConnection, operator_id: &str, acting_user: String, now_epoch: i64, now: chrono::NaiveDateTime) -> AppResult<Caller> {
    let unauthorised = || AppError::unauthorized("Jeton partenaire révoqué ou invalide : demandez-en un nouveau.");
    let (operator, organisation) = with_org(conn, operator_id).map_err(|_| unauthorised())?;
    let (window, reset_seconds) = rules::rate_window(now_epoch);
    let hits = q::hit(conn, &operator.id, window)?;
    let limit = operator.rate_limit_per_minute;
    let remaining = (limit - hits).max(0);
    if hits > limit {
        let mut e = AppError::rate_limited(reset_seconds as u64);
        e.message = format!("Limite de {limit} requêtes par minute atteinte : réessayez dans {reset_seconds} s.");
        e.headers = limit_headers(limit, 0, reset_seconds);
        return Err(e);
    }
    Ok(Caller { operator, organisation, acting_user, limit, remaining, reset_seconds, now })
}

pub fn limit_headers(limit: i32, remaining: i32, reset: i64) -> Vec<(&'static str, String)> {
    vec![("X-RateLimit-Limit", limit.to_string()), ("X-RateLimit-Remaining", remaining.to_string()), ("X-RateLimit-Reset", reset.to_string())]
}

/// An offer as the partner sees it.
pub struct View {
    pub row: PartnerOffer,
    pub body: PartnerOfferBody,
    pub offer: Offer,
}

pub fn view(conn: &mut AnyConnection, row: PartnerOffer) -> AppResult<View> {
    let offer = crate::offers::find(conn, &row.offer_id)?.ok_or_else(AppError::internal)?;
    let body = serde_json::from_str(&row.body).map_err(|_| AppError::internal())?;
    Ok(View { row, body, offer })
}

fn problems(p: Vec<(String, String)>) -> AppError {
    p.into_iter().fold(AppError::validation(), |e, (f, m)| e.with_field(&f, m))
}

/// Checks the body against the reference data and builds the offer's row: offer `id` written
/// by `author` (a new offer's fresh id and the acting user, or the existing offer's own).
fn offer_fields(
    conn: &mut AnyConnection,
    c: &Caller,
    b: &PartnerOfferBody,
    id: &OfferId,
    author: &UserId,
) -> AppResult<(Offer, Vec<crate::schools::rules::IsoWeek>)> {
    let sector_known = crate::reference::sector_exists(conn, b.sector_id.trim())?;
    let mut seconde = std::collections::HashMap::new();
    for y in [SchoolYear::of(chrono::Utc::now().date_naive()), SchoolYear::of(chrono::Utc::now().date_naive() + chrono::Duration::days(366))] {
        seconde.insert(y.start, crate::schools::years::seconde_weeks(conn, y)?);
    }
    let current = SchoolYear::of(chrono::Utc::now().date_naive());
    let lookup = |y: SchoolYear| seconde.get(&y.start).cloned().unwrap_or_else(|| y.default_seconde_weeks().to_vec());
    let mut issues = rules::check(b, current, lookup, sector_known);
    let commune = if rules::postal_code_ok(&b.zipcode) { crate::reference::geocode_address(conn, b.zipcode.trim(), &b.city)? } else { None };
    if commune.is_none() && rules::postal_code_ok(&b.zipcode) {
        let mut p = issues.err().unwrap_or_default();
        p.push(("zipcode".into(), "Code postal inconnu.".into()));
        issues = Err(p);
    }
    let v = issues.map_err(problems)?;
    let commune = commune.ok_or_else(AppError::internal)?;
    let (lat, lon) = match (b.latitude, b.longitude) {
        (Some(lat), Some(lon)) => (lat, lon),
        _ => commune
            .latitude
            .zip(commune.longitude)
            .ok_or_else(|| AppError::field("zipcode", "Position inconnue pour ce code postal : donnez latitude et longitude."))?,
    };
    let now = db::now();
    let status = if b.published { OfferStatus::Published } else { OfferStatus::Unpublished };
    let offer = Offer {
        id: id.clone(),
        organisation_id: c.organisation.id.clone(),
        created_by: author.clone(),
        status,
        hidden: false,
        school_year: v.year.label(),
        grade_family: v.family.as_str().into(),
        title: b.title.trim().into(),
        description: b.description.trim().into(),
        sector_id: b.sector_id.trim().into(),
        jobs: String::new(),
        activities: String::new(),
        address: b.street.trim().into(),
        postal_code: b.zipcode.trim().into(),
        city: commune.name.clone(),
        department_code: commune.department_code.clone(),
        latitude: lat,
        longitude: lon,
        tutor: "{}".into(),
        places_per_week: b.places,
        group_mode: "individual".into(),
        rep_only: false,
        schedule: "[]".into(),
        lunch: "none".into(),
        accessibility: String::new(),
        practical_info: String::new(),
        search_text: crate::offers::rules::search_text(&b.title, &b.description, &b.employer_name, ""),
        geo_id: None,
        renewed_from: None,
        published_at: b.published.then_some(now),
        created_at: now,
        updated_at: now,
    };
    if b.published {
        // Associations publish on the hosts' calendar (and never into a closed year).
        crate::campaigns::service::may_publish(conn, &offer, c.now)?;
    }
    Ok((offer, v.weeks))
}

/// The body as stored and shown back: its weeks and school year as they were understood (a
/// seconde offer's national weeks, the current year when none was given), text trimmed.
fn canonical(b: &PartnerOfferBody, offer: &Offer, weeks: &[crate::schools::rules::IsoWeek]) -> AppResult<(PartnerOfferBody, String, String)> {
    let mut n = b.clone();
    n.weeks = weeks.iter().map(|w| rules::week_text(*w)).collect();
    n.school_year = Some(offer.school_year.clone());
    n.grades = n.grades.iter().map(|g| g.trim().to_owned()).collect();
    n.permalink = n.permalink.trim().to_owned();
    n.sector_id = n.sector_id.trim().to_owned();
    n.zipcode = n.zipcode.trim().to_owned();
    let json = serde_json::to_string(&n).map_err(|_| AppError::internal())?;
    let hash = crate::agreements::rules::sha256_hex(&json);
    Ok((n, json, hash))
}

/// Writes a new version of an existing partner offer (moderation and history are kept).
fn replace(conn: &mut AnyConnection, c: &Caller, row: &PartnerOffer, b: &PartnerOfferBody) -> AppResult<View> {
    let current = crate::offers::find(conn, &row.offer_id)?.ok_or_else(AppError::internal)?;
    let (fields, weeks) = offer_fields(conn, c, b, &current.id, &current.created_by)?;
    let (b, json, hash) = canonical(b, &fields, &weeks)?;
    if hash == row.body_hash {
        return view(conn, row.clone());
    }
    let now = db::now();
    let mut updated = fields;
    updated.hidden = current.hidden;
    updated.geo_id = current.geo_id;
    updated.created_at = current.created_at;
    updated.published_at = if b.published { current.published_at.or(Some(now)) } else { current.published_at };
    db::transaction(conn, |conn| {
        crate::offers::save(conn, &updated, crate::offers::Write::Existing, Some(&weeks))?;
        q::save_body(conn, &row.offer_id, b.permalink.trim(), &json, &hash, now)?;
        Ok(())
    })?;
    let saved = q::by_offer(conn, &row.offer_id)?.ok_or_else(AppError::internal)?;
    view(conn, saved)
}

fn insert(conn: &mut AnyConnection, c: &Caller, remote_id: &str, b: &PartnerOfferBody) -> AppResult<View> {
    let (offer, weeks) = offer_fields(conn, c, b, &OfferId::new(), &UserId::from(c.acting_user.clone()))?;
    let (_, json, hash) = canonical(b, &offer, &weeks)?;
    let now = db::now();
    let row = PartnerOffer {
        offer_id: offer.id.clone(),
        operator_id: c.operator.id.clone(),
        remote_id: remote_id.to_owned(),
        permalink: b.permalink.trim().into(),
        body: json,
        body_hash: hash,
        clicks: 0,
        expired_notified: false,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    db::transaction(conn, |conn| {
        crate::offers::save(conn, &offer, crate::offers::Write::New, Some(&weeks))?;
        q::insert_offer(conn, &row)?;
        Ok(())
    })?;
    tracing::info!(operator = %c.operator.id, offer = %offer.id, "partner offer created");
    view(conn, row)
}

fn remote(remote_id: &str) -> AppResult<&str> {
    match rules::remote_id_problem(remote_id) {
        Some(m) => Err(AppError::field("remote_id", m)),
        None => Ok(remote_id),
    }
}

/// PUT: the whole offer. `true` when created. The same body twice changes nothing.
pub fn upsert(conn: &mut AnyConnection, c: &Caller, remote_id: &str, b: &PartnerOfferBody) -> AppResult<(View, bool)> {
    let remote_id = remote(remote_id)?;
    match q::live(conn, &c.operator.id, remote_id)? {
        Some(row) => Ok((replace(conn, c, &row, b)?, false)),
        None => match insert(conn, c, remote_id, b) {
            Ok(v) => Ok((v, true)),
            // Two PUTs at once: the unique index kept one; the other replaces it.
            Err(e) if e.code == ErrorCode::AlreadyExists => {
                let row = q::live(conn, &c.operator.id, remote_id)?.ok_or(e)?;
                Ok((replace(conn, c, &row, b)?, false))
            }
            Err(e) => Err(e),
        },
    }
}

/// Creating only (the legacy POST): 409 `DUPLICATE` when the remote id is live.
pub fn create_only(conn: &mut AnyConnection, c: &Caller, remote_id: &str, b: &PartnerOfferBody) -> AppResult<View> {
    let remote_id = remote(remote_id)?;
    if q::live(conn, &c.operator.id, remote_id)?.is_some() {
        return Err(AppError::conflict("Une offre existe déjà avec cet identifiant distant.").with_code(ErrorCode::Duplicate));
    }
    insert(conn, c, remote_id, b)
}

/// PATCH: the fields present change, the others stay.
pub fn patch(conn: &mut AnyConnection, c: &Caller, remote_id: &str, p: PartnerOfferPatch) -> AppResult<View> {
    let row = q::live(conn, &c.operator.id, remote_id)?.ok_or_else(not_found)?;
    let body: PartnerOfferBody = serde_json::from_str(&row.body).map_err(|_| AppError::internal())?;
    replace(conn, c, &row, &body.patched(p))
}

/// DELETE: the offer leaves search; later PATCH/DELETE answer 404, a later PUT creates anew.
pub fn delete(conn: &mut AnyConnection, c: &Caller, remote_id: &str) -> AppResult<()> {
    let row = q::live(conn, &c.operator.id, remote_id)?.ok_or_else(not_found)?;
    db::transaction(conn, |conn| {
        if !q::mark_deleted(conn, &row.offer_id, db::now())? {
            return Err(not_found());
        }
        let mut offer = crate::offers::find(conn, &row.offer_id)?.ok_or_else(AppError::internal)?;
        offer.status = OfferStatus::Deleted;
        offer.updated_at = db::now();
        crate::offers::save(conn, &offer, crate::offers::Write::Existing, None)?;
        Ok(())
    })
}

/// Whether a deleted offer with this remote id exists (the legacy surface answers 409).
pub fn was_deleted(conn: &mut AnyConnection, c: &Caller, remote_id: &str) -> AppResult<bool> {
    use crate::db::schema::partner_offers as po;
    use diesel::prelude::*;
    let n: i64 = po::table
        .filter(po::operator_id.eq(&c.operator.id))
        .filter(po::remote_id.eq(remote_id))
        .filter(po::deleted_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub struct Page {
    pub items: Vec<View>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

pub fn list(conn: &mut AnyConnection, c: &Caller, page: Option<i64>, per_page: Option<i64>) -> AppResult<Page> {
    list_of(conn, &c.operator.id, page, per_page)
}

/// The offers of an association, for its members in the SPA (with their clicks).
pub fn offers_for_member(conn: &mut AnyConnection, user: &CurrentUser, operator_id: &str, page: Option<i64>, per_page: Option<i64>) -> AppResult<Page> {
    let (op, _) = operator_for(conn, user, operator_id)?;
    list_of(conn, &op.id, page, per_page)
}

fn list_of(conn: &mut AnyConnection, operator_id: &str, page: Option<i64>, per_page: Option<i64>) -> AppResult<Page> {
    let (page, per_page) = rules::page_bounds(page, per_page);
    let (total, rows) = q::page(conn, operator_id, (page - 1) * per_page, per_page)?;
    let ids: Vec<OfferId> = rows.iter().map(|r| r.offer_id.clone()).collect();
    let mut offers: std::collections::HashMap<OfferId, Offer> = crate::offers::load_many(conn, &ids)?.into_iter().map(|o| (o.id.clone(), o)).collect();
    let items = rows
        .into_iter()
        .map(|row| {
            let offer = offers.remove(&row.offer_id).ok_or_else(AppError::internal)?;
            let body = serde_json::from_str(&row.body).map_err(|_| AppError::internal())?;
            Ok(View { row, body, offer })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page { items, total, page, per_page })
}

/// One item of a batch: its own success or failure.
pub fn batch(conn: &mut AnyConnection, c: &Caller, items: Vec<(String, PartnerOfferBody)>) -> Vec<AppResult<(View, bool)>> {
    items.into_iter().map(|(remote_id, body)| upsert(conn, c, &remote_id, &body)).collect()
}

/// A pupil follows a partner offer's link: counted once per visitor and day, then sent to the
/// partner's page. `visitor` is a keyed hash of who asked (never stored in clear).
pub fn follow(conn: &mut AnyConnection, offer_id: &OfferId, visitor: &str, now: chrono::NaiveDateTime) -> AppResult<String> {
    let row = q::by_offer(conn, offer_id)?.filter(|r| r.deleted_at.is_none()).ok_or_else(|| AppError::not_found("Offre introuvable."))?;
    // Before the pupils' opening of its grade family, the offer leads nowhere (as its page).
    let offer = crate::offers::find(conn, offer_id)?.ok_or_else(|| AppError::not_found("Offre introuvable."))?;
    if !crate::campaigns::service::opened_to_pupils(conn, &offer.school_year, &offer.grade_family, now)? {
        return Err(AppError::not_found("Offre introuvable."));
    }
    q::count_click(conn, offer_id, visitor, now.date())?;
    Ok(row.permalink)
}

/// For the search and offer pages: the permalink of a live partner offer.
pub fn permalink(conn: &mut AnyConnection, offer_id: &str) -> AppResult<Option<String>> {
    Ok(q::by_offer(conn, offer_id)?.filter(|r| r.deleted_at.is_none()).map(|r| r.permalink))
}
