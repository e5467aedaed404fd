//! `POST /api/v1/tickets/bulk`: one step on a selection of tickets, each
//! done (or refused) on its own.

use averias_domain::Visibility;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_services::bulk::BulkAction;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(bulk))
}

/// What to do with each ticket of the selection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// Ticket numbers or ids, at most 100.
    tickets: Vec<String>,
    /// `take`, `assign` (with `owner`), `note` (with `note`), `close`, or
    /// `link_to_incident` (with `incident`).
    action: String,
    /// A colleague's user name, for `assign`.
    owner: Option<String>,
    /// The note's text, for `note`.
    note: Option<String>,
    /// `internal` (default) or `public`, for `note`.
    visibility: Option<String>,
    /// The mass incident's number, for `link_to_incident`.
    incident: Option<String>,
}

/// How it went for one ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    ticket: String,
    ok: bool,
    /// Why it was refused, as the single-ticket call would have answered.
    error: Option<ErrorBody>,
}

/// Every ticket's outcome, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkBody {
    /// How many were done.
    done: usize,
    results: Vec<BulkResult>,
}

/// Take one step on each ticket of a selection. Each ticket is checked and
/// written as if alone (its own transaction): the answer is 200 with each
/// ticket's outcome, the refused ones with the error the single call
/// would have given. An empty selection, more than 100 tickets, an unknown
/// action or a step missing what it needs is refused whole (422).
#[utoipa::path(post, path = "/api/v1/tickets/bulk", tag = "tickets", request_body = BulkRequest,
    responses((status = 200, body = BulkBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn bulk(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<BulkRequest>,
) -> ApiResult<Json<BulkBody>> {
    let action = match req.action.as_str() {
        "take" => BulkAction::Take,
        "assign" => BulkAction::Assign(req.owner.unwrap_or_default()),
        "note" => {
            let visibility = match req.visibility.as_deref() {
                None | Some("internal") => Visibility::Internal,
                Some("public") => Visibility::Public,
                Some(other) => {
                    return Err(ApiError::new(
                        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_visibility",
                        format!("visibility '{other}' is not internal or public"),
                    ));
                }
            };
            BulkAction::Note(visibility, req.note.unwrap_or_default())
        }
        "close" => BulkAction::Close,
        "link_to_incident" => BulkAction::LinkToIncident(req.incident.unwrap_or_default()),
        other => {
            return Err(ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_action",
                format!(
                    "unknown bulk action '{other}'; expected take, assign, note, close or link_to_incident"
                ),
            ));
        }
    };
    let outcomes = app.services.bulk(&caller.0, &req.tickets, action).await?;
    let results: Vec<BulkResult> = outcomes
        .into_iter()
        .map(|o| BulkResult {
            ticket: o.ticket,
            ok: o.refused.is_none(),
            error: o.refused.map(|e| {
                let e = ApiError::from(e);
                ErrorBody {
                    code: e.code.to_owned(),
                    message: e.message,
                    details: e.details,
                }
            }),
        })
        .collect();
    Ok(Json(BulkBody {
        done: results.iter().filter(|r| r.ok).count(),
        results,
    }))
}
