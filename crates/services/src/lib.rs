//! Use cases of the procedure. Each public function checks who is asking
//! (role and tenancy, R-ACCESS-1), asks `averias_domain` what the procedure
//! allows, and hands the store one change set to write in one transaction.
//! The HTTP surface (`averias-server`: the JSON API, the TMF621 façade and
//! the console) calls only these; nothing here knows about HTTP.
//!
//! Beside the use cases: notification rendering and delivery (`notify`),
//! the weekly report's documents (`report`), the clock, API tokens, the
//! TMF621 versions' names, and the background worker's loop.

pub mod background;
pub mod clock;
pub mod notify;
pub mod report;
pub mod tmf_version;
pub mod tokens;

mod auth_cache;
mod cache;
pub mod calendars;
mod changes;
mod error;
pub mod escalations;
pub mod hook_events;
pub mod incidents;
pub mod intake;
pub mod maintenance;
pub mod notifications;
pub mod reference;
pub mod repair_booking;
pub mod repair_center;
pub mod repair_stock;
pub mod sla;
mod sla_admin;
pub mod tickets;
pub mod web_auth;
pub mod weekly_report;
mod worker;

use std::sync::Arc;

use averias_domain::{Actor, Role, TicketId, TicketNumber};
use averias_store::{AuditEvent, Store, TicketKey, TicketRecord};
use chrono::{DateTime, Utc};

pub use clock::Clock;
pub use error::{ServiceError, ServiceResult};

/// The service layer: a store, a clock, and a short-lived cache of who
/// each API token belongs to.
#[derive(Debug, Clone)]
pub struct Services {
    pub store: Arc<dyn Store>,
    pub clock: Clock,
    tokens: auth_cache::TokenCache,
    catalog: sla::CatalogCache,
    /// Webhook subscriptions, read on every change that notifies.
    webhooks: cache::Cached<Vec<averias_store::Webhook>>,
    /// Renders and delivers notifications; its settings say which channels exist.
    pub notifier: crate::notify::Notifier,
    /// How weekly reports are counted and to whom they are mailed.
    pub reports: weekly_report::ReportSettings,
    /// Sign-in attempts per user name and address.
    sign_ins: Arc<web_auth::SignInLimits>,
}

impl Services {
    /// Services over `store`, reading time from `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Clock) -> Self {
        Self {
            store,
            clock,
            tokens: auth_cache::TokenCache::default(),
            catalog: sla::CatalogCache::default(),
            webhooks: cache::Cached::default(),
            notifier: crate::notify::Notifier::new(Default::default())
                .expect("the built-in notification templates parse (a unit test renders each)"),
            reports: weekly_report::ReportSettings::default(),
            sign_ins: web_auth::limits(),
        }
    }

    /// The same services delivering through `notifier`.
    pub fn with_notifier(mut self, notifier: crate::notify::Notifier) -> Self {
        self.notifier = notifier;
        self
    }

    /// The same services with these report settings.
    pub fn with_reports(mut self, reports: weekly_report::ReportSettings) -> Self {
        self.reports = reports;
        self
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Resolves an API token to the acting user.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Actor> {
        let hash = tokens::hash(token);
        if let Some(actor) = self.tokens.get(&hash) {
            return Ok(actor);
        }
        let user = self
            .store
            .user_by_token_hash(&hash)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let actor = Actor {
            user_id: user.id,
            name: user.name,
            role: user.role,
            group: user.group_code,
            account_id: user.account_id,
        };
        self.tokens.put(hash, actor.clone());
        Ok(actor)
    }

    /// Forgets every cached token, after a change to any user.
    pub(crate) fn forget_tokens(&self) {
        self.tokens.clear();
    }

    /// Finds a ticket by UUID or ticket number, without access checks.
    pub(crate) async fn find_ticket(&self, reference: &str) -> ServiceResult<TicketRecord> {
        let found = match ticket_key(reference)? {
            TicketKey::Id(id) => self.store.get_ticket(id).await?,
            TicketKey::Number(number) => self.store.ticket_by_number(&number).await?,
        };
        found.ok_or_else(|| ServiceError::not_found("ticket", reference))
    }
}

/// Parses what a caller quotes for a ticket: its number or its id.
pub(crate) fn ticket_key(reference: &str) -> ServiceResult<TicketKey> {
    if let Ok(id) = reference.parse::<TicketId>() {
        Ok(TicketKey::Id(id))
    } else if let Ok(number) = reference.parse::<TicketNumber>() {
        Ok(TicketKey::Number(number))
    } else {
        Err(ServiceError::invalid(
            "invalid_ticket_reference",
            "ticket",
            format!("'{reference}' is neither a ticket number like AV-2026-000123 nor a ticket id"),
        ))
    }
}

/// An audit event by `actor` at `at` on `(entity_type, entity_id)`; set
/// `before`/`after` with struct update syntax where they matter.
pub(crate) fn audit(
    actor: &Actor,
    at: DateTime<Utc>,
    entity_type: &str,
    entity_id: impl Into<String>,
    action: &str,
) -> AuditEvent {
    AuditEvent {
        at,
        actor_id: Some(actor.user_id),
        actor_name: actor.name.clone(),
        entity_type: entity_type.into(),
        entity_id: entity_id.into(),
        action: action.into(),
        before: None,
        after: None,
    }
}

/// Refuses unless `actor` has one of `roles`.
pub(crate) fn require_role(actor: &Actor, roles: &[Role], what: &str) -> ServiceResult<()> {
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "role {} may not {what}",
            actor.role
        )))
    }
}
