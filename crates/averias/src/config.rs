//! Configuration: defaults → TOML file (`--config`) → `AVERIAS_*` environment
//! variables → command-line flags. clap reads flags and environment; this
//! module fills what they leave empty from the file, then the defaults.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

/// The settings file. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Address to listen on, e.g. `127.0.0.1:8080`.
    pub listen: Option<String>,
    /// `sqlite://path/to/file.db` or `postgres://user@host:5432/db`.
    pub database_url: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: Option<usize>,
    /// `text` (default) or `json` log lines.
    pub log_format: Option<String>,
    /// PostgreSQL pool and session settings.
    pub postgres: Option<PostgresConfig>,
    /// How often the background worker looks for due timers and jobs, in
    /// milliseconds (default 1000); 0 turns the worker off on this instance.
    pub worker_interval_ms: Option<u64>,
    /// `[notifications]`: SMTP, SMS gateway, template overrides, addresses.
    pub notifications: Option<averias_services::notify::NotifySettings>,
    /// `[reports]`: how the weekly report is counted.
    pub reports: Option<ReportsConfig>,
    /// `[web]`: the console and portal.
    pub web: Option<WebConfig>,
    /// `[http]`: connection and request limits.
    pub http: Option<HttpConfig>,
    /// `[metrics]`: who may scrape `/metrics`.
    pub metrics: Option<MetricsConfig>,
    /// `[attachments]`: where files' bytes go and their limits.
    pub attachments: Option<AttachmentsConfig>,
}

/// `[attachments]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentsConfig {
    /// The folder of the blob store; default: beside the SQLite file
    /// (`<file>-attachments`), or `averias-attachments` in the working
    /// folder with PostgreSQL.
    pub dir: Option<std::path::PathBuf>,
    /// One file at most, in bytes (default 10 MB).
    pub max_file_bytes: Option<u64>,
    /// A ticket's files together at most, in bytes (default 50 MB).
    pub max_ticket_bytes: Option<u64>,
    /// clamd's address (`127.0.0.1:3310` or `unix:/run/clamav/clamd.ctl`):
    /// with it, every upload is scanned and served only once clean.
    pub clamd: Option<String>,
    /// `[attachments.s3]`: the bytes in an S3-compatible bucket instead of
    /// the folder (several instances on one PostgreSQL share it).
    pub s3: Option<averias_services::attachments::S3Settings>,
}

/// `[http]` in the config file; every value has a safe default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Open connections at most (default 4096).
    pub max_connections: Option<usize>,
    /// A request's headers must arrive within this many milliseconds (default 10000).
    pub header_read_timeout_ms: Option<u64>,
    /// A keep-alive connection silent this long is closed (default 60000).
    pub idle_timeout_ms: Option<u64>,
    /// A request must be answered within this long, or it gets 503 (default 30000).
    pub request_timeout_ms: Option<u64>,
}

/// `[metrics]` in the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// The scraper's bearer token; without one `/metrics` is open to anyone
    /// who reaches the port. `AVERIAS_METRICS_TOKEN` overrides it.
    pub token: Option<String>,
}

/// `[web]` in the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    /// Mark the session cookie `Secure` (set it when users reach the server
    /// over HTTPS; default false, for the demo on `http://127.0.0.1`).
    pub secure_cookies: Option<bool>,
}

/// `[reports]` in the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    /// IANA zone whose Monday 00:00 starts a report week (default `America/Caracas`).
    pub zone: Option<chrono_tz::Tz>,
    /// When, on Mondays in that zone, last week's report is generated and
    /// mailed (`HH:MM`, default `07:00`).
    pub weekly_at: Option<String>,
    /// Who gets it: product development and CSM addresses.
    pub mail_to: Option<Vec<String>>,
}

/// `[postgres]` in the config file. TLS is set in the URL (`sslmode=require`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostgresConfig {
    /// Connections per instance (default 16).
    pub pool_size: Option<u32>,
    /// Statement timeout in milliseconds (default 30000).
    pub statement_timeout_ms: Option<u64>,
}

impl FileConfig {
    /// Reads the file, or returns the empty config when no file was given.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        let mut config = match path {
            Some(path) => Self::read(path)?,
            None => Self::default(),
        };
        // The scanner's address from the environment wins over the file's.
        if let Some(c) = std::env::var("AVERIAS_CLAMD")
            .ok()
            .filter(|c| !c.is_empty())
        {
            config.attachments.get_or_insert_default().clamd = Some(c);
        }
        if let Some(c) = config.attachments.as_ref().and_then(|a| a.clamd.as_deref()) {
            averias_services::attachments::Clamd::parse(c)
                .map_err(|e| anyhow::anyhow!("attachments.clamd (or AVERIAS_CLAMD): {e}"))?;
        }
        Ok(config)
    }

    fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        let config: Self = toml::from_str(&text)
            .with_context(|| format!("config file {} is not valid", path.display()))?;
        if let Some(at) = config.reports.as_ref().and_then(|r| r.weekly_at.as_deref())
            && chrono::NaiveTime::parse_from_str(at, "%H:%M").is_err()
        {
            anyhow::bail!(
                "config file {}: reports.weekly_at = '{at}' is not a time like 07:00",
                path.display()
            );
        }
        Ok(config)
    }
}

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default database: `./averias.db`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://averias.db";

