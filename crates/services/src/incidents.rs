//! Mass incidents (R-TRIAGE-6): one network problem behind many customer
//! tickets. Customer faults are linked to a parent incident owned by a
//! second-level group; resolving the parent resolves every child, each with
//! its own history entry, in one transaction.

use std::sync::Arc;

use averias_domain::{
    Action, Actor, Channel, Lang, Outcome, Position, Role, SecondLevel, Severity, TicketId,
    TicketKind, decide,
};
use averias_store::{ChangeSet, NewTicket, OutboundMessage, Reporter, TicketRecord};
use serde_json::json;

use super::changes::{moved, position, record_move};
use super::notifications::HookEvent;
use super::tickets::TicketView;
use super::{ServiceError, ServiceResult, require_role};

/// A new mass incident.
#[derive(Debug, Clone)]
pub struct IncidentInput {
    pub title: String,
    pub description: String,
    pub owner: SecondLevel,
    pub fault_type: Option<String>,
    pub severity: Severity,
}

/// What resolving an incident did.
#[derive(Debug, Clone)]
pub struct IncidentResolution {
    pub incident: TicketView,
    /// Ticket numbers of the children resolved with it.
    pub resolved_children: Vec<String>,
    /// Children left as they were (already resolved, closed or cancelled).
    pub skipped_children: Vec<String>,
}

const INCIDENT_ROLES: [Role; 4] = [Role::Csm, Role::Cor, Role::Sigis, Role::Gsac];

fn owner_of(incident: &TicketRecord) -> ServiceResult<SecondLevel> {
    match incident.stage {
        averias_domain::Stage::Escalated(g) => Ok(g),
        _ => Err(ServiceError::Conflict(format!(
            "incident {} is {} and takes no more tickets",
            incident.number, incident.status
        ))),
    }
}

/// Mass incidents (R-TRIAGE-6): opening them, attaching the faults they explain, and resolving them all at once.
#[derive(Debug, Clone)]
pub struct Incidents {
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) intake_store: Arc<dyn averias_store::IntakeStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
    pub(crate) tickets: crate::tickets::Tickets,
}

impl Incidents {
    async fn incident(&self, reference: &str) -> ServiceResult<TicketRecord> {
        let t = self.lookup.find_ticket(reference).await?;
        if t.kind != TicketKind::Incident {
            return Err(ServiceError::invalid(
                "not_an_incident",
                "incident",
                format!("{} is a customer fault, not a mass incident", t.number),
            ));
        }
        Ok(t)
    }

