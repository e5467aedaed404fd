//! Persistence for Averías: the [`Store`] trait that services talk to, the
//! records it reads and writes, and its backends (SQLite and PostgreSQL,
//! each with its own migrations of the same names).
//!
//! Writes that belong together come in as one call (for instance
//! [`TicketStore::apply_ticket_changes`]) so each backend runs them in one
//! transaction: state, history, notes and audit land together or not at all.

mod dialect;
pub mod dump;
mod model;
mod postgres;
mod repair_model;
mod repair_rows;
mod report_model;
mod rows;
mod search_model;
mod sqlite;
mod ticket_json;
mod traits;

use averias_domain::{TicketId, TicketNumber};
use thiserror::Error;

pub use model::*;
pub use postgres::{PgSettings, PgStore};
pub use repair_model::*;
pub use report_model::*;
pub use search_model::*;
pub use sqlite::SqliteStore;
pub use traits::*;

/// What can go wrong below the services.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique key already exists (account number, user name, ...).
    #[error("{entity} '{key}' already exists")]
    Duplicate { entity: &'static str, key: String },
    /// A referenced row does not exist (unknown account, group, fault type...).
    #[error("{entity} '{key}' does not exist")]
    MissingReference { entity: &'static str, key: String },
    /// Optimistic concurrency: the row changed since it was read.
    #[error("ticket {0} was changed by someone else; reload it and try again")]
    VersionConflict(TicketId),
    /// A conditional write lost: the slot is full, the unit was taken.
    #[error("{entity} {key} is no longer available")]
    Unavailable { entity: &'static str, key: String },
    /// Optimistic concurrency on another entity (a maintenance work...).
    #[error("{entity} {key} was changed by someone else; reload it and try again")]
    Stale { entity: &'static str, key: String },
    /// The same idempotency key was already used (returned with the ticket it opened).
    #[error("idempotency key already used")]
    IdempotencyReplay(TicketId, String),
    /// Stored data that does not parse back: a bug or a hand-edited database.
    #[error("corrupt row in {table}: {detail}")]
    Corrupt { table: &'static str, detail: String },
    /// Text the database cannot store (PostgreSQL refuses NUL characters
    /// and invalid encodings): bad input, not a server failure.
    #[error("the text contains a character that cannot be stored (such as NUL)")]
    InvalidText,
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What text search matches against: title and description, lowercased
/// with Unicode rules (SQL `lower()` only folds ASCII, and `Ñ` must find `ñ`).
pub fn search_text(title: &str, description: &str) -> String {
    format!("{}\n{}", title, description).to_lowercase()
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        // 22021 character_not_in_repertoire, 22P05 untranslatable_character.
        let bad_text = matches!(&err, sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("22021" | "22P05")));
        if bad_text {
            StoreError::InvalidText
        } else {
            StoreError::Database(err)
        }
    }
}

/// How a caller names one ticket: by id or by the number customers quote.
#[derive(Debug, Clone)]
pub enum TicketKey {
    Id(TicketId),
    Number(TicketNumber),
}

/// Result alias for the store.
pub type StoreResult<T> = Result<T, StoreError>;
