//! Mass incidents (R-TRIAGE-6): one network problem behind many customer
//! tickets. Customer faults are linked to a parent incident owned by a
//! second-level group; resolving the parent resolves every child, each with
//! its own history entry, in one transaction.

use averias_domain::{
    Action, Actor, Channel, Position, Role, SecondLevel, Severity, Status, TicketId, TicketKind,
    decide,
};
use averias_store::{
    AuditEvent, ChangeSet, NewTicket, Reporter, StatusChange, TicketRecord, TicketUpdate,
};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::tickets::{TicketView, snapshot};
use super::{ServiceError, ServiceResult, Services, audit, require_role};

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

fn child_update(
    child: &TicketRecord,
    status: Status,
    stage: averias_domain::Stage,
    parent: Option<TicketId>,
    now: DateTime<Utc>,
) -> TicketUpdate {
    TicketUpdate {
        id: child.id,
        expected_version: child.version,
        status,
        stage,
        parent_id: parent,
        fault_type: child.fault_type.clone(),
        severity: child.severity,
        clock_stopped_at: if status.stops_attention_clock() {
            child.clock_stopped_at.or(Some(now))
        } else {
            None
        },
        resolution: child.resolution.clone(),
        cancel_reason: child.cancel_reason.clone(),
        updated_at: now,
    }
}

