//! A ticket as a TroubleTicket resource of a version, and `fields=` selection.

use super::*;

/// A ticket as a TMF621 `TroubleTicket` of version `v`.
pub(super) async fn resource(
    app: &App,
    v: Version,
    actor: &averias_domain::Actor,
    view: &TicketView,
) -> TmfResult<Value> {
    let r = &view.record;
    let number = r.number.to_string();
    let history = app.services.tickets.history(actor, &number).await?;
    let notes = app.services.tickets.notes(actor, &number).await?;
    let keys = app
        .services
        .store
        .external_ids_of(r.id)
        .await
        .map_err(ServiceError::from)?;
    let client = app
        .services
        .store
        .client_values_of(r.id)
        .await
        .map_err(ServiceError::from)?;
    // The client's own words where it gave them (see `mapping`).
    let word = |attribute: &str, own: &str| -> Value {
        json!(client.get(attribute).map_or(own, String::as_str))
    };
    let channel = match client
        .get("channel")
        .and_then(|c| serde_json::from_str::<Value>(c).ok())
    {
        Some(mut sent) => {
            if v == Version::V5 && sent.get("@type").is_none() {
                sent["@type"] = json!("ChannelRef");
            }
            sent
        }
        None => v.channel(r.channel.as_str()),
    };
    let last = history.status_changes.last();
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
    let mut entities: Vec<Value> = r
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
            .map_err(ServiceError::from)?;
        for child in children {
            relationships.push(v.relationship(&child.number.to_string(), "isParentOf"));
        }
    }
    let mut out = json!({
        "id": number,
        "href": v.href(&number),
        "name": r.title,
        "description": r.description,
        "severity": word("severity", r.severity.as_str()),
        "ticketType": word("ticketType", r.kind.as_str()),
        "priority": client.get("priority"),
        "status": r.status.as_str(),
        "creationDate": r.reported_at,
        "lastUpdate": r.updated_at,
        "statusChangeDate": last.map(|s| s.at),
        "statusChangeReason": last.and_then(|s| s.reason.clone()),
        "expectedResolutionDate": r.sla_due_at,
        "resolutionDate": r.clock_stopped_at.filter(|_| r.status.stops_attention_clock()),
        "channel": channel,
        "relatedParty": parties,
        "relatedEntity": entities,
        "note": notes.iter().map(|n| json!({
            "id": n.id.to_string(), "author": n.author_name, "date": n.created_at, "text": n.body, "@type": "Note",
        })).collect::<Vec<_>>(),
        "troubleTicketRelationship": relationships,
        "@type": "TroubleTicket",
        "@baseType": "TroubleTicket",
    });
    out[v.history_field()] = history
        .status_changes
        .iter()
        .map(|s| v.status_change(json!(s.at), s.reason.as_deref(), s.status.as_str()))
        .collect();
    let (field, value) = v.external_ids(&keys);
    out[field] = value;
    out["troubleTicketCharacteristic"] =
        v.characteristics(r.stage.as_str(), r.stage.group(), r.fault_type.as_deref());
    Ok(out)
}

/// Keeps the properties `fields` names (plus `id`, `href` and `@type`).
pub(super) fn select(mut v: Value, fields: Option<&str>) -> Value {
    // Nulls are left out rather than sent: the TMF schemas type these fields.
    let Some(fields) = fields.map(str::trim).filter(|f| !f.is_empty()) else {
        return drop_nulls(v);
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    if let Value::Object(m) = &mut v {
        m.retain(|k, _| {
            matches!(k.as_str(), "id" | "href" | "@type") || wanted.contains(&k.as_str())
        });
    }
    drop_nulls(v)
}

pub(super) fn drop_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k, drop_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(drop_nulls).collect()),
        other => other,
    }
}
