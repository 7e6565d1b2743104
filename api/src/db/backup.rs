//! `passerelle backup` and `passerelle restore`, for both backends: SQLite's online copy
//! (`VACUUM INTO`, consistent while the service runs) and `pg_dump`/`pg_restore` (Debian's
//! `postgresql-client`, same major version as the server).

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::Connection;

use super::{sqlite_path, Backend};

/// Where a backup goes when no file is given: `<data dir>/backups/passerelle-<UTC time>.<ext>`.
pub fn default_path(data_dir: &Path, backend: Backend, now: chrono::NaiveDateTime) -> PathBuf {
    let ext = if backend == Backend::Sqlite { "sqlite" } else { "dump" };
    data_dir.join("backups").join(format!("passerelle-{}.{ext}", now.format("%Y%m%d-%H%M%S")))
}

/// Copies the whole database to `out` while the service may keep running.
pub fn backup(database_url: &str, out: &Path) -> Result<u64, String> {
    if out.exists() {
        return Err(format!("{} existe déjà : choisissez un autre fichier.", out.display()));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{} : {e}", dir.display()))?;
    }
    match Backend::from_url(database_url)? {
        Backend::Sqlite => {
            let mut conn = diesel::sqlite::SqliteConnection::establish(sqlite_path(database_url)).map_err(|e| e.to_string())?;
            let target = out.to_str().ok_or("chemin de sauvegarde non UTF-8")?.replace('\'', "''");
            conn.batch_execute(&format!("VACUUM INTO '{target}'")).map_err(|e| format!("sauvegarde SQLite : {e}"))?;
        }
        Backend::Postgres => {
            let status = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(out)
                .arg(format!("--dbname={database_url}"))
                .status()
                .map_err(|e| format!("pg_dump introuvable (paquet postgresql-client) : {e}"))?;
            if !status.success() {
                return Err(format!("pg_dump a échoué ({status})"));
            }
        }
    }
    Ok(std::fs::metadata(out).map(|m| m.len()).unwrap_or(0))
}

/// Puts a backup back. SQLite: the service must be stopped (the file is replaced atomically);
/// PostgreSQL: every table is dropped and recreated from the dump, in one transaction.
pub fn restore(database_url: &str, from: &Path) -> Result<(), String> {
    if !from.is_file() {
        return Err(format!("{} : fichier introuvable.", from.display()));
    }
    match Backend::from_url(database_url)? {
        Backend::Sqlite => {
            // Check it is one of ours before replacing anything.
            let mut probe = diesel::sqlite::SqliteConnection::establish(from.to_str().ok_or("chemin non UTF-8")?).map_err(|e| e.to_string())?;
            probe
                .batch_execute("SELECT 1 FROM __diesel_schema_migrations LIMIT 1; PRAGMA integrity_check;")
                .map_err(|_| format!("{} n'est pas une sauvegarde de Passerelle.", from.display()))?;
            drop(probe);
            let target = PathBuf::from(sqlite_path(database_url));
            let tmp = target.with_extension("restoring");
            std::fs::copy(from, &tmp).map_err(|e| format!("{} : {e}", tmp.display()))?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
            }
            std::fs::rename(&tmp, &target).map_err(|e| format!("{} : {e}", target.display()))?;
        }
        Backend::Postgres => {
            let status = Command::new("pg_restore")
                .args(["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"])
                .arg(format!("--dbname={database_url}"))
                .arg(from)
                .status()
                .map_err(|e| format!("pg_restore introuvable (paquet postgresql-client) : {e}"))?;
            if !status.success() {
                return Err(format!("pg_restore a échoué ({status})"));
            }
        }
    }
    Ok(())
}
