//! A ticket as a TMF621 [`TroubleTicket`] of one version: Averías's record,
//! its status history, the notes the reader may see, the keys other
//! systems gave it, the mass incident it hangs on (or the tickets hanging
//! on it) and the client's own words where it gave them (`severity`,
//! `ticketType`, `priority`, `channel`).

use averias_domain::{Actor, TicketKind};
use averias_store::{TicketRecord, TicketStore};

use super::model::{ChannelRef, Note, Quantity, TmfAttachment, TroubleTicket};
use super::{Shape, Version};
use crate::ServiceResult;

/// Ticket `r` as `reader` sees it in version `v`. The caller has checked
/// that `reader` may see the ticket; only the notes are filtered here.
pub async fn of(
    store: &dyn TicketStore,
    reader: &Actor,
    v: Version,
    r: &TicketRecord,
) -> ServiceResult<TroubleTicket> {
    let number = r.number.to_string();
    // Status history only: a correction of the facts or a new owner moved
    // no status.
    let status_changes: Vec<_> = store
        .status_changes_of(r.id)
        .await?
        .into_iter()
        .filter(|c| crate::tickets::moves_status(&c.action))
        .collect();
    let notes: Vec<_> = store
        .notes_of(r.id)
        .await?
        .into_iter()
        .filter(|n| reader.may_read(n.visibility))
        .collect();
    let files: Vec<TmfAttachment> = store
        .attachments_of(r.id)
        .await?
        .into_iter()
        .filter(|a| a.deleted_at.is_none() && reader.may_read(a.visibility))
        .map(|a| {
            let url = format!("/api/v1/attachments/{}", a.id);
            TmfAttachment {
                id: a.id.to_string(),
                href: url.clone(),
                name: a.name,
                mime_type: a.media_type,
                size: Quantity {
                    amount: a.size as f64,
                    units: "bytes",
                },
                url,
                type_: "Attachment",
            }
        })
        .collect();
    let keys = store.external_ids_of(r.id).await?;
    let client = store.client_values_of(r.id).await?;
    let children = if r.kind == TicketKind::Incident {
        store.children_of(r.id).await?
    } else {
        Vec::new()
    };
    let word = |attribute: &str, own: &str| {
        client
            .get(attribute)
            .map_or_else(|| own.to_owned(), String::clone)
    };
    // The client's channel as it sent it (an object in both versions).
    let channel = match client
        .get("channel")
        .and_then(|c| serde_json::from_str::<ChannelRef>(c).ok())
    {
        Some(mut sent) => {
            if v == Version::V5 && sent.type_.is_none() {
                sent.type_ = Some("ChannelRef".to_owned());
            }
            sent
        }
        None => v.channel(r.channel.as_str()),
    };
    let mut parties = Vec::new();
    if let Some(acc) = &r.account_number {
        parties.push(v.party("customer", acc, r.account_name.as_deref(), "Organization"));
    }
    if !r.reporter.phone.is_empty() {
        parties.push(v.party(
            "reporter",
            &r.reporter.phone,
            Some(&r.reporter.name),
            "Individual",
        ));
    }
    // The owner is the operator's people: staff and integrations see it.
    if let (Some(owner), true) = (&r.owner_name, reader.role.is_operator_staff()) {
        parties.push(v.party("assignee", owner, Some(owner), "Individual"));
    }
    let mut entities: Vec<_> = r
        .lines
        .iter()
        .map(|m| v.entity("affectedLine", m.as_str()))
        .collect();
    entities.extend(
        r.equipment
            .iter()
            .map(|i| v.entity("affectedEquipment", i.as_str())),
    );
    let mut relationships = Vec::new();
    if let Some(parent) = &r.parent_number {
        relationships.push(v.relationship(parent, "isChildOf"));
    }
    if let Some(original) = &r.duplicate_of_number {
        relationships.push(v.relationship(original, "isDuplicateOf"));
    }
    for child in &children {
        relationships.push(v.relationship(&child.number.to_string(), "isParentOf"));
    }
    let last = status_changes.last();
    let mut t = TroubleTicket {
        id: number.clone(),
        href: v.href(&number),
        name: r.title.clone(),
        description: r.description.clone(),
        severity: word("severity", r.severity.as_str()),
        ticket_type: word("ticketType", r.kind.as_str()),
        priority: client.get("priority").cloned(),
        status: r.status.as_str().to_owned(),
        creation_date: r.reported_at,
        last_update: r.updated_at,
        status_change_date: last.map(|s| s.at),
        status_change_reason: last.and_then(|s| s.reason.clone()),
        expected_resolution_date: r.sla_due_at,
        resolution_date: r
            .clock_stopped_at
            .filter(|_| r.status.stops_attention_clock()),
        channel,
        related_party: parties,
        related_entity: entities,
        note: notes
            .iter()
            .map(|n| Note {
                id: n.id.to_string(),
                author: n.author_name.clone(),
                date: n.created_at,
                text: n.body.clone(),
                type_: "Note",
            })
            .collect(),
        attachment: files,
        trouble_ticket_relationship: relationships,
        status_change: None,
        status_change_history: None,
        external_id: None,
        external_identifier: None,
        trouble_ticket_characteristic: v.characteristics(
            r.stage.as_str(),
            r.stage.group(),
            r.fault_type.as_deref(),
        ),
        type_: "TroubleTicket",
        base_type: "TroubleTicket",
    };
    let changes: Vec<_> = status_changes
        .iter()
        .map(|s| (s.at, s.reason.clone(), s.status.as_str().to_owned()))
        .collect();
    v.history(&mut t, &changes);
    v.external_ids(&mut t, &keys);
    Ok(t)
}
