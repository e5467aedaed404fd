//! `--search`: issue 23's figures. For each size: the bulk generator's
//! tickets with their notes (indexed as they are written, as intake
//! does), the index's size on disk, a mixed search workload at eight
//! connections (words, prefixes typed so far, line fragments, ticket
//! numbers; operator staff and a customer), then the backfill a database
//! from before search needs: the index emptied and `averias migrate`
//! timed while it rebuilds it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::scripts::lua_list;
use crate::server::{self, Server, Target};
use crate::wrk;

/// What the desk types: words in any form, beginnings, line fragments.
const TYPED: &[&str] = &[
    "senal",
    "sin señal",
    "llamadas caidas",
    "reparacion",
    "reparaciones del enlace",
    "señ",
    "repar",
    "sincroniza",
    "valencia",
    "celda",
    "roaming exterior",
    "pantalla negro",
    "sms banco",
    "congestion radiobase",
    "guarenas galpon",
    "0416",
    "4161000",
    "0416-1002000",
    "+58 416 1005000",
    "ccs-041",
];

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The search paths of the workload: typed text, and ticket numbers as
/// people write them (lower case, without zeros, by their last digits).
fn paths(numbers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = TYPED
        .iter()
        .map(|q| format!("/api/v1/search?limit=20&q={}", encode(q)))
        .collect();
    for n in numbers.iter().take(40) {
        let seq = n.rsplit('-').next().unwrap_or_default();
        let digits = seq.trim_start_matches('0');
        out.push(format!(
            "/api/v1/search?limit=20&q={}",
            encode(&n.to_lowercase())
        ));
        out.push(format!("/api/v1/search?limit=20&q={digits}"));
    }
    out
}

fn script(token: &str, paths: &[String]) -> String {
    format!(
        r#"
wrk.headers["Authorization"] = "Bearer {token}"
local paths = {}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"#,
        lua_list(paths)
    )
}

/// Bytes the search index takes in the database.
fn index_bytes(target: &Target, db: &str) -> Result<u64> {
    let out = match target {
        Target::Sqlite => Command::new("sqlite3")
            .arg(db.trim_start_matches("sqlite://"))
            .arg("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' OR name LIKE 'sqlite_autoindex_search%';")
            .stdin(Stdio::null())
            .output()
            .context("cannot run sqlite3")?,
        Target::Postgres(_) => Command::new("psql")
            .args([db, "-qAtc", "SELECT pg_total_relation_size('search_documents');"])
            .stdin(Stdio::null())
            .output()
            .context("cannot run psql")?,
    };
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("no index size in: {text}"))
}

/// Empties the index as a database from before search would have it.
fn empty_index(target: &Target, db: &str) -> Result<()> {
    let ok = match target {
        Target::Sqlite => Command::new("sqlite3")
            .arg(db.trim_start_matches("sqlite://"))
            .arg("DELETE FROM search_documents;")
            .status()?
            .success(),
        Target::Postgres(_) => Command::new("psql")
            .args([db, "-qAtc", "TRUNCATE search_documents"])
            .status()?
            .success(),
    };
    if !ok {
        bail!("could not empty the search index");
    }
    Ok(())
}

pub fn run(
    binary: &Path,
    target: &Target,
    sizes: &[usize],
    duration: u64,
    backfill: bool,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut results = BTreeMap::new();
    for &size in sizes {
        let dir = tempfile::tempdir()?;
        let db = target.fresh_database(dir.path())?;
        let seed_s = server::seed(binary, &db, size)?;
        let prefix = format!("{}.search_{size}", target.name());
        let mut figures = serde_json::Map::new();
        println!("{prefix}.seed_seconds={seed_s:.1}");
        figures.insert("seed_seconds".into(), seed_s.into());
        let bytes = index_bytes(target, &db)?;
        println!("{prefix}.index_mb={:.1}", bytes as f64 / 1e6);
        figures.insert("index_mb".into(), (bytes as f64 / 1e6).into());

        let server = Server::start(binary, &db)?;
        let sample = server.sample_tickets()?;
        let staff = paths(&sample.all);
        // A customer of account 1001 types the same things.
        for (name, token) in [("staff_c8", "demo-csm"), ("customer_c8", "demo-customer")] {
            let file = dir.path().join(format!("search-{name}.lua"));
            std::fs::write(&file, script(token, &staff))?;
            let out = wrk::run(&server.base, "/", &file, 8, duration)?;
            for (k, v) in out.pairs() {
                println!("{prefix}.{name}.{k}={v}");
            }
            figures.insert(
                name.into(),
                serde_json::to_value(out.pairs().into_iter().collect::<BTreeMap<_, _>>())?,
            );
        }
        drop(server);
        if !backfill {
            results.insert(prefix, figures.into());
            target.drop_database(&db);
            continue;
        }

        empty_index(target, &db)?;
        let started = Instant::now();
        let status = Command::new(binary)
            .args(["migrate", "--database", &db])
            .env("AVERIAS_LOG", "warn")
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("averias migrate failed");
        }
        let backfill = started.elapsed().as_secs_f64();
        println!("{prefix}.backfill_seconds={backfill:.1}");
        figures.insert("backfill_seconds".into(), backfill.into());
        results.insert(prefix, figures.into());
        target.drop_database(&db);
    }
    Ok(results)
}
