//! A ticket as a [`TroubleTicket`] of a version, and `fields=` selection.

use super::model::{ChannelRef, Note, TroubleTicket};
use super::*;

/// A ticket as a TMF621 `TroubleTicket` of version `v`: Averías's record,
/// its history, notes and keys, and the client's own words where it gave
/// them (see `mapping`).
pub(super) async fn resource(
    app: &App,
    v: Version,
    actor: &averias_domain::Actor,
    view: &TicketView,
) -> TmfResult<TroubleTicket> {
    let r = &view.record;
    let number = r.number.to_string();
    let history = app.services.tickets.history(actor, &number).await?;
    let notes = app.services.tickets.notes(actor, &number).await?;
    let store_error = |e| TmfError::from(ServiceError::from(e));
    let keys = app
        .services
        .store
        .external_ids_of(r.id)
        .await
        .map_err(store_error)?;
    let client = app
        .services
        .store
        .client_values_of(r.id)
        .await
        .map_err(store_error)?;
    let word = |attribute: &str, own: &str| {
        client
            .get(attribute)
            .map_or_else(|| own.to_owned(), String::clone)
    };
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
    if r.kind == TicketKind::Incident {
        let children = app
            .services
            .store
            .children_of(r.id)
            .await
            .map_err(store_error)?;
        for child in children {
            relationships.push(v.relationship(&child.number.to_string(), "isParentOf"));
        }
    }
    let last = history.status_changes.last();
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
    let changes: Vec<_> = history
        .status_changes
        .iter()
        .map(|s| (s.at, s.reason.clone(), s.status.as_str().to_owned()))
        .collect();
    v.history(&mut t, &changes);
    v.external_ids(&mut t, &keys);
    Ok(t)
}

/// The resource with only the first-level attributes `fields` names (plus
/// `id`, `href` and `@type`); all of it without `fields`.
pub(super) fn select(t: &TroubleTicket, fields: Option<&str>) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    let Some(fields) = fields.map(str::trim).filter(|f| !f.is_empty()) else {
        return v;
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    if let Value::Object(m) = &mut v {
        m.retain(|k, _| {
            matches!(k.as_str(), "id" | "href" | "@type") || wanted.contains(&k.as_str())
        });
    }
    v
}
