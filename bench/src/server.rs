//! Starting, sampling, measuring and killing the `averias` server under test.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Which database the server under test runs on.
pub enum Target {
    Sqlite,
    /// An admin URL; each run gets a database of its own.
    Postgres(String),
}

impl Target {
    pub fn name(&self) -> &'static str {
        match self {
            Target::Sqlite => "sqlite",
            Target::Postgres(_) => "postgres",
        }
    }

    /// A new, empty database URL.
    pub fn fresh_database(&self, dir: &Path) -> Result<String> {
        match self {
            Target::Sqlite => Ok(format!("sqlite://{}", dir.join("bench.db").display())),
            Target::Postgres(admin) => {
                let name = format!("averias_bench_{}", std::process::id());
                let _ = psql(
                    admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                );
                if !psql(admin, &format!("CREATE DATABASE {name}")) {
                    bail!("cannot create database {name} through {admin}");
                }
                let (base, _) = admin
                    .rsplit_once('/')
                    .context("the PostgreSQL URL ends in /database")?;
                Ok(format!("{base}/{name}"))
            }
        }
    }

    /// Drops a database made by [`Target::fresh_database`].
    pub fn drop_database(&self, url: &str) {
        if let (Target::Postgres(admin), Some((_, name))) = (self, url.rsplit_once('/')) {
            let _ = psql(
                admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql")
        .arg(url)
        .args(["-qAtc", sql])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A running `averias serve`; killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

/// Ticket numbers to aim requests at.
pub struct Sample {
    /// Any tickets, spread over the database.
    pub all: Vec<String>,
    /// Open tickets with CSM, for notes and transitions.
    pub with_csm: Vec<String>,
}

/// Seeds the demo operator and `tickets` bulk tickets; returns the seconds it took.
pub fn seed(binary: &Path, db: &str, tickets: usize) -> Result<f64> {
    seed_configured(binary, db, tickets, None)
}

/// As [`seed`], with the config file the server will run with (so the demo's
/// files land where it looks for them).
pub fn seed_configured(
    binary: &Path,
    db: &str,
    tickets: usize,
    config: Option<&Path>,
) -> Result<f64> {
    eprintln!("seeding {db} with {tickets} tickets…");
    let started = Instant::now();
    let mut command = Command::new(binary);
    if let Some(c) = config {
        command.arg("--config").arg(c);
    }
    let status = command
        .args([
            "demo",
            "--bulk-tickets",
            &tickets.to_string(),
            "--database",
            db,
        ])
        .env("AVERIAS_LOG", "warn")
        .stdout(Stdio::null())
        .status()
        .context("cannot run averias demo")?;
    if !status.success() {
        bail!("averias demo failed");
    }
    Ok(started.elapsed().as_secs_f64())
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl Server {
    /// Starts the server on a free loopback port and waits until it answers.
    pub fn start(binary: &Path, db: &str) -> Result<Self> {
        Self::start_configured(binary, db, None)
    }

    /// As [`Server::start`], with a config file.
    pub fn start_configured(binary: &Path, db: &str, config: Option<&Path>) -> Result<Self> {
        let port = free_port()?;
        let mut command = Command::new(binary);
        if let Some(c) = config {
            command.arg("--config").arg(c);
        }
        let child = command
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database",
                db,
            ])
            .env("AVERIAS_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start averias serve")?;
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..300 {
            if reqwest::blocking::get(format!("{}/healthz", server.base))
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("the server did not come up")
    }

    pub fn get(&self, path: &str) -> Result<Value> {
        let resp = reqwest::blocking::Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth("demo-csm")
            .send()?;
        Ok(resp.json()?)
    }

    fn numbers(page: &Value) -> Vec<String> {
        page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["number"].as_str().map(str::to_owned))
            .collect()
    }

    /// A few hundred ticket numbers from across the database.
    pub fn sample_tickets(&self) -> Result<Sample> {
        let total = self.get("/api/v1/tickets?limit=1")?["total"]
            .as_i64()
            .unwrap_or(0);
        let mut all = Vec::new();
        for k in 0..10 {
            let offset = (total * k / 10).max(0);
            all.extend(Self::numbers(
                &self.get(&format!("/api/v1/tickets?limit=100&offset={offset}"))?,
            ));
        }
        let with_csm =
            Self::numbers(&self.get("/api/v1/tickets?status=inProgress&stage=with_csm&limit=200")?);
        if all.is_empty() {
            bail!("the database has no tickets to read");
        }
        Ok(Sample { all, with_csm })
    }

    /// The server's peak resident set size (VmHWM), in MiB.
    pub fn peak_rss_mb(&self) -> Result<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let kb: f64 = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .context("no VmHWM in /proc status")?;
        Ok(kb / 1024.0)
    }

    /// SIGKILL, no goodbye.
    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Kills the server with SIGKILL in the middle of a report load, restarts it
/// on the same database, and looks up every ticket wrk saw acknowledged.
/// Returns (acknowledged, found after restart).
pub fn durability_check(
    binary: &Path,
    target: &Target,
    connections: u32,
) -> Result<(usize, usize)> {
    let dir = tempfile::tempdir()?;
    let db = target.fresh_database(dir.path())?;
    seed(binary, &db, 0)?;
    let mut server = Server::start(binary, &db)?;
    let script = dir.path().join("record.lua");
    std::fs::write(
        &script,
        crate::scripts::reports_recording(&dir.path().display().to_string()),
    )?;
    let mut wrk = Command::new("wrk")
        .arg("-t2")
        .arg(format!("-c{connections}"))
        .arg("-d6s")
        .arg("-s")
        .arg(&script)
        .arg(format!("{}/api/v1/reports", server.base))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run wrk")?;
    std::thread::sleep(Duration::from_secs(3));
    eprintln!("kill -9 the server during the report load…");
    server.kill9();
    let _ = wrk.wait();
    let server = Server::start(binary, &db)?;
    let mut acknowledged = Vec::new();
    for entry in std::fs::read_dir(dir.path())? {
        let path = entry?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("acknowledged-"))
        {
            acknowledged.extend(std::fs::read_to_string(&path)?.lines().map(str::to_owned));
        }
    }
    let client = reqwest::blocking::Client::new();
    let mut found = 0;
    for number in &acknowledged {
        let resp = client
            .get(format!("{}/api/v1/tickets/{number}", server.base))
            .bearer_auth("demo-csm")
            .send()?;
        if resp.status().is_success() {
            found += 1;
        } else {
            eprintln!("acknowledged ticket {number} is missing after restart");
        }
    }
    drop(server);
    target.drop_database(&db);
    if acknowledged.is_empty() {
        bail!("the load tool saw no acknowledged report before the kill");
    }
    Ok((acknowledged.len(), found))
}
