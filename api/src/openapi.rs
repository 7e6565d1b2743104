//! The OpenAPI document: built from the same route registrations as the server, with
//! standard error answers added to every operation so clients (and fuzzers) know them.

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Passerelle API",
        description = "API de Passerelle : stages d'observation des élèves de quatrième, troisième et seconde. \
                       Erreurs : `{code, message, fields}` avec un code stable. Chaque opération documente ses codes \
                       (dans la description de chaque réponse d'erreur) ; toute opération peut aussi répondre \
                       `BAD_REQUEST`, `PAYLOAD_TOO_LARGE`, `UNSUPPORTED_MEDIA_TYPE`, `RATE_LIMITED`, `INTERNAL`, \
                       `SERVICE_UNAVAILABLE`, `DATABASE_UNAVAILABLE`, `OVERLOADED`, `MAINTENANCE` ou `READ_ONLY`. \
                       Le schéma `ErrorCode` liste tous les codes ; chacun a toujours le même statut HTTP.",
        license(name = "MIT")
    ),
    paths(crate::http::healthz, crate::http::readyz, crate::http::metrics),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    tags(
        (name = "Accounts", description = "Comptes, connexion, sessions"),
        (name = "Administration", description = "Administration : comptes, années scolaires, ministères, modération"),
        (name = "Schools", description = "Établissements : inscription, classes, semaines de stage"),
        (name = "Pupils", description = "Élèves : classe, profil, autorisation parentale, suivi"),
        (name = "Organisations", description = "Organismes d'accueil et leurs membres"),
        (name = "Offers", description = "Offres de stage : publication, recherche au plus près, signalements"),
        (name = "Applications", description = "Candidatures : postuler, répondre, confirmer, suivre"),
        (name = "Partners", description = "Associations partenaires, dans leur espace : identifiants d'API, jeton v1, webhooks, suivi des offres envoyées"),
        (name = "Partners API", description = "Pour le code des associations partenaires (intégrateurs), sans écran par conception : jeton, synchronisation des offres par identifiant distant, recherche, établissements"),
        (name = "Partenaires (contrat historique)", description = "Les contrats v1 et v2 de la plateforme actuelle, tels que ses guides les documentent : v2 avec un jeton de POST /api/v2/auth/login, v1 avec le jeton statique de l'association (POST /api/v1/operators/{id}/legacy-token) ; enveloppe internship_offer, erreurs {code, error}"),
        (name = "Agreements", description = "Conventions : remplir, signer en ligne, PDF et vérification, attestation, absences"),
        (name = "Reporting", description = "Indicateurs des référents, exports, données ouvertes"),
        (name = "Support", description = "Aide : formulaire de contact et demandes d'assistance"),
        (name = "External internships", description = "Les stages trouvés hors de la plateforme : déclarés par l'élève et validés par l'établissement, ou saisis par l'équipe"),
        (name = "Favourites", description = "Les offres qu'un élève met de côté (« Mes favoris ») et si elles sont encore ouvertes"),
        (name = "Feedback", description = "Après le stage : retour de l'élève, appréciation de l'accueil et de l'établissement, qualité"),
        (name = "Reference", description = "Données de référence : secteurs, départements, communes, établissements"),
        (name = "Operations", description = "Santé et métriques")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut Doc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()));
        // Partner systems: a token from POST /api/v1/partner/token (client credentials).
        components.add_security_scheme(
            "partner",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Partner token from POST /api/v1/partner/token"))
                    .build(),
            ),
        );
    }
}

struct StandardErrors;

fn error_response(description: &str, schema: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name(schema))).build())
        .build()
        .into()
}

thread_local! {
    /// The error shape of the path being completed: the v1 and v2 contracts have their own envelope.
    static ERROR_SCHEMA: std::cell::Cell<&'static str> = const { std::cell::Cell::new("ErrorBody") };
}

fn add(op: &mut Operation, code: &str, description: &str) {
    let schema = ERROR_SCHEMA.with(|s| s.get());
    op.responses.responses.entry(code.to_owned()).or_insert_with(|| error_response(description, schema));
}

