//! Replacement endorsements (the old unit back to the warehouse) and replenishments (a new unit to the center).

use super::*;

/// Endorsement filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EndorsementQuery {
    warehouse: Option<String>,
    /// Only those whose device has not been received yet.
    pending: Option<bool>,
}

/// Replacement endorsements, newest first (operator staff, warehouse).
#[utoipa::path(get, path = "/api/v1/endorsements", tag = "repair", params(EndorsementQuery),
    responses((status = 200, body = Vec<EndorsementBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn list_endorsements(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<EndorsementQuery>,
) -> ApiResult<Json<Vec<EndorsementBody>>> {
    let list = app
        .services
        .repair
        .endorsements(
            &caller.0,
            q.warehouse.as_deref(),
            q.pending.unwrap_or(false),
        )
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One endorsement.
#[utoipa::path(get, path = "/api/v1/endorsements/{number}", tag = "repair",
    params(("number" = String, Path, description = "AVAL-YYYY-NNNNNN")),
    responses((status = 200, body = EndorsementBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_endorsement(
    State(app): State<App>,
    caller: Caller,
    Path(number): Path<String>,
) -> ApiResult<Json<EndorsementBody>> {
    Ok(Json(
        app.services
            .repair
            .endorsement(&caller.0, &number)
            .await?
            .into(),
    ))
}

/// The device received with an endorsement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveReturnRequest {
    /// IMEI on the device in the package: must be the endorsed one.
    imei: String,
    note: Option<String>,
}

/// Receive a replaced device at the warehouse, checked against its endorsement.
#[utoipa::path(post, path = "/api/v1/endorsements/{number}/receive", tag = "repair", request_body = ReceiveReturnRequest,
    params(("number" = String, Path, description = "AVAL-YYYY-NNNNNN")),
    responses((status = 200, body = EndorsementBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn receive_return(
    State(app): State<App>,
    caller: Caller,
    Path(number): Path<String>,
    ApiJson(req): ApiJson<ReceiveReturnRequest>,
) -> ApiResult<Json<EndorsementBody>> {
    let e = app
        .services
        .repair
        .receive_return(&caller.0, &number, &req.imei, req.note)
        .await?;
    Ok(Json(e.into()))
}

/// Replenishment filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReplenishmentQuery {
    center: Option<String>,
    warehouse: Option<String>,
    status: Option<String>,
}

/// Replenishment requests, oldest first (center staff: their own).
#[utoipa::path(get, path = "/api/v1/replenishments", tag = "repair", params(ReplenishmentQuery),
    responses((status = 200, body = Vec<ReplenishmentBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn list_replenishments(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReplenishmentQuery>,
) -> ApiResult<Json<Vec<ReplenishmentBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<ReplenishmentStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let list = app
        .services
        .repair
        .replenishments(
            &caller.0,
            q.center.as_deref(),
            q.warehouse.as_deref(),
            status,
        )
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The unit shipped.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipRequest {
    imei: String,
}

/// Ship a unit of the requested model from the warehouse to the center.
#[utoipa::path(post, path = "/api/v1/replenishments/{id}/ship", tag = "repair", request_body = ShipRequest,
    params(("id" = String, Path, description = "Replenishment id")),
    responses((status = 200, body = ReplenishmentBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn ship(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ShipRequest>,
) -> ApiResult<Json<ReplenishmentBody>> {
    Ok(Json(
        app.services
            .repair
            .ship_replenishment(&caller.0, &id, &req.imei)
            .await?
            .into(),
    ))
}

/// Confirm receipt at the center: the unit joins its available stock.
#[utoipa::path(post, path = "/api/v1/replenishments/{id}/receive", tag = "repair",
    params(("id" = String, Path, description = "Replenishment id")),
    responses((status = 200, body = ReplenishmentBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(super) async fn receive_shipment(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReplenishmentBody>> {
    Ok(Json(
        app.services
            .repair
            .receive_replenishment(&caller.0, &id)
            .await?
            .into(),
    ))
}
