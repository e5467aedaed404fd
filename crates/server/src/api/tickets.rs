//! `/api/v1/tickets`: list and read tickets, their notes and history, and
//! take procedure actions on them.

use averias_domain::{Status, TicketKind, Visibility};
use averias_store::{TicketFilter, TicketSort};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller, IfMatch, OptionalJson, parse_field};
use super::views::{HistoryBody, NoteBody, PageBody, TicketBody};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_services::tickets::{ActionInput, ActionName, TicketView};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets))
        .routes(routes!(get_ticket))
        .routes(routes!(ticket_history))
        .routes(routes!(list_notes, add_note))
        .routes(routes!(take_action))
        .routes(routes!(explain_clock))
}

/// A ticket response with its version as ETag.
pub(super) fn ticket_response(status: StatusCode, view: TicketView) -> Response {
    let etag = format!("\"{}\"", view.record.version);
    tracing::Span::current().record("ticket.id", view.record.number.to_string());
    if let Some(a) = view.record.account_id {
        tracing::Span::current().record("account.id", a.to_string());
    }
    let mut response = (status, Json(TicketBody::from(view))).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// Filters of the ticket list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// Comma-separated TMF statuses, e.g. `acknowledged,inProgress`.
    status: Option<String>,
    /// Procedure stage, e.g. `escalated`.
    stage: Option<String>,
    /// Queue: `csm`, `cor`, `sigis`, `gsac`.
    group: Option<String>,
    /// Account number or id.
    account: Option<String>,
    fault_type: Option<String>,
    /// `fault` or `incident`.
    kind: Option<String>,
    /// Tickets naming this line.
    msisdn: Option<String>,
    /// Parent incident (number or id).
    parent: Option<String>,
    /// SLA resolution target reached (`true`) or not (`false`).
    breached: Option<bool>,
    /// Words (any case, accents, Spanish forms; the last may be a beginning)
    /// and digits of lines or numbers, as `/api/v1/search` reads them.
    q: Option<String>,
    /// Whose tickets (operator staff): `me`, `none` (nobody took them
    /// yet) or a user's name.
    owner: Option<String>,
    /// `newest` (default), `oldest` or `deadline`.
    sort: Option<String>,
    /// Page size, 1..=200 (default 50).
    limit: Option<i64>,
    offset: Option<i64>,
}

impl TicketQuery {
    async fn into_filter(self, app: &App, caller: &Caller) -> ApiResult<TicketFilter> {
        let page = super::extract::Page::of(self.limit, self.offset, 50, 200)?;
        let mut f = TicketFilter {
            limit: page.limit,
            offset: page.offset,
            ..Default::default()
        };
        if let Some(s) = self.status.filter(|s| !s.is_empty()) {
            for part in s.split(',') {
                f.status.push(parse_field::<Status>(
                    part.trim(),
                    "status",
                    "invalid_status",
                )?);
            }
        }
        if let Some(stage) = self.stage {
            averias_domain::Stage::from_parts(&stage, "cor")
                .map_err(|m| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_stage", m))?;
            f.stage = Some(stage);
        }
        f.group = self.group;
        if let Some(k) = self.kind {
            f.kind = Some(parse_field::<TicketKind>(&k, "kind", "invalid_kind")?);
        }
        if let Some(a) = self.account {
            match app.services.admin.account(&caller.0, &a).await {
                Ok(account) => f.account_id = Some(account.id),
                Err(_) => return Ok(TicketFilter { limit: 0, ..f }),
            }
        }
        f.fault_type = self.fault_type;
        if let Some(m) = self.msisdn {
            f.msisdn = Some(
                parse_field::<averias_domain::Msisdn>(&m, "msisdn", "invalid_msisdn")?.to_string(),
            );
        }
        if let Some(p) = self.parent {
            let parent = app.services.tickets.ticket(&caller.0, &p).await?;
            f.parent_id = Some(parent.record.id);
        }
        f.breached = self.breached;
        f.text = self.q;
        if let Some(owner) = self.owner.filter(|o| !o.trim().is_empty()) {
            f.owner = Some(app.services.tickets.owner_is(&caller.0, &owner).await?);
        }
        f.sort = match self.sort.as_deref() {
            None | Some("newest") => TicketSort::NewestFirst,
            Some("oldest") => TicketSort::OldestFirst,
            Some("deadline") => TicketSort::DeadlineFirst,
            Some(other) => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_sort",
                    format!("sort '{other}' is not newest, oldest or deadline"),
                ));
            }
        };
        Ok(f)
    }
}

