//! The traits of a ticket's life: reference data, intake, and ticket reads
//! and change sets.

use async_trait::async_trait;
use averias_domain::{AccountId, TicketId, TicketNumber, UserId};
use chrono::{DateTime, Utc};

use crate::*;

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

    /// A ticket's attachments, deleted ones too, oldest first.
    async fn attachments_of(&self, ticket: TicketId) -> StoreResult<Vec<Attachment>>;

    /// One attachment, deleted or not.
    async fn attachment(&self, id: uuid::Uuid) -> StoreResult<Option<Attachment>>;

    /// Live attachments whose virus scan is pending, oldest first.
    async fn attachments_pending_scan(&self, limit: i64) -> StoreResult<Vec<Attachment>>;

    /// Whether a live (not deleted) attachment holds these bytes.
    async fn blob_in_use(&self, sha256: &str) -> StoreResult<bool>;

    /// The keys other systems gave the ticket, in the order they were given.
    async fn external_ids_of(&self, ticket: TicketId) -> StoreResult<Vec<ExternalId>>;

    /// The free-string attributes a TMF621 client gave the ticket.
    async fn client_values_of(&self, ticket: TicketId) -> StoreResult<ClientValues>;

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
