//! Creating a TroubleTicket: the body read the way the specification writes it, then the intake.

use super::*;

/// The party playing `role`: the entry itself in v4, its `partyOrPartyRole`
/// in v5 (either shape is read in either version).
pub(super) fn party<'a>(
    body: &'a Map<String, Value>,
    role: &str,
) -> Option<&'a Map<String, Value>> {
    let entry = body
        .get("relatedParty")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .find(|p| p.get("role").and_then(Value::as_str) == Some(role))?;
    match entry.get("partyOrPartyRole").and_then(Value::as_object) {
        Some(inner) => Some(inner),
        None => Some(entry),
    }
}

/// Keys the client's system gives the ticket: v5 `externalIdentifier[]`,
/// or v4's single `externalId`.
pub(super) fn external_ids(body: &Map<String, Value>) -> TmfResult<Vec<ExternalId>> {
    let mut keys = Vec::new();
    if let Some(id) = body.get("externalId") {
        let id = id
            .as_str()
            .ok_or_else(|| bad("invalid_external_id", "externalId is a string"))?;
        keys.push(ExternalId {
            id: id.trim().to_owned(),
            ..ExternalId::default()
        });
    }
    let list = match body.get("externalIdentifier") {
        None | Some(Value::Null) => return Ok(keys),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(bad(
                "invalid_external_id",
                "externalIdentifier is a list of {\"id\", \"owner\", \"externalIdentifierType\"}",
            ));
        }
    };
    for k in list {
        let field = |name: &str| -> TmfResult<String> {
            match k.get(name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(v)) => Ok(v.trim().to_owned()),
                Some(_) => Err(bad(
                    "invalid_external_id",
                    format!("externalIdentifier {name} is a string"),
                )),
            }
        };
        if !k.is_object() {
            return Err(bad(
                "invalid_external_id",
                "each externalIdentifier is an object with an id",
            ));
        }
        keys.push(ExternalId {
            id: field("id")?,
            owner: field("owner")?,
            kind: field("externalIdentifierType")?,
        });
    }
    Ok(keys)
}

