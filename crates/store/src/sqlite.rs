//! The SQLite backend: WAL mode, one writer connection (SQLite serialises
//! writes anyway; one connection avoids busy retries) and a pool of readers.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqlSafeStr, SqlitePool};

use crate::*;

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    committer: queries::committer::Committer,
}

/// Migrations shipped in the binary, in order. Names match `migrations/postgres/`.
fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        Migration::new(
            1,
            "initial".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0001_initial.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            2,
            "jobs".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0002_jobs.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            3,
            "calendars".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0003_calendars.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            4,
            "sla".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0004_sla.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            5,
            "maintenance".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0005_maintenance.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            6,
            "notifications".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0006_notifications.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            7,
            "repair".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0007_repair.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            8,
            "reports".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0008_reports.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            9,
            "ticket facts".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0009_ticket_facts.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            10,
            "web sign-in".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0010_web.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            11,
            "saved views".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0011_saved_views.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            12,
            "tmf621 v5".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0012_tmf.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            13,
            "tmf621 client values".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0013_client_values.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            14,
            "deleted tickets".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0014_deleted_tickets.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            15,
            "ticket owner".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0015_owner.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            16,
            "duplicates".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0016_duplicates.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            17,
            "canned responses".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0017_canned_responses.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            18,
            "attachments".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0018_attachments.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            19,
            "attachment scans".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0019_attachment_scans.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            20,
            "account search name".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0020_account_search_name.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            21,
            "search".into(),
            MigrationType::Simple,
            include_str!("../migrations/sqlite/0021_search.sql").into_sql_str(),
            false,
        ),
    ])
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite:path`).
    /// Opens (creating if missing) the database at `url`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a committed transaction survives a process
            // crash (kill -9); only an OS crash or power loss can lose the
            // last commits. FULL would fsync on every commit.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-8000")
            .pragma("temp_store", "memory");
        private_database_file(options.get_filename())?;
        // No liveness ping before each use: an embedded database does not drop
        // connections, and the ping is a round trip to sqlx's worker thread.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        // Four readers per core: each has its own thread, so one runs while
        // another waits for its hand-off (list pages gained most; see
        // BENCHMARKS.md). AVERIAS_SQLITE_READERS overrides.
        let readers = std::env::var("AVERIAS_SQLITE_READERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(8, |n| n.get() as u32 * 4)
            });
        let reader = SqlitePoolOptions::new()
            .max_connections(readers.max(1))
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        let committer = queries::committer::Committer::spawn(writer.clone());
        Ok(Self {
            writer,
            reader,
            committer,
        })
    }
}

/// The sqlx database the shared SQL in `queries/` compiles against here.
type Db = sqlx::Sqlite;
/// The store the shared SQL implements the capability traits for.
type This = SqliteStore;
/// This backend's SQL function names.
const DIALECT: crate::dialect::Dialect = crate::dialect::SQLITE;

// One folder compiled once per backend is the point (see queries/mod.rs).
#[expect(
    clippy::duplicate_mod,
    reason = "the shared SQL compiles once per backend"
)]
#[path = "queries/mod.rs"]
mod queries;

/// Creates a missing database file readable by its owner only (0600): it
/// holds password and token hashes, webhook secrets and customers' data.
/// SQLite gives the `-wal` and `-shm` files the database file's mode. An
/// existing file keeps the mode its operator gave it, with a warning when
/// anyone may read it.
fn private_database_file(path: &std::path::Path) -> StoreResult<()> {
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" || name.starts_with("file::memory:") {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::metadata(path) {
            Ok(meta) => {
                if meta.permissions().mode() & 0o077 != 0 {
                    tracing::warn!(
                        file = %path.display(),
                        mode = format!("{:o}", meta.permissions().mode() & 0o777),
                        "the database file may be read by other users; chmod 600 it"
                    );
                }
            }
            Err(_) => {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)
                    .map_err(|e| crate::StoreError::Database(sqlx::Error::Io(e)))?;
            }
        }
    }
    Ok(())
}
