//! Records the store reads and writes. Values are already validated domain
//! types; the store only maps them to rows.
//!
//! Plain records, one per table or change; over 500 lines only because the
//! schema has that many, and a record is easiest found beside the others.

use averias_domain::{
    AccountId, BillingState, Channel, Email, Imei, Lang, Msisdn, Role, SecondLevel, Severity,
    Stage, Status, TicketId, TicketKind, TicketNumber, UserId, Visibility,
};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A queue/team: teleservice, CSM, COR, SIGIS, GSAC, each center, the warehouse...
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub kind: String,
}

/// A user; the API token itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub group_code: Option<String>,
    pub account_id: Option<AccountId>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Where notifications for this user go (supervisors, consultants).
    pub email: Option<Email>,
}

/// A corporate customer account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub number: String,
    pub name: String,
    pub billing: BillingState,
    pub sales_consultant_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filter for account lists and look-ups at intake.
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    /// Matches account number, name (substring) or one of its lines' MSISDN.
    pub q: Option<String>,
    pub consultant: Option<UserId>,
    pub limit: i64,
    pub offset: i64,
}

/// A terminal device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Equipment {
    pub imei: Imei,
    pub account_id: Option<AccountId>,
    pub make: String,
    pub model: String,
}

/// A mobile line of an account and the device it runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub msisdn: Msisdn,
    pub account_id: AccountId,
    pub imei: Option<Imei>,
}

/// A person to tell about the account's faults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: uuid::Uuid,
    pub account_id: AccountId,
    pub name: String,
    pub phone: String,
    pub email: Option<Email>,
    pub language: Lang,
}

/// A fault type and the second-level group that takes it (R-TRIAGE-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaultType {
    pub code: String,
    pub name: String,
    pub default_severity: Severity,
    pub second_level: SecondLevel,
    pub active: bool,
}

/// Who reported the fault and how to reach them (R-INTAKE-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reporter {
    pub name: String,
    pub phone: String,
    pub email: Option<Email>,
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    pub id: TicketId,
    pub number: TicketNumber,
    pub kind: TicketKind,
    pub account_id: Option<AccountId>,
    /// Joined from the account, for lists and views.
    pub account_number: Option<String>,
    pub account_name: Option<String>,
    pub channel: Channel,
    pub fault_type: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub stage: Stage,
    pub parent_id: Option<TicketId>,
    /// Joined from the parent incident.
    pub parent_number: Option<String>,
    pub reporter: Reporter,
    pub reported_by: UserId,
    pub reported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub clock_stopped_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub cancel_reason: Option<String>,
    pub version: i64,
    /// When the SLA resolution clock reaches (or reached) its target if
    /// nothing changes; `None` while it will not (paused, met).
    pub sla_due_at: Option<DateTime<Utc>>,
    /// The same for the first-response clock, when the policy has one.
    pub response_due_at: Option<DateTime<Utc>>,
    /// The live maintenance work the fault was reported during, if any.
    pub maintenance_id: Option<uuid::Uuid>,
    pub lines: Vec<Msisdn>,
    pub equipment: Vec<Imei>,
    /// When an admin deleted it (TMF621 DELETE): it leaves every list and
    /// read, its row and history stay.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Who of the group holding it works it now; `None` until somebody
    /// takes it, and again when it moves to another group.
    pub owner_id: Option<UserId>,
    /// Joined from the owner.
    pub owner_name: Option<String>,
    /// The fault this one was merged into as its duplicate.
    pub duplicate_of: Option<TicketId>,
    /// Joined from that fault.
    pub duplicate_of_number: Option<String>,
}