/// List tickets the caller may see, filtered and paginated.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = PageBody<TicketBody>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_tickets(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(query): ApiQuery<TicketQuery>,
) -> ApiResult<Json<PageBody<TicketBody>>> {
    let filter = query.into_filter(&app, &caller).await?;
    let (limit, offset) = (filter.limit, filter.offset);
    if limit == 0 {
        return Ok(Json(PageBody {
            items: vec![],
            total: 0,
            total_exact: true,
            limit,
            offset,
        }));
    }
    let page = app.services.tickets.tickets(&caller.0, filter).await?;
    Ok(Json(PageBody {
        items: page.items.into_iter().map(TicketBody::from).collect(),
        total: page.total,
        total_exact: page.total_exact,
        limit,
        offset,
    }))
}

/// Read one ticket by number (`AV-2026-000123`) or id.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}", tag = "tickets",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = TicketBody, headers(("ETag" = String, description = "The ticket's version"))), (status = 404, body = ErrorBody)))]
async fn get_ticket(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Response> {
    let view = app.services.tickets.ticket(&caller.0, &ticket).await?;
    Ok(ticket_response(StatusCode::OK, view))
}

/// Status history and audit trail of a ticket (R-AUDIT-1).
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/history", tag = "tickets",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = HistoryBody), (status = 404, body = ErrorBody)))]
async fn ticket_history(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<HistoryBody>> {
    let h = app.services.tickets.history(&caller.0, &ticket).await?;
    Ok(Json(HistoryBody {
        status_changes: h.status_changes.into_iter().map(Into::into).collect(),
        audit: h.audit.into_iter().map(Into::into).collect(),
    }))
}

/// Notes the caller may read (customers never see internal notes).
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/notes", tag = "tickets",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<NoteBody>), (status = 404, body = ErrorBody)))]
async fn list_notes(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<NoteBody>>> {
    let notes = app.services.tickets.notes(&caller.0, &ticket).await?;
    Ok(Json(notes.into_iter().map(Into::into).collect()))
}

/// A new note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// `public` (the customer sees it) or `internal`. Default `internal` for staff, `public` for customers.
    visibility: Option<String>,
    body: String,
}

/// Add a note: triage records, second-level progress, customer messages.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/notes", tag = "tickets", request_body = NoteRequest,
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = NoteBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn add_note(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiJson(req): ApiJson<NoteRequest>,
) -> ApiResult<(StatusCode, Json<NoteBody>)> {
    let visibility = match req.visibility {
        Some(v) => parse_field::<Visibility>(&v, "visibility", "invalid_visibility")?,
        None if caller.0.role.is_operator_staff() => Visibility::Internal,
        None => Visibility::Public,
    };
    let note = app
        .services
        .tickets
        .add_note(&caller.0, &ticket, visibility, req.body)
        .await?;
    Ok((StatusCode::CREATED, Json(note.into())))
}

/// Data sent with an action; which fields are required depends on the action.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// Why: required for `cancel` and `reject_resolution`.
    reason: Option<String>,
    /// What was done and the result: required for `resolve`, `return_solution` and `certify_repair`.
    resolution: Option<String>,
    /// For `escalate`: reclassify the fault type first; its group receives the ticket.
    fault_type: Option<String>,
    /// An optional note written with the action.
    note: Option<String>,
    /// Visibility of `note`: `public` or `internal` (default).
    note_visibility: Option<String>,
}

/// Take a procedure action: start_work, resolve, classify_point_fault, escalate,
/// return_solution, certify_repair, reject_resolution, close, cancel.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/actions/{action}", tag = "tickets", request_body = ActionRequest,
    params(("ticket" = String, Path, description = "Ticket number or id"), ("action" = String, Path, description = "Action name"),
        ("If-Match" = Option<String>, Header, description = "Version the caller last saw (the ETag)")),
    responses((status = 200, body = TicketBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn take_action(
    State(app): State<App>,
    caller: Caller,
    Path((ticket, action)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    OptionalJson(req): OptionalJson<ActionRequest>,
) -> ApiResult<Response> {
    let name = ActionName::parse(&action)?;
    let note = match req.note {
        Some(text) => {
            let vis = match req.note_visibility {
                Some(v) => parse_field::<Visibility>(&v, "note_visibility", "invalid_visibility")?,
                None => Visibility::Internal,
            };
            Some((vis, text))
        }
        None => None,
    };
    let input = ActionInput {
        reason: req.reason,
        resolution: req.resolution,
        fault_type: req.fault_type,
        note,
        expected_version: version,
        recorded_as: None,
    };
    let view = app.services.act(&caller.0, &ticket, name, input).await?;
    Ok(ticket_response(StatusCode::OK, view))
}

/// How to measure the clock being explained.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClockQuery {
    /// `resolution` (default) or `response` (first response).
    clock: Option<String>,
    /// Override the policy's calendar ("what if"), e.g. `caracas-business`.
    calendar: Option<String>,
    /// Override the policy's target, in business minutes.
    target_minutes: Option<i64>,
    /// Override the policy's pause statuses: comma-separated, e.g. `pending` (empty for none).
    pause: Option<String>,
}

/// One span of the status history and what it counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockSegmentBody {
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    status: &'static str,
    /// `counted`, `paused` or `stopped`.
    kind: &'static str,
    /// Business seconds counted (zero outside working hours).
    counted_seconds: i64,
}

/// A clock and its explanation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockExplanationBody {
    calendar: String,
    target_seconds: i64,
    elapsed_seconds: i64,
    remaining_seconds: i64,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
    /// `running`, `paused`, `met` or `breached`.
    state: &'static str,
    warnings_reached: Vec<u8>,
    segments: Vec<ClockSegmentBody>,
}

/// Explain a ticket's SLA clock segment by segment under its policy: what
/// counted, what was paused, what fell outside working hours. Query
/// parameters override the policy to ask "what if".
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/clock", tag = "tickets",
    params(("ticket" = String, Path, description = "Ticket number or id"), ClockQuery),
    responses((status = 200, body = ClockExplanationBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn explain_clock(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiQuery(q): ApiQuery<ClockQuery>,
) -> ApiResult<Json<ClockExplanationBody>> {
    use averias_domain::sla::ClockState;
    use averias_domain::sla_policy::SegmentKind;
    let pause = match &q.pause {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| parse_field::<Status>(p, "pause", "invalid_status"))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let which = match q.clock.as_deref() {
        None | Some("resolution") => averias_services::tickets::ClockKind::Resolution,
        Some("response") => averias_services::tickets::ClockKind::Response,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_clock",
                format!("clock '{other}' is not known; use resolution or response"),
            ));
        }
    };
    let target = match q.target_minutes {
        Some(m) if !(1..=60 * 24 * 366).contains(&m) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_target",
                "target_minutes must be 1 to 527040",
            ));
        }
        other => other.map(chrono::Duration::minutes),
    };
    let (calendar, c) = app
        .services
        .tickets
        .explain_clock(
            &caller.0,
            &ticket,
            which,
            q.calendar.as_deref(),
            target,
            pause,
        )
        .await?;
    Ok(Json(ClockExplanationBody {
        calendar,
        target_seconds: c.target_seconds,
        elapsed_seconds: c.elapsed_seconds,
        remaining_seconds: c.remaining_seconds,
        deadline: c.deadline,
        state: match c.state {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
            ClockState::Stopped => "stopped",
        },
        warnings_reached: c.warnings_reached,
        segments: c
            .segments
            .into_iter()
            .map(|s| ClockSegmentBody {
                from: s.from,
                to: s.to,
                status: s.status.as_str(),
                kind: match s.kind {
                    SegmentKind::Counted => "counted",
                    SegmentKind::Paused => "paused",
                    SegmentKind::Stopped => "stopped",
                },
                counted_seconds: s.counted_seconds,
            })
            .collect(),
    }))
}