/// `POST /troubleTicket`: a customer fault through the same intake as
/// `POST /api/v1/reports` (account check included); 201 with the resource.
///
/// `severity`, `ticketType`, `priority` and `channel` are free strings, kept
/// as sent and read by [`mapping`]; `status` is the server's to decide (a new
/// ticket is `acknowledged`), so what a client sends there is ignored. New
/// `note`s are added once the ticket is open, each checked first.
pub(super) async fn create(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfQuery(q): TmfQuery,
    body: axum::body::Bytes,
) -> TmfResult<Response> {
    let body = body_json(body).await?;
    require_type(ver, &body)?;
    let description = text(&body, "description")
        .ok_or_else(|| bad("missing_description", "description is mandatory"))?;
    let mut client_values = averias_store::ClientValues::new();
    let severity_word = free_string(&body, "severity")?
        .ok_or_else(|| bad("missing_severity", "severity is mandatory"))?;
    let ticket_type_word = free_string(&body, "ticketType")?
        .ok_or_else(|| bad("missing_ticket_type", "ticketType is mandatory"))?;
    let priority_word = free_string(&body, "priority")?;
    let catalog = app.services.admin.fault_types().await?;
    let fault_type = match mapping::ticket_type(&ticket_type_word, &catalog) {
        mapping::TicketTypeWord::Fault(fault_type) => fault_type,
        mapping::TicketTypeWord::Incident => {
            return Err(TmfError(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_ticket_type",
                format!(
                    "ticketType '{ticket_type_word}' is a mass incident; those are opened by the second-level groups through /api/v1/incidents, and customer faults here"
                ),
            )));
        }
    };
    let severity = mapping::severity(&severity_word)
        .or_else(|| priority_word.as_deref().and_then(mapping::severity));
    let (channel, channel_sent) = channel_of(&body)?;
    client_values.insert("severity".into(), severity_word);
    client_values.insert("ticketType".into(), ticket_type_word);
    if let Some(p) = priority_word {
        client_values.insert("priority".into(), p);
    }
    if let Some(c) = channel_sent {
        client_values.insert("channel".into(), c);
    }
    let notes = new_notes(&actor, &body)?;
    let customer = party(&body, "customer")
        .and_then(|p| text(p, "id"))
        .ok_or_else(|| bad("missing_customer", "relatedParty needs the customer account: {\"role\": \"customer\", \"id\": \"<account number>\"}"))?;
    let reporter = party(&body, "reporter").ok_or_else(|| {
        bad("missing_reporter", "relatedParty needs the reporter: {\"role\": \"reporter\", \"name\": \"…\", \"id\": \"<phone>\"}")
    })?;
    let mut lines = Vec::new();
    let mut equipment = Vec::new();
    for e in body
        .get("relatedEntity")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // v5 wraps the entity in `entity`; v4 puts its id in the entry.
        let (Some(id), role) = (
            e.get("entity")
                .and_then(|x| x.get("id"))
                .or(e.get("id"))
                .and_then(Value::as_str),
            e.get("role").and_then(Value::as_str),
        ) else {
            return Err(bad(
                "invalid_related_entity",
                "each relatedEntity has an id and a role",
            ));
        };
        match role {
            Some("affectedLine") => lines.push(
                id.parse::<Msisdn>()
                    .map_err(|m| bad("invalid_msisdn", m.to_string()))?,
            ),
            Some("affectedEquipment") => equipment.push(
                id.parse::<averias_domain::Imei>()
                    .map_err(|m| bad("invalid_imei", m.to_string()))?,
            ),
            other => {
                return Err(bad(
                    "invalid_related_entity",
                    format!(
                        "relatedEntity role {other:?} is not affectedLine or affectedEquipment"
                    ),
                ));
            }
        }
    }
    let input = ReportInput {
        account: customer.to_owned(),
        channel,
        lines,
        equipment,
        fault_type,
        severity,
        title: text(&body, "name").map(str::to_owned),
        description: description.to_owned(),
        reporter_name: text(reporter, "name").unwrap_or_default().to_owned(),
        reporter_phone: text(reporter, "id").unwrap_or_default().to_owned(),
        reporter_email: text(reporter, "email")
            .map(|e| {
                e.parse::<Email>()
                    .map_err(|m| bad("invalid_email", m.to_string()))
            })
            .transpose()?,
        external_ids: external_ids(&body)?,
        client_values,
    };
    let opened = app
        .services
        .intake
        .report_fault(&actor, input, None, &LocalAccountChecker)
        .await?;
    let mut view = opened.ticket;
    if !notes.is_empty() && !opened.replayed {
        let number = view.record.number.to_string();
        app.services
            .tickets
            .add_notes_and_act(&actor, &number, notes, None)
            .await?;
        view = app.services.tickets.ticket(&actor, &number).await?;
    }
    let v = resource(&app, ver, &actor, &view).await?;
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&ver.href(&id)) {
        headers.insert(header::LOCATION, location);
    }
    let out = select(v, q.get("fields").map(String::as_str));
    Ok((StatusCode::CREATED, headers, Json(out)).into_response())
}

/// A free-string attribute as sent (trimmed); a value of another JSON type
/// is refused rather than guessed at.
fn free_string(body: &Map<String, Value>, key: &'static str) -> TmfResult<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(bad("invalid_attribute", format!("{key} is a string"))),
    }
}

/// The channel a client names (a `ChannelRef`: `{"id", "name"}`), as
/// Averías's channel and the client's own reference kept as sent (JSON).
fn channel_of(body: &Map<String, Value>) -> TmfResult<(Channel, Option<String>)> {
    let sent = match body.get("channel") {
        None | Some(Value::Null) => return Ok((Channel::Api, None)),
        Some(v @ Value::Object(_)) => v,
        Some(_) => {
            return Err(bad(
                "invalid_channel",
                "channel is a ChannelRef: {\"id\": \"…\", \"name\": \"…\"}",
            ));
        }
    };
    let word = sent.get("name").or(sent.get("id")).and_then(Value::as_str);
    let channel = word.map_or(Channel::Api, mapping::channel);
    Ok((channel, Some(sent.to_string())))
}

/// The notes of a create, each with its text (TC_Trou_E3: a note without
/// one is refused before anything is written).
fn new_notes(
    actor: &averias_domain::Actor,
    body: &Map<String, Value>,
) -> TmfResult<Vec<(Visibility, String)>> {
    let list = match body.get("note") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
        // One note sent as an object rather than a list of one.
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => return Err(bad("invalid_note", "note is a list of {\"text\": \"…\"}")),
    };
    let mut notes = Vec::new();
    for n in list {
        let Some(t) = n
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            return Err(bad(
                "missing_note_text",
                "note.text is mandatory: each note needs its text",
            ));
        };
        notes.push((note_visibility(actor, n)?, t.to_owned()));
    }
    Ok(notes)
}