/// A ticket about to be opened; the store assigns its number.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub id: TicketId,
    pub kind: TicketKind,
    pub account_id: Option<AccountId>,
    pub channel: Channel,
    pub fault_type: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub stage: Stage,
    pub reporter: Reporter,
    pub reported_by: UserId,
    pub reported_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub response_due_at: Option<DateTime<Utc>>,
    /// The ticket's SLA timer (escalation steps), when one is due.
    pub timer: Option<TimerChange>,
    pub maintenance_id: Option<uuid::Uuid>,
    /// Notifications the opening causes, written with the ticket.
    pub messages: Vec<OutboundMessage>,
    pub lines: Vec<Msisdn>,
    pub equipment: Vec<Imei>,
    pub followers: Vec<(UserId, String)>,
    /// Account number and name, echoed into the returned record.
    pub account_number: Option<String>,
    pub account_name: Option<String>,
    /// `(key, request hash)` for `Idempotency-Key` retries.
    pub idempotency: Option<(String, String)>,
    pub actor_name: String,
    /// Keys other systems gave this ticket (TMF621 `externalIdentifier`).
    pub external_ids: Vec<ExternalId>,
    /// Free-string attributes as a TMF621 client sent them.
    pub client_values: ClientValues,
    /// Notes written with the report (TMF621 `note` on create), stored in
    /// the ticket's own transaction.
    pub notes: Vec<Note>,
    /// Files sent with the report (their bytes stored already), written
    /// in the ticket's own transaction.
    pub attachments: Vec<Attachment>,
}

/// The free-string attributes a TMF621 client gave a ticket, by attribute
/// name (`severity`, `ticketType`, `priority`, `channel`), exactly as sent.
pub type ClientValues = std::collections::BTreeMap<String, String>;

/// An attribute a ticket shows a TMF621 client: the client's own word for
/// it where it gave one, else Averías's (`ticket_client_values`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownAttribute {
    /// Averías's own: the ticket's severity.
    Severity,
    /// Averías's own: the ticket's kind (`fault`, `incident`).
    TicketType,
    /// Only the client's word: Averías keeps no priority.
    Priority,
}

impl ShownAttribute {
    /// The attribute's name in `ticket_client_values` and in TMF621.
    pub fn name(self) -> &'static str {
        match self {
            ShownAttribute::Severity => "severity",
            ShownAttribute::TicketType => "ticketType",
            ShownAttribute::Priority => "priority",
        }
    }
}

/// A ticket's key in another system (TMF621 `externalIdentifier`): unique
/// per `(owner, kind, id)` across all tickets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExternalId {
    /// The system that owns the key (`owner`); may be empty.
    pub owner: String,
    /// What the key names in that system (`externalIdentifierType`); may be empty.
    pub kind: String,
    pub id: String,
}

impl NewTicket {
    /// The record this ticket will be once written, before its number is
    /// assigned (the number reads `AV-0000-000000`).
    pub fn preview(&self) -> TicketRecord {
        TicketRecord {
            id: self.id,
            number: TicketNumber::new(0, 0),
            kind: self.kind,
            account_id: self.account_id,
            account_number: self.account_number.clone(),
            account_name: self.account_name.clone(),
            channel: self.channel,
            fault_type: self.fault_type.clone(),
            severity: self.severity,
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status,
            stage: self.stage,
            parent_id: None,
            parent_number: None,
            reporter: self.reporter.clone(),
            reported_by: self.reported_by,
            reported_at: self.reported_at,
            updated_at: self.reported_at,
            deadline_at: self.deadline_at,
            clock_stopped_at: None,
            resolution: None,
            cancel_reason: None,
            version: 1,
            sla_due_at: self.sla_due_at,
            response_due_at: self.response_due_at,
            maintenance_id: self.maintenance_id,
            lines: self.lines.clone(),
            equipment: self.equipment.clone(),
            deleted_at: None,
            owner_id: None,
            owner_name: None,
            duplicate_of: None,
            duplicate_of_number: None,
        }
    }
}

/// Which tickets the caller may list (R-ACCESS-1), applied in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TicketScope {
    /// Operator staff: everything.
    #[default]
    All,
    /// A customer contact: one account's faults.
    Account(AccountId),
    /// A sales consultant: faults of the accounts assigned to it.
    Consultant(UserId),
    /// An installation center: faults booked at it (its code) waiting for
    /// or done by repair.
    RepairQueue(String),
}

/// How to order ticket lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TicketSort {
    /// Newest report first.
    #[default]
    NewestFirst,
    /// Oldest report first.
    OldestFirst,
    /// Nearest SLA resolution deadline first; tickets without one last.
    DeadlineFirst,
}

