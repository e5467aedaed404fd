//! A line's and a device's history of swaps.

use super::*;

/// Devices in and out of service on a line, oldest first (staff).
#[utoipa::path(get, path = "/api/v1/lines/{msisdn}/device-history", tag = "repair",
    params(("msisdn" = String, Path, description = "Line number")),
    responses((status = 200, body = Vec<DeviceEventBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn line_history(
    State(app): State<App>,
    caller: Caller,
    Path(msisdn): Path<String>,
) -> ApiResult<Json<Vec<DeviceEventBody>>> {
    let list = app.services.repair.line_history(&caller.0, &msisdn).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Every move of a device, oldest first (staff and centers).
#[utoipa::path(get, path = "/api/v1/equipment/{imei}/history", tag = "repair",
    params(("imei" = String, Path, description = "IMEI")),
    responses((status = 200, body = Vec<DeviceEventBody>), (status = 403, body = ErrorBody)))]
pub(super) async fn device_history(
    State(app): State<App>,
    caller: Caller,
    Path(imei): Path<String>,
) -> ApiResult<Json<Vec<DeviceEventBody>>> {
    let list = app.services.repair.device_history(&caller.0, &imei).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}
