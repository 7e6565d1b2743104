//! The permission table: for every operation of the OpenAPI document and every role, the
//! answer expected. An operation without a row fails `every_operation_has_a_row`.

use crate::common;

use common::TestApp;
use serde_json::{json, Value};

/// What a role gets: `Allowed` means anything but 401/403 (the request may still be
/// refused for its content); the others are exact statuses.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    Unauthorized,
    Forbidden,
}
use Expect::*;

/// Actors, in the order of the `expect` arrays below.
const ACTORS: [&str; 10] = ["anonymous", "student", "principal", "teacher", "employer", "operator", "referent_department", "referent_national", "admin", "cpe"];

struct Row {
    method: &'static str,
    path: &'static str,
    body: fn() -> Option<Value>,
    expect: [Expect; 10],
}

const PUBLIC: [Expect; 10] = [Allowed; 10];
const SIGNED_IN: [Expect; 10] = [Unauthorized, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed];
const STAFF_ONLY: [Expect; 10] = [Unauthorized, Forbidden, Allowed, Allowed, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed];
const PUPIL_ONLY: [Expect; 10] = [Unauthorized, Allowed, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
/// Staff and admins reach the school's items; the table's `{uai}` is no school of the staff, so
/// they are told it does not exist (404, which passes the role gate).
const STAFF_OR_ADMIN: [Expect; 10] = [Unauthorized, Forbidden, Allowed, Allowed, Forbidden, Forbidden, Forbidden, Forbidden, Allowed, Allowed];
const ADMIN_ONLY: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed, Forbidden];
const REFERENT_OR_ADMIN: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed, Allowed, Allowed, Forbidden];
const EMPLOYER_ONLY: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Allowed, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
/// Search is public, but the table's pupil has no school yet: 403 `NOT_ENROLLED`.
const SEARCH: [Expect; 10] = [Allowed, Forbidden, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed];
/// Pupils with parental consent only; the table's pupil has none (403 `NOT_ENROLLED`), so
/// everyone is refused here — tests/applications.rs applies as a pupil with consent.
const PUPIL_WITH_CONSENT: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
/// Pupils in a class only; the table's pupil has none (403 `NOT_ENROLLED`) — tests/external_internships.rs
/// declares as a pupil of a class.
const PUPIL_ENROLLED: [Expect; 10] = PUPIL_WITH_CONSENT;
/// Agreements: parties and school staff (404 for an unknown one), never referents; the list is
/// for pupils, hosts and staff. Who is a party is checked in tests/agreements.rs.
const AGREEMENT: [Expect; 10] = [Unauthorized, Allowed, Allowed, Allowed, Allowed, Allowed, Forbidden, Forbidden, Allowed, Allowed];
const AGREEMENT_LIST: [Expect; 10] = [Unauthorized, Allowed, Allowed, Allowed, Allowed, Allowed, Forbidden, Forbidden, Forbidden, Allowed];
/// Partner endpoints take partner tokens only: every person's token is refused (401).
const PARTNER_ONLY: [Expect; 10] = [Unauthorized; 10];
const ADULTS: [Expect; 10] = [Unauthorized, Forbidden, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed];
/// Acting for a host organisation: its members (employers, partner associations' staff) and
/// admins; everyone else is refused by role (403 `FORBIDDEN`) before any membership check.
const HOST: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Allowed, Allowed, Forbidden, Forbidden, Allowed, Forbidden];
const OPERATOR_OR_ADMIN: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Allowed, Forbidden, Forbidden, Allowed, Forbidden];
const ADMIN_OR_NATIONAL_REFERENT: [Expect; 10] = [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed, Allowed, Forbidden];

fn none() -> Option<Value> {
    None
}

