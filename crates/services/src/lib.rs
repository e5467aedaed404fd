//! Use cases of the procedure. Each public function checks who is asking
//! (role and tenancy, R-ACCESS-1), asks `averias_domain` what the procedure
//! allows, and hands the store one change set to write in one transaction.
//! The HTTP surface (`averias-server`: the JSON API, the TMF621 façade and
//! the console) calls only these; nothing here knows about HTTP.
//!
//! Beside the use cases: notification rendering and delivery (`notify`),
//! the weekly report's documents (`report`), the clock, API tokens, the
//! TMF621 resource (shared by the façade and the hub events), and the background worker's loop.

pub mod attachments;
pub mod background;
pub mod bulk;
pub mod canned;
pub mod clock;
pub mod notify;
pub mod report;
pub mod tmf;
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
pub mod lookup;
pub mod maintenance;
pub mod notifications;
pub mod reference;
pub mod repair_booking;
pub mod repair_center;
pub mod repair_stock;
pub mod search;
pub mod sla;
mod sla_admin;
pub mod tickets;
pub mod web_auth;
pub mod weekly_report;
pub mod worker;

use std::sync::Arc;

use averias_domain::{Actor, Role, TicketId, TicketNumber};
use averias_store::{AuditEvent, Store, TicketKey};
use chrono::{DateTime, Utc};

pub use clock::Clock;
pub use error::{ServiceError, ServiceResult};

/// The service layer, one capability per field, for the handlers: each
/// capability holds the store traits it needs and the capabilities it
/// builds on (see ARCHITECTURE.md for the graph). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Services {
    /// The whole store, for readiness and metrics; capabilities hold only
    /// the traits they use.
    pub store: Arc<dyn Store>,
    pub clock: Clock,
    /// Finds tickets, accounts and appointments for an actor, with R-ACCESS-1 applied: a ticket the actor may not see is "not found".
    pub lookup: lookup::Lookup,
    /// Business calendars, SLA policies and the escalation matrix (R-SLA-*), their cached catalog, and the clocks computed from them.
    pub sla: sla::Sla,
    /// What the procedure tells whom (R-INFORM-*): composing messages into the outbox, delivering them, the log, and webhook subscriptions.
    pub notifications: notifications::Notifications,
    /// Tickets after intake: reads, lists, notes, followers and the procedure's actions (triage, escalation, resolution, closing).
    pub tickets: tickets::Tickets,
    /// The repair loop (R-REPAIR-*): centers, warehouses, slots and appointments; the technician's record, certification and backup swaps; stock, endorsements and replenishment.
    pub repair: repair_booking::Repair,
    /// Mass incidents (R-TRIAGE-6): opening them, attaching the faults they explain, and resolving them all at once.
    pub incidents: incidents::Incidents,
    /// Reporting a fault (R-INTAKE-*): the account check, refused reports, and opening the ticket.
    pub intake: intake::Intake,
    /// Planned maintenance (R-MAINT-*): works, their notice, objections and the objection window.
    pub maintenance: maintenance::Maintenance,
    /// SLA timers firing escalation steps, and deadlines recomputed after the catalog changes.
    pub escalations: escalations::Escalations,
    /// The weekly fault report (R-REPORT-*) and the fault statistics.
    pub reports: weekly_report::Reports,
    /// Reference data and administration: groups, users, accounts, lines, equipment, fault types.
    pub admin: reference::Admin,
    /// Who is asking: API tokens, console passwords, sessions and saved views.
    pub auth: web_auth::Auth,
    /// Canned responses: a group's ready-made texts for notes.
    pub canned: canned::Canned,
    /// Files on tickets, their bytes in the blob store.
    pub attachments: attachments::Attachments,
    /// One tick of the background worker: due timers, jobs and messages.
    pub worker: worker::Worker,
    /// Search across tickets, accounts and lines (issue 23).
    pub search: search::Search,
}

impl Services {
    /// Services over `store`, reading time from `clock`, with the default
    /// notifier (webhooks only) and report settings.
    pub fn new(store: Arc<dyn Store>, clock: Clock) -> Self {
        let notifier = crate::notify::Notifier::new(Default::default())
            .expect("the built-in notification templates parse (a unit test renders each)");
        Self::assemble(
            store,
            clock,
            notifier,
            weekly_report::ReportSettings::default(),
        )
    }

    /// The same services delivering through `notifier`.
    pub fn with_notifier(self, notifier: crate::notify::Notifier) -> Self {
        let settings = self.attachments.settings.clone();
        Self::assemble(self.store, self.clock, notifier, self.reports.settings)
            .keeping_attachments(settings)
    }

    /// The same services with these report settings.
    pub fn with_reports(self, reports: weekly_report::ReportSettings) -> Self {
        let settings = self.attachments.settings.clone();
        Self::assemble(self.store, self.clock, self.notifications.notifier, reports)
            .keeping_attachments(settings)
    }

    /// The same services keeping attachments as `settings` say: their
    /// bytes in the folder `settings.dir` (created if missing).
    pub fn with_attachments(
        mut self,
        settings: attachments::AttachmentSettings,
    ) -> std::io::Result<Self> {
        self.attachments = attachments::Attachments::new(
            self.store.clone(),
            self.lookup.clone(),
            self.clock.clone(),
            self.notifications.clone(),
            settings,
        )?;
        // Intake stores the files a report comes with.
        self.intake.attachments = self.attachments.clone();
        Ok(self)
    }

