//! `PATCH /api/v1/tickets/{ticket}`: correct what intake recorded (fault
//! type, severity, lines, devices, title, description, contact), with the
//! reason, for staff who may work the ticket now.

use averias_domain::{Email, Imei, Msisdn, Severity};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller, IfMatch, parse_field};
use super::tickets::ticket_response;
use super::views::TicketBody;
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::tickets::FactsEdit;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(edit_facts))
}

/// The contact's new details; what is left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactChange {
    name: Option<String>,
    phone: Option<String>,
    /// An empty string removes the email.
    email: Option<String>,
}

/// The facts to correct; what is left out stays as it is.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsRequest {
    /// Fault-type code from the catalog (classifies a fault left "to be classified").
    fault_type: Option<String>,
    /// `critical`, `major` or `minor`.
    severity: Option<String>,
    /// The affected lines, replacing the ticket's (each of its account).
    lines: Option<Vec<String>>,
    /// The affected devices (IMEI), replacing the ticket's.
    equipment: Option<Vec<String>>,
    title: Option<String>,
    description: Option<String>,
    reporter: Option<ContactChange>,
    /// Why the facts change (required); kept in the history.
    reason: String,
}

/// Correct a ticket's facts after intake. Checked as a new report is (a
/// line of another account, an unknown fault type are refused), written
/// with the reason in the history (`edit_facts`) and the audit trail
/// (before and after); the deadlines follow a new fault type or severity.
#[utoipa::path(patch, path = "/api/v1/tickets/{ticket}", tag = "tickets", request_body = FactsRequest,
    params(("ticket" = String, Path, description = "Ticket number or id"),
        ("If-Match" = Option<String>, Header, description = "Version the caller last saw (the ETag)")),
    responses((status = 200, body = TicketBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn edit_facts(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<FactsRequest>,
) -> ApiResult<Response> {
    let lines = req
        .lines
        .map(|lines| {
            lines
                .iter()
                .enumerate()
                .map(|(i, m)| parse_field::<Msisdn>(m, &format!("lines[{i}]"), "invalid_msisdn"))
                .collect::<ApiResult<Vec<_>>>()
        })
        .transpose()?;
    let equipment = req
        .equipment
        .map(|all| {
            all.iter()
                .enumerate()
                .map(|(i, m)| parse_field::<Imei>(m, &format!("equipment[{i}]"), "invalid_imei"))
                .collect::<ApiResult<Vec<_>>>()
        })
        .transpose()?;
    let severity = req
        .severity
        .map(|s| parse_field::<Severity>(&s, "severity", "invalid_severity"))
        .transpose()?;
    let contact = req.reporter.unwrap_or_default();
    let email = match contact.email {
        None => None,
        Some(e) if e.trim().is_empty() => Some(None),
        Some(e) => Some(Some(parse_field::<Email>(
            &e,
            "reporter.email",
            "invalid_email",
        )?)),
    };
    let edit = FactsEdit {
        fault_type: req.fault_type.filter(|f| !f.trim().is_empty()),
        severity,
        lines,
        equipment,
        title: req.title,
        description: req.description,
        reporter_name: contact.name,
        reporter_phone: contact.phone,
        reporter_email: email,
        reason: req.reason,
        expected_version: version,
    };
    let view = app
        .services
        .tickets
        .edit_facts(&caller.0, &ticket, edit)
        .await?;
    Ok(ticket_response(StatusCode::OK, view))
}
