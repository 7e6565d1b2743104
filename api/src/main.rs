//! Command line: parse and dispatch, nothing else.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use passerelle::{app, config::Config, db, demo, openapi, telemetry};

#[derive(Parser)]
#[command(name = "passerelle", version, about = "Passerelle : serveur d'API et outils d'exploitation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the SPA (migrations run first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Create or reset one demo account per role.
    SeedDemo {
        /// Print the accounts as a JSON list of {role, function, email, password}.
        #[arg(long)]
        json: bool,
    },
    /// Load reference data from CSV files (idempotent: re-running updates, never duplicates).
    Import {
        #[arg(value_enum)]
        kind: passerelle::reference::import::Kind,
        /// Folder holding the CSV files.
        #[arg(long, env = "REFERENCE_DATA_DIR", default_value = "reference-data")]
        dir: std::path::PathBuf,
        /// Do nothing when reference data is already loaded (used by `make run`).
        #[arg(long)]
        if_empty: bool,
    },
    /// Background work (application expiry and reminders, mail and SMS outbox). `serve` runs it
    /// too unless RUN_WORKER=false; several processes may run it on one PostgreSQL.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Reporting counters: `refresh` rebuilds them now; `verify` recounts from the raw rows and
    /// lists the differences (exit code 1 when there are some).
    Stats {
        #[command(subcommand)]
        action: StatsAction,
    },
    /// School years: `close <year>` ends its open applications, archives its classes, anonymises
    /// what retention requires and invites hosts to renew (idempotent; `--dry-run` only says).
    Year {
        #[command(subcommand)]
        action: YearAction,
    },
    /// Retention: warn accounts idle for almost two years, anonymise them two weeks later, and
    /// anonymise pupils a year after their last closed school year (the job runner does it daily).
    Retention {
        #[arg(long)]
        dry_run: bool,
        /// As if it were this time (operations, tests).
        #[arg(long)]
        now: Option<chrono::NaiveDateTime>,
    },
    /// Copy the database (SQLite online copy, or pg_dump) to a file, by default under
    /// `<DATA_DIR>/backups/`.
    Backup {
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Put a backup back (SQLite: stop the service first; PostgreSQL: tables replaced in one
    /// transaction).
    Restore { file: std::path::PathBuf },
    /// Print the OpenAPI document (YAML), or write it to a file.
    Openapi {
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum YearAction {
    Close {
        /// e.g. 2026-2027
        year: String,
        #[arg(long)]
        dry_run: bool,
        /// Close as if it were this time (operations, tests).
        #[arg(long)]
        now: Option<chrono::NaiveDateTime>,
    },
}

#[derive(Subcommand)]
enum StatsAction {
    Refresh,
    Verify,
}

#[derive(Subcommand)]
enum JobsAction {
    /// Loop until interrupted.
    Run,
    /// One sweep and one outbox round, then exit (operations, tests).
    RunOnce {
        /// Sweep as if it were this time (e.g. `2027-01-20T08:00:00`), to test expiry.
        #[arg(long)]
        now: Option<chrono::NaiveDateTime>,
    },
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("passerelle : {message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    // glibc gives each thread that allocates its own arena and keeps freed memory there: password
    // hashes (19 MiB each) computed on many blocking threads would pin hundreds of MB. Two arenas
    // keep the footprint near what is actually in use (measured by bench/spike.sh). A fixed mmap
    // threshold too: by default glibc raises it after each large free, so the next 19 MiB hash
    // comes from an arena and stays resident after use; with it fixed, large blocks are mapped
    // for their use and returned to the system when freed.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
    let cli = Cli::parse();
    if let Command::Openapi { output } = &cli.command {
        let yaml = match openapi::to_yaml() {
            Ok(y) => y,
            Err(e) => return fail(e),
        };
        return match output {
            Some(path) => match std::fs::write(path, yaml) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("{} : {e}", path.display())),
            },
            None => {
                print!("{yaml}");
                ExitCode::SUCCESS
            }
        };
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    telemetry::init(config.log_format);
    match cli.command {
        Command::Serve => {
            let state = match app::prepare(config) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let system = actix_web::rt::System::new();
            match system.block_on(app::serve(state)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Command::Jobs { action } => {
            let state = match app::prepare(config) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let system = actix_web::rt::System::new();
            let result: Result<(), String> = system.block_on(async move {
                // The mail transport needs the runtime: built inside it.
                let worker = state.worker()?;
                match action {
                    JobsAction::Run => {
                        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
                        let interval = state.config.worker_interval;
                        let handle = tokio::spawn(worker.run(interval, stop_rx));
                        // Stop on Ctrl-C or SIGTERM (what orchestrators send), after the round in progress.
                        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).map_err(|e| e.to_string())?;
                        tokio::select! {
                            _ = tokio::signal::ctrl_c() => {}
                            _ = term.recv() => {}
                        }
                        let _ = stop_tx.send(true);
                        handle.await.map_err(|e| e.to_string())
                    }
                    JobsAction::RunOnce { now } => {
                        let swept = worker.sweep(now.unwrap_or_else(db::now)).await?;
                        let mut sent = 0;
                        loop {
                            let n = worker.deliver_once().await?;
                            if n == 0 {
                                break;
                            }
                            sent += n;
                        }
                        println!("{swept} candidature(s) mise(s) à jour, {sent} message(s) traité(s)");
                        Ok(())
                    }
                }
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Command::Stats { action } => {
            let result = db::connect(&config.database_url, 1).and_then(|(pool, _)| {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                db::migrate(&mut conn)?;
                match action {
                    StatsAction::Refresh => {
                        let n = passerelle::reporting::service::refresh(&mut conn, db::now()).map_err(|e| e.message)?;
                        println!("{n} compteur(s) reconstruit(s)");
                        Ok(true)
                    }
                    StatsAction::Verify => {
                        let diffs = passerelle::reporting::service::verify(&mut conn).map_err(|e| e.message)?;
                        for ((y, d, s, m, g), stored, fresh) in &diffs {
                            println!("{y} dép. {d} secteur {s} {m} {g} : {stored} enregistré(s), {fresh} recompté(s)");
                        }
                        println!("{} différence(s)", diffs.len());
                        Ok(diffs.is_empty())
                    }
                }
            });
            match result {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => fail(e),
            }
        }
        Command::Year { action: YearAction::Close { year, dry_run, now } } => {
            let Some(y) = passerelle::schools::rules::SchoolYear::parse(&year) else {
                return fail("Année scolaire attendue sous la forme 2026-2027.");
            };
            let result = db::connect(&config.database_url, 1).and_then(|(pool, _)| {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                db::migrate(&mut conn)?;
                let now = now.unwrap_or_else(db::now);
                passerelle::campaigns::closing::close_year(&mut conn, y, "cli", now, &config.public_url, dry_run).map_err(|e| e.message)
            });
            match result {
                Ok(r) => {
                    println!("Clôture de l'année {}{} :", r.school_year, if r.dry_run { " (simulation, rien n'est modifié)" } else { "" });
                    if r.already_closed {
                        println!("  l'année était déjà close");
                    }
                    println!("  {} candidature(s) en cours close(s)", r.applications_closed);
                    println!("  {} classe(s) archivée(s)", r.classes_archived);
                    println!("  {} élève(s) anonymisé(s) (conservation : un an après leur dernière année)", r.pupils_anonymised);
                    println!("  {} organisme(s) invité(s) à renouveler {} offre(s)", r.hosts_invited, r.offers_to_renew);
                    println!("{}", serde_json::to_string(&r).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Retention { dry_run, now } => {
            let result = db::connect(&config.database_url, 1).and_then(|(pool, _)| {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                db::migrate(&mut conn)?;
                passerelle::accounts::retention::run(&mut conn, now.unwrap_or_else(db::now), dry_run, &config.public_url).map_err(|e| e.message)
            });
            match result {
                Ok(r) => {
                    let verb = if r.dry_run { "seraient" } else { "sont" };
                    println!("Conservation des données{} :", if r.dry_run { " (simulation, rien n'est modifié)" } else { "" });
                    println!("  {} compte(s) inactif(s) {verb} prévenu(s)", r.notified.len());
                    println!("  {} compte(s) adulte(s) {verb} anonymisé(s)", r.adults_anonymised.len());
                    println!("  {} élève(s) {verb} anonymisé(s)", r.pupils_anonymised.len());
                    if !r.dry_run {
                        println!(
                            "  {} demande(s) d'assistance, {} ligne(s) de journal et {} message(s) envoyé(s) supprimés",
                            r.tickets_deleted, r.log_lines_deleted, r.jobs_deleted
                        );
                    }
                    println!("{}", serde_json::to_string(&r).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Backup { output } => {
            let backend = match db::Backend::from_url(&config.database_url) {
                Ok(b) => b,
                Err(e) => return fail(e),
            };
            let out = output.unwrap_or_else(|| db::backup::default_path(&config.data_dir, backend, db::now()));
            match db::backup::backup(&config.database_url, &out) {
                Ok(bytes) => {
                    println!("Sauvegarde écrite : {} ({bytes} octets)", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Restore { file } => match db::backup::restore(&config.database_url, &file) {
            Ok(()) => {
                println!("Sauvegarde {} restaurée.", file.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Migrate => {
            let result = db::connect(&config.database_url, 1).and_then(|(pool, _)| {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                db::migrate(&mut conn)
            });
            match result {
                Ok(applied) => {
                    eprintln!("{} migration(s) appliquée(s)", applied.len());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::SeedDemo { json } => {
            let state = match app::prepare(config) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let accounts = match state.pool.get().map_err(|e| e.to_string()).and_then(|mut c| demo::seed(&mut c).map_err(|e| e.message)) {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&accounts).unwrap_or_default());
            } else {
                println!("Comptes de démonstration (mot de passe : {}) :", demo::DEMO_PASSWORD);
                for a in &accounts {
                    println!("  {:<34} {}{}", a.label, a.email, if a.totp_secret.is_some() { "  (+ code TOTP)" } else { "" });
                }
                println!(
                    "Double authentification des administrateurs et référents : ajoutez la clé {} à une application d'authentification (ou TOTP_REQUIRED=false).",
                    demo::DEMO_TOTP_SECRET
                );
            }
            ExitCode::SUCCESS
        }
        Command::Import { kind, dir, if_empty } => {
            let result = db::connect(&config.database_url, 1).and_then(|(pool, _)| {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                db::migrate(&mut conn)?;
                if if_empty && passerelle::reference::import::is_loaded(&mut conn)? {
                    eprintln!("Données de référence déjà chargées.");
                    return Ok(Vec::new());
                }
                passerelle::reference::import::import(&mut conn, kind, &dir)
            });
            match result {
                Ok(reports) => {
                    for r in reports {
                        println!("{r}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Openapi { .. } => ExitCode::SUCCESS,
    }
}
