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
    let severity =
        text(&body, "severity").ok_or_else(|| bad("missing_severity", "severity is mandatory"))?;
    let severity: Severity = severity
        .to_lowercase()
        .parse()
        .map_err(|m: String| bad("invalid_severity", m))?;
    let ticket_type = text(&body, "ticketType")
        .ok_or_else(|| bad("missing_ticket_type", "ticketType is mandatory"))?;
    if !ticket_type.eq_ignore_ascii_case("fault") {
        return Err(bad(
            "unsupported_ticket_type",
            "ticketType 'fault' is opened here; mass incidents are opened through /api/v1/incidents",
        ));
    }
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
    let channel = body
        .get("channel")
        .and_then(|c| c.get("name").or(c.get("id")))
        .and_then(Value::as_str)
        .map(|c| c.parse::<Channel>().map_err(|m| bad("invalid_channel", m)))
        .transpose()?
        .unwrap_or(Channel::Api);
    let input = ReportInput {
        account: customer.to_owned(),
        channel,
        lines,
        equipment,
        fault_type: None,
        severity: Some(severity),
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
    };
    let opened = app
        .services
        .intake
        .report_fault(&actor, input, None, &LocalAccountChecker)
        .await?;
    let v = resource(&app, ver, &actor, &opened.ticket).await?;
    let id = v["id"].as_str().unwrap_or_default().to_owned();
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&ver.href(&id)) {
        headers.insert(header::LOCATION, location);
    }
    let out = select(v, q.get("fields").map(String::as_str));
    Ok((StatusCode::CREATED, headers, Json(out)).into_response())
}
