//! `/api/v1/maintenance`: planned maintenance works (R-MAINT-1, R-MAINT-2)
//! — plan, send the notice (late only as a justified emergency), record
//! each customer's answer within the objection window, then start,
//! complete, override objections, reschedule or cancel.

use averias_domain::maintenance::{WorkAction, WorkState};
use averias_store::MaintenanceWork;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller, OptionalJson};
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::ServiceError;
use averias_services::maintenance::{AnswerInput, WorkInput};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_works, plan_work))
        .routes(routes!(get_work))
        .routes(routes!(notify))
        .routes(routes!(answer))
        .routes(routes!(reschedule))
        .routes(routes!(step))
}

/// A work to plan, or its new dates.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkRequest {
    title: String,
    #[serde(default)]
    description: String,
    /// Affected platform elements, services or areas.
    #[serde(default)]
    elements: Vec<String>,
    /// Expected impact on the customers' service.
    #[serde(default)]
    impact: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Affected account numbers (or ids).
    #[serde(default)]
    accounts: Vec<String>,
    /// Lines whose accounts are affected.
    #[serde(default)]
    lines: Vec<String>,
    /// Business calendar for the notice rules (default `caracas-business`).
    calendar: Option<String>,
}

impl From<WorkRequest> for WorkInput {
    fn from(r: WorkRequest) -> Self {
        WorkInput {
            title: r.title,
            description: r.description,
            elements: r.elements,
            impact: r.impact,
            start: Some(r.start),
            end: Some(r.end),
            accounts: r.accounts,
            lines: r.lines,
            calendar: r.calendar,
        }
    }
}

/// An affected account and what customer-service management recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AffectedAccountBody {
    number: String,
    name: String,
    /// When the customer was told; null until then.
    informed_at: Option<DateTime<Utc>>,
    answered_by: Option<String>,
    objection: Option<String>,
    alternative: Option<String>,
}

/// The notice to customer-service management and its timing.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeBody {
    /// Start minus 16 business hours on the work's calendar.
    latest_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    /// `due` (not sent, still on time), `overdue` (not sent, past the latest
    /// time), `on_time`, or `emergency` (sent late with a justification).
    status: &'static str,
    late_seconds: Option<i64>,
    emergency_justification: Option<String>,
    /// When the 8-business-hour objection window closes.
    objection_window_closes_at: Option<DateTime<Utc>>,
}

/// A maintenance work.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkBody {
    id: String,
    title: String,
    description: String,
    elements: Vec<String>,
    impact: String,
    calendar: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// draft, notified, confirmed, objected, in_progress, completed, cancelled.
    state: &'static str,
    notice: NoticeBody,
    accounts: Vec<AffectedAccountBody>,
    override_reason: Option<String>,
    cancel_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

fn body(w: MaintenanceWork, now: DateTime<Utc>) -> WorkBody {
    let status = match (w.notice_sent_at, w.notice_late_seconds) {
        (Some(_), Some(_)) => "emergency",
        (Some(_), None) => "on_time",
        (None, _) if now > w.latest_notice_at => "overdue",
        (None, _) => "due",
    };
    WorkBody {
        id: w.id.to_string(),
        title: w.title,
        description: w.description,
        elements: w.elements,
        impact: w.impact,
        calendar: w.calendar,
        start: w.planned_start,
        end: w.planned_end,
        state: w.state.as_str(),
        notice: NoticeBody {
            latest_at: w.latest_notice_at,
            sent_at: w.notice_sent_at,
            status,
            late_seconds: w.notice_late_seconds,
            emergency_justification: w.emergency_reason,
            objection_window_closes_at: w.window_closes_at,
        },
        accounts: w
            .accounts
            .into_iter()
            .map(|a| AffectedAccountBody {
                number: a.account_number,
                name: a.account_name,
                informed_at: a.informed_at,
                answered_by: a.answered_by,
                objection: a.objection,
                alternative: a.alternative,
            })
            .collect(),
        override_reason: w.override_reason,
        cancel_reason: w.cancel_reason,
        created_at: w.created_at,
        updated_at: w.updated_at,
        version: w.version,
    }
}