impl Services {
    async fn incident(&self, reference: &str) -> ServiceResult<TicketRecord> {
        let t = self.find_ticket(reference).await?;
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
            && self.store.get_fault_type(code).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "unknown_fault_type",
                "fault_type",
                format!("fault type '{code}' does not exist"),
            ));
        }
        let now = self.now();
        let start = Position::new_incident(input.owner);
        let record = self
            .store
            .open_ticket(NewTicket {
                id: TicketId::new(),
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
            })
            .await?;
        Ok(self.view(actor, record, now))
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
        let now = self.now();
        let mut changes = ChangeSet::default();
        let mut ids = Vec::new();
        for reference in children {
            let child = self.find_ticket(reference).await?;
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
            let outcome = decide(
                Position {
                    kind: child.kind,
                    status: child.status,
                    stage: child.stage,
                },
                Action::LinkToIncident(owner),
                actor.role,
            )?;
            changes.updates.push(child_update(
                &child,
                outcome.status,
                outcome.stage,
                Some(incident.id),
                now,
            ));
            changes.status_changes.push(StatusChange {
                ticket_id: child.id,
                at: now,
                status: outcome.status,
                stage: outcome.stage,
                action: "link_to_incident".into(),
                reason: Some(format!("linked to mass incident {}", incident.number)),
                actor_id: actor.user_id,
            });
            changes.audit.push(AuditEvent {
                before: Some(snapshot(&child.status, child.stage, child.version, child.fault_type.as_deref())),
                after: Some(json!({"status": outcome.status.as_str(), "stage": outcome.stage.as_str(), "group": outcome.stage.group(), "parent": incident.number.to_string()})),
                ..audit(actor, now, "ticket", child.id.to_string(), "link_to_incident")
            });
            ids.push(child.id);
        }
        self.store.apply_ticket_changes(changes).await?;
        let mut views = Vec::new();
        for id in ids {
            views.push(self.view(actor, self.find_ticket(&id.to_string()).await?, now));
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
        let child = self.find_ticket(child_ref).await?;
        if child.parent_id != Some(incident.id) {
            return Err(ServiceError::not_found("child of incident", child_ref));
        }
        let outcome = decide(
            Position {
                kind: child.kind,
                status: child.status,
                stage: child.stage,
            },
            Action::UnlinkFromIncident,
            actor.role,
        )?;
        let now = self.now();
        let mut changes = ChangeSet::default();
        changes.updates.push(child_update(
            &child,
            outcome.status,
            outcome.stage,
            None,
            now,
        ));
        changes.status_changes.push(StatusChange {
            ticket_id: child.id,
            at: now,
            status: outcome.status,
            stage: outcome.stage,
            action: "unlink_from_incident".into(),
            reason: Some(format!("unlinked from mass incident {}", incident.number)),
            actor_id: actor.user_id,
        });
        changes.audit.push(AuditEvent {
            before: Some(json!({"parent": incident.number.to_string(), "stage": child.stage.as_str()})),
            after: Some(json!({"parent": null, "stage": outcome.stage.as_str(), "group": outcome.stage.group()})),
            ..audit(actor, now, "ticket", child.id.to_string(), "unlink_from_incident")
        });
        self.store.apply_ticket_changes(changes).await?;
        Ok(self.view(actor, self.find_ticket(&child.id.to_string()).await?, now))
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
        let now = self.now();
        Ok(self
            .store
            .children_of(incident.id)
            .await?
            .into_iter()
            .map(|c| self.view(actor, c, now))
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
        let outcome = decide(
            Position {
                kind: incident.kind,
                status: incident.status,
                stage: incident.stage,
            },
            Action::ResolveIncident,
            actor.role,
        )?;
        let resolution = resolution.trim().to_owned();
        if resolution.is_empty() {
            return Err(ServiceError::invalid(
                "resolution_required",
                "resolution",
                "say how the incident was solved",
            ));
        }
        let now = self.now();
        let mut changes = ChangeSet::default();
        let mut parent = child_update(&incident, outcome.status, outcome.stage, None, now);
        parent.resolution = Some(resolution.clone());
        changes.updates.push(parent);
        changes.status_changes.push(StatusChange {
            ticket_id: incident.id,
            at: now,
            status: outcome.status,
            stage: outcome.stage,
            action: "resolve_incident".into(),
            reason: Some(resolution.clone()),
            actor_id: actor.user_id,
        });
        changes.audit.push(AuditEvent {
            before: Some(snapshot(&incident.status, incident.stage, incident.version, incident.fault_type.as_deref())),
            after: Some(json!({"status": outcome.status.as_str(), "stage": outcome.stage.as_str(), "resolution": resolution})),
            ..audit(actor, now, "ticket", incident.id.to_string(), "resolve_incident")
        });
        let (mut resolved, mut skipped) = (Vec::new(), Vec::new());
        for child in self.store.children_of(incident.id).await? {
            let pos = Position {
                kind: child.kind,
                status: child.status,
                stage: child.stage,
            };
            let Ok(out) = decide(pos, Action::ResolveWithIncident, actor.role) else {
                skipped.push(child.number.to_string());
                continue;
            };
            let mut update = child_update(&child, out.status, out.stage, child.parent_id, now);
            update.resolution = Some(format!(
                "Resuelto con la incidencia masiva {}: {resolution}",
                incident.number
            ));
            changes.updates.push(update);
            changes.status_changes.push(StatusChange {
                ticket_id: child.id,
                at: now,
                status: out.status,
                stage: out.stage,
                action: "resolve_with_incident".into(),
                reason: Some(format!(
                    "mass incident {} resolved: {resolution}",
                    incident.number
                )),
                actor_id: actor.user_id,
            });
            changes.audit.push(AuditEvent {
                before: Some(snapshot(&child.status, child.stage, child.version, child.fault_type.as_deref())),
                after: Some(json!({"status": out.status.as_str(), "stage": out.stage.as_str(), "incident": incident.number.to_string()})),
                ..audit(actor, now, "ticket", child.id.to_string(), "resolve_with_incident")
            });
            resolved.push(child.number.to_string());
        }
        self.store.apply_ticket_changes(changes).await?;
        metrics::counter!("averias_tickets_resolved_total", "group" => incident.stage.group())
            .increment(resolved.len() as u64 + 1);
        let incident = self.view(
            actor,
            self.find_ticket(&incident.id.to_string()).await?,
            now,
        );
        Ok(IncidentResolution {
            incident,
            resolved_children: resolved,
            skipped_children: skipped,
        })
    }
}
