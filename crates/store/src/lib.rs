//! Persistence for Averías: the [`Store`] trait that services talk to, the
//! records it reads and writes, and its backends (SQLite today; PostgreSQL
//! implements the same trait with its own migrations of the same names).
//!
//! Writes that belong together come in as one call (for instance
//! [`Store::apply_ticket_changes`]) so each backend runs them in one
//! transaction: state, history, notes and audit land together or not at all.

mod dialect;
pub mod dump;
mod model;
mod postgres;
mod repair_model;
mod repair_rows;
mod report_model;
mod rows;
mod sqlite;
mod ticket_json;

use async_trait::async_trait;
use averias_domain::escalation::{EscalationRule, Level};
use averias_domain::sla_policy::SlaPolicy;
use averias_domain::{AccountId, TicketId, TicketNumber, UserId};
use chrono::{DateTime, Utc};
use thiserror::Error;

pub use model::*;
pub use postgres::{PgSettings, PgStore};
pub use repair_model::*;
pub use report_model::*;
pub use sqlite::SqliteStore;

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

/// Reference data: groups, users, accounts with their lines, equipment and
/// contacts, and fault types.
#[async_trait]
pub trait DirectoryStore: Send + Sync + std::fmt::Debug {
    async fn upsert_group(&self, group: &Group) -> StoreResult<()>;

    async fn list_groups(&self) -> StoreResult<Vec<Group>>;

    async fn get_group(&self, code: &str) -> StoreResult<Option<Group>>;

