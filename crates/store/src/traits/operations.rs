//! The traits that keep the procedure running: clocks and policies,
//! maintenance works, the outbox, durable jobs, and export/import.

use async_trait::async_trait;
use averias_domain::escalation::{EscalationRule, Level};
use averias_domain::sla_policy::SlaPolicy;
use averias_domain::{AccountId, TicketId};
use chrono::{DateTime, Utc};

use crate::*;

/// Calendars, SLA policies and the escalation matrix, and the deadlines and
/// timers recomputed from them.
#[async_trait]
pub trait ClockStore: Send + Sync + std::fmt::Debug {
    /// Creates or replaces a calendar (its domain JSON) and audits it.
    async fn upsert_calendar(
        &self,
        name: &str,
        definition: &serde_json::Value,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Creates a calendar only if none has that name (default calendars at start-up).
    async fn ensure_calendar(
        &self,
        name: &str,
        definition: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// A calendar's definition.
    async fn get_calendar(&self, name: &str) -> StoreResult<Option<serde_json::Value>>;

    /// Every calendar, by name.
    async fn list_calendars(&self) -> StoreResult<Vec<(String, serde_json::Value)>>;

    /// Creates or replaces a policy (by name) and audits it. Another policy
    /// with the same fault type and severity is a [`StoreError::Duplicate`].
    async fn upsert_sla_policy(&self, policy: &SlaPolicy, audit: &AuditEvent) -> StoreResult<()>;

    /// Deletes a policy; false when there was none of that name.
    async fn delete_sla_policy(&self, name: &str, audit: &AuditEvent) -> StoreResult<bool>;

    async fn list_sla_policies(&self) -> StoreResult<Vec<SlaPolicy>>;

    /// Creates or replaces the rule of a fault type (or the catch-all) at a level.
    async fn upsert_escalation_rule(
        &self,
        rule: &EscalationRule,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    async fn delete_escalation_rule(
        &self,
        fault_type: Option<&str>,
        level: Level,
        audit: &AuditEvent,
    ) -> StoreResult<bool>;

    async fn list_escalation_rules(&self) -> StoreResult<Vec<EscalationRule>>;

    /// Steps fired on a ticket, in firing order.
    async fn escalations_of(&self, ticket: TicketId) -> StoreResult<Vec<Escalation>>;

    /// Tickets whose clocks may still move (not closed, cancelled or
    /// rejected), in id order after `after`, for recomputing deadlines.
    async fn tickets_to_reclock(
        &self,
        after: Option<TicketId>,
        limit: i64,
    ) -> StoreResult<Vec<TicketRecord>>;

    /// Writes recomputed deadlines and timers in one transaction; a ticket
    /// that moved since (another version) is skipped, since its own change
    /// already recomputed it. Returns how many were written.
    async fn refresh_clocks(
        &self,
        refreshes: &[ClockRefresh],
        now: DateTime<Utc>,
    ) -> StoreResult<u64>;
}

/// Planned maintenance works and the accounts they affect.
#[async_trait]
pub trait MaintenanceStore: Send + Sync + std::fmt::Debug {
    async fn insert_maintenance(
        &self,
        work: &MaintenanceWork,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Writes a work (and replaces its affected accounts) if it is still at
    /// `expected_version`, with its audit event and timer, in one transaction.
    async fn update_maintenance(
        &self,
        work: &MaintenanceWork,
        expected_version: i64,
        audit: &AuditEvent,
        timers: &[TimerChange],
        messages: &[OutboundMessage],
    ) -> StoreResult<()>;

    async fn get_maintenance(&self, id: uuid::Uuid) -> StoreResult<Option<MaintenanceWork>>;

    /// Works by planned start, newest first, optionally in one state or touching one account.
    async fn list_maintenance(
        &self,
        state: Option<averias_domain::maintenance::WorkState>,
        account: Option<AccountId>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<MaintenanceWork>>;

    /// A live work (announced or running) affecting `account` whose planned
    /// period contains `now`, if any.
    async fn live_maintenance_for(
        &self,
        account: AccountId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<uuid::Uuid>>;
}

/// The notification outbox (claims with leases) and webhook subscriptions.
#[async_trait]
pub trait OutboxStore: Send + Sync + std::fmt::Debug {
    /// Claims up to `limit` messages due for delivery, leased to `worker`:
    /// only the oldest pending message of each ticket, channel and
    /// recipient, so that a listener hears of a ticket's events in the
    /// order they happened (ids are UUIDv7, in the order queued) and a
    /// failing one holds back the rest rather than being overtaken.
    async fn claim_messages(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>>;

    /// Marks a message delivered; false when the lease was lost.
    async fn message_sent(
        &self,
        id: uuid::Uuid,
        worker: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Gives a message back after a failed attempt, due again at `retry_at`,
    /// or dead after `max_attempts`.
    async fn message_failed(
        &self,
        id: uuid::Uuid,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<bool>;

    /// Messages in a state (newest first), or of one ticket.
    async fn list_messages(
        &self,
        state: Option<&str>,
        ticket: Option<TicketId>,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>>;

    /// Puts a dead message back in the queue, due at `now`; false when it is not dead.
    async fn retry_message(
        &self,
        id: uuid::Uuid,
        now: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<bool>;

    async fn insert_webhook(&self, hook: &Webhook, audit: &AuditEvent) -> StoreResult<()>;

    async fn delete_webhook(&self, id: uuid::Uuid, audit: &AuditEvent) -> StoreResult<bool>;

    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>>;
}

/// Durable jobs, claimed with leases so that a dead worker's job runs again.
#[async_trait]
pub trait JobStore: Send + Sync + std::fmt::Debug {
    /// Schedules a job; returns false when its dedupe key was already scheduled.
    async fn schedule_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Claims up to `limit` due jobs for `worker` until `now + lease`. A job
    /// whose lease has expired (its worker died) is claimable again. On
    /// PostgreSQL concurrent claimers skip each other's rows (`SKIP LOCKED`).
    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;

    /// Marks a job done; false when `worker` no longer holds its lease (it
    /// expired and another worker took the job), so the caller must not
    /// assume its work counted.
    async fn complete_job(&self, id: &str, worker: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Gives a job back after a failure, due again at `retry_at` (or dead
    /// after `max_attempts`); false when the lease was lost.
    async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<bool>;
}

/// Export and import of a whole installation, table by table.
#[async_trait]
pub trait TransferStore: Send + Sync + std::fmt::Debug {
    /// Rows of `table` in export order, `limit` from `offset`, each as a JSON object.
    async fn export_rows(
        &self,
        table: &dump::DumpTable,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<serde_json::Value>>;

    /// How many rows `table` holds.
    async fn count_rows(&self, table: &dump::DumpTable) -> StoreResult<i64>;

    /// Inserts exported rows of `table` in one transaction.
    async fn import_rows(
        &self,
        table: &dump::DumpTable,
        rows: &[serde_json::Value],
    ) -> StoreResult<()>;
}
