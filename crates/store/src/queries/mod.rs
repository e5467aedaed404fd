//! The SQL both backends share, in ordinary functions: each backend
//! (`sqlite.rs`, `postgres.rs`) declares this folder as its own `queries`
//! module (`#[path = "queries/mod.rs"]`) after naming its sqlx database
//! `Db`, its store type `This` and its [`Dialect`](crate::dialect::Dialect)
//! `DIALECT`, so the same text compiles once per backend. rustfmt formats it
//! and compiler errors point at these lines, which a macro could not give.
//! The SQL avoids dialect differences where it can (`ON CONFLICT DO
//! NOTHING`, `TRUE`, `CAST(.. AS TEXT)`, `$n`); what differs is named in the
//! dialect.
//!
//! One file per capability trait of the store, each with the SQL helpers
//! only it uses.

mod clocks;
pub(super) mod committer;
mod directory;
mod intake;
mod jobs;
mod maintenance;
mod outbox;
mod repair;
mod repair_reads;
mod reports;
mod scope;
mod search;
mod ticket_writes;
mod tickets;
mod transfer;
mod web;

use async_trait::async_trait;
use averias_domain::{AccountId, TicketId, TicketNumber, UserId};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Executor, QueryBuilder, Row};

use super::{DIALECT, Db, This, migrator};
use crate::dialect::{map_write_error, ms};
use crate::rows::*;
use crate::*;

async fn insert_audit<'e, E>(exec: E, event: &AuditEvent) -> StoreResult<()>
where
    E: Executor<'e, Database = Db>,
{
    sqlx::query(
        "INSERT INTO audit_events (at, actor_id, actor_name, entity_type, entity_id, action, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ms(event.at))
    .bind(event.actor_id.map(|u| u.to_string()))
    .bind(&event.actor_name)
    .bind(&event.entity_type)
    .bind(&event.entity_id)
    .bind(&event.action)
    .bind(event.before.as_ref().map(|v| v.to_string()))
    .bind(event.after.as_ref().map(|v| v.to_string()))
    .execute(exec)
    .await?;
    Ok(())
}

/// A `definition` column holding a JSON document of `T`.
fn json_cell<T: serde::de::DeserializeOwned>(
    r: &<Db as sqlx::Database>::Row,
    table: &'static str,
) -> StoreResult<T> {
    let text: String = Cells::get(r, "definition")?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
        table,
        detail: e.to_string(),
    })
}

#[async_trait]
impl Store for This {
    fn backend(&self) -> &'static str {
        DIALECT.name
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        migrator().run(&self.writer).await?;
        directory::fill_search_names(&self.writer).await?;
        search::index_missing(&self.writer).await?;
        Ok(())
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let row =
            sqlx::query("SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM tickets)")
                .fetch_one(&self.reader)
                .await?;
        Ok(row.try_get::<i64, _>(0)? == 0)
    }

    async fn analyze(&self) -> StoreResult<()> {
        // PostgreSQL needs statistics to plan pages after a bulk load, and a
        // VACUUM to mark the new pages all-visible: until autovacuum gets
        // there, every index-only scan (a queue's count) visits the heap
        // too; the list page's query took 4.7 ms instead of 1.5 ms at a
        // million tickets (BENCHMARKS.md). VACUUM runs outside a
        // transaction, as a pool query does. On SQLite, ANALYZE made ticket
        // reads three times slower, so SQLite keeps its built-in estimates.
        if DIALECT.name == "postgres" {
            sqlx::query("VACUUM (ANALYZE)")
                .execute(&self.writer)
                .await?;
        }
        Ok(())
    }
}