/// Adds a backquoted code to a description's list of codes (the last parenthesis holding some),
/// or a new list at its end.
fn list_code(description: &mut String, code: &str) {
    let quoted = format!("`{code}`");
    if description.contains(&quoted) {
        return;
    }
    match description.rfind(')').filter(|&end| description[..end].rfind('(').is_some_and(|start| description[start..end].contains('`'))) {
        Some(end) => description.insert_str(end, &format!(", {quoted}")),
        None => description.push_str(&format!(" ({quoted})")),
    }
}

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut Doc) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            let has_params = path.contains('{');
            ERROR_SCHEMA.with(|s| s.set(if crate::partners::legacy::is_legacy_path(path) { "LegacyError" } else { "ErrorBody" }));
            for (op, writes) in
                [(item.get.as_mut(), false), (item.post.as_mut(), true), (item.put.as_mut(), true), (item.patch.as_mut(), true), (item.delete.as_mut(), true)]
                    .into_iter()
                    .filter_map(|(op, w)| op.map(|op| (op, w)))
            {
                if !api {
                    continue;
                }
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                if op.request_body.is_some() {
                    add(op, "400", "Malformed body (`BAD_REQUEST`)");
                    add(op, "413", "Body too large (`PAYLOAD_TOO_LARGE`)");
                    add(op, "415", "Body is not JSON (`UNSUPPORTED_MEDIA_TYPE`)");
                }
                add(op, "422", "Invalid field values (`VALIDATION_ERROR`, with `fields`)");
                if secured {
                    add(op, "401", "Not signed in or session expired (`UNAUTHORIZED`, `SESSION_ENDED`)");
                    add(op, "403", "Signed in but not allowed (`FORBIDDEN`, `TOTP_ENROLMENT_REQUIRED`)");
                }
                if has_params {
                    add(op, "404", "Not found (`NOT_FOUND`)");
                }
                // Any write may meet a state that forbids it (already done, closed year, one-time
                // code used...): 409 with a machine code saying which.
                if writes {
                    add(op, "409", "Conflicts with the current state (`CONFLICT`, `ALREADY_EXISTS`)");
                }
                add(op, "429", "Too many requests (`RATE_LIMITED`, with `Retry-After`)");
                add(op, "500", "Unexpected error (`INTERNAL`)");
                add(op, "503", "Database unavailable (`SERVICE_UNAVAILABLE`)");
                // A handler's own description of a status keeps the codes the framework answers
                // with it on any such operation (a path that does not decode, a field, a session).
                let mut always = vec![("404", "NOT_FOUND"), ("422", "VALIDATION_ERROR")];
                if secured {
                    always.extend([("401", "UNAUTHORIZED"), ("401", "SESSION_ENDED"), ("403", "TOTP_ENROLMENT_REQUIRED")]);
                }
                for (status, code) in always {
                    if let Some(utoipa::openapi::RefOr::T(response)) = op.responses.responses.get_mut(status) {
                        list_code(&mut response.description, code);
                    }
                }
            }
        }
    }
}

/// Completes the document once every route is registered.
pub fn finalize(doc: &mut Doc) {
    StandardErrors.modify(doc);
}

/// The document as served at `/api/openapi.json` and written to `openapi.yaml`.
pub fn document() -> Doc {
    crate::app::openapi_only()
}

pub fn to_yaml() -> Result<String, String> {
    document().to_yaml().map(|y| quote_yaml11_lookalikes(&y)).map_err(|e| e.to_string())
}

/// Quotes the plain strings a YAML 1.1 parser (PyYAML, many generators) would read as something
/// else: `16:30` as a number (base 60), `yes`/`off` as booleans. The emitter writes YAML 1.2,
/// where they are strings; quoted, they are strings to every parser.
fn quote_yaml11_lookalikes(yaml: &str) -> String {
    fn ambiguous(v: &str) -> bool {
        let sexagesimal = v.contains(':') && v.split(':').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
        let boolean = matches!(v.to_ascii_lowercase().as_str(), "y" | "yes" | "n" | "no" | "on" | "off");
        sexagesimal || boolean
    }
    let mut out = String::with_capacity(yaml.len() + 64);
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        let split =
            if let Some(rest) = trimmed.strip_prefix("- ") { Some((line.len() - rest.len(), rest)) } else { line.find(": ").map(|i| (i + 2, &line[i + 2..])) };
        match split {
            Some((at, value)) if ambiguous(value) => {
                out.push_str(&line[..at]);
                out.push_str(&format!("'{value}'"));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_1_1_lookalikes_are_quoted() {
        let y = "a:\n  example: 16:30\n  b: yes\n  c: 2027-W03\n  enum:\n  - off\n  - pupil\n  d: 'x: y'\n";
        assert_eq!(super::quote_yaml11_lookalikes(y), "a:\n  example: '16:30'\n  b: 'yes'\n  c: 2027-W03\n  enum:\n  - 'off'\n  - pupil\n  d: 'x: y'\n");
    }

    #[test]
    fn a_code_joins_the_description_s_list() {
        let mut d = "Conflicts (`CONFLICT`)".to_owned();
        super::list_code(&mut d, "ALREADY_EXISTS");
        super::list_code(&mut d, "CONFLICT");
        assert_eq!(d, "Conflicts (`CONFLICT`, `ALREADY_EXISTS`)");
        let mut d = "Not found".to_owned();
        super::list_code(&mut d, "NOT_FOUND");
        assert_eq!(d, "Not found (`NOT_FOUND`)");
    }
}
