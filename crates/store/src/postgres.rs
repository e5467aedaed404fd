//! The PostgreSQL backend, for operators that outgrow one machine: several
//! `averias` instances share one database. Migrations take PostgreSQL's
//! advisory lock (sqlx's migrator does), so instances starting together
//! migrate once. Ticket numbers come from a counter row updated inside the
//! opening transaction, so they stay unique across instances; concurrent
//! updates of one ticket are serialized by the version check.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{Row, SqlSafeStr};

use crate::rows::*;
use crate::*;

/// The PostgreSQL implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct PgStore {
    writer: sqlx::PgPool,
    /// The same pool as `writer`: PostgreSQL needs no split.
    reader: sqlx::PgPool,
    committer: queries::committer::Committer,
}

/// Pool and session settings (`[postgres]` in the config file).
#[derive(Debug, Clone)]
pub struct PgSettings {
    /// Connections per instance.
    pub pool_size: u32,
    /// Longest a statement may run before PostgreSQL cancels it.
    pub statement_timeout: Duration,
}

impl Default for PgSettings {
    fn default() -> Self {
        Self {
            pool_size: 16,
            statement_timeout: Duration::from_secs(30),
        }
    }
}

/// Migrations shipped in the binary; names match `migrations/sqlite/`.
fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        Migration::new(
            1,
            "initial".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0001_initial.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            2,
            "jobs".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0002_jobs.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            3,
            "calendars".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0003_calendars.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            4,
            "sla".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0004_sla.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            5,
            "maintenance".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0005_maintenance.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            6,
            "notifications".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0006_notifications.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            7,
            "repair".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0007_repair.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            8,
            "reports".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0008_reports.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            9,
            "ticket facts".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0009_ticket_facts.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            10,
            "web sign-in".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0010_web.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            11,
            "saved views".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0011_saved_views.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            12,
            "tmf621 v5".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0012_tmf.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            13,
            "tmf621 client values".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0013_client_values.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            14,
            "deleted tickets".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0014_deleted_tickets.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            15,
            "ticket owner".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0015_owner.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            16,
            "duplicates".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0016_duplicates.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            17,
            "canned responses".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0017_canned_responses.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            18,
            "attachments".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0018_attachments.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            19,
            "attachment scans".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0019_attachment_scans.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            20,
            "account search name".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0020_account_search_name.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            21,
            "search".into(),
            MigrationType::Simple,
            include_str!("../migrations/postgres/0021_search.sql").into_sql_str(),
            false,
        ),
    ])
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db?sslmode=require`);
    /// TLS follows the URL's `sslmode`.
    pub async fn connect(url: &str, settings: &PgSettings) -> StoreResult<Self> {
        let timeout = format!("{}", settings.statement_timeout.as_millis());
        let options = PgConnectOptions::from_str(url)?
            .application_name("averias")
            .options([("statement_timeout", timeout.as_str())]);
        let pool = PgPoolOptions::new()
            .max_connections(settings.pool_size.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        let committer = queries::committer::Committer::spawn(pool.clone());
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
            committer,
        })
    }
}

impl Cells for PgRow {
    fn text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get(col)?)
    }
    fn int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(self.try_get(col)?)
    }
    fn flag(&self, col: &str) -> StoreResult<bool> {
        Ok(self.try_get(col)?)
    }
}

/// The sqlx database the shared SQL in `queries/` compiles against here.
type Db = sqlx::Postgres;
/// The store the shared SQL implements the capability traits for.
type This = PgStore;
/// This backend's SQL function names.
const DIALECT: crate::dialect::Dialect = crate::dialect::POSTGRES;

// One folder compiled once per backend is the point (see queries/mod.rs).
#[expect(
    clippy::duplicate_mod,
    reason = "the shared SQL compiles once per backend"
)]
#[path = "queries/mod.rs"]
mod queries;