const TABLE: &[Row] = &[
    Row {
        method: "post",
        path: "/api/v1/auth/signup",
        body: || Some(json!({"email": "new-person@exemple.fr", "password": "x", "first_name": "A", "last_name": "B", "role": "student"})),
        expect: PUBLIC,
    },
    Row { method: "post", path: "/api/v1/auth/confirm", body: || Some(json!({"token": "nope"})), expect: PUBLIC },
    Row { method: "post", path: "/api/v1/auth/confirm/resend", body: || Some(json!({"identifier": "x@exemple.fr"})), expect: PUBLIC },
    // A new address each time: failed sign-ins of one address slow down from the third on.
    Row {
        method: "post",
        path: "/api/v1/auth/login",
        body: || Some(json!({"identifier": format!("x-{}@exemple.fr", uuid::Uuid::new_v4().simple()), "password": "wrong"})),
        expect: [Unauthorized; 10],
    },
    Row { method: "post", path: "/api/v1/auth/refresh", body: || Some(json!({"refresh_token": "nope"})), expect: [Unauthorized; 10] },
    Row { method: "post", path: "/api/v1/auth/logout", body: || Some(json!({})), expect: PUBLIC },
    Row { method: "post", path: "/api/v1/auth/password/forgot", body: || Some(json!({"identifier": "x@exemple.fr"})), expect: PUBLIC },
    Row { method: "post", path: "/api/v1/auth/password/reset", body: || Some(json!({"token": "nope", "password": "long-enough-password"})), expect: PUBLIC },
    Row { method: "post", path: "/api/v1/auth/unlock", body: || Some(json!({"token": "nope-nope-nope"})), expect: PUBLIC },
    Row { method: "post", path: "/api/v1/auth/email/confirm", body: || Some(json!({"token": "nope"})), expect: PUBLIC },
    Row { method: "get", path: "/api/v1/me", body: none, expect: SIGNED_IN },
    Row { method: "patch", path: "/api/v1/me", body: || Some(json!({"first_name": "A", "last_name": "B"})), expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/me/password",
        body: || Some(json!({"current_password": "wrong", "new_password": "long-enough-password"})),
        expect: SIGNED_IN,
    },
    Row { method: "post", path: "/api/v1/me/email", body: || Some(json!({"new_email": "z@exemple.fr", "current_password": "wrong"})), expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/reference/sectors", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/reference/departments", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/reference/naf/{code}", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/reference/communes", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/reference/schools", body: none, expect: PUBLIC },
    // Schools: signed-in staff only; object-level refusals are in tests/schools.rs.
    Row { method: "post", path: "/api/v1/schools", body: || Some(json!({"uai": "0000000A"})), expect: STAFF_ONLY },
    Row { method: "get", path: "/api/v1/schools/mine", body: none, expect: STAFF_ONLY },
    Row { method: "get", path: "/api/v1/schools/{uai}", body: none, expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/classes",
        body: || Some(json!({"school_year": "2026-2027", "name": "3e A", "grade": "troisieme"})),
        expect: SIGNED_IN,
    },
    Row { method: "get", path: "/api/v1/schools/{uai}/classes", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/schools/{uai}/weeks", body: none, expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/weeks/check",
        body: || Some(json!({"school_year": "2026-2027", "grade_family": "college", "weeks": []})),
        expect: SIGNED_IN,
    },
    Row {
        method: "put",
        path: "/api/v1/schools/{uai}/weeks",
        body: || Some(json!({"school_year": "2026-2027", "grade_family": "college", "weeks": []})),
        expect: SIGNED_IN,
    },
    Row { method: "get", path: "/api/v1/schools/{uai}/staff", body: none, expect: SIGNED_IN },
    Row {
        method: "put",
        path: "/api/v1/schools/{uai}/search-scope",
        body: || Some(json!({"national_search": true, "search_radius_km": 60})),
        expect: SIGNED_IN,
    },
    Row { method: "put", path: "/api/v1/schools/{uai}/split-placements", body: || Some(json!({"allowed": true})), expect: SIGNED_IN },
    Row { method: "put", path: "/api/v1/schools/{uai}/consent-settings", body: || Some(json!({"scan_required": true})), expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/staff",
        body: || Some(json!({"email": "x@ac-lyon.fr", "first_name": "X", "last_name": "Y", "function": "teacher"})),
        expect: SIGNED_IN,
    },
    Row { method: "post", path: "/api/v1/schools/{uai}/join", body: || Some(json!({"function": "teacher"})), expect: STAFF_ONLY },
    Row { method: "post", path: "/api/v1/schools/{uai}/staff/{user_id}/approve", body: || Some(json!({"class_ids": []})), expect: SIGNED_IN },
    Row { method: "delete", path: "/api/v1/schools/{uai}/staff/{user_id}", body: none, expect: SIGNED_IN },
    // Pupils: the pupil's own pages, and the staff's views (object-level refusals in tests/pupils.rs).
    Row { method: "get", path: "/api/v1/pupils/me", body: none, expect: PUPIL_ONLY },
    Row { method: "put", path: "/api/v1/pupils/me/enrolment", body: || Some(json!({"class_id": "nope"})), expect: PUPIL_ONLY },
    Row { method: "put", path: "/api/v1/pupils/me/profile", body: || Some(json!({"gender": "not_stated", "legal_representatives": []})), expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/schools/{uai}/public-classes", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/schools/{uai}/pupils", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/schools/{uai}/pupils/{pupil_id}", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/consent", body: || Some(json!({"consent_date": "2026-11-01"})), expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/split-approval", body: || Some(json!({"approved": true})), expect: SIGNED_IN },
    Row {
        method: "put",
        path: "/api/v1/schools/{uai}/pupils/{pupil_id}/priority-neighbourhood",
        body: || Some(json!({"lives_in_qpv": true})),
        expect: STAFF_ONLY,
    },
    Row {
        method: "put",
        path: "/api/v1/schools/{uai}/pupils/{pupil_id}/legal-representatives",
        body: || Some(json!({"legal_representatives": [{"name": "Awa Diallo", "email": "awa@famille.fr", "phone": null}]})),
        expect: SIGNED_IN,
    },
    Row { method: "get", path: "/api/v1/schools/{uai}/dashboard", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/schools/{uai}/audit", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/schools/{uai}/dashboard/export", body: none, expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/pupils",
        body: || Some(json!({"first_name": "A", "last_name": "B", "email": "a@exemple.fr", "class_id": "x"})),
        expect: SIGNED_IN,
    },
    Row { method: "post", path: "/api/v1/schools/{uai}/pupils/import", body: none, expect: SIGNED_IN },
    // The school is looked up first (the table's `{uai}` is registered by nobody: 404 for all);
    // only its principal imports (tests/pupils.rs refuses a teacher and another school's principal).
    Row { method: "post", path: "/api/v1/schools/{uai}/pupils/register-import", body: none, expect: SIGNED_IN },
    Row { method: "put", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/consent-form", body: none, expect: SIGNED_IN },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/pupils/{pupil_id}/consent/withdrawal",
        body: || Some(json!({"reason": "La famille a changé d'avis"})),
        expect: SIGNED_IN,
    },
    Row { method: "get", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/consent-form", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/schools/{uai}/join-requests", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/schools/{uai}/join-requests/{pupil_id}", body: || Some(json!({"decision": "approve"})), expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/schools/{uai}/classes/{class_id}/join-code", body: none, expect: SIGNED_IN },
    // National settings and priority-education derogations.
    Row { method: "get", path: "/api/v1/school-years/{school_year}", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/school-years", body: none, expect: PUBLIC },
    Row { method: "post", path: "/api/v1/me/totp", body: || Some(json!({})), expect: ADULTS },
    Row { method: "get", path: "/api/v1/me/export", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/me/deletion", body: || Some(json!({"password": "pas-le-bon"})), expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/me/totp/confirm", body: || Some(json!({"code": "000000"})), expect: ADULTS },
    Row { method: "delete", path: "/api/v1/me/totp", body: || Some(json!({"code": "000000"})), expect: ADULTS },
    Row { method: "delete", path: "/api/v1/admin/users/{user_id}/totp", body: none, expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/users/{user_id}/suspension", body: || Some(json!({"reason": "A quitté"})), expect: ADMIN_ONLY },
    Row { method: "delete", path: "/api/v1/admin/users/{user_id}/suspension", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/audit", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/audit/actors", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/organisations", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/me/terms", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/me/terms", body: || Some(json!({"version": 0})), expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/support/tickets", body: || Some(json!({"category": "other", "subject": "", "message": ""})), expect: PUBLIC },
    Row { method: "get", path: "/api/v1/admin/support/tickets", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/support/tickets/{ticket_id}", body: none, expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/support/tickets/{ticket_id}/assignee", body: || Some(json!({})), expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/support/tickets/{ticket_id}/replies", body: || Some(json!({"body": ""})), expect: ADMIN_ONLY },
    Row { method: "put", path: "/api/v1/admin/support/tickets/{ticket_id}/status", body: || Some(json!({"status": "closed"})), expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/me/feedback", body: none, expect: PUPIL_ONLY },
    Row {
        method: "put",
        path: "/api/v1/me/feedback/{application_id}",
        body: || Some(json!({"observed": "Des chantiers", "recommend": true})),
        expect: PUPIL_ONLY,
    },
    Row { method: "get", path: "/api/v1/schools/{uai}/feedback", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/organisations/{org_id}/feedback", body: none, expect: HOST },
    Row { method: "get", path: "/api/v1/reporting/quality", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/agreements/{agreement_id}/assessments", body: none, expect: AGREEMENT },
    Row { method: "put", path: "/api/v1/agreements/{agreement_id}/assessment", body: || Some(json!({"attendance": "full"})), expect: AGREEMENT },
    Row { method: "get", path: "/api/v1/documents/{file_name}", body: none, expect: PUBLIC },
    Row { method: "put", path: "/api/v1/admin/organisations/{org_id}", body: || Some(json!({})), expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/organisations/{org_id}/merge", body: || Some(json!({"into": ""})), expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/schools", body: none, expect: ADMIN_ONLY },
    Row { method: "put", path: "/api/v1/admin/schools/{uai}", body: || Some(json!({})), expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/schools/{uai}/merge", body: || Some(json!({"into": "X"})), expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/offers/hidden", body: none, expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/admin/targets/{school_year}", body: none, expect: ADMIN_ONLY },
    Row { method: "put", path: "/api/v1/admin/school-years/{school_year}", body: || Some(json!({})), expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/school-years/{school_year}/close", body: || Some(json!({"dry_run": true})), expect: ADMIN_ONLY },
    Row { method: "put", path: "/api/v1/admin/school-years/{school_year}/seconde-weeks", body: || Some(json!({"seconde_weeks": []})), expect: ADMIN_ONLY },
    Row { method: "put", path: "/api/v1/schools/{uai}/priority-derogation", body: || Some(json!({"reason": "Motif suffisant"})), expect: REFERENT_OR_ADMIN },
    Row { method: "delete", path: "/api/v1/schools/{uai}/priority-derogation", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/schools/{uai}/priority-derogation", body: none, expect: SIGNED_IN },
    // Organisations and offers (membership refusals in tests/offers.rs).
    Row { method: "get", path: "/api/v1/map-settings", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/ministries", body: none, expect: PUBLIC },
    Row { method: "post", path: "/api/v1/admin/ministries", body: || Some(json!({"name": "Ministère de test"})), expect: ADMIN_ONLY },
    Row {
        method: "post",
        path: "/api/v1/organisations",
        body: || Some(json!({"name": "X", "siret": "1", "kind": "company", "is_public": false, "address": "a", "postal_code": "1", "city": "c"})),
        expect: EMPLOYER_ONLY,
    },
    Row { method: "get", path: "/api/v1/organisations/lookup", body: none, expect: EMPLOYER_ONLY },
    Row { method: "get", path: "/api/v1/school-weeks/around", body: none, expect: ADULTS },
    Row { method: "get", path: "/api/v1/organisations/mine", body: none, expect: SIGNED_IN },
    // Only the invited person's own invitations are ever found (404 otherwise).
    Row { method: "get", path: "/api/v1/organisations/invitations", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/organisations/invitations/{invitation_id}/accept", body: none, expect: SIGNED_IN },
    Row { method: "post", path: "/api/v1/organisations/invitations/{invitation_id}/decline", body: none, expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/organisations/{org_id}", body: none, expect: HOST },
    Row { method: "get", path: "/api/v1/organisations/{org_id}/members", body: none, expect: HOST },
    Row {
        method: "post",
        path: "/api/v1/organisations/{org_id}/members",
        body: || Some(json!({"email": "a@b.fr", "first_name": "A", "last_name": "B"})),
        expect: HOST,
    },
    Row { method: "post", path: "/api/v1/organisations/{org_id}/offers", body: || Some(json!({})), expect: HOST },
    Row { method: "get", path: "/api/v1/organisations/{org_id}/offers", body: none, expect: HOST },
    Row { method: "get", path: "/api/v1/offers", body: none, expect: SEARCH },
    Row { method: "get", path: "/api/v1/offers/map", body: none, expect: SEARCH },
    Row { method: "get", path: "/api/v1/offers/suggestions", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/offers/{offer_id}", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/offers/{offer_id}/lodging", body: none, expect: PUBLIC },
    Row { method: "put", path: "/api/v1/offers/{offer_id}", body: || Some(json!({})), expect: HOST },
    Row { method: "delete", path: "/api/v1/offers/{offer_id}", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/offers/{offer_id}/publish", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/offers/{offer_id}/unpublish", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/offers/{offer_id}/duplicate", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/offers/{offer_id}/renew", body: || Some(json!({"school_year": "2027-2028"})), expect: HOST },
    Row { method: "post", path: "/api/v1/offers/{offer_id}/reports", body: || Some(json!({"reason": "Une raison assez longue"})), expect: SIGNED_IN },
    Row { method: "get", path: "/api/v1/admin/offer-reports", body: none, expect: ADMIN_ONLY },
    Row { method: "post", path: "/api/v1/admin/offer-reports/{report_id}/decision", body: || Some(json!({"decision": "keep"})), expect: ADMIN_ONLY },
    // Applications (the host's membership and the pupil's ownership are checked in tests/applications.rs).
    Row { method: "post", path: "/api/v1/offers/{offer_id}/applications", body: || Some(json!({"weeks": [], "motivation": ""})), expect: PUPIL_WITH_CONSENT },
    Row { method: "get", path: "/api/v1/pupils/me/applications", body: none, expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/pupils/me/favourites", body: none, expect: PUPIL_ONLY },
    Row { method: "put", path: "/api/v1/pupils/me/favourites/{offer_id}", body: none, expect: PUPIL_ONLY },
    Row { method: "delete", path: "/api/v1/pupils/me/favourites/{offer_id}", body: none, expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/pupils/me/applications/{application_id}", body: none, expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/pupils/me/external-internships", body: none, expect: PUPIL_ONLY },
    Row {
        method: "post",
        path: "/api/v1/pupils/me/external-internships",
        body: || Some(json!({"host_name": "", "street": "", "postal_code": "", "city": "", "weeks": []})),
        expect: PUPIL_ENROLLED,
    },
    Row { method: "delete", path: "/api/v1/pupils/me/external-internships/{id}", body: none, expect: PUPIL_ONLY },
    Row { method: "put", path: "/api/v1/pupils/me/external-internships/{id}/agreement", body: none, expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/schools/{uai}/external-internships", body: none, expect: STAFF_ONLY },
    Row {
        method: "post",
        path: "/api/v1/schools/{uai}/pupils/{pupil_id}/external-internships",
        body: || Some(json!({"host_name": "", "street": "", "postal_code": "", "city": "", "weeks": []})),
        expect: STAFF_ONLY,
    },
    Row { method: "post", path: "/api/v1/schools/{uai}/external-internships/{id}/decision", body: || Some(json!({"approved": true})), expect: STAFF_ONLY },
    Row { method: "delete", path: "/api/v1/schools/{uai}/external-internships/{id}", body: none, expect: STAFF_ONLY },
    Row { method: "put", path: "/api/v1/schools/{uai}/external-internships/{id}/agreement", body: none, expect: STAFF_ONLY },
    Row { method: "get", path: "/api/v1/schools/{uai}/external-internships/{id}/agreement", body: none, expect: STAFF_ONLY },
    Row { method: "post", path: "/api/v1/applications/{application_id}/confirm", body: none, expect: PUPIL_ONLY },
    Row { method: "post", path: "/api/v1/applications/{application_id}/cancel", body: none, expect: PUPIL_ONLY },
    Row { method: "get", path: "/api/v1/offers/{offer_id}/applications", body: none, expect: HOST },
    Row { method: "get", path: "/api/v1/applications/{application_id}", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/applications/{application_id}/accept", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/applications/{application_id}/reject", body: || Some(json!({"reason": "Plus de place"})), expect: HOST },
    Row { method: "post", path: "/api/v1/applications/{application_id}/cancel-by-host", body: || Some(json!({"reason": "Plus de place"})), expect: HOST },
    Row { method: "post", path: "/api/v1/applications/{application_id}/travel-message", body: none, expect: HOST },
    Row { method: "post", path: "/api/v1/applications/{application_id}/forward", body: || Some(json!({"user_id": "x"})), expect: HOST },
    Row {
        method: "post",
        path: "/api/v1/applications/reject-batch",
        body: || Some(json!({"application_ids": ["x"], "reason": "Plus de place"})),
        expect: HOST,
    },
    Row { method: "get", path: "/api/v1/organisations/{org_id}/applications", body: none, expect: HOST },
    Row { method: "get", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/applications", body: none, expect: SIGNED_IN },
    // Reporting (scope refusals in tests/reporting.rs).
    Row { method: "get", path: "/api/v1/stats", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/stats/export", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "post", path: "/api/v1/stats/refresh", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/stats/priority-schools", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/stats/series", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/me/kpi-email", body: none, expect: REFERENT_OR_ADMIN },
    Row { method: "put", path: "/api/v1/me/kpi-email", body: || Some(json!({"subscribed": true})), expect: REFERENT_OR_ADMIN },
    Row { method: "get", path: "/api/v1/public/stats", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/public/stats/export", body: none, expect: PUBLIC },
    Row {
        method: "put",
        path: "/api/v1/admin/targets/{school_year}/{kind}/{code}",
        body: || Some(json!({"label": "Loire", "target_total": 1, "target_public": 1, "target_private": 0})),
        expect: ADMIN_ONLY,
    },
    Row {
        method: "post",
        path: "/api/v1/admin/users",
        body: || {
            Some(
                json!({"email": format!("ref-{}@exemple.fr", uuid::Uuid::new_v4().simple()), "first_name": "R", "last_name": "S", "role": "referent", "scope": {"kind": "department", "code": "13"}}),
            )
        },
        expect: ADMIN_OR_NATIONAL_REFERENT,
    },
    Row { method: "get", path: "/api/v1/admin/users", body: none, expect: ADMIN_ONLY },
    // Agreements.
    Row { method: "get", path: "/api/v1/agreements", body: none, expect: AGREEMENT_LIST },
    Row {
        method: "post",
        path: "/api/v1/agreements/sign-batch",
        body: || Some(json!({"items": [{"agreement_id": "x", "document_hash": "y"}]})),
        expect: SIGNED_IN,
    },
    Row { method: "get", path: "/api/v1/agreements/{agreement_id}", body: none, expect: AGREEMENT },
    Row { method: "put", path: "/api/v1/agreements/{agreement_id}/host-part", body: || Some(json!({})), expect: AGREEMENT },
    Row { method: "put", path: "/api/v1/agreements/{agreement_id}/school-part", body: || Some(json!({})), expect: AGREEMENT },
    Row { method: "post", path: "/api/v1/agreements/{agreement_id}/sign", body: || Some(json!({"document_hash": "0".repeat(64)})), expect: AGREEMENT },
    Row { method: "post", path: "/api/v1/agreements/{agreement_id}/signing-links", body: none, expect: AGREEMENT },
    Row { method: "get", path: "/api/v1/agreements/{agreement_id}/pdf", body: none, expect: AGREEMENT },
    Row { method: "get", path: "/api/v1/agreements/{agreement_id}/verify", body: none, expect: PUBLIC },
    Row {
        method: "post",
        path: "/api/v1/agreements/{agreement_id}/absences",
        body: || Some(json!({"day": "2027-01-18", "kind": "absence"})),
        expect: AGREEMENT,
    },
    Row { method: "post", path: "/api/v1/agreements/{agreement_id}/attestation-request", body: none, expect: AGREEMENT },
    Row { method: "post", path: "/api/v1/agreements/{agreement_id}/attestation", body: || Some(json!({})), expect: AGREEMENT },
    Row { method: "get", path: "/api/v1/agreements/{agreement_id}/attestation.pdf", body: none, expect: AGREEMENT },
    Row { method: "get", path: "/api/v1/signing/{token}", body: none, expect: PUBLIC },
    Row { method: "post", path: "/api/v1/signing/{token}/code", body: none, expect: PUBLIC },
    Row { method: "post", path: "/api/v1/signing/{token}/sign", body: || Some(json!({"code": "123456", "document_hash": "0"})), expect: PUBLIC },
    Row { method: "put", path: "/api/v1/schools/{uai}/staff/{user_id}/agreement-delegation", body: || Some(json!({"delegate": true})), expect: STAFF_OR_ADMIN },
    // Partners (operator membership and the partner surface in tests/partners.rs).
    Row { method: "post", path: "/api/v1/partner/token", body: || Some(json!({"client_id": "pas_x", "client_secret": "y"})), expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v1/partner/offers", body: none, expect: PARTNER_ONLY },
    Row { method: "post", path: "/api/v1/partner/offers/batch", body: || Some(json!({"items": [{}]})), expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v1/partner/offers/{remote_id}", body: none, expect: PARTNER_ONLY },
    Row {
        method: "put",
        path: "/api/v1/partner/offers/{remote_id}",
        body: || {
            Some(
                json!({"title": "t", "description": "d", "employer_name": "e", "street": "s", "zipcode": "42000", "city": "c", "sector_id": "s1", "permalink": "https://a.fr", "places": 1, "grades": ["troisieme"]}),
            )
        },
        expect: PARTNER_ONLY,
    },
    Row { method: "patch", path: "/api/v1/partner/offers/{remote_id}", body: || Some(json!({})), expect: PARTNER_ONLY },
    Row { method: "delete", path: "/api/v1/partner/offers/{remote_id}", body: none, expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v1/offers/{offer_id}/partner-link", body: none, expect: PUBLIC },
    Row {
        method: "post",
        path: "/api/v1/admin/operators",
        body: || Some(json!({"name": "Asso", "siret": "41087291000063", "address": "1 rue X", "postal_code": "42000", "city": "Saint-Étienne"})),
        expect: ADMIN_ONLY,
    },
    Row { method: "get", path: "/api/v1/admin/operators", body: none, expect: ADMIN_ONLY },
    Row { method: "patch", path: "/api/v1/admin/operators/{operator_id}", body: || Some(json!({})), expect: ADMIN_ONLY },
    Row {
        method: "post",
        path: "/api/v1/admin/operators/{operator_id}/members",
        body: || Some(json!({"email": "m@asso.fr", "first_name": "M", "last_name": "N"})),
        expect: ADMIN_ONLY,
    },
    Row { method: "get", path: "/api/v1/operators/me", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "get", path: "/api/v1/operators/{operator_id}/credentials", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "post", path: "/api/v1/operators/{operator_id}/credentials", body: || Some(json!({"label": "x"})), expect: OPERATOR_OR_ADMIN },
    Row { method: "post", path: "/api/v1/operators/{operator_id}/credentials/{credential_id}/rotate", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "delete", path: "/api/v1/operators/{operator_id}/credentials/{credential_id}", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "get", path: "/api/v1/partner/search", body: none, expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v1/sectors", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/schools", body: none, expect: PUBLIC },
    Row { method: "get", path: "/api/v1/operators/{operator_id}/webhooks", body: none, expect: OPERATOR_OR_ADMIN },
    Row {
        method: "post",
        path: "/api/v1/operators/{operator_id}/webhooks",
        body: || Some(json!({"url": "https://a.fr/h", "events": ["ping"]})),
        expect: OPERATOR_OR_ADMIN,
    },
    Row { method: "delete", path: "/api/v1/operators/{operator_id}/webhooks/{webhook_id}", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "post", path: "/api/v1/operators/{operator_id}/webhooks/{webhook_id}/test", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "get", path: "/api/v1/operators/{operator_id}/webhooks/{webhook_id}/deliveries", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "post", path: "/api/v1/admin/offers/{offer_id}/restore", body: none, expect: ADMIN_ONLY },
    // The v2 partner contract: partner tokens only (its envelope, tested in tests/partners.rs).
    Row {
        method: "post",
        path: "/api/v2/auth/login",
        body: || Some(json!({"email": format!("personne-{}@asso.fr", uuid::Uuid::new_v4().simple()), "password": "mauvais-mot-de-passe"})),
        expect: PARTNER_ONLY,
    },
    Row { method: "get", path: "/api/v2/internship_offers", body: none, expect: PARTNER_ONLY },
    Row { method: "post", path: "/api/v2/internship_offers", body: || Some(json!({"internship_offer": {}})), expect: PARTNER_ONLY },
    Row { method: "patch", path: "/api/v2/internship_offers/{remote_id}", body: || Some(json!({"internship_offer": {}})), expect: PARTNER_ONLY },
    Row { method: "delete", path: "/api/v2/internship_offers/{remote_id}", body: none, expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v2/internship_offers/search", body: none, expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v2/sectors", body: none, expect: PARTNER_ONLY },
    // The v1 contract: the association's static token (or a partner token) only.
    Row { method: "get", path: "/api/v1/internship_offers", body: none, expect: PARTNER_ONLY },
    Row { method: "post", path: "/api/v1/internship_offers", body: || Some(json!({"internship_offer": {}})), expect: PARTNER_ONLY },
    Row { method: "patch", path: "/api/v1/internship_offers/{remote_id}", body: || Some(json!({"internship_offer": {}})), expect: PARTNER_ONLY },
    Row { method: "delete", path: "/api/v1/internship_offers/{remote_id}", body: none, expect: PARTNER_ONLY },
    Row { method: "get", path: "/api/v1/internship_offers/search", body: none, expect: PARTNER_ONLY },
    Row { method: "post", path: "/api/v1/operators/{operator_id}/legacy-token", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "get", path: "/api/v2/sectors/{uuid}/image.svg", body: none, expect: PUBLIC },
    // Public on the live platform too (reference data partners look up before sending offers).
    Row { method: "post", path: "/api/v2/schools/search", body: || Some(json!({"query": "lyon"})), expect: PUBLIC },
    Row { method: "post", path: "/api/v2/schools/nearby", body: || Some(json!({"latitude": 45.7, "longitude": 4.8})), expect: PUBLIC },
    Row { method: "get", path: "/api/v1/operators/{operator_id}/offers", body: none, expect: OPERATOR_OR_ADMIN },
    Row { method: "get", path: "/api/v1/platform-status", body: none, expect: PUBLIC },
    Row { method: "put", path: "/api/v1/admin/platform-mode", body: || Some(json!({"mode": "normal"})), expect: ADMIN_ONLY },
    Row { method: "get", path: "/api/v1/campaigns/{school_year}", body: none, expect: PUBLIC },
    Row { method: "put", path: "/api/v1/admin/campaigns/{school_year}/{grade_family}", body: || Some(json!({})), expect: ADMIN_ONLY },
];

#[test]
fn every_operation_has_a_row() {
    let doc = serde_json::to_value(passerelle::openapi::document()).expect("json");
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") {
            continue;
        }
        for method in item.as_object().expect("item").keys() {
            if !TABLE.iter().any(|r| r.method == method && r.path == path) {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "operations without a permission row: {missing:?}");
    // Generated clients key operations by id: two handlers with one name would clash.
    let mut ids: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("item").values().filter_map(|op| op["operationId"].as_str().map(str::to_owned)))
        .collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "duplicate operationId in the OpenAPI document");
    for row in TABLE {
        assert!(doc["paths"][row.path][row.method].is_object(), "row for an operation that does not exist: {} {}", row.method, row.path);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_gets_what_the_table_says() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    let mut tokens: Vec<Option<String>> = vec![None];
    tokens.push(Some(app.user_with_role("student", None, None).await));
    tokens.push(Some(app.user_with_role("school_staff", Some("principal"), None).await));
    tokens.push(Some(app.user_with_role("school_staff", Some("teacher"), None).await));
    tokens.push(Some(app.user_with_role("employer", None, None).await));
    tokens.push(Some(app.user_with_role("operator", None, None).await));
    tokens.push(Some(app.user_with_role("referent", None, Some(("department", "75"))).await));
    tokens.push(Some(app.user_with_role("referent", None, Some(("national", ""))).await));
    tokens.push(Some(app.user_with_role("admin", None, None).await));
    tokens.push(Some(app.user_with_role("school_staff", Some("cpe"), None).await));

    let mut failures = Vec::new();
    for row in TABLE {
        for (i, actor) in ACTORS.iter().enumerate() {
            let (status, body) = app.send(row.method, row.path, (row.body)(), tokens[i].as_deref()).await;
            let ok = match row.expect[i] {
                Allowed => status != 401 && status != 403 && status < 500,
                Unauthorized => status == 401,
                Forbidden => status == 403,
            };
            if !ok {
                failures.push(format!("{} {} as {actor}: expected {:?}, got {status} {body}", row.method, row.path, row.expect[i]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------- object level: real ids, same school/organisation vs another ----------

/// Actors of the object table, in the order of its expectation strings.
const OBJECT_ACTORS: [&str; 14] = [
    "anonymous",
    "pupil without consent",
    "pupil",
    "teacher",
    "main teacher",
    "principal",
    "cpe",
    "host",
    "operator",
    "referent 42",
    "referent académie Lyon",
    "referent région 84",
    "referent national",
    "admin",
];

/// One operation on real objects. `same` and `other` have one letter per actor above:
/// (reads of a pupil need the pupil's class for teachers, the team list is for the direction
/// and vie scolaire, an application's page is the host's). The 403/404 rule (README): 404 where
/// existence itself is private (another school's pupil, another organisation's application,
/// another party's agreement, another association), 403 where the caller may know the
/// resource exists (a school, an organisation, a published offer) or where the role never may.
/// `A` allowed (2xx), `U` 401, `F` 403, `N` 404. "Same" objects belong to the actor's school
/// (Puits), organisation or association and its placement; "other" ones to another school
/// (Roanne), organisation and association. Referents: the department 42 vs 75.
struct ObjectRow {
    method: &'static str,
    path: &'static str,
    same: &'static str,
    other: &'static str,
}

#[rustfmt::skip]
const OBJECT_TABLE: &[ObjectRow] = &[
    //                                                                         actors: ∅ c p t m P e h o d a r n A
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/pupils",                                 same: "UFFAAAAFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/pupils/{pupil_id}",                      same: "UFFFAAAFFFFFFA", other: "UFFNNNNFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/applications",         same: "UFFFAAAFFFFFFA", other: "UFFNNNNFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/dashboard",                              same: "UFFAAAAFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/dashboard/export",                       same: "UFFAAAAFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/audit",                                  same: "UFFFFAFFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/staff",                                  same: "UFFFFAAFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "post", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/consent",             same: "UFFFAAAFFFFFFA", other: "UFFNNNNFFFFFFA" },
    ObjectRow { method: "put", path: "/api/v1/schools/{uai}/pupils/{pupil_id}/legal-representatives", same: "UFFFAAAFFFFFFA", other: "UFFNNNNFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/applications/{application_id}",                       same: "UFFFFFFANFFFFA", other: "UFFFFFFNNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/offers/{offer_id}/applications",                      same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/organisations/{org_id}/members",                       same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/organisations/{org_id}/offers",                        same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/agreements/{agreement_id}",                            same: "UNAFAAAANFFFFA", other: "UNNNNNNNNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/agreements/{agreement_id}/pdf",                        same: "UNAFAAAANFFFFA", other: "UNNNNNNNNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/agreements/{agreement_id}/assessments",                same: "UNAFAAAANFFFFA", other: "UNNNNNNNNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/schools/{uai}/feedback",                               same: "UFFAAAAFFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/organisations/{org_id}/feedback",                      same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/operators/{operator_id}/credentials",                  same: "UFFFFFFFAFFFFA", other: "UFFFFFFFNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/operators/{operator_id}/webhooks",                     same: "UFFFFFFFAFFFFA", other: "UFFFFFFFNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/operators/{operator_id}/offers",                       same: "UFFFFFFFAFFFFA", other: "UFFFFFFFNFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/stats?department={dept}",                              same: "UFFFFFFFFAAAAA", other: "UFFFFFFFFFFFAA" },
    ObjectRow { method: "get", path: "/api/v1/stats/export?table=departments&department={dept}",     same: "UFFFFFFFFAAAAA", other: "UFFFFFFFFFFFAA" },
    ObjectRow { method: "get", path: "/api/v1/offers?lat=45.44&lon=4.37",                            same: "AFAAAAAAAAAAAA", other: "AFAAAAAAAAAAAA" },
    ObjectRow { method: "get", path: "/api/v1/offers/{offer_id}",                                    same: "AAAAAAAAAAAAAA", other: "AAAAAAAAAAAAAA" },
    ObjectRow { method: "get", path: "/api/v1/pupils/me/applications/{application_id}",              same: "UNAFFFFFFFFFFF", other: "UNNFFFFFFFFFFF" },
    ObjectRow { method: "get", path: "/api/v1/organisations/{org_id}",                               same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/organisations/{org_id}/applications",                  same: "UFFFFFFAFFFFFA", other: "UFFFFFFFFFFFFA" },
    ObjectRow { method: "get", path: "/api/v1/offers/{offer_id}/lodging",                            same: "AAAAAAAAAAAAAA", other: "AAAAAAAAAAAAAA" },
    // Last: an allowed application changes the state (the pupil already applied to "same").
    ObjectRow { method: "post", path: "/api/v1/offers/{offer_id}/applications",                      same: "UFAFFFFFFFFFFF", other: "UFAFFFFFFFFFFF" },
];

/// One side of the world: a school with its staff and a placed pupil, a host organisation with
/// its offer, an association.
struct Side {
    uai: String,
    pupil_id: String,
    application_id: String,
    agreement_id: String,
    offer_id: String,
    org_id: String,
    operator_id: String,
    dept: &'static str,
}

struct Cast {
    tokens: Vec<Option<String>>,
    same: Side,
    other: Side,
    /// The other side's school, organisation and association with items that do not exist: a
    /// 404 for another's item must be the very answer an unknown id gets.
    ghost: Side,
}

async fn staff_member(app: &TestApp, uai: &str, principal: &str, email: &str, function: &str, classes: &[&str]) -> String {
    let token = app.user_with_email(email, "school_staff", Some(function), None).await;
    let (status, member) = app
        .post(
            &format!("/api/v1/schools/{uai}/staff"),
            json!({"email": email, "first_name": "Prénom", "last_name": function, "function": function, "class_ids": classes}),
            Some(principal),
        )
        .await;
    assert_eq!(status, 201, "{member}");
    token
}

/// Builds one side; returns it with its principal, main teacher, teacher, cpe, pupil, host and
/// operator tokens.
async fn side(app: &TestApp, admin: &str, uai: &str, tag: &str) -> (Side, Vec<String>) {
    use common::world::*;
    let (host_token, org_id) = host(app, &format!("hote-{tag}")).await;
    let offer_id = published(app, &host_token, &org_id, offer_body(&format!("Électricité {tag}"), PUITS_LAT, PUITS_LON)).await;
    let s = school(app, uai, tag, &[3]).await;
    let main_teacher = staff_member(app, uai, &s.principal, &format!("pp.{tag}@ac-lyon.fr"), "main_teacher", &[&s.class_id]).await;
    let teacher = staff_member(app, uai, &s.principal, &format!("prof.{tag}@ac-lyon.fr"), "teacher", &[]).await;
    let cpe = staff_member(app, uai, &s.principal, &format!("cpe.{tag}@ac-lyon.fr"), "cpe", &[]).await;
    let (pupil_token, pupil_id) = pupil(app, &s).await;
    let (status, a) = app
        .post(
            &format!("/api/v1/offers/{offer_id}/applications"),
            json!({"weeks": [week(3)], "motivation": "Je voudrais découvrir ce métier."}),
            Some(&pupil_token),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    let application_id = a["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/applications/{application_id}/accept"), json!({}), Some(&host_token)).await.0, 200);
    assert_eq!(app.post(&format!("/api/v1/applications/{application_id}/confirm"), json!({}), Some(&pupil_token)).await.0, 200);
    let (_, list) = app.get("/api/v1/agreements", Some(&pupil_token)).await;
    let agreement_id = list[0]["id"].as_str().expect("agreement").to_owned();
    // An association with a member.
    let (status, op) = app
        .post("/api/v1/admin/operators", json!({"name": format!("Association {tag}"), "siret": siret(&format!("asso-{tag}")), "address": "1 rue X", "postal_code": "42000", "city": "Saint-Étienne"}), Some(admin))
        .await;
    assert_eq!(status, 201, "{op}");
    let operator_id = op["id"].as_str().expect("operator").to_owned();
    let member_email = format!("membre.{tag}@asso.fr");
    let operator = app.user_with_email(&member_email, "operator", None, None).await;
    let (status, body) = app
        .post(&format!("/api/v1/admin/operators/{operator_id}/members"), json!({"email": member_email, "first_name": "M", "last_name": "N"}), Some(admin))
        .await;
    assert!((200..300).contains(&status), "{status} {body}");
    let side =
        Side { uai: uai.to_owned(), pupil_id, application_id, agreement_id, offer_id, org_id, operator_id, dept: if tag == "same" { "42" } else { "75" } };
    (side, vec![s.principal, main_teacher, teacher, cpe, pupil_token, host_token, operator])
}

async fn cast(app: &TestApp) -> Cast {
    use common::world::*;
    app.import_reference(&["42", "75"]).await;
    let admin = app.user_with_role("admin", None, None).await;
    let (same, t) = side(app, &admin, PUITS, "same").await;
    let (other, _) = side(app, &admin, ROANNE, "other").await;
    let [principal, main_teacher, teacher, cpe, pupil, host, operator]: [String; 7] = t.try_into().expect("seven");
    // A pupil of the same class without parental consent yet.
    let no_consent = app.user_with_role("student", None, None).await;
    let (_, classes) = app.get(&format!("/api/v1/schools/{PUITS}/public-classes"), None).await;
    let class_id = classes[0]["id"].as_str().expect("class").to_owned();
    assert_eq!(
        app.send(
            "PUT",
            "/api/v1/pupils/me/enrolment",
            Some(json!({"class_id": class_id, "join_code": common::join_code(app, &class_id).await})),
            Some(&no_consent)
        )
        .await
        .0,
        200
    );
    let tokens = vec![
        None,
        Some(no_consent),
        Some(pupil),
        Some(teacher),
        Some(main_teacher),
        Some(principal),
        Some(cpe),
        Some(host),
        Some(operator),
        Some(app.user_with_role("referent", None, Some(("department", "42"))).await),
        Some(app.user_with_role("referent", None, Some(("academie", "10"))).await),
        Some(app.user_with_role("referent", None, Some(("region", "84"))).await),
        Some(app.user_with_role("referent", None, Some(("national", ""))).await),
        Some(admin),
    ];
    let unknown = || "00000000-0000-0000-0000-000000000000".to_owned();
    let ghost = Side {
        uai: other.uai.clone(),
        pupil_id: unknown(),
        application_id: unknown(),
        agreement_id: unknown(),
        offer_id: unknown(),
        org_id: other.org_id.clone(),
        operator_id: unknown(),
        dept: other.dept,
    };
    Cast { tokens, same, other, ghost }
}

fn fill(path: &str, s: &Side) -> String {
    path.replace("{uai}", &s.uai)
        .replace("{pupil_id}", &s.pupil_id)
        .replace("{application_id}", &s.application_id)
        .replace("{agreement_id}", &s.agreement_id)
        .replace("{offer_id}", &s.offer_id)
        .replace("{org_id}", &s.org_id)
        .replace("{operator_id}", &s.operator_id)
        .replace("{dept}", s.dept)
}

fn letter(status: u16) -> char {
    match status {
        200..=299 => 'A',
        401 => 'U',
        403 => 'F',
        404 => 'N',
        _ => '?',
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_actor_reaches_only_its_own_objects() {
    let app = TestApp::with_config(|c| c.rate_limit_enabled = false).await;
    let cast = cast(&app).await;
    let mut failures = Vec::new();
    let mut observed = Vec::new();
    for row in OBJECT_TABLE {
        for (which, side, expected) in [("same", &cast.same, row.same), ("other", &cast.other, row.other)] {
            assert_eq!(expected.chars().count(), OBJECT_ACTORS.len(), "{} {} {which}: one letter per actor", row.method, row.path);
            let path = fill(row.path, side);
            let body = match (row.method, row.path) {
                ("post", p) if p.ends_with("/consent") => Some(json!({"consent_date": chrono::Utc::now().date_naive().to_string()})),
                ("put", p) if p.ends_with("/legal-representatives") => {
                    Some(json!({"legal_representatives": [{"name": "Awa Diallo", "email": "awa@famille.fr", "phone": null}]}))
                }
                ("post", p) if p.ends_with("/applications") => {
                    Some(json!({"weeks": [common::world::week(3)], "motivation": "Je voudrais découvrir ce métier."}))
                }
                _ => None,
            };
            let mut got = String::new();
            for (i, actor) in OBJECT_ACTORS.iter().enumerate() {
                let (status, answer) = app.send(row.method, &path, body.clone(), cast.tokens[i].as_deref()).await;
                let l = letter(status);
                got.push(l);
                let want = expected.chars().nth(i).expect("letter");
                if l != want {
                    failures.push(format!(
                        "{} {} ({which}) as {actor}: expected {want}, got {status} {}",
                        row.method,
                        row.path,
                        answer.to_string().chars().take(160).collect::<String>()
                    ));
                }
                if which == "other" && l == 'N' {
                    let (ghost_status, ghost) = app.send(row.method, &fill(row.path, &cast.ghost), body.clone(), cast.tokens[i].as_deref()).await;
                    if (ghost_status, &ghost) != (status, &answer) {
                        failures.push(format!(
                            "{} {} as {actor}: another's item answers {status} {answer}, an unknown one {ghost_status} {ghost}",
                            row.method, row.path
                        ));
                    }
                }
            }
            observed.push(format!("{} {} {which}: {got}", row.method, row.path));
        }
    }
    assert!(failures.is_empty(), "{}\n\nobserved:\n{}", failures.join("\n"), observed.join("\n"));
}

/// Every people-facing operation has its screen: the SPA calls it (typed client, or a link to a
/// file). Integrators' operations are tagged as such; the few others are listed with why.
#[test]
fn every_people_facing_operation_is_used_by_the_spa() {
    const INTEGRATOR_TAGS: [&str; 3] = ["Partners API", "Partenaires (contrat historique)", "Operations"];
    const NOT_CALLED_BY_NAME: [(&str, &str); 6] = [
        ("/api/v1/pupils/me/applications/{application_id}", "integrators; the pupil's screens read the same items in GET /pupils/me/applications"),
        ("/api/v1/agreements/{agreement_id}/pdf", "downloadAgreementPdf(id, \"pdf\") builds the file's path"),
        ("/api/v1/agreements/{agreement_id}/attestation.pdf", "downloadAgreementPdf(id, \"attestation.pdf\") builds the file's path"),
        ("/api/v1/documents/{file_name}", "the useful documents' page links each file under /api/v1/documents/"),
        ("/api/v1/offers/{offer_id}/partner-link", "its URL comes in the offer's `partner_link` field"),
        ("/api/v1/reference/naf/{code}", "integrators; the SPA's organisation form uses the SIRET lookup"),
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
    let mut source = String::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("frontend/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ts" || e == "tsx")
                && !path.to_string_lossy().ends_with(".d.ts")
                && !path.to_string_lossy().contains(".test.")
            {
                source.push_str(&std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    // `/a/{id}/b` is written `/a/{id}/b` (typed client) or `/a/${id}/b` (a link).
    let used = |path: &str| -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        source.match_indices(parts[..2].join("/").as_str()).any(|(at, _)| {
            let mut rest = &source[at..];
            parts.iter().enumerate().all(|(i, part)| {
                let sep = if i == 0 { "" } else { "/" };
                let Some(r) = rest.strip_prefix(sep) else { return false };
                if part.starts_with('{') {
                    let end = if r.starts_with("${") { r.find('}').map(|e| e + 1) } else { r.strip_prefix('{').and_then(|x| x.find('}')).map(|e| e + 2) };
                    match end {
                        Some(e) => {
                            rest = &r[e..];
                            true
                        }
                        None => false,
                    }
                } else if let Some(after) = r.strip_prefix(part) {
                    rest = after;
                    true
                } else {
                    false
                }
            }) && !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    };
    let doc = serde_json::to_value(passerelle::openapi::document()).expect("json");
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") || NOT_CALLED_BY_NAME.iter().any(|(p, _)| p == path) {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            let tags: Vec<&str> = op["tags"].as_array().map(|t| t.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
            if tags.iter().any(|t| INTEGRATOR_TAGS.contains(t)) {
                continue;
            }
            if !used(path) {
                missing.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(missing.is_empty(), "people-facing operations without a screen (or tag them for integrators): {missing:#?}");
}