/// Filters for ticket lists; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub scope: TicketScope,
    pub kind: Option<TicketKind>,
    pub status: Vec<Status>,
    pub stage: Option<String>,
    pub group: Option<String>,
    pub account_id: Option<AccountId>,
    pub fault_type: Option<String>,
    /// No index serves it alone: with no narrower filter it scans (the
    /// count stops at [`COUNT_CAP`]).
    pub severity: Option<Severity>,
    pub parent_id: Option<TicketId>,
    pub msisdn: Option<String>,
    /// Whose tickets: one user's ("my tickets"), or nobody's yet.
    pub owner: Option<OwnerIs>,
    /// `Some(true)`: SLA resolution target reached (breached) by `now`;
    /// `Some(false)`: not breached.
    pub breached: Option<bool>,
    pub now: Option<DateTime<Utc>>,
    /// Words and digits as search reads them (issue 23): every word in the
    /// ticket's text the scope may read, every digit run in its identifiers.
    pub text: Option<String>,
    /// Deleted tickets too (exports and audits; every list leaves them out).
    pub include_deleted: bool,
    /// Tickets that show exactly this value for the attribute (TMF621
    /// attribute filters: `?severity=High`).
    pub shown: Vec<(ShownAttribute, String)>,
    pub sort: TicketSort,
    pub limit: i64,
    pub offset: i64,
}

/// The owner a ticket list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerIs {
    User(UserId),
    Nobody,
}

/// Counting matches stops here: a count is O(matches), and a queue page
/// must stay fast when a burst leaves 100,000 tickets in one queue.
pub const COUNT_CAP: i64 = 10_000;

/// One page of a list and the number of matches.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matches in all pages, counted up to [`COUNT_CAP`].
    pub total: i64,
    /// False when there are more than [`COUNT_CAP`] matches (then `total` is the cap).
    pub total_exact: bool,
}

/// A note on a ticket (R-TRIAGE-1 records, progress from 2nd level, customer messages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: uuid::Uuid,
    pub ticket_id: TicketId,
    pub author_id: UserId,
    pub author_name: String,
    pub author_role: Role,
    pub visibility: Visibility,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// One row of a ticket's status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub ticket_id: TicketId,
    pub at: DateTime<Utc>,
    pub status: Status,
    pub stage: Stage,
    pub action: String,
    pub reason: Option<String>,
    pub actor_id: UserId,
}

/// A user told about a ticket's changes (R-INTAKE-5: the sales consultant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Follower {
    pub user_id: UserId,
    pub name: String,
    pub reason: String,
}

/// An audit entry (R-AUDIT-1): who, when, what, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub entity_type: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A report refused because the account has debt (R-INTAKE-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedReport {
    pub id: uuid::Uuid,
    pub account_id: AccountId,
    pub at: DateTime<Utc>,
    pub actor_id: UserId,
    pub channel: Channel,
    pub reason: String,
    pub debt_minor: i64,
    pub currency: String,
    pub reporter_name: String,
    pub description: String,
}

/// The new values of a ticket after a decided action, checked against `expected_version`.
#[derive(Debug, Clone)]
pub struct TicketUpdate {
    pub id: TicketId,
    pub expected_version: i64,
    pub status: Status,
    pub stage: Stage,
    pub parent_id: Option<TicketId>,
    pub fault_type: Option<String>,
    pub severity: Severity,
    pub clock_stopped_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub cancel_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub owner_id: Option<UserId>,
}

