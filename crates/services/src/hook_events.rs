//! Which TMF621 events a ticket change announces to hub listeners: a
//! status change (and TMF's "resolved" and "information required" when the
//! new status is one of those), and a change of the attributes a TMF reader
//! sees without the status moving (`fieldPath` names them).

use averias_domain::Status;
use averias_store::TicketRecord;

/// A TMF621 event about one ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookEvent {
    Create,
    StatusChange,
    Resolved,
    InformationRequired,
    /// The attributes that changed, comma-separated (`fieldPath`).
    AttributeValueChange(String),
    /// An admin deleted the ticket.
    Delete,
}

impl HookEvent {
    /// The TMF event type, which is also what a hub's `query` filters on.
    pub fn name(&self) -> &'static str {
        match self {
            HookEvent::Create => "TroubleTicketCreateEvent",
            HookEvent::StatusChange => "TroubleTicketStatusChangeEvent",
            HookEvent::Resolved => "TroubleTicketResolvedEvent",
            HookEvent::InformationRequired => "TroubleTicketInformationRequiredEvent",
            HookEvent::AttributeValueChange(_) => "TroubleTicketAttributeValueChangeEvent",
            HookEvent::Delete => "TroubleTicketDeleteEvent",
        }
    }

    /// A new note: the `note` attribute changed.
    pub fn note() -> HookEvent {
        HookEvent::AttributeValueChange("note".into())
    }

    /// What a ticket's move from `before` to `after` announces. The stage
    /// and group show in TMF v5 as `troubleTicketCharacteristic`, the mass
    /// incident a ticket hangs on as `troubleTicketRelationship`.
    pub fn for_change(before: &TicketRecord, after: &TicketRecord) -> Vec<HookEvent> {
        let mut events = Vec::new();
        if after.status != before.status {
            events.push(HookEvent::StatusChange);
            match after.status {
                Status::Resolved => events.push(HookEvent::Resolved),
                // Waiting on the customer (the device to a center).
                Status::Pending => events.push(HookEvent::InformationRequired),
                _ => {}
            }
        }
        let mut fields = Vec::new();
        if after.severity != before.severity {
            fields.push("severity");
        }
        // A move of stage or group that the status shows already is told by
        // the status change; one the status does not show (an escalation,
        // a solution handed back) is an attribute change of its own.
        let status_moved = after.status != before.status;
        if (after.stage != before.stage && !status_moved) || after.fault_type != before.fault_type {
            fields.push("troubleTicketCharacteristic");
        }
        if after.parent_id != before.parent_id {
            fields.push("troubleTicketRelationship");
        }
        if !fields.is_empty() {
            events.push(HookEvent::AttributeValueChange(fields.join(",")));
        }
        events
    }

    /// The `fieldPath` of an attribute change.
    pub fn field_path(&self) -> Option<&str> {
        match self {
            HookEvent::AttributeValueChange(path) => Some(path),
            _ => None,
        }
    }
}
