//! `/api/v1/incidents`: mass incidents (R-TRIAGE-6): open one, hang customer
//! tickets on it, take them off, resolve it and its children together.

use averias_domain::{SecondLevel, Severity};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller, IfMatch, parse_field};
use super::tickets::ticket_response;
use super::views::TicketBody;
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::incidents::IncidentInput;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(create_incident))
        .routes(routes!(list_children, link_children))
        .routes(routes!(unlink_child))
        .routes(routes!(resolve_incident))
}

/// A new mass incident.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentRequest {
    title: String,
    #[serde(default)]
    description: String,
    /// Owning group: `cor`, `sigis` or `gsac`.
    owner: String,
    fault_type: Option<String>,
    /// Default `major`.
    severity: Option<String>,
}

/// Open a mass incident.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", request_body = IncidentRequest,
    responses((status = 201, body = TicketBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_incident(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<IncidentRequest>,
) -> ApiResult<Response> {
    let input = IncidentInput {
        title: req.title,
        description: req.description,
        owner: parse_field::<SecondLevel>(&req.owner, "owner", "invalid_group")?,
        fault_type: req.fault_type,
        severity: req
            .severity
            .map(|s| parse_field::<Severity>(&s, "severity", "invalid_severity"))
            .transpose()?
            .unwrap_or(Severity::Major),
    };
    let view = app
        .services
        .incidents
        .create_incident(&caller.0, input)
        .await?;
    Ok(ticket_response(StatusCode::CREATED, view))
}

/// Customer tickets to hang on the incident.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// Ticket numbers or ids.
    tickets: Vec<String>,
}

/// Customer tickets hanging on an incident.
#[utoipa::path(get, path = "/api/v1/incidents/{incident}/children", tag = "incidents",
    params(("incident" = String, Path, description = "Incident number or id")),
    responses((status = 200, body = Vec<TicketBody>), (status = 404, body = ErrorBody)))]
async fn list_children(
    State(app): State<App>,
    caller: Caller,
    Path(incident): Path<String>,
) -> ApiResult<Json<Vec<TicketBody>>> {
    let children = app
        .services
        .incidents
        .incident_children(&caller.0, &incident)
        .await?;
    Ok(Json(children.into_iter().map(TicketBody::from).collect()))
}

/// Hang customer tickets on an incident (all or none).
#[utoipa::path(post, path = "/api/v1/incidents/{incident}/children", tag = "incidents", request_body = LinkRequest,
    params(("incident" = String, Path, description = "Incident number or id")),
    responses((status = 200, body = Vec<TicketBody>), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn link_children(
    State(app): State<App>,
    caller: Caller,
    Path(incident): Path<String>,
    ApiJson(req): ApiJson<LinkRequest>,
) -> ApiResult<Json<Vec<TicketBody>>> {
    let linked = app
        .services
        .incidents
        .link_to_incident(&caller.0, &incident, &req.tickets)
        .await?;
    Ok(Json(linked.into_iter().map(TicketBody::from).collect()))
}

/// Take a ticket off an incident; it returns to CSM.
#[utoipa::path(delete, path = "/api/v1/incidents/{incident}/children/{ticket}", tag = "incidents",
    params(("incident" = String, Path, description = "Incident number or id"), ("ticket" = String, Path, description = "Child ticket")),
    responses((status = 200, body = TicketBody), (status = 404, body = ErrorBody)))]
async fn unlink_child(
    State(app): State<App>,
    caller: Caller,
    Path((incident, ticket)): Path<(String, String)>,
) -> ApiResult<Response> {
    let view = app
        .services
        .incidents
        .unlink_from_incident(&caller.0, &incident, &ticket)
        .await?;
    Ok(ticket_response(StatusCode::OK, view))
}

/// How the incident was solved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveIncidentRequest {
    resolution: String,
}

/// The resolved incident and its fan-out.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentResolutionBody {
    incident: TicketBody,
    /// Children resolved with the incident.
    resolved_children: Vec<String>,
    /// Children that were no longer waiting on it.
    skipped_children: Vec<String>,
}

/// Resolve an incident and every ticket hanging on it, each with its own history entry.
#[utoipa::path(post, path = "/api/v1/incidents/{incident}/resolve", tag = "incidents", request_body = ResolveIncidentRequest,
    params(("incident" = String, Path, description = "Incident number or id"), ("If-Match" = Option<String>, Header, description = "Incident version")),
    responses((status = 200, body = IncidentResolutionBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resolve_incident(
    State(app): State<App>,
    caller: Caller,
    Path(incident): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<ResolveIncidentRequest>,
) -> ApiResult<Json<IncidentResolutionBody>> {
    let r = app
        .services
        .incidents
        .resolve_incident(&caller.0, &incident, req.resolution, version)
        .await?;
    Ok(Json(IncidentResolutionBody {
        incident: r.incident.into(),
        resolved_children: r.resolved_children,
        skipped_children: r.skipped_children,
    }))
}
