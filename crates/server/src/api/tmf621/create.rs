//! Creating a TroubleTicket: the body read as a [`TicketInput`], then the
//! intake.

use super::input::{NoteInput, OneOrMany, TicketInput, given};
use super::*;
use averias_services::intake::Files;
use averias_services::tickets::NewNote;

/// Keys the client's system gives the ticket: v5 `externalIdentifier[]`,
/// or v4's single `externalId`.
fn external_ids(input: &TicketInput) -> TmfResult<Vec<ExternalId>> {
    let mut keys = Vec::new();
    if let Some(id) = &input.external_id {
        keys.push(ExternalId {
            id: id.trim().to_owned(),
            ..ExternalId::default()
        });
    }
    for k in input.external_identifier.iter().flatten() {
        let trimmed = |s: &Option<String>| s.as_deref().unwrap_or_default().trim().to_owned();
        keys.push(ExternalId {
            id: trimmed(&k.id),
            owner: trimmed(&k.owner),
            kind: trimmed(&k.external_identifier_type),
        });
    }
    Ok(keys)
}

/// `POST /troubleTicket`: a customer fault through the same intake as
/// `POST /api/v1/reports` (account check included); 201 with the resource.
///
/// `severity`, `ticketType`, `priority` and `channel` are free strings, kept
/// as sent and read by [`mapping`]; `status` is the server's to decide (a new
/// ticket is `acknowledged`), so what a client sends there is ignored. The
/// `note`s are stored with the ticket, in its transaction.
pub(super) async fn create(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfQuery(q): TmfQuery,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> TmfResult<Response> {
    json_only(&headers)?;
    let size = body.len();
    let body = body_json(body).await?;
    super::attachments::refuse_oversized_rest(&app, size, &body)?;
    require_type(ver, &body)?;
    let mut input = TicketInput::read(body)?;
    let description = given(&input.description)
        .ok_or_else(|| bad("missing_description", "description is mandatory"))?;
    let severity_word =
        given(&input.severity).ok_or_else(|| bad("missing_severity", "severity is mandatory"))?;
    let ticket_type_word = given(&input.ticket_type)
        .ok_or_else(|| bad("missing_ticket_type", "ticketType is mandatory"))?;
    let priority_word = given(&input.priority);
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
    // The client's words, kept as sent (the three mandatory ones are there).
    let client_values = input.client_words()?;
    let channel = input
        .channel
        .as_ref()
        .and_then(|c| c.name.as_deref().or(c.id.as_deref()))
        .map_or(Channel::Api, mapping::channel);
    let notes = new_notes(
        &actor,
        input
            .note
            .take()
            .map(OneOrMany::into_vec)
            .unwrap_or_default(),
    )?;
    // The files are received (typed, counted) before anything is written.
    let files = match input.attachment.take() {
        Some(a) => super::attachments::receive(&app, &actor, a.into_vec()).await?,
        None => Files::default(),
    };
    let customer = input
        .party("customer")
        .and_then(|p| p.party().0)
        .ok_or_else(|| bad("missing_customer", "relatedParty needs the customer account: {\"role\": \"customer\", \"id\": \"<account number>\"}"))?
        .to_owned();
    let reporter = input.party("reporter").ok_or_else(|| {
        bad("missing_reporter", "relatedParty needs the reporter: {\"role\": \"reporter\", \"name\": \"…\", \"id\": \"<phone>\"}")
    })?;
    let (reporter_phone, reporter_name, reporter_email) = reporter.party();
    let mut lines = Vec::new();
    let mut equipment = Vec::new();
    for e in input.related_entity.iter().flatten() {
        let Some(id) = e.id() else {
            return Err(bad(
                "invalid_related_entity",
                "each relatedEntity has an id and a role",
            ));
        };
        match e.role.as_deref() {
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
                        "relatedEntity role '{}' is not one Averías keeps: affectedLine (an MSISDN) or affectedEquipment (an IMEI)",
                        other.unwrap_or_default()
                    ),
                ));
            }
        }
    }
    if lines.is_empty() && equipment.is_empty() {
        return Err(bad(
            "missing_affected_line",
            "relatedEntity needs an affected line or device: {\"role\": \"affectedLine\", \"id\": \"<MSISDN>\"} or {\"role\": \"affectedEquipment\", \"id\": \"<IMEI>\"}",
        ));
    }
    let report = ReportInput {
        account: customer,
        channel,
        lines,
        equipment,
        fault_type,
        severity,
        title: given(&input.name),
        description,
        reporter_name: reporter_name.unwrap_or_default().to_owned(),
        reporter_phone: reporter_phone.unwrap_or_default().to_owned(),
        reporter_email: reporter_email
            .map(|e| {
                e.parse::<Email>()
                    .map_err(|m| bad("invalid_email", m.to_string()))
            })
            .transpose()?,
        external_ids: external_ids(&input)?,
        client_values,
        notes,
    };
    let opened = app
        .services
        .intake
        .report_fault_with_files(&actor, report, None, &LocalAccountChecker, files)
        .await?;
    let t = resource(&app, ver, &actor, &opened.ticket).await?;
    let mut out_headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&t.href) {
        out_headers.insert(header::LOCATION, location);
    }
    let out = select(&t, q.get("fields").map(String::as_str));
    Ok((StatusCode::CREATED, out_headers, Json(out)).into_response())
}

/// The notes of a body, each with its text (TC_Trou_E3: a note without
/// one is refused before anything is written). Notes that carry an `id` are
/// already on the ticket (a merge-patch sends the whole list back).
pub(super) fn new_notes(
    actor: &averias_domain::Actor,
    notes: Vec<NoteInput>,
) -> TmfResult<Vec<NewNote>> {
    let mut out = Vec::new();
    for n in notes.into_iter().filter(|n| n.id.is_none()) {
        let Some(text) = given(&n.text) else {
            return Err(bad(
                "missing_note_text",
                "note.text is mandatory: each note needs its text",
            ));
        };
        out.push(NewNote {
            visibility: note_visibility(actor, n.visibility.as_deref())?,
            body: text,
            author: given(&n.author),
        });
    }
    Ok(out)
}
