//! Building blocks of a [`ChangeSet`]: every decided move of a ticket is
//! written the same way (the new state, one status-history row, one audit
//! event with before and after), whichever use case decided it.

use averias_domain::{Actor, Position, Visibility};
use averias_store::{AuditEvent, ChangeSet, Note, StatusChange, TicketRecord, TicketUpdate};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::audit;

/// The state-machine position of a stored ticket.
pub(crate) fn position(t: &TicketRecord) -> Position {
    Position {
        kind: t.kind,
        status: t.status,
        stage: t.stage,
    }
}

/// The fields of a ticket worth keeping in an audit event's `before`.
pub(crate) fn snapshot(t: &TicketRecord) -> Value {
    json!({
        "status": t.status.as_str(),
        "stage": t.stage.as_str(),
        "group": t.stage.group(),
        "version": t.version,
        "fault_type": t.fault_type,
        "parent": t.parent_number,
    })
}

/// An update of `t` that keeps every field and only moves it.
pub(crate) fn moved(
    t: &TicketRecord,
    out: averias_domain::Outcome,
    now: DateTime<Utc>,
) -> TicketUpdate {
    let stop = match (
        t.status.stops_attention_clock(),
        out.status.stops_attention_clock(),
    ) {
        (_, false) => None,
        (false, true) => Some(now),
        (true, true) => t.clock_stopped_at.or(Some(now)),
    };
    TicketUpdate {
        id: t.id,
        expected_version: t.version,
        status: out.status,
        stage: out.stage,
        parent_id: t.parent_id,
        fault_type: t.fault_type.clone(),
        severity: t.severity,
        clock_stopped_at: stop,
        resolution: t.resolution.clone(),
        cancel_reason: t.cancel_reason.clone(),
        updated_at: now,
        // Recomputed from the history by `Sla::reclock` before writing.
        sla_due_at: t.sla_due_at,
        response_due_at: t.response_due_at,
        // The owner works the ticket for the group holding it: a move to
        // another group (escalated to COR, returned to CSM) leaves it to
        // be taken there.
        owner_id: t.owner_id.filter(|_| out.stage.group() == t.stage.group()),
    }
}

/// An update of `t` that moves nothing (a correction, a new owner, a
/// file): the version and `updated_at` move, and the history gets a row.
pub(crate) fn unmoved(t: &TicketRecord, now: DateTime<Utc>) -> TicketUpdate {
    moved(
        t,
        averias_domain::Outcome {
            status: t.status,
            stage: t.stage,
        },
        now,
    )
}

/// Adds one move of `before` to `changes`: the update, its status-history
/// row and its audit event. `extra` is merged into the audit's `after`.
pub(crate) fn record_move(
    changes: &mut ChangeSet,
    actor: &Actor,
    before: &TicketRecord,
    update: TicketUpdate,
    action: &str,
    reason: Option<String>,
    extra: Value,
) {
    let mut after = json!({
        "status": update.status.as_str(),
        "stage": update.stage.as_str(),
        "group": update.stage.group(),
        "version": before.version + 1,
        "fault_type": update.fault_type,
    });
    if let (Some(after), Value::Object(extra)) = (after.as_object_mut(), extra) {
        after.extend(extra);
    }
    changes.status_changes.push(StatusChange {
        ticket_id: before.id,
        at: update.updated_at,
        status: update.status,
        stage: update.stage,
        action: action.into(),
        reason,
        actor_id: actor.user_id,
    });
    changes.audit.push(AuditEvent {
        before: Some(snapshot(before)),
        after: Some(after),
        ..audit(
            actor,
            update.updated_at,
            "ticket",
            before.id.to_string(),
            action,
        )
    });
    changes.updates.push(update);
}

/// A note by `actor` on `ticket`.
pub(crate) fn new_note(
    actor: &Actor,
    ticket: &TicketRecord,
    visibility: Visibility,
    body: &str,
    now: DateTime<Utc>,
) -> Note {
    Note {
        id: uuid::Uuid::now_v7(),
        ticket_id: ticket.id,
        author_id: actor.user_id,
        author_name: actor.name.clone(),
        author_role: actor.role,
        visibility,
        body: body.trim().to_owned(),
        created_at: now,
    }
}

/// Job kind of an appointment's day-before reminder.
pub const APPOINTMENT_REMINDER_KIND: &str = "repair.reminder";

/// The day-before reminder timer of an appointment (retired with `None`).
pub fn appointment_reminder_timer(
    a: &averias_store::Appointment,
    due: Option<chrono::DateTime<chrono::Utc>>,
) -> averias_store::TimerChange {
    averias_store::TimerChange {
        key: format!("appt-remind:{}", a.id),
        kind: APPOINTMENT_REMINDER_KIND.into(),
        payload: serde_json::json!({"appointment": a.id, "start": a.start}),
        due_at: due,
    }
}