    /// Opens a mass incident owned by a second-level group.
    pub async fn create_incident(
        &self,
        actor: &Actor,
        input: IncidentInput,
    ) -> ServiceResult<TicketView> {
        require_role(actor, &INCIDENT_ROLES, "open mass incidents")?;
        if input.title.trim().is_empty() {
            return Err(ServiceError::invalid(
                "title_required",
                "title",
                "an incident needs a title",
            ));
        }
        if let Some(code) = &input.fault_type
            && self.directory_store.get_fault_type(code).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_fault_type",
                "fault_type",
                format!("fault type '{code}' does not exist"),
            ));
        }
        let now = self.clock.now();
        let start = Position::new_incident(input.owner);
        let id = TicketId::new();
        let (sla_due_at, response_due_at, timer) = self.sla.sla_catalog().await?.opening(
            id,
            input.fault_type.as_deref(),
            input.severity,
            start.status,
            start.stage,
            now,
        );
        let record = self
            .intake_store
            .open_ticket(NewTicket {
                attachments: Vec::new(),
                id,
                sla_due_at,
                response_due_at,
                timer,
                maintenance_id: None,
                messages: Vec::new(),
                kind: start.kind,
                account_id: None,
                account_number: None,
                account_name: None,
                channel: Channel::Api,
                fault_type: input.fault_type,
                severity: input.severity,
                title: input.title.trim().to_owned(),
                description: input.description.trim().to_owned(),
                status: start.status,
                stage: start.stage,
                reporter: Reporter {
                    name: actor.name.clone(),
                    phone: String::new(),
                    email: None,
                },
                reported_by: actor.user_id,
                reported_at: now,
                deadline_at: averias_domain::sla::attention_deadline(now),
                lines: Vec::new(),
                equipment: Vec::new(),
                followers: Vec::new(),
                idempotency: None,
                actor_name: actor.name.clone(),
                external_ids: Vec::new(),
                client_values: Default::default(),
                notes: Vec::new(),
            })
            .await?;
        Ok(self.tickets.view(actor, record, now))
    }

    /// Hangs customer tickets on an incident. All or nothing: one refused
    /// ticket refuses the whole request.
    pub async fn link_to_incident(
        &self,
        actor: &Actor,
        incident_ref: &str,
        children: &[String],
    ) -> ServiceResult<Vec<TicketView>> {
        require_role(actor, &INCIDENT_ROLES, "link tickets to incidents")?;
        let incident = self.incident(incident_ref).await?;
        let owner = owner_of(&incident)?;
        if children.is_empty() {
            return Err(ServiceError::invalid(
                "tickets_required",
                "tickets",
                "name at least one ticket to link",
            ));
        }
        let now = self.clock.now();
        let mut changes = ChangeSet::default();
        let mut ids = Vec::new();
        for reference in children {
            let child = self.lookup.find_ticket(reference).await?;
            if child.kind != TicketKind::Fault {
                return Err(ServiceError::invalid(
                    "not_a_fault",
                    "tickets",
                    format!(
                        "{} is an incident; only customer faults hang on incidents",
                        child.number
                    ),
                ));
            }
            let outcome = decide(position(&child), Action::LinkToIncident(owner), actor.role)?;
            let mut update = moved(&child, outcome, now);
            update.parent_id = Some(incident.id);
            changes.messages.extend(
                self.relationship_messages(&child, outcome, Some(incident.id))
                    .await?,
            );
            let reason = format!("linked to mass incident {}", incident.number);
            record_move(
                &mut changes,
                actor,
                &child,
                update,
                "link_to_incident",
                Some(reason),
                json!({"parent": incident.number.to_string()}),
            );
            ids.push(child.id);
        }
        self.sla.reclock(&mut changes).await?;
        self.ticket_store.apply_ticket_changes(changes).await?;
        let mut views = Vec::new();
        for id in ids {
            views.push(self.tickets.view(
                actor,
                self.lookup.find_ticket(&id.to_string()).await?,
                now,
            ));
        }
        Ok(views)
    }

    /// Takes a ticket off an incident; it returns to CSM.
    pub async fn unlink_from_incident(
        &self,
        actor: &Actor,
        incident_ref: &str,
        child_ref: &str,
    ) -> ServiceResult<TicketView> {
        require_role(actor, &INCIDENT_ROLES, "unlink tickets from incidents")?;
        let incident = self.incident(incident_ref).await?;
        let child = self.lookup.find_ticket(child_ref).await?;
        if child.parent_id != Some(incident.id) {
            return Err(ServiceError::not_found("child of incident", child_ref));
        }
        let outcome = decide(position(&child), Action::UnlinkFromIncident, actor.role)?;
        let now = self.clock.now();
        let mut changes = ChangeSet::default();
        let mut update = moved(&child, outcome, now);
        update.parent_id = None;
        changes.messages = self.relationship_messages(&child, outcome, None).await?;
        let reason = format!("unlinked from mass incident {}", incident.number);
        record_move(
            &mut changes,
            actor,
            &child,
            update,
            "unlink_from_incident",
            Some(reason),
            json!({"parent": null}),
        );
        self.sla.reclock(&mut changes).await?;
        self.ticket_store.apply_ticket_changes(changes).await?;
        Ok(self.tickets.view(
            actor,
            self.lookup.find_ticket(&child.id.to_string()).await?,
            now,
        ))
    }

    /// What hub listeners hear when a fault is hung on an incident or taken
    /// off one: its new relationship, and its status if that moved.
    async fn relationship_messages(
        &self,
        child: &TicketRecord,
        outcome: Outcome,
        parent: Option<TicketId>,
    ) -> ServiceResult<Vec<OutboundMessage>> {
        let mut after = child.clone();
        after.status = outcome.status;
        after.stage = outcome.stage;
        after.parent_id = parent;
        after.version = child.version + 1;
        self.notifications
            .ticket_messages_in(
                Lang::Es,
                None,
                &after,
                &format!("{}:v{}", child.id, after.version),
                json!({}),
                None,
                &HookEvent::for_change(child, &after),
            )
            .await
    }

    /// Customer tickets hanging on an incident.
    pub async fn incident_children(
        &self,
        actor: &Actor,
        incident_ref: &str,
    ) -> ServiceResult<Vec<TicketView>> {
        let incident = self.incident(incident_ref).await?;
        if !actor.role.is_operator_staff() {
            return Err(ServiceError::not_found("ticket", incident_ref));
        }
        let now = self.clock.now();
        Ok(self
            .ticket_store
            .children_of(incident.id)
            .await?
            .into_iter()
            .map(|c| self.tickets.view(actor, c, now))
            .collect())
    }

    /// Resolves an incident and, in the same transaction, every child still hanging on it.
    pub async fn resolve_incident(
        &self,
        actor: &Actor,
        incident_ref: &str,
        resolution: String,
        expected_version: Option<i64>,
    ) -> ServiceResult<IncidentResolution> {
        let incident = self.incident(incident_ref).await?;
        if let Some(expected) = expected_version
            && expected != incident.version
        {
            return Err(ServiceError::StaleVersion {
                number: incident.number.to_string(),
                current: incident.version,
                expected,
            });
        }
        let outcome = decide(position(&incident), Action::ResolveIncident, actor.role)?;
        let resolution = resolution.trim().to_owned();
        if resolution.is_empty() {
            return Err(ServiceError::invalid(
                "resolution_required",
                "resolution",
                "say how the incident was solved",
            ));
        }
        let now = self.clock.now();
        let mut changes = ChangeSet::default();
        let mut parent = moved(&incident, outcome, now);
        parent.resolution = Some(resolution.clone());
        record_move(
            &mut changes,
            actor,
            &incident,
            parent,
            "resolve_incident",
            Some(resolution.clone()),
            json!({"resolution": resolution}),
        );

        let (mut resolved, mut skipped) = (Vec::new(), Vec::new());
        for child in self.ticket_store.children_of(incident.id).await? {
            let Ok(out) = decide(position(&child), Action::ResolveWithIncident, actor.role) else {
                skipped.push(child.number.to_string());
                continue;
            };
            let mut update = moved(&child, out, now);
            update.resolution = Some(format!(
                "Resuelto con la incidencia masiva {}: {resolution}",
                incident.number
            ));
            // R-INFORM-1: every customer on the incident hears of the resolution.
            let mut after = child.clone();
            after.status = out.status;
            after.stage = out.stage;
            after.version = child.version + 1;
            changes.messages.extend(
                self.notifications
                    .ticket_messages(
                        Some("ticket_resolved"),
                        &after,
                        &format!("{}:v{}", child.id, after.version),
                        json!({"resolution": update.resolution}),
                        None,
                        &HookEvent::for_change(&child, &after),
                    )
                    .await?,
            );
            let reason = format!("mass incident {} resolved: {resolution}", incident.number);
            record_move(
                &mut changes,
                actor,
                &child,
                update,
                "resolve_with_incident",
                Some(reason),
                json!({"incident": incident.number.to_string()}),
            );
            resolved.push(child.number.to_string());
        }
        self.sla.reclock(&mut changes).await?;
        self.ticket_store.apply_ticket_changes(changes).await?;
        metrics::counter!("averias_tickets_resolved_total", "group" => incident.stage.group())
            .increment(resolved.len() as u64 + 1);
        let incident = self.tickets.view(
            actor,
            self.lookup.find_ticket(&incident.id.to_string()).await?,
            now,
        );
        Ok(IncidentResolution {
            incident,
            resolved_children: resolved,
            skipped_children: skipped,
        })
    }
}
