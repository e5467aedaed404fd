//! At the center: the technician's record and the certification (with the backup swap).

use super::*;

/// The repair file of a ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/repair", tag = "repair",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = RepairFileBody), (status = 404, body = ErrorBody)))]
pub(super) async fn repair_file(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<RepairFileBody>> {
    Ok(Json(
        app.services
            .repair
            .repair_file(&caller.0, &ticket)
            .await?
            .into(),
    ))
}

/// A test or corrective action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryRequest {
    /// test or action.
    kind: String,
    body: String,
}

/// Record a test or corrective action (the booked center's staff, R-REPAIR-2).
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/repair/entries", tag = "repair", request_body = EntryRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = RepairEntryBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn add_entry(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<EntryRequest>,
) -> ApiResult<(StatusCode, Json<RepairEntryBody>)> {
    let kind = parse_field::<RepairEntryKind>(&req.kind, "kind", "invalid_kind")?;
    let entry = app
        .services
        .repair
        .add_repair_entry(&caller.0, &ticket, kind, &req.body)
        .await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// A certification.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifyRequest {
    /// What the technician did.
    work_done: String,
    /// The result, as the customer will read it.
    result: String,
    /// IMEI of the backup unit taken from the center's stock, if one was needed.
    backup_imei: Option<String>,
    /// The line that gets the backup unit (when the ticket names several).
    msisdn: Option<String>,
}

/// Certify the repair (R-REPAIR-2, R-REPAIR-4): the ticket moves to
/// `repaired` for CSM to close. With `backup_imei` the unit leaves the
/// center's stock, the line moves to it, the old device goes to the
/// warehouse with a numbered endorsement and a replenishment is requested
/// (R-REPAIR-3, R-REPAIR-5), all in one transaction. A unit another
/// technician took first answers 409 `unit_taken`.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/repair/certify", tag = "repair", request_body = CertifyRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = CertifiedBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn certify(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<CertifyRequest>,
) -> ApiResult<Json<CertifiedBody>> {
    let input = CertifyInput {
        work_done: req.work_done,
        result: req.result,
        backup_imei: req.backup_imei,
        msisdn: req.msisdn,
        note: None,
        expected_version: None,
    };
    let done = app
        .services
        .repair
        .certify_repair(&caller.0, &ticket, input)
        .await?;
    Ok(Json(CertifiedBody {
        ticket: done.ticket.into(),
        certificate: done.certificate.into(),
        endorsement: done.endorsement.map(Into::into),
        replenishment: done.replenishment.map(Into::into),
    }))
}
