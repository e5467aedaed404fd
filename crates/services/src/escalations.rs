//! Firing the escalation matrix (R-SLA-2). Each ticket with a step ahead has
//! one timer row; when it falls due the worker re-plans the ticket from its
//! history, records every step that is due (once: the `escalations` table
//! refuses a second record of the same step and occurrence, and the actions
//! are written in the same transaction), acts on it, and moves the timer to
//! the next step. A step that fell due while the server was down fires at
//! the next start, late, and its record says by how much.

use std::sync::Arc;

use std::collections::HashSet;

use averias_domain::escalation::{Condition, DueFiring, EscalationStep, StepAction, Trigger};
use averias_domain::{Action, Actor, Role, TicketId, decide};
use averias_store::{ChangeSet, Escalation, Job, StoreError, TicketRecord, User};
use serde_json::{Value, json};

use super::changes::{moved, position, record_move};
use super::sla::{self, timer};
use super::{ServiceResult, audit};

/// Firings later than this are reported as late.
const LATE_AFTER_SECONDS: i64 = 60;

/// The actor escalation changes are recorded under.
fn matrix_actor() -> Actor {
    Actor {
        user_id: averias_domain::UserId(uuid::Uuid::nil()),
        name: "escalation matrix".into(),
        role: Role::Csm,
        group: None,
        account_id: None,
    }
}

/// The active users a notify action names; nobody for other actions.
fn told<'a>(users: &'a [User], action: &StepAction) -> Vec<&'a User> {
    users
        .iter()
        .filter(|u| u.active)
        .filter(|u| match action {
            StepAction::NotifyRole { role } => u.role == *role,
            StepAction::NotifyGroup { group } => u.group_code.as_deref() == Some(group.as_str()),
            StepAction::NotifyUser { user } => u.name == *user,
            _ => false,
        })
        .collect()
}

fn describe(step: &EscalationStep) -> String {
    let event = match &step.from {
        Trigger::Opened => "the report".to_owned(),
        Trigger::Warning { percent } => format!("the resolution clock reaching {percent} %"),
        Trigger::Breach => "the resolution deadline".to_owned(),
        Trigger::Stage { stage } => format!("entering stage {stage}"),
    };
    let condition = match step.condition {
        Condition::Unresolved => "the ticket is still unresolved",
        Condition::NotTaken => "nobody has acted on it since it entered its stage",
    };
    format!(
        "{} min on calendar {} after {event}; {condition}",
        step.delay_minutes, step.calendar
    )
}

/// Why a step fired, as data, so pages say it in their reader's language
/// (the `reason` sentence stays for the audit trail and the API).
fn why(step: &EscalationStep, late_seconds: i64) -> serde_json::Value {
    let (trigger, percent, stage) = match &step.from {
        Trigger::Opened => ("opened", None, None),
        Trigger::Warning { percent } => ("warning", Some(*percent), None),
        Trigger::Breach => ("breach", None, None),
        Trigger::Stage { stage } => ("stage", None, Some(stage.to_string())),
    };
    json!({
        "delay_minutes": step.delay_minutes,
        "calendar": step.calendar,
        "trigger": trigger,
        "percent": percent,
        "stage": stage,
        "condition": match step.condition {
            Condition::Unresolved => "unresolved",
            Condition::NotTaken => "not_taken",
        },
        "late_seconds": (late_seconds > LATE_AFTER_SECONDS).then_some(late_seconds),
    })
}

/// SLA timers firing escalation steps, and deadlines recomputed after the catalog changes.
#[derive(Debug, Clone)]
pub struct Escalations {
    pub(crate) clock_store: Arc<dyn averias_store::ClockStore>,
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) sla: crate::sla::Sla,
}

