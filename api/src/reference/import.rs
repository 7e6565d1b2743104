//! `passerelle import <kind>`: loads the CSV files of `reference-data/`. A file whose header
//! or structure is wrong is refused whole, before any write; rows with bad values are
//! rejected one by one with their line and reason; the rest is upserted by key in one
//! transaction, so re-running updates and never duplicates.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};

use super::model::{BoardingHouse, Commune, Department, NafCode, School, Sector};
use super::rules::{coordinates, is_postal_code, looks_like_uai, normalize};
use crate::db::schema::{boarding_houses, communes, departments, naf_codes, schools, sectors};
use crate::db::{self, AnyConnection};
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Departments,
    Sectors,
    Naf,
    Communes,
    Schools,
    /// Ministries public host organisations belong to (from the 2019 targets).
    Ministries,
    /// Campaign targets (departments, ministries) for the current school year.
    Targets,
    /// Boarding houses taking internship pupils (`internats.csv`, optional: not part of `all`).
    BoardingHouses,
    /// Everything, in dependency order.
    All,
}

impl Kind {
    /// Order matters: NAF codes point at sectors.
    pub const EACH: [Kind; 7] = [Kind::Departments, Kind::Sectors, Kind::Naf, Kind::Communes, Kind::Schools, Kind::Ministries, Kind::Targets];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Departments => "departments",
            Kind::Sectors => "sectors",
            Kind::Naf => "naf",
            Kind::Communes => "communes",
            Kind::Schools => "schools",
            Kind::Ministries => "ministries",
            Kind::Targets => "targets",
            Kind::BoardingHouses => "boarding-houses",
            Kind::All => "all",
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub kind: &'static str,
    pub read: usize,
    pub inserted: usize,
    pub updated: usize,
    /// (line in the file, reason)
    pub rejected: Vec<(usize, String)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} : {} lignes lues, {} ajoutées, {} mises à jour, {} rejetées", self.kind, self.read, self.inserted, self.updated, self.rejected.len())?;
        for (line, reason) in self.rejected.iter().take(20) {
            write!(f, "\n  ligne {line} : {reason}")?;
        }
        if self.rejected.len() > 20 {
            write!(f, "\n  … et {} autres", self.rejected.len() - 20)?;
        }
        Ok(())
    }
}

/// A parsed file: rows by header name, with their line numbers.
struct Table {
    rows: Vec<(usize, HashMap<String, String>)>,
}

fn read(path: &Path, required: &[&str]) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_path(path).map_err(|e| format!("{} : lecture impossible ({e})", path.display()))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{} : en-tête illisible ({e})", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let missing: Vec<&&str> = required.iter().filter(|r| !headers.iter().any(|h| h == **r)).collect();
    if !missing.is_empty() {
        return Err(format!(
            "{} : fichier refusé, colonnes manquantes : {} (attendu au moins : {})",
            path.display(),
            missing.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
            required.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{} : fichier refusé, ligne {} mal formée ({e})", path.display(), i + 2))?;
        let map = headers.iter().cloned().zip(record.iter().map(|v| v.trim().to_owned())).collect();
        rows.push((i + 2, map));
    }
    Ok(Table { rows })
}

fn field<'a>(row: &'a HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map(String::as_str).unwrap_or("")
}

fn required<'a>(row: &'a HashMap<String, String>, name: &str) -> Result<&'a str, String> {
    let v = field(row, name);
    if v.is_empty() {
        Err(format!("{name} vide"))
    } else {
        Ok(v)
    }
}

fn opt(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_owned())
}

/// Parses every row; bad rows go to the report.
fn parse_rows<R>(table: &Table, report: &mut Report, parse: impl Fn(&HashMap<String, String>) -> Result<R, String>) -> Vec<R> {
    let mut out = Vec::with_capacity(table.rows.len());
    report.read += table.rows.len();
    for (line, row) in &table.rows {
        match parse(row) {
            Ok(r) => out.push(r),
            Err(reason) => report.rejected.push((*line, reason)),
        }
    }
    out
}

fn progress(len: usize, label: &'static str) -> ProgressBar {
    let pb = ProgressBar::new(len as u64);
    pb.set_style(ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len}").unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> "));
    pb.set_message(label);
    pb
}

