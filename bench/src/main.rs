//! `cargo run --release -p averias-bench -- [--sizes 0,100000,1000000]`
//!
//! Builds the release `averias`, and for each database size: seeds the demo
//! operator plus N tickets of generated history through the bulk path,
//! starts `averias serve`, drives it over loopback with `wrk` (fault reports,
//! single-ticket reads, filtered list pages, a mixed agent workload), and
//! records throughput, p50/p99 latency and the server's peak RSS. Then a
//! durability check: `kill -9` the server during a report load, restart it,
//! and look up every ticket the load tool saw acknowledged. Figures are
//! printed as `name=value` lines and written as JSON. `--attachments` runs
//! the file workloads instead (`attachments.rs`), `--search` the search
//! measures (`search.rs`).

mod attachments;
mod scripts;
mod search;
mod server;
mod wrk;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;

use server::Server;

#[derive(Debug, Parser)]
struct Args {
    /// Database sizes (tickets preloaded), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "0,100000,1000000")]
    sizes: Vec<usize>,
    /// Seconds per workload.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Concurrent connections of the load tool.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Where to write the JSON results.
    #[arg(long, default_value = "bench/results/latest.json")]
    out: PathBuf,
    /// Skip the kill -9 durability check.
    #[arg(long)]
    skip_durability: bool,
    /// Use an already built binary instead of building one.
    #[arg(long)]
    binary: Option<PathBuf>,
    /// Benchmark PostgreSQL instead of SQLite: an admin URL such as
    /// postgres://postgres@127.0.0.1:5432/postgres. Each size gets a fresh
    /// database, dropped afterwards.
    #[arg(long)]
    postgres: Option<String>,
    /// Run only the attachments workloads (1 MiB uploads at 8 connections,
    /// downloads at 32) on the demo database.
    #[arg(long)]
    attachments: bool,
    /// Run only the search measures (issue 23) at each `--sizes`: index
    /// size, mixed searches at 8 connections, the backfill's time.
    #[arg(long)]
    search: bool,
    /// With `--search`: leave out the backfill (it rebuilds a million
    /// tickets' index, minutes).
    #[arg(long)]
    skip_backfill: bool,
}

fn build_release() -> Result<PathBuf> {
    eprintln!("building the release binary…");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "averias"])
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    Ok(target.join("release/averias"))
}

fn machine() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    m.insert("cores".into(), cores.to_string());
    if let Ok(info) = std::fs::read_to_string("/proc/meminfo")
        && let Some(line) = info.lines().find(|l| l.starts_with("MemTotal"))
    {
        let kb: u64 = line
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        m.insert(
            "memory_gib".into(),
            format!("{:.1}", kb as f64 / 1024.0 / 1024.0),
        );
    }
    if let Ok(cpu) = std::fs::read_to_string("/proc/cpuinfo")
        && let Some(line) = cpu.lines().find(|l| l.starts_with("model name"))
    {
        m.insert(
            "cpu".into(),
            line.split(':').nth(1).unwrap_or("").trim().to_owned(),
        );
    }
    m
}

fn main() -> Result<()> {
    let args = Args::parse();
    // Built in one workspace with the server, reqwest comes without a TLS
    // provider of its own (feature unification); the harness talks plain
    // HTTP, but reqwest still asks for one when it builds a client.
    let _ = rustls::crypto::ring::default_provider().install_default();
    wrk::ensure_installed()?;
    let binary = match args.binary.clone() {
        Some(b) => b,
        None => build_release()?,
    };
    let mut results = serde_json::Map::new();
    let machine = machine();
    for (k, v) in &machine {
        println!("machine.{k}={v}");
    }
    results.insert("machine".into(), serde_json::to_value(&machine)?);
    let target = match &args.postgres {
        Some(admin) => server::Target::Postgres(admin.clone()),
        None => server::Target::Sqlite,
    };
    results.insert("database".into(), target.name().into());
    results.insert("connections".into(), args.connections.into());
    results.insert("duration_s".into(), args.duration.into());

    if args.attachments {
        let figures = attachments::run(&binary, &target, args.duration)?;
        results.insert(
            format!("{}.attachments", target.name()),
            serde_json::to_value(figures)?,
        );
        if let Some(parent) = args.out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&args.out, serde_json::to_string_pretty(&results)? + "\n")?;
        eprintln!("results written to {}", args.out.display());
        return Ok(());
    }

    if args.search {
        for (k, v) in search::run(
            &binary,
            &target,
            &args.sizes,
            args.duration,
            !args.skip_backfill,
        )? {
            results.insert(k, v);
        }
        if let Some(parent) = args.out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&args.out, serde_json::to_string_pretty(&results)? + "\n")?;
        eprintln!("results written to {}", args.out.display());
        return Ok(());
    }

    for &size in &args.sizes {
        let dir = tempfile::tempdir()?;
        let db = target.fresh_database(dir.path())?;
        let seed_s = server::seed(&binary, &db, size)?;
        let server = Server::start(&binary, &db)?;
        let prefix = format!("{}.tickets_{size}", target.name());
        println!("{prefix}.seed_seconds={seed_s:.1}");
        let mut figures = serde_json::Map::new();
        figures.insert("seed_seconds".into(), seed_s.into());
        let sample = server.sample_tickets()?;
        let work = dir.path();
        let c = args.connections;
        for (name, script, path, connections) in [
            ("reports", scripts::reports(), "/api/v1/reports", c),
            ("ticket_reads", scripts::reads(&sample.all), "/", c),
            ("list_pages", scripts::list_page(), "/", c),
            // The same pages at a desk's pace: eight agents refreshing at once.
            ("list_pages_c8", scripts::list_page(), "/", 8),
            (
                "mixed_agent",
                scripts::mixed(&sample.all, &sample.with_csm),
                "/",
                c,
            ),
        ] {
            let file = work.join(format!("{name}.lua"));
            std::fs::write(&file, script)?;
            let out = wrk::run(&server.base, path, &file, connections, args.duration)?;
            for (k, v) in out.pairs() {
                println!("{prefix}.{name}.{k}={v}");
            }
            figures.insert(
                name.into(),
                serde_json::to_value(out.pairs().into_iter().collect::<BTreeMap<_, _>>())?,
            );
        }
        let rss = server.peak_rss_mb()?;
        println!("{prefix}.server_peak_rss_mb={rss:.1}");
        figures.insert("server_peak_rss_mb".into(), rss.into());
        results.insert(prefix, figures.into());
        drop(server);
        target.drop_database(&db);
    }

    if !args.skip_durability {
        let (acknowledged, found) = server::durability_check(&binary, &target, args.connections)?;
        let name = target.name();
        println!("{name}.durability.acknowledged={acknowledged}");
        println!("{name}.durability.found_after_restart={found}");
        println!("{name}.durability.lost={}", acknowledged - found);
        results.insert(
            "durability".into(),
            serde_json::json!({"acknowledged": acknowledged, "found_after_restart": found, "lost": acknowledged - found}),
        );
        if found < acknowledged {
            bail!(
                "{} acknowledged reports were lost after kill -9",
                acknowledged - found
            );
        }
    }

    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&results)? + "\n")?;
    eprintln!("results written to {}", args.out.display());
    Ok(())
}
