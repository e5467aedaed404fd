//! `POST /api/v1/reports`: report a fault (R-INTAKE-1..6). Idempotent with
//! an `Idempotency-Key` header; refused with `account_has_debt` on debt.

use averias_domain::{Channel, Email, Imei, Msisdn, Severity};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller, parse_field};
use super::tickets::ticket_response;
use super::views::TicketBody;
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_services::intake::{LocalAccountChecker, ReportInput};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(report_fault))
}

/// The reporter's contact data (R-INTAKE-2: required).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterRequest {
    name: String,
    phone: String,
    email: Option<String>,
}

/// A fault report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// Account number (or id).
    account: String,
    /// `phone` (*626), `fleet_line`, `email`, `portal` or `api`. Default `api`.
    channel: Option<String>,
    /// Affected lines, e.g. `+584161234567` or `0416-1234567`.
    #[serde(default)]
    lines: Vec<String>,
    /// Affected devices (15-digit IMEI).
    #[serde(default)]
    equipment: Vec<String>,
    /// Fault-type code from the catalog, if known at intake.
    fault_type: Option<String>,
    /// `critical`, `major` or `minor`; defaults to the fault type's.
    severity: Option<String>,
    /// Short summary; defaults to the description's first line.
    title: Option<String>,
    description: String,
    reporter: ReporterRequest,
}

impl ReportRequest {
    fn into_input(self) -> ApiResult<ReportInput> {
        let channel = match self.channel {
            Some(c) => parse_field::<Channel>(&c, "channel", "invalid_channel")?,
            None => Channel::Api,
        };
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, m)| parse_field::<Msisdn>(m, &format!("lines[{i}]"), "invalid_msisdn"))
            .collect::<ApiResult<Vec<_>>>()?;
        let equipment = self
            .equipment
            .iter()
            .enumerate()
            .map(|(i, m)| parse_field::<Imei>(m, &format!("equipment[{i}]"), "invalid_imei"))
            .collect::<ApiResult<Vec<_>>>()?;
        let severity = self
            .severity
            .map(|s| parse_field::<Severity>(&s, "severity", "invalid_severity"))
            .transpose()?;
        let email = self
            .reporter
            .email
            .filter(|e| !e.trim().is_empty())
            .map(|e| parse_field::<Email>(&e, "reporter.email", "invalid_email"))
            .transpose()?;
        Ok(ReportInput {
            account: self.account,
            channel,
            lines,
            equipment,
            fault_type: self.fault_type.filter(|f| !f.trim().is_empty()),
            severity,
            title: self.title,
            description: self.description,
            reporter_name: self.reporter.name,
            reporter_phone: self.reporter.phone,
            reporter_email: email,
            external_ids: Vec::new(),
            client_values: Default::default(),
            notes: Vec::new(),
        })
    }
}

/// A fault opened, and what the person reporting it should know: other
/// faults still open on the same lines (the call may be about one of
/// them; add a note there and cancel this one if so).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportedBody {
    #[serde(flatten)]
    ticket: TicketBody,
    warnings: Vec<Warning>,
}

/// Something the report went ahead despite.
#[derive(Debug, Serialize, ToSchema)]
pub struct Warning {
    /// `open_fault_on_line`.
    code: &'static str,
    message: String,
    /// The open faults' numbers, newest first.
    tickets: Vec<String>,
}

/// Report a fault. The account is checked first: an account with debt gets
/// no ticket (422 `account_has_debt`, naming the amount) and the refused
/// report is recorded. Otherwise the ticket opens, queued to CSM, and its
/// number is returned at once, with a warning (`open_fault_on_line`) when
/// the same lines already have an open fault.
#[utoipa::path(post, path = "/api/v1/reports", tag = "intake", request_body = ReportRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key open one ticket")),
    responses((status = 201, body = ReportedBody, description = "Ticket opened"),
        (status = 200, body = ReportedBody, description = "Retry of an earlier report with the same Idempotency-Key"),
        (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Debt, unknown account or line, invalid MSISDN/IMEI...")))]
async fn report_fault(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ReportRequest>,
) -> ApiResult<Response> {
    let key = match headers.get("idempotency-key") {
        Some(v) => {
            let k = v.to_str().unwrap_or_default().trim().to_owned();
            if k.is_empty() || k.len() > 200 {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 200 visible characters",
                ));
            }
            Some(k)
        }
        None => None,
    };
    let input = req.into_input()?;
    let opened = app
        .services
        .intake
        .report_fault(&caller.0, input, key, &LocalAccountChecker)
        .await?;
    let status = if opened.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let others: Vec<String> = app
        .services
        .tickets
        .open_faults_on_lines(&caller.0, &opened.ticket.record.lines)
        .await?
        .into_iter()
        .filter(|v| v.record.id != opened.ticket.record.id)
        .map(|v| v.record.number.to_string())
        .collect();
    let warnings = if others.is_empty() {
        Vec::new()
    } else {
        vec![Warning {
            code: "open_fault_on_line",
            message: format!(
                "the same lines already have open faults ({}); if this call is about one of them, add a note there and cancel this ticket",
                others.join(", ")
            ),
            tickets: others,
        }]
    };
    // The ticket's own answer (status, ETag), with the warnings beside it.
    let mut response = ticket_response(status, opened.ticket.clone());
    let body = ReportedBody {
        ticket: TicketBody::from(opened.ticket),
        warnings,
    };
    *response.body_mut() = axum::Json(body).into_response().into_body();
    Ok(response)
}