/// Everything one service call changes, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    pub updates: Vec<TicketUpdate>,
    pub status_changes: Vec<StatusChange>,
    pub notes: Vec<Note>,
    pub audit: Vec<AuditEvent>,
    /// Escalation steps that fired; a step recorded before makes the whole
    /// set fail with [`crate::StoreError::Duplicate`], so it never acts twice.
    pub escalations: Vec<Escalation>,
    /// Timers set or cleared with the change.
    pub timers: Vec<TimerChange>,
    /// Notifications the change causes (the outbox); a message whose
    /// dedupe key is already queued is skipped, not an error.
    pub messages: Vec<OutboundMessage>,
    /// Repair-loop writes (bookings, stock moves, endorsements...), in order.
    pub repair: Vec<crate::RepairOp>,
    /// Weekly reports to keep (replacing a stored one of the same week).
    pub reports: Vec<crate::StoredReport>,
    /// Tickets deleted `(ticket, when)` (TMF621 DELETE by an admin).
    pub deletions: Vec<(TicketId, DateTime<Utc>)>,
    /// A TMF621 client's words for a ticket's free-string attributes
    /// `(ticket, attribute, value)`, set or replaced.
    pub client_values: Vec<(TicketId, String, String)>,
    /// Facts of a ticket corrected after intake (its version moves with
    /// the [`TicketUpdate`] of the same set).
    pub facts: Vec<FactsUpdate>,
    /// Faults merged into another as duplicates: each gets its pointer
    /// and its notes move to the original.
    pub merges: Vec<TicketMerge>,
    /// Files attached (their bytes already in the blob store).
    pub attachments: Vec<Attachment>,
    /// Attachments deleted `(id, when, by whom)`.
    pub attachment_deletions: Vec<(uuid::Uuid, DateTime<Utc>, String)>,
    /// Virus scans finished (only a pending attachment takes a verdict).
    pub scan_verdicts: Vec<ScanVerdict>,
}

/// A file on a ticket; its bytes are the blob named by `sha256`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: uuid::Uuid,
    pub ticket_id: TicketId,
    pub sha256: String,
    /// The name it was sent with, made safe for headers and pages.
    pub name: String,
    pub size: i64,
    /// As detected from the bytes, never as the sender said.
    pub media_type: String,
    pub visibility: Visibility,
    /// The note it came with, if any.
    pub note_id: Option<uuid::Uuid>,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<String>,
    /// Where its virus scan stands.
    pub scan: Scan,
    /// Why it is quarantined: the signature clamd found, or its refusal.
    pub scan_detail: Option<String>,
}

/// Where an attachment's virus scan stands. Only `NotScanned` (no scanner
/// configured) and `Clean` are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scan {
    NotScanned,
    #[serde(rename = "pending_scan")]
    Pending,
    Clean,
    Quarantined,
}

impl Scan {
    pub fn as_str(self) -> &'static str {
        match self {
            Scan::NotScanned => "not_scanned",
            Scan::Pending => "pending_scan",
            Scan::Clean => "clean",
            Scan::Quarantined => "quarantined",
        }
    }

    /// Whether its bytes may be served.
    pub fn servable(self) -> bool {
        matches!(self, Scan::NotScanned | Scan::Clean)
    }
}

impl std::str::FromStr for Scan {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "not_scanned" => Scan::NotScanned,
            "pending_scan" => Scan::Pending,
            "clean" => Scan::Clean,
            "quarantined" => Scan::Quarantined,
            other => return Err(format!("unknown scan state {other:?}")),
        })
    }
}

/// A scan's verdict on a pending attachment.
#[derive(Debug, Clone)]
pub struct ScanVerdict {
    pub attachment: uuid::Uuid,
    pub scan: Scan,
    pub detail: Option<String>,
}

/// A duplicate fault and the fault it is merged into.
#[derive(Debug, Clone, Copy)]
pub struct TicketMerge {
    pub duplicate: TicketId,
    pub original: TicketId,
}

/// What intake recorded about a fault, as corrected by staff: replaces
/// the title, description, contact, lines and devices.
#[derive(Debug, Clone)]
pub struct FactsUpdate {
    pub ticket_id: TicketId,
    pub title: String,
    pub description: String,
    pub reporter: Reporter,
    pub lines: Vec<Msisdn>,
    pub equipment: Vec<Imei>,
}

/// An escalation step that fired on a ticket (R-SLA-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub ticket_id: TicketId,
    /// Rule and step name, e.g. `*/first/at-risk`.
    pub step_key: String,
    /// 1 for the first firing, 2 for the first repeat...
    pub occurrence: i64,
    pub due_at: DateTime<Utc>,
    pub fired_at: DateTime<Utc>,
    /// Why, in words: the clock event, the delay, the condition.
    pub reason: String,
    /// What was done and who was told.
    pub actions: serde_json::Value,
}