/// The effective settings after layering.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: String,
    pub database_url: String,
    pub max_body_bytes: usize,
    pub log_format: String,
    pub postgres: averias_store::PgSettings,
    /// `None`: this instance runs no background worker.
    pub worker_interval: Option<std::time::Duration>,
    pub notifications: averias_services::notify::NotifySettings,
    pub reports: averias_services::weekly_report::ReportSettings,
    /// Mark the web session cookie `Secure`.
    pub secure_cookies: bool,
    pub http: averias_server::http_server::HttpLimits,
    pub metrics_token: Option<String>,
    pub attachments: averias_services::attachments::AttachmentSettings,
}

/// The attachments' folder when none is configured: beside the SQLite
/// file, or in the working folder.
fn default_attachments_dir(database_url: &str) -> std::path::PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|f| !f.is_empty() && *f != ":memory:");
    match file {
        Some(f) => std::path::PathBuf::from(format!("{f}-attachments")),
        None => std::path::PathBuf::from("averias-attachments"),
    }
}

impl Settings {
    /// Layers flags/env (`cli_*`, already merged by clap) over the file over the defaults.
    pub fn resolve(
        file: FileConfig,
        cli_listen: Option<String>,
        cli_database: Option<String>,
    ) -> Self {
        Self {
            listen: cli_listen
                .or(file.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.into()),
            attachments: {
                let url = cli_database
                    .clone()
                    .or(file.database_url.clone())
                    .unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
                let a = file.attachments.unwrap_or_default();
                let dir = std::env::var_os("AVERIAS_ATTACHMENTS_DIR")
                    .filter(|d| !d.is_empty())
                    .map(std::path::PathBuf::from)
                    .or(a.dir)
                    .unwrap_or_else(|| default_attachments_dir(&url));
                let mut settings = averias_services::attachments::AttachmentSettings::in_dir(dir);
                if let Some(n) = a.max_file_bytes {
                    settings.max_file = n.max(1);
                }
                if let Some(n) = a.max_ticket_bytes {
                    settings.max_ticket = n.max(1);
                }
                settings.s3 = a.s3;
                // Checked by `FileConfig::load`.
                settings.clamd = a
                    .clamd
                    .and_then(|c| averias_services::attachments::Clamd::parse(&c).ok());
                settings
            },
            database_url: cli_database
                .or(file.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            max_body_bytes: file.max_body_bytes.unwrap_or(64 * 1024),
            log_format: file.log_format.unwrap_or_else(|| "text".into()),
            notifications: file.notifications.unwrap_or_default(),
            reports: {
                let r = file.reports.unwrap_or_default();
                let defaults = averias_services::weekly_report::ReportSettings::default();
                averias_services::weekly_report::ReportSettings {
                    zone: r.zone.unwrap_or(defaults.zone),
                    weekly_at: r
                        .weekly_at
                        .and_then(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M").ok())
                        .unwrap_or(defaults.weekly_at),
                    mail_to: r.mail_to.unwrap_or_default(),
                }
            },
            secure_cookies: file.web.and_then(|w| w.secure_cookies).unwrap_or(false),
            http: {
                let d = averias_server::http_server::HttpLimits::default();
                let h = file.http.unwrap_or_default();
                let ms = std::time::Duration::from_millis;
                averias_server::http_server::HttpLimits {
                    max_connections: h.max_connections.unwrap_or(d.max_connections).max(1),
                    header_read_timeout: h.header_read_timeout_ms.map_or(d.header_read_timeout, ms),
                    idle_timeout: h.idle_timeout_ms.map_or(d.idle_timeout, ms),
                    request_timeout: h.request_timeout_ms.map_or(d.request_timeout, ms),
                }
            },
            metrics_token: std::env::var("AVERIAS_METRICS_TOKEN")
                .ok()
                .or(file.metrics.and_then(|m| m.token))
                .filter(|t| !t.is_empty()),
            worker_interval: match file.worker_interval_ms.unwrap_or(1000) {
                0 => None,
                ms => Some(std::time::Duration::from_millis(ms)),
            },
            postgres: {
                let defaults = averias_store::PgSettings::default();
                let pg = file.postgres.unwrap_or_default();
                averias_store::PgSettings {
                    pool_size: pg.pool_size.unwrap_or(defaults.pool_size),
                    statement_timeout: pg
                        .statement_timeout_ms
                        .map_or(defaults.statement_timeout, std::time::Duration::from_millis),
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_file_and_the_file_beats_defaults() {
        let file = FileConfig {
            listen: Some("0.0.0.0:9000".into()),
            database_url: Some("sqlite://f.db".into()),
            ..Default::default()
        };
        let s = Settings::resolve(file, Some("127.0.0.1:1".into()), None);
        assert_eq!(s.listen, "127.0.0.1:1");
        assert_eq!(s.database_url, "sqlite://f.db");
        let d = Settings::resolve(FileConfig::default(), None, None);
        assert_eq!(
            (d.listen.as_str(), d.database_url.as_str()),
            (DEFAULT_LISTEN, DEFAULT_DATABASE_URL)
        );
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        assert!(toml::from_str::<FileConfig>("listne = \"x\"").is_err());
        assert!(toml::from_str::<FileConfig>("listen = \"127.0.0.1:1\"").is_ok());
    }
}
