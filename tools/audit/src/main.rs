//! `passerelle-audit <advisory-db folder> <Cargo.lock> <audit.toml>`: the RustSec check of
//! `cargo audit`, offline. Every vulnerability and every informational warning (unmaintained,
//! unsound, notice) fails the check unless `audit.toml` lists its id with the reason it is
//! accepted. Prints the snapshot's date so that a reader knows how fresh the check is.

use std::path::Path;
use std::process::ExitCode;

use rustsec::advisory::Informational;
use rustsec::report::{Report, Settings};
use rustsec::{Database, Lockfile};

#[derive(serde::Deserialize)]
struct Config {
    #[serde(default)]
    accepted: Vec<Accepted>,
}

#[derive(serde::Deserialize)]
struct Accepted {
    id: String,
    reason: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db_path, lock_path, config_path] = args.as_slice() else {
        eprintln!("usage : passerelle-audit <base d'avis RustSec> <Cargo.lock> <audit.toml>");
        return ExitCode::from(2);
    };
    match run(Path::new(db_path), Path::new(lock_path), Path::new(config_path)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("audit impossible : {e}");
            ExitCode::from(2)
        }
    }
}

fn run(db_path: &Path, lock_path: &Path, config_path: &Path) -> Result<bool, String> {
    let snapshot = std::fs::read_to_string(db_path.join("SNAPSHOT.md")).unwrap_or_default();
    // SNAPSHOT.md says "(…, commit bf5c0d2, 21 August 2026; …)": the commit and its date.
    let joined = snapshot.split_whitespace().collect::<Vec<_>>().join(" ");
    let dated = joined.find("commit").map(|i| joined[i..].split([';', ')']).next().unwrap_or("").to_owned()).unwrap_or_else(|| "date inconnue".into());
    println!("Base d'avis RustSec : {} (instantané : {dated})", db_path.display());
    let config: Config = toml::from_str(&std::fs::read_to_string(config_path).map_err(|e| format!("{}: {e}", config_path.display()))?)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    for a in &config.accepted {
        if a.reason.trim().len() < 20 {
            return Err(format!("{} : la raison de l'exception doit être écrite (20 caractères au moins)", a.id));
        }
    }
    let db = Database::open(db_path).map_err(|e| e.to_string())?;
    let lockfile = Lockfile::load(lock_path).map_err(|e| e.to_string())?;
    let settings = Settings {
        ignore: config.accepted.iter().filter_map(|a| a.id.parse().ok()).collect(),
        informational_warnings: vec![Informational::Unmaintained, Informational::Unsound, Informational::Notice],
        ..Settings::default()
    };
    let report = Report::generate(&db, &lockfile, &settings);
    println!("{} paquets vérifiés, {} avis dans la base", lockfile.packages.len(), db.iter().count());
    let mut problems = 0;
    for v in &report.vulnerabilities.list {
        problems += 1;
        println!("VULNÉRABILITÉ {} : {} {} — {}", v.advisory.id, v.package.name, v.package.version, v.advisory.title);
    }
    for (kind, warnings) in &report.warnings {
        for w in warnings {
            problems += 1;
            let (id, title) = w.advisory.as_ref().map(|a| (a.id.to_string(), a.title.clone())).unwrap_or_default();
            println!("AVERTISSEMENT ({kind}) {id} : {} {} — {title}", w.package.name, w.package.version);
        }
    }
    for a in &config.accepted {
        println!("accepté : {} — {}", a.id, a.reason.trim());
    }
    if problems == 0 {
        println!("Aucun avis ne concerne ces dépendances.");
    }
    Ok(problems == 0)
}
