//! The procedure's actions on a ticket: the domain decides, one change set writes the move with its notes, messages, timers and repair ops.

use super::*;

impl Tickets {
    /// Takes one procedure action on a ticket; `Services::act` sends
    /// certifications to the repair loop first.
    pub(crate) async fn act(
        &self,
        actor: &Actor,
        reference: &str,
        name: ActionName,
        input: ActionInput,
    ) -> ServiceResult<TicketView> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        self.act_with_repair(actor, t, name, input, ChangeSet::default())
            .await
    }

    /// Takes an action on a ticket already checked visible, writing the
    /// repair ops, messages and timers of `with` in the same transaction (a
    /// certification's swap, endorsement and low-stock alert).
    pub(crate) async fn act_with_repair(
        &self,
        actor: &Actor,
        t: TicketRecord,
        name: ActionName,
        input: ActionInput,
        with: ChangeSet,
    ) -> ServiceResult<TicketView> {
        if let Some(expected) = input.expected_version
            && expected != t.version
        {
            return Err(ServiceError::StaleVersion {
                number: t.number.to_string(),
                current: t.version,
                expected,
            });
        }
        let recorded_as = input.recorded_as.unwrap_or(name.as_str());
        let mut fault_type = t.fault_type.clone();
        let mut severity = t.severity;
        let action = match name {
            ActionName::Escalate => {
                if let Some(code) = nonempty(input.fault_type.clone()) {
                    fault_type = Some(code);
                }
                let code = fault_type.clone().ok_or_else(|| {
                    ServiceError::invalid(
                        "fault_type_required",
                        "fault_type",
                        "escalation goes by fault type (R-TRIAGE-4): give the ticket a fault_type",
                    )
                })?;
                let ft = self
                    .directory_store
                    .get_fault_type(&code)
                    .await?
                    .filter(|f| f.active)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "unknown_fault_type",
                            "fault_type",
                            format!("fault type '{code}' does not exist"),
                        )
                    })?;
                if t.fault_type.as_deref() != Some(code.as_str()) {
                    severity = ft.default_severity;
                }
                Action::Escalate(ft.second_level)
            }
            other => simple_action(other),
        };
        let outcome = decide(position(&t), action, actor.role)?;

        let reason = nonempty(input.reason);
        let resolution = nonempty(input.resolution);
        match name {
            ActionName::Cancel | ActionName::RejectResolution if reason.is_none() => {
                return Err(ServiceError::invalid(
                    "reason_required",
                    "reason",
                    format!("{} needs a reason", name.as_str()),
                ));
            }
            ActionName::Resolve | ActionName::ReturnSolution | ActionName::CertifyRepair
                if resolution.is_none() =>
            {
                return Err(ServiceError::invalid(
                    "resolution_required",
                    "resolution",
                    format!(
                        "{} needs a resolution: what was done and the result",
                        name.as_str()
                    ),
                ));
            }
            _ => {}
        }

        let now = self.clock.now();
        let mut update = moved(&t, outcome, now);
        update.fault_type = fault_type;
        update.severity = severity;
        update.resolution = match name {
            ActionName::RejectResolution => None,
            _ => resolution.clone().or(t.resolution.clone()),
        };
        if name == ActionName::Cancel {
            update.cancel_reason = reason.clone();
        }
        let mut changes = ChangeSet::default();
        if let Some((visibility, body)) = input.note.filter(|(_, b)| !b.trim().is_empty()) {
            if !actor.may_write(visibility) {
                return Err(ServiceError::Forbidden(format!(
                    "role {} may not write {visibility} notes",
                    actor.role
                )));
            }
            changes
                .notes
                .push(new_note(actor, &t, visibility, &body, now));
        }
        // R-INFORM-1: the contact hears of the steps that matter to them;
        // hub listeners of every change they can see in TMF621.
        let mut after = t.clone();
        after.status = update.status;
        after.stage = update.stage;
        after.severity = update.severity;
        after.version = t.version + 1;
        let event = match name {
            ActionName::Escalate => Some("ticket_escalated"),
            ActionName::CertifyRepair => Some("ticket_repaired"),
            ActionName::Resolve => Some("ticket_resolved"),
            ActionName::Close => Some("ticket_closed"),
            _ => None,
        };
        after.fault_type = update.fault_type.clone();
        let hooks = crate::notifications::HookEvent::for_change(&t, &after);
        changes.messages = self
            .notifications
            .ticket_messages(
                event,
                &after,
                &format!("{}:v{}", t.id, after.version),
                json!({"resolution": update.resolution, "reason": reason}),
                None,
                &hooks,
            )
            .await?;
        let extra = json!({"reason": reason, "resolution": resolution});
        record_move(
            &mut changes,
            actor,
            &t,
            update,
            recorded_as,
            reason.clone().or(resolution.clone()),
            extra,
        );
        // What the caller adds to the same transaction (a certification's
        // swap, the notes of a TMF621 PATCH).
        changes.repair = with.repair;
        changes.messages.extend(with.messages);
        changes.timers.extend(with.timers);
        changes.notes.extend(with.notes);
        changes.audit.extend(with.audit);
        changes.client_values.extend(with.client_values);
        changes.deletions.extend(with.deletions);
        changes.merges.extend(with.merges);
        // A ticket that leaves the repair queue other than by certification
        // (cancelled, solved another way) frees its appointment's place.
        if t.stage == Stage::AwaitingRepair
            && outcome.stage != Stage::AwaitingRepair
            && name != ActionName::CertifyRepair
            && let Some(a) = self.lookup.active_appointment(t.id).await?
        {
            changes
                .repair
                .push(averias_store::RepairOp::EndAppointment {
                    id: a.id,
                    expected_version: a.version,
                    center: a.center_code.clone(),
                    start: a.start,
                    status: averias_domain::repair::AppointmentStatus::Cancelled,
                    reason: Some(format!("ticket {}: {}", t.number, name.as_str())),
                    at: now,
                });
            changes
                .timers
                .push(crate::changes::appointment_reminder_timer(&a, None));
        }
        self.sla.reclock(&mut changes).await?;
        self.ticket_store.apply_ticket_changes(changes).await?;
        metrics_for(name, &t, outcome.stage);
        let fresh = self.lookup.find_ticket(&t.id.to_string()).await?;
        self.full_view(actor, fresh).await
    }
}