/// List filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkQuery {
    /// Only works in this state.
    state: Option<String>,
    /// Page size, 1..=200 (default 50).
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Maintenance works, latest start first (customers: only those affecting their account).
#[utoipa::path(get, path = "/api/v1/maintenance", tag = "maintenance", params(WorkQuery),
    responses((status = 200, body = Vec<WorkBody>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_works(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<WorkQuery>,
) -> ApiResult<Json<Vec<WorkBody>>> {
    let state = q
        .state
        .as_deref()
        .map(|s| {
            s.parse::<WorkState>()
                .map_err(|m| ServiceError::invalid("invalid_state", "state", m))
        })
        .transpose()?;
    let super::extract::Page { limit, offset } =
        super::extract::Page::of(q.limit, q.offset, 50, 200)?;
    let now = app.services.now();
    let works = app
        .services
        .maintenance
        .maintenance_works(&caller.0, state, limit, offset)
        .await?;
    Ok(Json(works.into_iter().map(|w| body(w, now)).collect()))
}

/// Plan a work (CSM): it starts as a draft with the latest notice time computed.
#[utoipa::path(post, path = "/api/v1/maintenance", tag = "maintenance", request_body = WorkRequest,
    responses((status = 201, body = WorkBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn plan_work(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<WorkRequest>,
) -> ApiResult<(StatusCode, Json<WorkBody>)> {
    let work = app
        .services
        .maintenance
        .plan_maintenance(&caller.0, req.into())
        .await?;
    Ok((StatusCode::CREATED, Json(body(work, app.services.now()))))
}

/// One work.
#[utoipa::path(get, path = "/api/v1/maintenance/{id}", tag = "maintenance",
    params(("id" = String, Path, description = "Work id")),
    responses((status = 200, body = WorkBody), (status = 404, body = ErrorBody)))]
async fn get_work(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<WorkBody>> {
    let work = app
        .services
        .maintenance
        .maintenance_work(&caller.0, &id)
        .await?;
    Ok(Json(body(work, app.services.now())))
}

/// Sending the notice.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotifyRequest {
    /// Required when the latest notice time has passed: why this cannot wait.
    emergency_justification: Option<String>,
}

/// Send the notice to customer-service management (R-MAINT-1). After the
/// latest time it is refused (`notice_too_late`) unless it carries an
/// emergency justification; it opens the 8-business-hour objection window.
#[utoipa::path(post, path = "/api/v1/maintenance/{id}/notify", tag = "maintenance", request_body = NotifyRequest,
    params(("id" = String, Path, description = "Work id")),
    responses((status = 200, body = WorkBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn notify(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    OptionalJson(req): OptionalJson<NotifyRequest>,
) -> ApiResult<Json<WorkBody>> {
    let work = app
        .services
        .maintenance
        .notify_maintenance(&caller.0, &id, req.emergency_justification)
        .await?;
    Ok(Json(body(work, app.services.now())))
}

/// A customer's answer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// Set when the customer cannot do without the service then: why.
    objection: Option<String>,
    /// The window the customer would prefer (with an objection).
    alternative: Option<String>,
}

/// Record that an affected customer was informed, and its objection if any
/// (customer-service management, R-MAINT-2), while the window is open. A
/// customer user may answer for its own account.
#[utoipa::path(post, path = "/api/v1/maintenance/{id}/accounts/{account}/answer", tag = "maintenance", request_body = AnswerRequest,
    params(("id" = String, Path, description = "Work id"), ("account" = String, Path, description = "Account number or id")),
    responses((status = 200, body = WorkBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn answer(
    State(app): State<App>,
    caller: Caller,
    Path((id, account)): Path<(String, String)>,
    OptionalJson(req): OptionalJson<AnswerRequest>,
) -> ApiResult<Json<WorkBody>> {
    let input = AnswerInput {
        objection: req.objection,
        alternative: req.alternative,
    };
    let work = app
        .services
        .maintenance
        .answer_maintenance(&caller.0, &id, &account, input)
        .await?;
    Ok(Json(body(work, app.services.now())))
}

/// New dates (and accounts): the work returns to draft and needs a new notice.
#[utoipa::path(post, path = "/api/v1/maintenance/{id}/reschedule", tag = "maintenance", request_body = WorkRequest,
    params(("id" = String, Path, description = "Work id")),
    responses((status = 200, body = WorkBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reschedule(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<WorkRequest>,
) -> ApiResult<Json<WorkBody>> {
    let work = app
        .services
        .maintenance
        .reschedule_maintenance(&caller.0, &id, req.into())
        .await?;
    Ok(Json(body(work, app.services.now())))
}

/// A reason, where the step needs one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    reason: Option<String>,
}

/// Move a work: `override` (objected → confirmed, with reason), `start`,
/// `complete`, `cancel` (with reason).
#[utoipa::path(post, path = "/api/v1/maintenance/{id}/{step}", tag = "maintenance", request_body = StepRequest,
    params(("id" = String, Path, description = "Work id"), ("step" = String, Path, description = "override, start, complete or cancel")),
    responses((status = 200, body = WorkBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn step(
    State(app): State<App>,
    caller: Caller,
    Path((id, step)): Path<(String, String)>,
    OptionalJson(req): OptionalJson<StepRequest>,
) -> ApiResult<Json<WorkBody>> {
    let action = match step.as_str() {
        "override" => WorkAction::Override,
        "start" => WorkAction::Start,
        "complete" => WorkAction::Complete,
        "cancel" => WorkAction::Cancel,
        other => {
            return Err(ServiceError::not_found("maintenance step", other).into());
        }
    };
    let work = app
        .services
        .maintenance
        .maintenance_step(&caller.0, &id, action, req.reason)
        .await?;
    Ok(Json(body(work, app.services.now())))
}