/// Inserts new keys and updates known ones, counting each.
macro_rules! upsert {
    ($conn:expr, $rows:expr, $table:ident, $key_col:ident, $key:ident, $report:expr, $label:expr) => {{
        let existing: HashSet<String> = $table::table.select($table::$key_col).load::<String>($conn)?.into_iter().collect();
        let pb = progress($rows.len(), $label);
        let mut seen = HashSet::new();
        for row in &$rows {
            if !seen.insert(row.$key.clone()) {
                continue; // the same key twice in one file: the first one wins
            }
            if existing.contains(&row.$key) {
                diesel::update($table::table.find(&row.$key)).set(row).execute($conn)?;
                $report.updated += 1;
            } else {
                diesel::insert_into($table::table).values(row).execute($conn)?;
                $report.inserted += 1;
            }
            pb.inc(1);
        }
        pb.finish_and_clear();
    }};
}

pub fn import(conn: &mut AnyConnection, kind: Kind, dir: &Path) -> Result<Vec<Report>, String> {
    if kind == Kind::All {
        let mut out = Vec::new();
        for k in Kind::EACH {
            out.extend(import(conn, k, dir)?);
        }
        return Ok(out);
    }
    let file = |name: &str| -> PathBuf { dir.join(name) };
    let mut report = Report { kind: kind.name(), ..Default::default() };
    // Parse everything first: a malformed file stops here, before any write.
    let result: Result<(), AppError> = match kind {
        Kind::Departments => {
            let t = read(
                &file("departements_academies.csv"),
                &["dep_code", "dep_nom", "reg_code", "reg_nom", "zone", "academie_code", "academie_nom", "academie_email_domain"],
            )?;
            let rows = parse_rows(&t, &mut report, |r| {
                let domain = opt(&field(r, "academie_email_domain").to_lowercase());
                if let Some(d) = domain.as_deref().filter(|d| !d.contains('.') || d.contains('@') || d.contains(' ')) {
                    return Err(format!("domaine e-mail invalide « {d} »"));
                }
                Ok(Department {
                    code: required(r, "dep_code")?.to_owned(),
                    name: required(r, "dep_nom")?.to_owned(),
                    region_code: required(r, "reg_code")?.to_owned(),
                    region_name: required(r, "reg_nom")?.to_owned(),
                    zone: required(r, "zone")?.to_owned(),
                    academie_code: opt(field(r, "academie_code")),
                    academie_name: opt(field(r, "academie_nom")),
                    academie_email_domain: domain,
                })
            });
            db::transaction(conn, |conn| {
                upsert!(conn, rows, departments, code, code, report, "départements");
                Ok(())
            })
        }
        Kind::Sectors => {
            let t = read(&file("secteurs.csv"), &["uuid", "nom"])?;
            let rows = parse_rows(&t, &mut report, |r| {
                Ok(Sector {
                    id: required(r, "uuid")?.to_owned(),
                    name: required(r, "nom")?.to_owned(),
                    onisep_url: opt(field(r, "onisep_url_2019")).map(|u| super::rules::https_onisep(&u)),
                })
            });
            db::transaction(conn, |conn| {
                upsert!(conn, rows, sectors, id, id, report, "secteurs");
                Ok(())
            })
        }
        Kind::Naf => {
            let codes = read(&file("codes_naf_rev2.csv"), &["code", "niveau", "libelle"])?;
            let mapping = read(&file("naf_secteur_mapping.csv"), &["code_naf", "secteur_uuid"])?;
            let sector_of: HashMap<String, String> =
                mapping.rows.iter().map(|(_, r)| (field(r, "code_naf").to_owned(), field(r, "secteur_uuid").to_owned())).collect();
            let rows = parse_rows(&codes, &mut report, |r| {
                let code = required(r, "code")?.to_owned();
                Ok(NafCode {
                    sector_id: sector_of.get(&code).cloned().filter(|s| !s.is_empty()),
                    level: required(r, "niveau")?.to_owned(),
                    label: required(r, "libelle")?.to_owned(),
                    code,
                })
            });
            db::transaction(conn, |conn| {
                let known: HashSet<String> = sectors::table.select(sectors::id).load::<String>(conn)?.into_iter().collect();
                if known.is_empty() && rows.iter().any(|r| r.sector_id.is_some()) {
                    return Err(AppError::bad_request("importez les secteurs avant les codes NAF"));
                }
                let rows: Vec<NafCode> = rows
                    .into_iter()
                    .map(|mut r| {
                        r.sector_id = r.sector_id.filter(|s| known.contains(s));
                        r
                    })
                    .collect();
                upsert!(conn, rows, naf_codes, code, code, report, "codes NAF");
                Ok(())
            })
        }
        Kind::Communes => {
            let cols = [
                "code_insee",
                "nom",
                "type",
                "commune_parent",
                "dep_code",
                "reg_code",
                "academie_code",
                "codes_postaux",
                "population",
                "latitude",
                "longitude",
            ];
            let main = read(&file("communes.csv"), &cols)?;
            let aliases_path = file("communes_deleguees_associees.csv");
            let aliases = if aliases_path.exists() { Some(read(&aliases_path, &cols)?) } else { None };
            let parse = |r: &HashMap<String, String>| -> Result<Commune, String> {
                let insee = required(r, "code_insee")?.to_owned();
                let kind = required(r, "type")?.to_owned();
                let name = required(r, "nom")?.to_owned();
                let postal_codes: Vec<&str> = field(r, "codes_postaux").split_whitespace().collect();
                if let Some(bad) = postal_codes.iter().find(|p| !is_postal_code(p)) {
                    return Err(format!("code postal invalide « {bad} »"));
                }
                let (latitude, longitude) = coordinates(field(r, "latitude"), field(r, "longitude"))?;
                let population = match field(r, "population") {
                    "" => None,
                    p => Some(p.parse::<i32>().map_err(|_| format!("population invalide « {p} »"))?),
                };
                Ok(Commune {
                    // Delegated and associated communes may share their parent's code.
                    id: if kind == "COM" || kind == "ARM" { insee.clone() } else { format!("{kind}-{insee}") },
                    search_text: normalize(&name),
                    insee_code: insee,
                    name,
                    kind,
                    parent_code: opt(field(r, "commune_parent")),
                    department_code: required(r, "dep_code")?.to_owned(),
                    region_code: required(r, "reg_code")?.to_owned(),
                    academie_code: opt(field(r, "academie_code")),
                    postal_codes: postal_codes.join(" "),
                    population,
                    latitude,
                    longitude,
                })
            };
            let mut rows = parse_rows(&main, &mut report, parse);
            if let Some(a) = &aliases {
                rows.extend(parse_rows(a, &mut report, parse));
            }
            db::transaction(conn, |conn| {
                upsert!(conn, rows, communes, id, id, report, "communes");
                Ok(())
            })
        }
        Kind::Targets => {
            let year = crate::schools::rules::SchoolYear::of(chrono::Utc::now().date_naive()).label();
            let (deps, mins) = crate::reporting::service::import_targets(conn, dir, &year)?;
            report.read = deps + mins;
            report.updated = deps + mins;
            Ok(())
        }
        Kind::Ministries => {
            let t = read(&file("targets_2019_ministries.csv"), &["ministry_label_in_source"])?;
            let rows = parse_rows(&t, &mut report, |r| Ok(required(r, "ministry_label_in_source")?.to_owned()));
            db::transaction(conn, |conn| {
                use crate::db::schema::ministries;
                let existing: HashSet<String> = ministries::table.select(ministries::id).load::<String>(conn)?.into_iter().collect();
                let now = db::now();
                for name in &rows {
                    // The id is the normalised name: re-importing finds the same rows; names
                    // edited by admins are kept.
                    let id = normalize(name).replace(' ', "-");
                    if existing.contains(&id) {
                        report.updated += 1;
                        continue;
                    }
                    diesel::insert_into(ministries::table)
                        .values((ministries::id.eq(&id), ministries::name.eq(name), ministries::created_at.eq(now)))
                        .execute(conn)?;
                    report.inserted += 1;
                }
                Ok(())
            })
        }
        Kind::Schools => {
            let t = read(
                &file("etablissements_colleges_lycees.csv"),
                &[
                    "uai",
                    "type",
                    "nom",
                    "statut",
                    "adresse",
                    "code_postal",
                    "code_commune",
                    "commune",
                    "dep_code",
                    "academie_code",
                    "reg_code",
                    "latitude",
                    "longitude",
                    "education_prioritaire",
                    "qpv",
                ],
            )?;
            let rows = parse_rows(&t, &mut report, |r| {
                let uai = required(r, "uai")?.to_uppercase();
                if !looks_like_uai(&uai) {
                    return Err(format!("UAI invalide « {uai} »"));
                }
                let status = match required(r, "statut")? {
                    "Public" => "public",
                    "Privé" | "Prive" => "private",
                    other => return Err(format!("statut inconnu « {other} »")),
                };
                let priority = match field(r, "education_prioritaire") {
                    "" => None,
                    p @ ("REP" | "REP+") => Some(p.to_owned()),
                    other => return Err(format!("éducation prioritaire inconnue « {other} »")),
                };
                let (latitude, longitude) = coordinates(field(r, "latitude"), field(r, "longitude"))?;
                let name = required(r, "nom")?.to_owned();
                let commune = required(r, "commune")?.to_owned();
                Ok(School {
                    search_text: format!("{} {} {}", normalize(&name), normalize(&commune), uai.to_lowercase()),
                    uai,
                    kind: required(r, "type")?.to_owned(),
                    name,
                    status: status.to_owned(),
                    nature_label: field(r, "nature_libelle").to_owned(),
                    address: field(r, "adresse").to_owned(),
                    postal_code: field(r, "code_postal").to_owned(),
                    commune_code: required(r, "code_commune")?.to_owned(),
                    commune_name: commune,
                    department_code: required(r, "dep_code")?.to_owned(),
                    academie_code: required(r, "academie_code")?.to_owned(),
                    region_code: required(r, "reg_code")?.to_owned(),
                    latitude,
                    longitude,
                    priority_education: priority,
                    qpv: opt(field(r, "qpv")),
                    general_or_technological: crate::schools::rules::general_or_technological(field(r, "voie_generale"), field(r, "voie_technologique")),
                })
            });
            db::transaction(conn, |conn| {
                upsert!(conn, rows, schools, uai, uai, report, "établissements");
                // The admins' corrections win over the directory.
                crate::schools::reapply_corrections(conn)?;
                Ok(())
            })
        }
        Kind::BoardingHouses => {
            let t = read(&file("internats.csv"), &["uai", "nom", "adresse", "code_postal", "commune", "dep_code", "latitude", "longitude"])?;
            let rows = parse_rows(&t, &mut report, |r| {
                let uai = required(r, "uai")?.to_uppercase();
                if !looks_like_uai(&uai) {
                    return Err(format!("UAI invalide « {uai} »"));
                }
                let postal_code = required(r, "code_postal")?.to_owned();
                if !is_postal_code(&postal_code) {
                    return Err(format!("code postal invalide « {postal_code} »"));
                }
                let (Some(latitude), Some(longitude)) = coordinates(field(r, "latitude"), field(r, "longitude"))? else {
                    return Err("coordonnées manquantes".into());
                };
                let places = match field(r, "places_stagiaires") {
                    "" => None,
                    p => Some(p.parse::<i32>().ok().filter(|n| (0..=1000).contains(n)).ok_or_else(|| format!("places invalides « {p} »"))?),
                };
                Ok(BoardingHouse {
                    uai,
                    name: required(r, "nom")?.to_owned(),
                    address: required(r, "adresse")?.to_owned(),
                    postal_code,
                    city: required(r, "commune")?.to_owned(),
                    department_code: required(r, "dep_code")?.to_owned(),
                    latitude,
                    longitude,
                    places,
                    contact: opt(field(r, "contact")),
                })
            });
            db::transaction(conn, |conn| {
                upsert!(conn, rows, boarding_houses, uai, uai, report, "internats");
                Ok(())
            })
        }
        Kind::All => Ok(()),
    };
    result.map_err(|e| format!("{} : import annulé, rien n'a été modifié ({})", kind.name(), e.message))?;
    Ok(vec![report])
}

/// Whether reference data is already there (so `make run` imports only once).
pub fn is_loaded(conn: &mut AnyConnection) -> Result<bool, String> {
    // Every table, so that a kind added later (ministries) is loaded on existing databases.
    let n: i64 = schools::table.count().get_result(conn).map_err(|e| e.to_string())?;
    let m: i64 = crate::db::schema::ministries::table.count().get_result(conn).map_err(|e| e.to_string())?;
    Ok(n > 0 && m > 0)
}
