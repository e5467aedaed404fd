//! `PUT /api/v1/tickets/{ticket}/owner`: take a ticket, assign it to a
//! colleague of the group holding it, or release it.

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
    OpenApiRouter::new().routes(routes!(set_owner))
}

/// The ticket's new owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerRequest {
    /// A user's name or id, `me` to take it, or `null` to release it.
    owner: Option<String>,
}

/// Set who works a ticket now. The owner must be an active user of the
/// role working the ticket at its stage (CSM, or the second-level group
/// holding it); the people of that role, CSM and admins may set it. A new
/// owner other than the caller is told by mail; the change is kept in the
/// history (`assign`) and the audit trail. A move to another group
/// (escalation, a solution returned) leaves the ticket without owner.
#[utoipa::path(put, path = "/api/v1/tickets/{ticket}/owner", tag = "tickets", request_body = OwnerRequest,
    params(("ticket" = String, Path, description = "Ticket number or id"),
        ("If-Match" = Option<String>, Header, description = "Version the caller last saw (the ETag)")),
    responses((status = 200, body = TicketBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_owner(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<OwnerRequest>,
) -> ApiResult<Response> {
    let owner = match req.owner.as_deref().map(str::trim) {
        Some("me") => Some(caller.0.user_id.to_string()),
        other => other.map(str::to_owned),
    };
    let view = app
        .services
        .tickets
        .assign(&caller.0, &ticket, owner.as_deref(), version)
        .await?;
    Ok(ticket_response(StatusCode::OK, view))
}