/// A keyed timer row (a job with a dedupe key) moved to `due_at`, or
/// retired when `None`. Setting a timer makes it pending again and drops
/// any lease on it, so a worker holding the old one cannot complete it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerChange {
    pub key: String,
    pub kind: String,
    pub payload: serde_json::Value,
    pub due_at: Option<DateTime<Utc>>,
}

/// Recomputed SLA deadlines of one ticket (after a policy or calendar
/// change), written only if the ticket is still at `version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockRefresh {
    pub id: TicketId,
    pub version: i64,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub timer: TimerChange,
}

/// A ticket with its history, for [`crate::Store::bulk_load_tickets`]. The
/// record's `number` is replaced by the next number of its report year.
#[derive(Debug, Clone)]
pub struct BulkTicket {
    pub record: TicketRecord,
    pub history: Vec<StatusChange>,
    pub notes: Vec<Note>,
}

/// A job to run at `due_at`: a timer firing or a queued piece of work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: String,
    /// Scheduling the same key twice schedules once.
    pub dedupe_key: Option<String>,
    pub payload: serde_json::Value,
    pub due_at: DateTime<Utc>,
}

/// A job claimed by a worker, held until `lease_until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub dedupe_key: Option<String>,
    pub payload: serde_json::Value,
    pub due_at: DateTime<Utc>,
    /// Claims so far, this one included.
    pub attempts: i64,
    pub lease_until: DateTime<Utc>,
}

/// A planned maintenance work (R-MAINT-1, R-MAINT-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceWork {
    pub id: uuid::Uuid,
    pub title: String,
    pub description: String,
    /// Affected platform elements, services or areas.
    pub elements: Vec<String>,
    pub impact: String,
    /// The business calendar the notice rules are measured on.
    pub calendar: String,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    pub state: averias_domain::maintenance::WorkState,
    pub latest_notice_at: DateTime<Utc>,
    pub notice_sent_at: Option<DateTime<Utc>>,
    pub notice_late_seconds: Option<i64>,
    pub emergency_reason: Option<String>,
    pub window_closes_at: Option<DateTime<Utc>>,
    pub override_reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    pub accounts: Vec<AffectedAccount>,
}

/// An account a work affects, and customer-service management's record of
/// telling it and of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedAccount {
    pub account_id: AccountId,
    /// Joined from the account.
    pub account_number: String,
    pub account_name: String,
    pub informed_at: Option<DateTime<Utc>>,
    pub answered_by: Option<String>,
    /// The customer cannot do without the service then: why.
    pub objection: Option<String>,
    /// The window the customer would prefer instead.
    pub alternative: Option<String>,
}

/// A notification to deliver, written to the outbox in the transaction of
/// the change that causes it and delivered after commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboundMessage {
    pub id: uuid::Uuid,
    /// What happened: `ticket_opened`, `ticket_resolved`, `escalation_step`...
    pub event: String,
    /// `email`, `sms` or `webhook`.
    pub channel: String,
    /// An email address, an MSISDN, or a webhook subscription id.
    pub recipient: String,
    /// The language the message is written in.
    pub language: Lang,
    /// What the template renders from.
    pub data: serde_json::Value,
    /// One message per event, channel and recipient.
    pub dedupe_key: String,
    pub ticket_id: Option<TicketId>,
    pub created_at: DateTime<Utc>,
    /// False when no transport is configured for the channel: the message
    /// is kept as a log (`logged`) instead of failing delivery forever.
    pub deliver: bool,
}

/// A message in the outbox with its delivery state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMessage {
    #[serde(flatten)]
    pub message: OutboundMessage,
    /// `pending`, `sent`, `dead` or `logged`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A webhook subscription: events POSTed to `callback`, signed with `secret`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: uuid::Uuid,
    pub callback: String,
    /// Event types delivered; empty means all.
    pub events: Vec<String>,
    /// The API the listener subscribed through (`tmf621-v4`, `tmf621-v5`):
    /// its events link to that API's resources.
    pub api: String,
    pub secret: String,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}
