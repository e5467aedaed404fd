//! `averias`: the command operators run. `serve` starts the HTTP server (with
//! `--demo` seeding an empty database), `migrate` applies migrations, `demo`
//! seeds demo data, `user add` creates users, `import` loads reference data.
//!
//! Past 500 lines with its tests: the argument types of every command and
//! their dispatch read best in one place, in `--help`'s order; each
//! command's work is in its own module.

mod config;
mod import;
mod report;
mod transfer;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use averias_domain::Role;
use averias_server::{App, Clock, ServerSettings, Services};
use averias_services::reference::{UserInput, system_actor};
use averias_store::{PgStore, SqliteStore, Store};
use clap::{Parser, Subcommand};

use config::{FileConfig, Settings};

/// mimalloc instead of glibc malloc: request handling allocates many small,
/// short-lived buffers across threads, where glibc's arenas spend visible
/// time consolidating (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "averias",
    version,
    about = "Fault management for mobile operators and their corporate customers"
)]
struct Cli {
    /// TOML configuration file.
    #[arg(long, global = true, env = "AVERIAS_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL, e.g. sqlite://averias.db
    #[arg(long, global = true, env = "AVERIAS_DATABASE_URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "AVERIAS_LISTEN")]
        listen: Option<String>,
        /// Seed demo data when the database is empty.
        #[arg(long, env = "AVERIAS_DEMO")]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Seed demo data into an empty database and exit.
    Demo {
        /// Also add this many tickets of generated history (a year's worth,
        /// written in bulk): for benchmarks and load tests.
        #[arg(long, default_value_t = 0)]
        bulk_tickets: usize,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Bulk-load reference data from CSV or JSON, or a whole installation
    /// written by `averias export` (`import installation FILE`).
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: import::Kind,
        /// The file to read (`.csv` or `.json`; `.jsonl` for an installation).
        file: PathBuf,
    },
    /// Manage business calendars.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Write the whole installation (every table and history row) to a
    /// JSON Lines file, to move it to another database.
    Export {
        /// The file to write.
        file: PathBuf,
    },
    /// Produce reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// The weekly fault report of an ISO week (R-REPORT-1).
    Weekly {
        /// ISO week like 2026-W48 (default: the current week).
        #[arg(long, default_value = "current")]
        week: String,
        #[arg(long, value_enum, default_value_t = report::Format::Json)]
        format: report::Format,
        /// File to write (for `csv`: a directory, one file per table).
        #[arg(long)]
        out: PathBuf,
        /// Headers in Spanish (`es`, the default) or English (`en`).
        #[arg(long, value_enum, default_value_t = report::Lang::Es)]
        lang: report::Lang,
    },
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Create or replace a calendar from a TOML file (name, zone, week, holidays).
    Import {
        /// The TOML file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user and print its API token.
    Add {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        group: Option<String>,
        /// Account number, for customer contacts.
        #[arg(long)]
        account: Option<String>,
        /// Where the user's notifications go.
        #[arg(long)]
        email: Option<String>,
    },
    /// Set a user's password for the web console (read from the
    /// AVERIAS_PASSWORD environment variable, or one line of standard
    /// input). Ends the user's web sessions.
    Password { name: String },
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AVERIAS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Opens the store named by the database URL and applies pending migrations
/// (on PostgreSQL under an advisory lock, so instances starting together
/// migrate once).
async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>> {
    let url = settings.database_url.as_str();
    let store: Arc<dyn Store> = if url.starts_with("sqlite:") {
        Arc::new(
            SqliteStore::connect(url)
                .await
                .with_context(|| format!("cannot open database {url}"))?,
        )
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Arc::new(
            PgStore::connect(url, &settings.postgres)
                .await
                .with_context(|| format!("cannot connect to {}", redacted_url(url)))?,
        )
    } else {
        bail!(
            "database URL '{url}' is not understood; use sqlite://path/to/file.db or postgres://user@host:5432/db"
        );
    };
    store.migrate().await.context("cannot apply migrations")?;
    averias_services::calendars::seed_defaults(store.as_ref(), chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the default calendars: {e}"))?;
    Ok(store)
}

async fn seed_demo(
    store: Arc<dyn Store>,
    attachments: averias_services::attachments::AttachmentSettings,
) -> Result<()> {
    if !store.is_empty().await? {
        tracing::info!("database already holds data; demo seeding skipped");
        return Ok(());
    }
    let summary = averias_demo::seed_with(store, chrono::Utc::now(), Some(attachments))
        .await
        .map_err(|e| anyhow::anyhow!("demo seeding failed: {e}"))?;
    tracing::info!(
        accounts = summary.accounts,
        lines = summary.lines,
        users = summary.users,
        tickets = summary.tickets,
        refused_reports = summary.refused_reports,
        attachments = summary.attachments,
        "demo data seeded; demo tokens are listed in the README"
    );
    Ok(())
}

/// What a person needs right after `serve` starts: where to point the
/// browser and, for the demo, whom to sign in as.
fn serving_banner(addr: std::net::SocketAddr, demo: bool) -> String {
    // A wildcard address is reachable at the loopback one on this machine.
    let host = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_owned(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    let base = format!("http://{host}:{}", addr.port());
    let mut banner = format!(
        "\nAverías is serving at {base}/\n  web console: {base}/login\n  API docs:    {base}/api/docs\n"
    );
    if demo {
        banner.push_str(
            "  demo users:  sign in as csm with password demo-csm (CSM), or cliente-1001 / demo-customer (a customer);\n               every demo user and API token is listed in the README, \"Demo users\"\n",
        );
    }
    banner.push_str("Stop it with Ctrl-C.\n");
    banner
}

/// The database URL with any password replaced, for logs.
fn redacted_url(url: &str) -> String {
    // scheme://user:password@host/...: everything between the first ':' after
    // "//" and the last '@' before the path is the password.
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let file = FileConfig::load(cli.config.as_deref())?;
    let listen_flag = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
        _ => None,
    };
    let settings = Settings::resolve(file, listen_flag, cli.database.clone());
    init_logging(&settings.log_format);

    match cli.command {
        Command::Serve { demo, .. } => {
            settings
                .attachments
                .check()
                .context("[attachments]: the blob store cannot be opened")?;
            let store = open_store(&settings).await?;
            if demo {
                seed_demo(store.clone(), settings.attachments.clone()).await?;
            }
            let app = App::new(
                store,
                Clock::System,
                ServerSettings {
                    max_body_bytes: settings.max_body_bytes,
                    notifier: Some(
                        averias_services::notify::Notifier::new(settings.notifications.clone())
                            .map_err(|e| anyhow::anyhow!("notifications: {e}"))?,
                    ),
                    reports: settings.reports.clone(),
                    secure_cookies: settings.secure_cookies,
                    http: settings.http,
                    metrics_token: settings.metrics_token.clone(),
                    attachments: Some(settings.attachments.clone()),
                },
            );
            let listener = tokio::net::TcpListener::bind(&settings.listen)
                .await
                .with_context(|| format!("cannot listen on {}", settings.listen))?;
            if let Some(every) = settings.worker_interval {
                averias_services::background::spawn((*app.services).clone(), every);
            }
            tracing::info!(listen = %settings.listen, database = %redacted_url(&settings.database_url), "averias is serving; API docs at /api/docs");
            println!("{}", serving_banner(listener.local_addr()?, demo));
            if settings.metrics_token.is_none() {
                tracing::warn!(
                    "/metrics answers anyone who reaches the port; set [metrics] token or AVERIAS_METRICS_TOKEN"
                );
            }
            // Connection cap and header/idle/request timeouts; the client's
            // address (ConnectInfo) feeds the sign-in rate limits.
            averias_server::http_server::serve(
                listener,
                app.router(),
                settings.http,
                shutdown_signal(),
            )
            .await?;
        }
        Command::Migrate => {
            open_store(&settings).await?;
            println!(
                "migrations applied to {}",
                redacted_url(&settings.database_url)
            );
        }
        Command::Demo { bulk_tickets } => {
            let store = open_store(&settings).await?;
            seed_demo(store.clone(), settings.attachments.clone()).await?;
            if bulk_tickets > 0 {
                let bar = indicatif::ProgressBar::new(bulk_tickets as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:40} {pos}/{len} tickets {per_sec} eta {eta}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                let started = std::time::Instant::now();
                averias_demo::bulk::load(store.clone(), bulk_tickets, chrono::Utc::now(), |done| {
                    bar.set_position(done as u64)
                })
                .await
                .map_err(|e| anyhow::anyhow!("bulk load failed: {e}"))?;
                bar.finish_and_clear();
                store.analyze().await?;
                println!(
                    "{bulk_tickets} tickets loaded in {:.1}s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    group,
                    account,
                    email,
                },
        } => {
            let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            let store = open_store(&settings).await?;
            let services = Services::new(store, Clock::System);
            let (user, token) = services
                .admin
                .create_user(
                    &system_actor(),
                    UserInput {
                        name,
                        role,
                        group,
                        account,
                        token: None,
                        email,
                    },
                )
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!(
                "created user {} ({}) with role {}; its API token (shown once):",
                user.name, user.id, user.role
            );
            println!("{token}");
        }
        Command::User {
            command: UserCommand::Password { name },
        } => {
            let password = match std::env::var("AVERIAS_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .context("cannot read the password from standard input")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let store = open_store(&settings).await?;
            let services = Services::new(store, Clock::System);
            let user = services
                .admin
                .users(&system_actor())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .into_iter()
                .find(|u| u.name == name)
                .with_context(|| format!("there is no user named '{name}'"))?;
            services
                .auth
                .set_password(&system_actor(), user.id, &password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("password set for {name}; their web sessions were ended");
        }
        Command::Calendar {
            command: CalendarCommand::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let spec: averias_server::api::calendars::CalendarSpec = toml::from_str(&text)
                .with_context(|| format!("{} is not a calendar file", file.display()))?;
            let name = spec
                .name
                .clone()
                .context("the calendar file needs a name")?;
            let store = open_store(&settings).await?;
            let services = Services::new(store, Clock::System);
            let calendar = spec
                .into_calendar(&name)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            services
                .sla
                .upsert_calendar(&system_actor(), calendar)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("calendar {name} saved");
        }
        Command::Report {
            command:
                ReportCommand::Weekly {
                    week,
                    format,
                    out,
                    lang,
                },
        } => {
            let store = open_store(&settings).await?;
            let services =
                Services::new(store, Clock::System).with_reports(settings.reports.clone());
            let written = report::weekly(&services, &week, format, lang, &out).await?;
            println!("{written}");
        }
        Command::Export { file } => {
            let store = open_store(&settings).await?;
            let files = Services::new(store.clone(), Clock::System)
                .with_attachments(settings.attachments.clone())
                .context("the attachments folder")?
                .attachments;
            let rows = transfer::export(store.as_ref(), &files, &file).await?;
            println!("{rows} rows exported to {}", file.display());
        }
        Command::Import {
            kind: import::Kind::Installation,
            file,
        } => {
            let store = open_store(&settings).await?;
            let files = Services::new(store.clone(), Clock::System)
                .with_attachments(settings.attachments.clone())
                .context("the attachments folder")?
                .attachments;
            let rows = transfer::import(store.as_ref(), &files, &file).await?;
            store.analyze().await?;
            println!("{rows} rows imported from {}", file.display());
        }
        Command::Import { kind, file } => {
            let store = open_store(&settings).await?;
            let services = Services::new(store, Clock::System);
            let report = import::run(&services, kind, &file).await?;
            println!(
                "{} imported, {} failed",
                report.imported,
                report.failed.len()
            );
            for (row, why) in &report.failed {
                eprintln!("row {row}: {why}");
            }
            if !report.failed.is_empty() {
                std::process::exit(1);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_reach_the_logs() {
        assert_eq!(
            redacted_url("postgres://averias:s3cr3t@db.example:5432/averias"),
            "postgres://averias:***@db.example:5432/averias"
        );
        assert_eq!(
            redacted_url("postgres://u:p%40ss@h/d?sslmode=require"),
            "postgres://u:***@h/d?sslmode=require"
        );
        assert_eq!(
            redacted_url("postgres://postgres@127.0.0.1:5432/x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(redacted_url("sqlite://averias.db"), "sqlite://averias.db");
    }

    #[test]
    fn the_demo_banner_says_where_and_as_whom() {
        let b = serving_banner("0.0.0.0:8080".parse().unwrap(), true);
        assert!(b.contains("http://127.0.0.1:8080/login"), "{b}");
        assert!(b.contains("csm with password demo-csm"), "{b}");
        let b = serving_banner("127.0.0.1:9000".parse().unwrap(), false);
        assert!(b.contains("http://127.0.0.1:9000/"), "{b}");
        assert!(!b.contains("demo-csm"), "{b}");
    }
}
