//! The capability traits of the store: what each part of the services needs
//! from a database, one trait per capability, and [`Store`], their sum plus
//! the calls that belong to the database itself. Every backend implements
//! all of them (the SQL is in `queries/`, one file per trait).

use async_trait::async_trait;

use crate::*;

mod operations;
mod repair;
mod search;
mod tickets;

pub use operations::*;
pub use repair::*;
pub use search::*;
pub use tickets::*;

/// Everything the services need from a database. One implementation per backend.
#[async_trait]
pub trait Store:
    DirectoryStore
    + IntakeStore
    + TicketStore
    + ClockStore
    + MaintenanceStore
    + OutboxStore
    + JobStore
    + TransferStore
    + RepairStore
    + ReportStore
    + WebStore
    + SearchStore
    + Send
    + Sync
    + std::fmt::Debug
{
    /// Backend name for logs and `/readyz` (`sqlite`, `postgres`).
    fn backend(&self) -> &'static str;
    /// Cheap round trip, for readiness checks.
    async fn ping(&self) -> StoreResult<()>;
    /// Applies pending migrations.
    async fn migrate(&self) -> StoreResult<()>;
    /// Refreshes the query planner's statistics and the visibility map after
    /// bulk loads (PostgreSQL `VACUUM (ANALYZE)`; a no-op on SQLite, where
    /// statistics made reads slower).
    async fn analyze(&self) -> StoreResult<()>;
    /// Whether the database holds no accounts and no tickets (demo seeding only goes there).
    async fn is_empty(&self) -> StoreResult<bool>;
}
