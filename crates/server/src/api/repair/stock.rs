//! Backup-unit stock: units, reservations, the stock summary and reorder levels.

use super::*;

/// Stock filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StockQuery {
    /// A center or warehouse code (center staff: their own, implied).
    location: Option<String>,
    model: Option<String>,
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Units in stock (center staff: their center's only).
#[utoipa::path(get, path = "/api/v1/stock", tag = "repair", params(StockQuery),
    responses((status = 200, body = Vec<UnitBody>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn list_stock(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<StockQuery>,
) -> ApiResult<Json<Vec<UnitBody>>> {
    let status = q
        .status
        .as_deref()
        .map(|s| parse_field::<UnitStatus>(s, "status", "invalid_status"))
        .transpose()?;
    let super::super::extract::Page { limit, .. } =
        super::super::extract::Page::of(q.limit, q.offset, 200, 1000)?;
    let filter = UnitFilter {
        location: q.location,
        model: q.model,
        status,
        limit,
        offset: q.offset.unwrap_or(0),
    };
    let units = app.services.repair.stock_units(&caller.0, filter).await?;
    Ok(Json(units.into_iter().map(Into::into).collect()))
}

/// A unit to add to stock.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitRequest {
    imei: String,
    make: String,
    model: String,
    /// The center or warehouse that holds it.
    location: String,
}

/// Add a unit to a center's or warehouse's stock (warehouse staff, admin).
#[utoipa::path(post, path = "/api/v1/stock", tag = "repair", request_body = UnitRequest,
    responses((status = 201, body = UnitBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn add_unit(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<UnitRequest>,
) -> ApiResult<(StatusCode, Json<UnitBody>)> {
    let input = UnitInput {
        imei: req.imei,
        make: req.make,
        model: req.model,
        location: req.location,
    };
    let unit = app.services.repair.add_unit(&caller.0, input).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

/// One unit.
#[utoipa::path(get, path = "/api/v1/stock/units/{imei}", tag = "repair",
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = UnitBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_unit(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
) -> ApiResult<Json<UnitBody>> {
    Ok(Json(
        app.services
            .repair
            .stock_unit(&caller.0, &imei)
            .await?
            .into(),
    ))
}

/// The ticket a unit is set aside for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveRequest {
    ticket: String,
}

/// Set a unit aside at the caller's center for one ticket.
#[utoipa::path(post, path = "/api/v1/stock/units/{imei}/reserve", tag = "repair", request_body = ReserveRequest,
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = UnitBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn reserve_unit(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
    ApiJson(req): ApiJson<ReserveRequest>,
) -> ApiResult<Json<UnitBody>> {
    Ok(Json(
        app.services
            .repair
            .reserve_unit(&caller.0, &imei, &req.ticket)
            .await?
            .into(),
    ))
}

/// Summary filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    location: Option<String>,
    /// Only lines below their reorder level.
    low: Option<bool>,
}

/// Stock per location and model: counts by status, reorder level, low-stock flag.
#[utoipa::path(get, path = "/api/v1/stock/summary", tag = "repair", params(SummaryQuery),
    responses((status = 200, body = Vec<StockLineBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn stock_summary(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> ApiResult<Json<Vec<StockLineBody>>> {
    let lines = app
        .services
        .repair
        .stock_summary(&caller.0, q.location)
        .await?;
    Ok(Json(
        lines
            .into_iter()
            .filter(|l| !q.low.unwrap_or(false) || l.low)
            .map(Into::into)
            .collect(),
    ))
}

/// A reorder level.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderRequest {
    location: String,
    model: String,
    minimum: i64,
}

/// Set the reorder level of a model at a location (warehouse staff, admin).
#[utoipa::path(put, path = "/api/v1/stock/reorder-levels", tag = "repair", request_body = ReorderRequest,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn set_reorder_level(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<ReorderRequest>,
) -> ApiResult<Json<Value>> {
    let level = ReorderLevel {
        location: req.location,
        model: req.model,
        minimum: req.minimum,
    };
    let l = app
        .services
        .repair
        .set_reorder_level(&caller.0, level)
        .await?;
    Ok(Json(
        json!({"location": l.location, "model": l.model, "minimum": l.minimum}),
    ))
}