    async fn insert_user(
        &self,
        user: &User,
        token_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    /// Changes role, group, account or active flag; `token_hash` replaces the token when given.
    async fn update_user(
        &self,
        user: &User,
        token_hash: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    async fn user_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<User>>;

    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;

    async fn list_users(&self) -> StoreResult<Vec<User>>;

    async fn insert_account(&self, account: &Account, audit: &AuditEvent) -> StoreResult<()>;

    async fn update_account(&self, account: &Account, audit: &AuditEvent) -> StoreResult<()>;

    async fn get_account(&self, id: AccountId) -> StoreResult<Option<Account>>;

    async fn account_by_number(&self, number: &str) -> StoreResult<Option<Account>>;

    async fn list_accounts(&self, filter: &AccountFilter) -> StoreResult<Page<Account>>;

    async fn upsert_equipment(&self, equipment: &Equipment, audit: &AuditEvent) -> StoreResult<()>;

    async fn get_equipment(&self, imei: &str) -> StoreResult<Option<Equipment>>;

    async fn upsert_line(&self, line: &Line, audit: &AuditEvent) -> StoreResult<()>;

    async fn get_line(&self, msisdn: &str) -> StoreResult<Option<Line>>;

    async fn lines_of_account(&self, account: AccountId) -> StoreResult<Vec<Line>>;

    async fn insert_contact(&self, contact: &Contact, audit: &AuditEvent) -> StoreResult<()>;

    async fn contacts_of_account(&self, account: AccountId) -> StoreResult<Vec<Contact>>;

    async fn upsert_fault_type(
        &self,
        fault_type: &FaultType,
        audit: &AuditEvent,
    ) -> StoreResult<()>;

    async fn get_fault_type(&self, code: &str) -> StoreResult<Option<FaultType>>;

    async fn list_fault_types(&self) -> StoreResult<Vec<FaultType>>;
}

/// Opening tickets, the idempotency keys they were opened with, and the
/// reports the account check refused.
#[async_trait]
pub trait IntakeStore: Send + Sync + std::fmt::Debug {
    /// Opens a ticket: assigns its number, writes the ticket, its lines and
    /// equipment, followers, first status change, audit event and (if given)
    /// the idempotency key, in one transaction. A reused key answers
    /// [`StoreError::IdempotencyReplay`] and writes nothing.
    async fn open_ticket(&self, ticket: NewTicket) -> StoreResult<TicketRecord>;

    /// The ticket an idempotency key already opened, with the request hash it was used for.
    async fn idempotent_ticket(
        &self,
        user: UserId,
        key: &str,
    ) -> StoreResult<Option<(TicketId, String)>>;

    /// Records a report refused by the account check (R-INTAKE-3).
    /// With the notifications the refusal causes.
    async fn record_refused_report(
        &self,
        report: &RefusedReport,
        audit: &AuditEvent,
        messages: &[OutboundMessage],
    ) -> StoreResult<()>;

    async fn list_refused_reports(
        &self,
        since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<RefusedReport>>;

    /// Bulk path for benchmarks and data migration: writes tickets with their
    /// whole status history in large transactions, assigning numbers in order.
    /// One audit event records the load. Not for request traffic.
    async fn bulk_load_tickets(
        &self,
        tickets: Vec<BulkTicket>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
}

/// Ticket reads and the change sets that move tickets, with their audit trail.
#[async_trait]
pub trait TicketStore: Send + Sync + std::fmt::Debug {
    async fn get_ticket(&self, id: TicketId) -> StoreResult<Option<TicketRecord>>;

    async fn ticket_by_number(&self, number: &TicketNumber) -> StoreResult<Option<TicketRecord>>;

    /// A ticket with its `(instant, status)` history, in one round trip
    /// (single-ticket reads show SLA clocks computed from it).
    async fn ticket_with_history(
        &self,
        key: &TicketKey,
    ) -> StoreResult<Option<(TicketRecord, Vec<(DateTime<Utc>, averias_domain::Status)>)>>;

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Page<TicketRecord>>;

    async fn children_of(&self, incident: TicketId) -> StoreResult<Vec<TicketRecord>>;

    async fn notes_of(&self, ticket: TicketId) -> StoreResult<Vec<Note>>;

    /// The keys other systems gave the ticket, in the order they were given.
    async fn external_ids_of(&self, ticket: TicketId) -> StoreResult<Vec<ExternalId>>;

    /// The ticket another system's key belongs to.
    async fn ticket_by_external_id(&self, key: &ExternalId) -> StoreResult<Option<TicketId>>;

    async fn status_changes_of(&self, ticket: TicketId) -> StoreResult<Vec<StatusChange>>;

    async fn followers_of(&self, ticket: TicketId) -> StoreResult<Vec<Follower>>;

    /// Applies a set of ticket changes in one transaction; every update checks
    /// its expected version, and any mismatch rolls everything back.
    async fn apply_ticket_changes(&self, changes: ChangeSet) -> StoreResult<()>;

    async fn audit_of(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditEvent>>;

    /// Open tickets per (group, status), for the `/metrics` gauges.
    async fn open_ticket_counts(&self) -> StoreResult<Vec<(String, String, i64)>>;
}

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

/// Reads of the repair loop: centers, appointments, stock, endorsements,
/// replenishments and device history (R-REPAIR-1..5).
#[async_trait]
pub trait RepairStore: Send + Sync + std::fmt::Debug {
    async fn list_warehouses(&self) -> StoreResult<Vec<Warehouse>>;
    async fn get_warehouse(&self, code: &str) -> StoreResult<Option<Warehouse>>;
    /// Active and inactive centers, by code; only those of `area` when given.
    async fn list_centers(&self, area: Option<&str>) -> StoreResult<Vec<Center>>;
    async fn get_center(&self, code: &str) -> StoreResult<Option<Center>>;
    /// Places taken per slot start of a center in `[from, to)`.
    async fn slot_bookings(
        &self,
        center: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<(DateTime<Utc>, i64)>>;
    /// Appointments by start time.
    async fn appointments(&self, filter: &AppointmentFilter) -> StoreResult<Vec<Appointment>>;
    async fn get_appointment(&self, id: uuid::Uuid) -> StoreResult<Option<Appointment>>;
    /// Units by location, model and IMEI.
    async fn units(&self, filter: &UnitFilter) -> StoreResult<Vec<StockUnit>>;
    async fn get_unit(&self, imei: &str) -> StoreResult<Option<StockUnit>>;
    /// Unit counts per location, model and status (one location when given).
    async fn stock_counts(&self, location: Option<&str>) -> StoreResult<Vec<StockCount>>;
    async fn reorder_levels(&self) -> StoreResult<Vec<ReorderLevel>>;
    /// Moves of a device, oldest first.
    async fn device_history(&self, imei: &str) -> StoreResult<Vec<DeviceEvent>>;
    /// Devices in and out of service on a line, oldest first.
    async fn line_history(&self, msisdn: &str) -> StoreResult<Vec<DeviceEvent>>;
    async fn repair_entries(&self, ticket: TicketId) -> StoreResult<Vec<RepairEntry>>;
    async fn certificate(&self, ticket: TicketId) -> StoreResult<Option<Certificate>>;
    /// Endorsements, newest first: of a warehouse, of a ticket, and/or not yet received.
    async fn endorsements(
        &self,
        warehouse: Option<&str>,
        ticket: Option<TicketId>,
        pending_only: bool,
    ) -> StoreResult<Vec<Endorsement>>;
    async fn get_endorsement(
        &self,
        number: &averias_domain::repair::EndorsementNumber,
    ) -> StoreResult<Option<Endorsement>>;
    /// Replenishments, oldest first: of a center, a warehouse, a status.
    async fn replenishments(
        &self,
        center: Option<&str>,
        warehouse: Option<&str>,
        status: Option<averias_domain::repair::ReplenishmentStatus>,
    ) -> StoreResult<Vec<Replenishment>>;
    async fn get_replenishment(&self, id: uuid::Uuid) -> StoreResult<Option<Replenishment>>;
}

/// Reads of the weekly fault report and the fault statistics (R-REPORT-1/2),
/// each over a window `[from, to)`.
#[async_trait]
pub trait ReportStore: Send + Sync + std::fmt::Debug {
    /// Faults reported in the window, counted by channel and level.
    async fn opened_by_channel_and_level(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<OpenedCount>>;
    /// Faults that entered `resolved` in the window (first time in it), with
    /// who solved them.
    async fn resolved_faults(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<ResolvedFault>>;
    async fn window_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<WindowCounts>;
    /// Faults opened, resolved, and resolved within 24 hours: the trend's figures.
    async fn trend_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<(i64, i64, i64)>;
    /// Faults reported before `end` and still open at it.
    async fn backlog_at(&self, end: DateTime<Utc>) -> StoreResult<i64>;
    async fn escalations_fired(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<i64>;
    async fn refused_totals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<RefusedTotal>>;
    async fn incidents_opened(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<IncidentTouch>>;
    async fn repair_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<RepairCounts>;
    /// Maintenance works planned to start in the window (not cancelled).
    async fn maintenance_in(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<MaintenanceLine>>;
    /// Accounts with at least `min` faults, most first.
    async fn faults_by_account(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        min: i64,
        limit: i64,
    ) -> StoreResult<Vec<NamedCount>>;
    /// Faults by the make and model of the device they were reported on.
    async fn faults_by_model(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<NamedCount>>;
    async fn faults_by_type(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<NamedCount>>;
    /// Faults on a line with another fault in the `within` before them
    /// (the latest such one).
    async fn repeat_faults(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        within: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<RepeatFault>>;
    /// Kept reports, newest week first, without their bodies.
    async fn stored_reports(&self) -> StoreResult<Vec<(String, DateTime<Utc>)>>;
    async fn stored_report(&self, week: &str) -> StoreResult<Option<StoredReport>>;
}

/// A signed-in browser: the cookie's secret is known only by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    pub id_hash: String,
    pub user_id: UserId,
    /// The token every form of this session posts back.
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Idle expiry, moved forward as the session is used.
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
}

/// Which sessions a sign-out ends.
#[derive(Debug, Clone, Copy)]
pub enum SessionEnd<'a> {
    /// This browser's (by the hash of its secret).
    One(&'a str),
    /// Every session of the user ("sign out everywhere").
    AllOf(UserId),
}

/// Passwords (argon2id PHC strings) and server-side sessions of the web
/// console and customer portal.
#[async_trait]
pub trait WebStore: Send + Sync + std::fmt::Debug {
    /// Sets a user's password and ends all their sessions, with its audit row.
    async fn set_password(
        &self,
        user: UserId,
        hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// The user of that name and their password hash, if they have one.
    async fn password_by_user_name(&self, name: &str) -> StoreResult<Option<(User, String)>>;
    async fn has_password(&self, user: UserId) -> StoreResult<bool>;
    /// Starts a session (sweeping expired ones), with its audit row.
    async fn create_session(&self, session: &WebSession, audit: &AuditEvent) -> StoreResult<()>;
    /// A session and its user, expired or not (the caller decides).
    async fn session(&self, id_hash: &str) -> StoreResult<Option<(WebSession, User)>>;
    /// Records use of a session and moves its idle expiry.
    async fn touch_session(
        &self,
        id_hash: &str,
        seen: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Ends sessions; how many there were.
    async fn end_sessions(&self, end: SessionEnd<'_>, audit: &AuditEvent) -> StoreResult<u64>;
    /// Saves (or replaces, by name) one of a user's queue views.
    async fn save_view(&self, view: &SavedView) -> StoreResult<()>;
    /// A user's saved views, by name.
    async fn views_of(&self, user: UserId) -> StoreResult<Vec<SavedView>>;
    /// Deletes one of a user's views; whether it existed.
    async fn delete_view(&self, user: UserId, id: uuid::Uuid) -> StoreResult<bool>;
}

/// A named queue view a user saved in the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: uuid::Uuid,
    pub user_id: UserId,
    pub name: String,
    /// The queue's query string (`group=cor&status=open`).
    pub query: String,
    pub created_at: DateTime<Utc>,
}
