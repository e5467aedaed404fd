//! Listing and reading TroubleTickets.

use super::*;

/// `GET /troubleTicket`: attribute-equality filters (`status`, `severity`,
/// `ticketType`), `fields`, `offset`/`limit`, `X-Total-Count`, `X-Result-Count`.
pub(super) async fn list(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfQuery(q): TmfQuery,
) -> TmfResult<Response> {
    let mut filter = TicketFilter {
        limit: 20,
        ..TicketFilter::default()
    };
    for (k, v) in &q {
        match k.as_str() {
            "fields" => {}
            "offset" => {
                filter.offset = v
                    .parse()
                    .map_err(|_| bad("invalid_offset", "offset is a number"))?
            }
            "limit" => {
                filter.limit = v
                    .parse()
                    .map_err(|_| bad("invalid_limit", "limit is a number"))?;
                if !(1..=200).contains(&filter.limit) {
                    return Err(bad("invalid_limit", "limit is 1 to 200"));
                }
            }
            "status" => {
                filter.status = vec![v.parse::<Status>().map_err(|m| bad("invalid_status", m))?]
            }
            // Free strings: what the ticket shows, the client's word or
            // Averías's own (`type` is the conformance profile's spelling).
            "ticketType" | "type" => filter.shown.push((ShownAttribute::TicketType, v.clone())),
            "severity" => filter.shown.push((ShownAttribute::Severity, v.clone())),
            "priority" => filter.shown.push((ShownAttribute::Priority, v.clone())),
            other => {
                return Err(bad(
                    "unsupported_filter",
                    format!(
                        "'{other}' is not a filter here; use status, severity, ticketType, priority, fields, offset, limit"
                    ),
                ));
            }
        }
    }
    if filter.offset < 0 {
        return Err(bad("invalid_offset", "offset is not negative"));
    }
    let page = app.services.tickets.tickets(&actor, filter).await?;
    let mut items = Vec::new();
    for v in &page.items {
        items.push(select(
            &resource(&app, ver, &actor, v).await?,
            q.get("fields").map(String::as_str),
        ));
    }
    let mut headers = HeaderMap::new();
    headers.insert("X-Total-Count", HeaderValue::from(page.total));
    headers.insert("X-Result-Count", HeaderValue::from(items.len()));
    Ok((StatusCode::OK, headers, Json(Value::Array(items))).into_response())
}

/// The ticket `id` names, if the caller may see it. Any id that names no
/// such ticket, whatever its form (`46846846846`, `null`), is a TMF 404:
/// clients expect not-found for an unknown id, not a complaint about its
/// shape.
pub(super) async fn ticket_of(
    app: &App,
    actor: &averias_domain::Actor,
    id: &str,
) -> TmfResult<TicketView> {
    match app.services.tickets.ticket(actor, id).await {
        Err(ServiceError::Invalid {
            code: "invalid_ticket_reference",
            ..
        }) => Err(TmfError(ApiError::from(ServiceError::not_found(
            "ticket", id,
        )))),
        other => Ok(other?),
    }
}

/// `GET /troubleTicket/{id}` (number or UUID), with `fields`.
pub(super) async fn read(
    State(app): State<App>,
    Extension(ver): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
    TmfQuery(q): TmfQuery,
) -> TmfResult<Json<Value>> {
    let view = ticket_of(&app, &actor, &id).await?;
    let v = resource(&app, ver, &actor, &view).await?;
    Ok(Json(select(
        &v,
        q.get("fields").map(String::as_str).or(Some("")),
    )))
}