    fn keeping_attachments(mut self, settings: Arc<attachments::AttachmentSettings>) -> Self {
        if let Ok(a) = attachments::Attachments::new(
            self.store.clone(),
            self.lookup.clone(),
            self.clock.clone(),
            self.notifications.clone(),
            (*settings).clone(),
        ) {
            self.intake.attachments = a.clone();
            self.attachments = a;
        }
        self
    }

    /// Wires the capabilities in dependency order, each over the same
    /// store and sharing the caches that must be shared (API tokens).
    fn assemble(
        store: Arc<dyn Store>,
        clock: Clock,
        notifier: crate::notify::Notifier,
        report_settings: weekly_report::ReportSettings,
    ) -> Self {
        let tokens = auth_cache::TokenCache::default();
        let lookup = lookup::Lookup {
            directory_store: store.clone(),
            repair_store: store.clone(),
            ticket_store: store.clone(),
        };
        let sla = sla::Sla {
            clock_store: store.clone(),
            directory_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            catalog: Default::default(),
        };
        let notifications = notifications::Notifications {
            directory_store: store.clone(),
            outbox_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifier: notifier.clone(),
            webhooks: Default::default(),
        };
        let tickets = tickets::Tickets {
            directory_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
        };
        let repair = repair_booking::Repair {
            clock_store: store.clone(),
            directory_store: store.clone(),
            repair_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
            tickets: tickets.clone(),
        };
        let incidents = incidents::Incidents {
            directory_store: store.clone(),
            intake_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
            tickets: tickets.clone(),
        };
        // Until configured: a folder of this instance's own under the
        // system's temporary folder.
        let attachments = attachments::Attachments::new(
            store.clone(),
            lookup.clone(),
            clock.clone(),
            notifications.clone(),
            attachments::AttachmentSettings::in_dir(
                std::env::temp_dir()
                    .join("averias-attachments")
                    .join(uuid::Uuid::now_v7().to_string()),
            ),
        )
        .expect("the system's temporary folder takes a folder");
        let intake = intake::Intake {
            directory_store: store.clone(),
            intake_store: store.clone(),
            maintenance_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
            tickets: tickets.clone(),
            attachments: attachments.clone(),
        };
        let maintenance = maintenance::Maintenance {
            directory_store: store.clone(),
            maintenance_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
        };
        let escalations = escalations::Escalations {
            clock_store: store.clone(),
            directory_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            notifications: notifications.clone(),
            sla: sla.clone(),
        };
        let reports = weekly_report::Reports {
            job_store: store.clone(),
            report_store: store.clone(),
            ticket_store: store.clone(),
            clock: clock.clone(),
            notifications: notifications.clone(),
            settings: report_settings.clone(),
        };
        let admin = reference::Admin {
            directory_store: store.clone(),
            intake_store: store.clone(),
            clock: clock.clone(),
            lookup: lookup.clone(),
            repair: repair.clone(),
            tokens: tokens.clone(),
        };
        let auth = web_auth::Auth {
            directory_store: store.clone(),
            web_store: store.clone(),
            clock: clock.clone(),
            sign_ins: crate::web_auth::limits(),
            tokens: tokens.clone(),
        };
        let canned = canned::Canned {
            web_store: store.clone(),
            directory_store: store.clone(),
            clock: clock.clone(),
        };
        let search = search::Search {
            directory_store: store.clone(),
            search_store: store.clone(),
        };
        let worker = worker::Worker {
            job_store: store.clone(),
            clock: clock.clone(),
            escalations: escalations.clone(),
            maintenance: maintenance.clone(),
            notifications: notifications.clone(),
            repair: repair.clone(),
            reports: reports.clone(),
        };
        Self {
            store,
            clock,
            lookup,
            sla,
            notifications,
            tickets,
            repair,
            incidents,
            intake,
            maintenance,
            escalations,
            reports,
            admin,
            auth,
            canned,
            attachments,
            worker,
            search,
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Takes one procedure action on a ticket. Certifying a repair is the
    /// center's record of it (R-REPAIR-2), so that action goes to the
    /// repair loop, which moves the ticket through `Tickets`; every other
    /// action is the ticket's own.
    pub async fn act(
        &self,
        actor: &Actor,
        reference: &str,
        name: tickets::ActionName,
        input: tickets::ActionInput,
    ) -> ServiceResult<tickets::TicketView> {
        if name == tickets::ActionName::CertifyRepair {
            // A certification is the center's record of the repair (R-REPAIR-2);
            // the plain action is its short form, without a backup swap.
            let summary = tickets::nonempty(input.resolution.clone()).ok_or_else(|| {
                ServiceError::invalid(
                    "resolution_required",
                    "resolution",
                    "certify_repair needs a resolution: what was done and the result",
                )
            })?;
            return self
                .repair
                .certify_in_short(
                    actor,
                    reference,
                    summary,
                    input.note,
                    input.expected_version,
                )
                .await;
        }
        self.tickets.act(actor, reference, name, input).await
    }
}

/// Parses what a caller quotes for a ticket: its number or its id.
pub(crate) fn ticket_key(reference: &str) -> ServiceResult<TicketKey> {
    if let Ok(id) = reference.parse::<TicketId>() {
        Ok(TicketKey::Id(id))
    } else if let Ok(number) = reference.parse::<TicketNumber>() {
        Ok(TicketKey::Number(number))
    } else if let Some((year, seq)) = averias_search::ticket_number(reference) {
        // As people write it: `av-2026-000062`, `AV 2026 62`.
        Ok(TicketKey::Number(TicketNumber::new(i32::from(year), seq)))
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
