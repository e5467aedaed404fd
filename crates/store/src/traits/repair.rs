//! The repair loop's reads, the weekly report's reads, and web sign-in.

use async_trait::async_trait;
use averias_domain::{TicketId, UserId};
use chrono::{DateTime, Utc};

use crate::*;

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
    /// Every (make, model) of the operator's backup stock (units available,
    /// reserved or put in service; not customers' swapped-out devices).
    async fn stock_models(&self) -> StoreResult<Vec<(String, String)>>;
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
    /// Saves (creates or replaces, by id) a canned response, with its audit
    /// row; another of the same group and name is a duplicate.
    async fn save_canned(&self, c: &CannedResponse, audit: &AuditEvent) -> StoreResult<()>;
    /// Canned responses, of one group or all, by group and name.
    async fn canned_responses(&self, group: Option<&str>) -> StoreResult<Vec<CannedResponse>>;
    /// Deletes a canned response, with its audit row; whether it existed.
    async fn delete_canned(&self, id: uuid::Uuid, audit: &AuditEvent) -> StoreResult<bool>;
    /// A number that grows whenever anything is changed through the
    /// services (the newest audit event's and status row's ids): live
    /// queues compare it.
    async fn change_mark(&self) -> StoreResult<i64>;
}

/// A group's ready-made text for notes, in both languages; `{{ticket}}`,
/// `{{customer}}`, `{{contact}}` and `{{agent}}` are filled in on use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    pub id: uuid::Uuid,
    pub group: String,
    pub name: String,
    pub body_es: String,
    pub body_en: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
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
