//! Merging a duplicate fault into the one that carries on: the customer
//! called twice about the same thing, or two contacts of one company
//! reported the same fault. The duplicate is cancelled (a `merge` entry
//! of its history, the original's number as the reason) with a pointer to
//! the original, its notes move there, the original gets an internal note
//! saying so, and the duplicate's contact is told which number to follow.
//! Its appointment, if any, is freed as any cancellation frees it.

use averias_store::TicketMerge;

use super::*;

/// The history action of a duplicate merged into another fault.
pub const MERGE: &str = "merge";

/// Whether `actor` may merge fault `t` into another now: CSM, who follows
/// every fault end to end, while the fault is open and not resolved (the
/// procedure's cancellation); never a mass incident.
pub fn may_merge(actor: &Actor, t: &TicketRecord) -> bool {
    actor.role == Role::Csm
        && t.kind == averias_domain::TicketKind::Fault
        && decide(position(t), Action::Cancel, actor.role).is_ok()
}

impl Tickets {
    /// Merges fault `duplicate` into fault `original` (both of one account,
    /// both open, not the same). Written in one transaction with the
    /// cancellation: nothing changes if any part is refused.
    pub async fn merge_into(
        &self,
        actor: &Actor,
        duplicate: &str,
        original: &str,
        expected_version: Option<i64>,
    ) -> ServiceResult<TicketView> {
        let dup = self.lookup.visible_ticket(actor, duplicate).await?;
        if actor.role != Role::Csm {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not merge tickets; CSM does",
                actor.role
            )));
        }
        let orig = self
            .lookup
            .visible_ticket(actor, original)
            .await
            .map_err(|e| match e {
                ServiceError::NotFound { .. } => ServiceError::invalid(
                    "unknown_original",
                    "into",
                    format!("there is no fault {original} to merge into"),
                ),
                other => other,
            })?;
        let refuse = |code: &'static str, message: String| {
            Err(ServiceError::clash(
                code,
                message,
                json!({"number": dup.number.to_string(), "original": orig.number.to_string()}),
            ))
        };
        if dup.id == orig.id {
            return refuse(
                "merge_into_itself",
                format!("{} is the same fault", dup.number),
            );
        }
        if dup.kind != averias_domain::TicketKind::Fault
            || orig.kind != averias_domain::TicketKind::Fault
        {
            return refuse(
                "merge_not_faults",
                "only faults are merged; link a fault to a mass incident instead".into(),
            );
        }
        if dup.account_id != orig.account_id {
            return refuse(
                "merge_other_account",
                format!(
                    "{} and {} are faults of different accounts",
                    dup.number, orig.number
                ),
            );
        }
        if orig.status.is_final() || orig.duplicate_of.is_some() {
            return refuse(
                "merge_into_finished",
                format!(
                    "{} is {}; merge into a fault that carries on",
                    orig.number, orig.status
                ),
            );
        }
        let now = self.clock.now();
        let mut with = ChangeSet::default();
        with.merges.push(TicketMerge {
            duplicate: dup.id,
            original: orig.id,
        });
        with.notes.push(new_note(
            actor,
            &orig,
            Visibility::Internal,
            &format!(
                "{} ({}) se unió a esta avería como duplicada; sus notas están aquí.",
                dup.number, dup.title
            ),
            now,
        ));
        with.audit.push(AuditEvent {
            after: Some(json!({"original": orig.number.to_string()})),
            ..audit(actor, now, "ticket", dup.id.to_string(), MERGE)
        });
        // The duplicate's contact: which number to follow from now on.
        let mut told = dup.clone();
        told.status = Status::Cancelled;
        told.stage = Stage::Cancelled;
        told.version = dup.version + 1;
        with.messages = self
            .notifications
            .ticket_messages(
                Some("ticket_merged"),
                &told,
                &format!("{}:merge", dup.id),
                json!({"original": orig.number.to_string()}),
                None,
                &[],
            )
            .await?;
        let input = ActionInput {
            reason: Some(orig.number.to_string()),
            expected_version,
            recorded_as: Some(MERGE),
            ..ActionInput::default()
        };
        self.act_with_repair(actor, dup, ActionName::Cancel, input, with)
            .await
    }
}