impl Escalations {
    /// Handles one claimed SLA timer: fires what is due, moves the timer.
    pub(crate) async fn fire_timer(&self, job: &Job) -> ServiceResult<()> {
        let id: Option<TicketId> = job.payload["ticket"].as_str().and_then(|s| s.parse().ok());
        let now = self.clock.now();
        let Some(t) = (match id {
            Some(id) => self.ticket_store.get_ticket(id).await?,
            None => None,
        }) else {
            // A timer for a ticket that is gone (or a malformed row): retire it.
            let key = job.dedupe_key.clone().unwrap_or_default();
            let mut retire = timer(TicketId(uuid::Uuid::nil()), None);
            retire.key = key;
            return self.write_timer_only(retire).await;
        };
        let history = self.ticket_store.status_changes_of(t.id).await?;
        let mut fired: HashSet<(String, u32)> = self
            .clock_store
            .escalations_of(t.id)
            .await?
            .into_iter()
            .map(|e| (e.step_key, e.occurrence as u32))
            .collect();
        let catalog = self.sla.sla_catalog().await?;
        let statuses = sla::statuses(&history);
        let steps = sla::timeline(&history);
        let clocks = catalog.clocks(t.fault_type.as_deref(), t.severity, &statuses, now);
        let Some((_, plan)) = catalog.plan(
            t.fault_type.as_deref(),
            t.reported_at,
            &steps,
            &clocks,
            &fired,
            now,
        ) else {
            return self.write_timer_only(timer(t.id, None)).await;
        };
        if plan.due.is_empty() {
            return self.write_timer_only(timer(t.id, plan.next_due)).await;
        }

        let mut changes = ChangeSet::default();
        let mut current = t.clone();
        let users = self.directory_store.list_users().await?;
        for firing in &plan.due {
            let done = self.act_on(&mut current, firing, &users);
            let late = (now - firing.due_at).num_seconds();
            let mut reason = describe(firing.step);
            if late > LATE_AFTER_SECONDS {
                reason.push_str(&format!(
                    "; fired {late} s late (the server was not running, or was behind, at the due time)"
                ));
            }
            let recipients: Vec<&User> = firing
                .step
                .actions
                .iter()
                .flat_map(|a| told(&users, a))
                .collect();
            changes
                .messages
                .extend(self.notifications.escalation_messages(
                    &current,
                    &recipients,
                    &firing.step.name,
                    &reason,
                    &format!("{}:{}:{}", t.id, firing.step_key, firing.occurrence),
                ));
            if firing.step.actions.contains(&StepAction::NotifyContact) {
                changes.messages.extend(
                    self.notifications
                        .ticket_messages(
                            Some("sla_at_risk"),
                            &current,
                            &format!("{}:{}:{}", t.id, firing.step_key, firing.occurrence),
                            json!({"step": firing.step.name}),
                            None,
                            &[],
                        )
                        .await?,
                );
            }
            changes.escalations.push(Escalation {
                ticket_id: t.id,
                step_key: firing.step_key.clone(),
                occurrence: i64::from(firing.occurrence),
                due_at: firing.due_at,
                fired_at: now,
                reason: reason.clone(),
                actions: json!({
                    "late_seconds": late.max(0),
                    "actions": done,
                    "why": why(firing.step, late),
                }),
            });
            changes.audit.push(averias_store::AuditEvent {
                after: Some(json!({
                    "step": firing.step_key,
                    "occurrence": firing.occurrence,
                    "due_at": firing.due_at,
                    "reason": reason,
                    "actions": done,
                })),
                ..audit(
                    &matrix_actor(),
                    now,
                    "ticket",
                    t.id.to_string(),
                    "escalation_step",
                )
            });
            fired.insert((firing.step_key.clone(), firing.occurrence));
        }
        if current.severity != t.severity || position(&current) != position(&t) {
            let mut update = moved(
                &t,
                averias_domain::Outcome {
                    status: current.status,
                    stage: current.stage,
                },
                now,
            );
            update.severity = current.severity;
            update.fault_type = current.fault_type.clone();
            if position(&current) != position(&t) {
                record_move(
                    &mut changes,
                    &matrix_actor(),
                    &t,
                    update,
                    "escalate",
                    Some("escalation matrix".into()),
                    json!({}),
                );
            } else {
                changes.updates.push(update);
            }
            // Re-clocks the ticket (a new severity may mean a new policy) and wakes its timer.
            self.sla.reclock(&mut changes).await?;
        } else {
            let again = plan.due.iter().any(|f| f.occurrence < f.step.max_firings);
            let next = if again { Some(now) } else { plan.next_due };
            changes.timers.push(timer(t.id, next));
        }
        match self.ticket_store.apply_ticket_changes(changes).await {
            Ok(()) => {
                metrics::counter!("averias_escalations_fired_total")
                    .increment(plan.due.len() as u64);
                Ok(())
            }
            // Another worker recorded the same step first: it acted, we must not.
            Err(StoreError::Duplicate { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    async fn write_timer_only(&self, change: averias_store::TimerChange) -> ServiceResult<()> {
        self.ticket_store
            .apply_ticket_changes(ChangeSet {
                timers: vec![change],
                ..Default::default()
            })
            .await?;
        Ok(())
    }

    /// Applies a step's actions to `current` and says what was done.
    fn act_on(
        &self,
        current: &mut TicketRecord,
        firing: &DueFiring<'_>,
        users: &[User],
    ) -> Vec<Value> {
        let names = |a: &StepAction| -> Vec<String> {
            told(users, a).iter().map(|u| u.name.clone()).collect()
        };
        firing
            .step
            .actions
            .iter()
            .map(|action| match action {
                StepAction::NotifyRole { role } => json!({
                    "type": "notify_role", "role": role, "told": names(action),
                }),
                StepAction::NotifyGroup { group } => json!({
                    "type": "notify_group", "group": group, "told": names(action),
                }),
                StepAction::NotifyUser { user } => json!({
                    "type": "notify_user", "user": user, "told": names(action),
                }),
                StepAction::NotifyContact => json!({"type": "notify_contact", "told": [current.reporter.name]}),
                StepAction::RaisePriority => {
                    let from = current.severity;
                    current.severity = averias_domain::escalation::raised(from);
                    json!({"type": "raise_priority", "from": from, "to": current.severity})
                }
                StepAction::Reassign { group } => {
                    match decide(position(current), Action::Escalate(*group), Role::Csm) {
                        Ok(out) => {
                            let from = current.stage.group();
                            current.status = out.status;
                            current.stage = out.stage;
                            json!({"type": "reassign", "from": from, "to": group.as_str()})
                        }
                        Err(refusal) => json!({
                            "type": "reassign", "to": group.as_str(), "refused": refusal.to_string(),
                        }),
                    }
                }
            })
            .collect()
    }

    /// Recomputes the stored deadlines and timers of every ticket whose
    /// clocks may still move, in batches, after a policy or calendar change.
    pub(crate) async fn recompute_clocks(&self) -> ServiceResult<u64> {
        const BATCH: i64 = 500;
        let mut after = None;
        let mut written = 0;
        loop {
            let batch = self.clock_store.tickets_to_reclock(after, BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.id);
            let catalog = self.sla.sla_catalog().await?;
            let now = self.clock.now();
            let mut refreshes = Vec::with_capacity(batch.len());
            for t in &batch {
                let history = self.ticket_store.status_changes_of(t.id).await?;
                let clocks = catalog.clocks(
                    t.fault_type.as_deref(),
                    t.severity,
                    &sla::statuses(&history),
                    now,
                );
                let (sla_due_at, response_due_at) = clocks.due(&catalog);
                // The exact next step, so a policy change does not wake every open ticket.
                let fired: HashSet<(String, u32)> = self
                    .clock_store
                    .escalations_of(t.id)
                    .await?
                    .into_iter()
                    .map(|e| (e.step_key, e.occurrence as u32))
                    .collect();
                let wake = catalog
                    .plan(
                        t.fault_type.as_deref(),
                        t.reported_at,
                        &sla::timeline(&history),
                        &clocks,
                        &fired,
                        now,
                    )
                    .and_then(|(_, p)| {
                        if p.due.is_empty() {
                            p.next_due
                        } else {
                            Some(now)
                        }
                    });
                refreshes.push(averias_store::ClockRefresh {
                    id: t.id,
                    version: t.version,
                    sla_due_at,
                    response_due_at,
                    timer: timer(t.id, wake),
                });
            }
            written += self.clock_store.refresh_clocks(&refreshes, now).await?;
        }
        Ok(written)
    }

    /// The escalation steps fired on a ticket the caller may see.
    pub async fn escalations(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<Vec<Escalation>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        // Sales consultants work for the customer's side of the relation:
        // like the notification log, escalations are the operator's own.
        if matches!(actor.role, Role::Customer | Role::SalesConsultant) {
            return Err(super::ServiceError::Forbidden(
                "escalations are internal to the operator".into(),
            ));
        }
        Ok(self.clock_store.escalations_of(t.id).await?)
    }
}
