//! `passerelle-bench-data`: the benchmarks' dataset generator, a binary of its own so that the
//! production binary does not carry it. Writes into the database `DATABASE_URL` names (migrated
//! here, reference data imported first with `passerelle import all`).

mod generate;
mod rng;

use std::process::ExitCode;

use clap::Parser;
use passerelle::config::Config;
use passerelle::db;

/// Benchmark dataset (S = 10k offers, M = 100k, L = 1M; deterministic for a seed) into an empty
/// database with reference data loaded; writes the load generator's manifest.
#[derive(Parser)]
#[command(name = "passerelle-bench-data")]
struct Cli {
    #[arg(long, value_enum, ignore_case = true)]
    size: generate::Size,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the manifest (JSON).
    #[arg(long, default_value = "bench-manifest.json")]
    manifest: std::path::PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = std::time::Instant::now();
    let result = Config::from_env().and_then(|config| {
        let (pool, _) = db::connect(&config.database_url, 1)?;
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        db::migrate(&mut conn)?;
        let m = generate::generate(&mut conn, cli.size, cli.seed, |step| eprintln!("  {:>6.1} s  {step}", started.elapsed().as_secs_f64()))?;
        std::fs::write(&cli.manifest, serde_json::to_vec(&m).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        generate::summary(&mut conn)
    });
    match result {
        Ok(summary) => {
            eprintln!("Jeu de données {:?} généré en {:.1} s :\n{summary}", cli.size, started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("passerelle-bench-data : {e}");
            ExitCode::FAILURE
        }
    }
}
