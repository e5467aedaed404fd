//! `POST /api/v1/tickets/{ticket}/merge`: merge a duplicate fault into the
//! fault that carries on.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller, IfMatch};
use super::tickets::ticket_response;
use super::views::TicketBody;
use crate::App;
use crate::error::{ApiResult, ErrorBody};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(merge))
}

/// The fault the duplicate is merged into.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The original fault's number or id (same account, still open).
    into: String,
}

/// Merge a duplicate fault into another (CSM). The duplicate is cancelled
/// (a `merge` entry of its history, the original's number as the reason)
/// and points to the original (`duplicate_of`); its notes move to the
/// original, which gets an internal note saying so; the duplicate's
/// contact is told which number to follow (`ticket_merged`); a booked
/// repair appointment is freed. Answers the duplicate as it is now.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/merge", tag = "tickets", request_body = MergeRequest,
    params(("ticket" = String, Path, description = "The duplicate's number or id"),
        ("If-Match" = Option<String>, Header, description = "The duplicate's version the caller last saw (the ETag)")),
    responses((status = 200, body = TicketBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn merge(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<MergeRequest>,
) -> ApiResult<Response> {
    let view = app
        .services
        .tickets
        .merge_into(&caller.0, &ticket, req.into.trim(), version)
        .await?;
    Ok(ticket_response(StatusCode::OK, view))
}
