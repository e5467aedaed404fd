//! `/api/v1/sla-policies` and `/api/v1/escalation-rules`: SLA policies and
//! the escalation matrix (R-SLA-1..3) as data, read by staff and written by
//! admins; and `/api/v1/tickets/{ticket}/escalations`, the steps that fired
//! on a ticket. Changing either recomputes open tickets' deadlines in the
//! background.

use averias_domain::escalation::{EscalationRule, EscalationStep, Level};
use averias_domain::sla_policy::SlaPolicy;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, Caller};
use crate::App;
use crate::error::{ApiResult, ErrorBody};
use averias_services::ServiceError;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_policies))
        .routes(routes!(put_policy, delete_policy))
        .routes(routes!(list_rules))
        .routes(routes!(put_rule, delete_rule))
        .routes(routes!(ticket_escalations))
}

/// Every policy, most specific first; the last one is the catch-all
/// (R-SLA-1's 24 hours on `24x7` unless an admin replaced it).
///
/// A policy: `{"name", "fault_type"?, "severity"?, "resolution": {"target_minutes",
/// "calendar", "warn_at": [75, 90], "pause_statuses": ["pending"]}, "response"?: {...}}`.
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "sla",
    responses((status = 200, body = Vec<Object>), (status = 403, body = ErrorBody)))]
async fn list_policies(State(app): State<App>, caller: Caller) -> ApiResult<Json<Vec<SlaPolicy>>> {
    Ok(Json(app.services.sla.sla_policies(&caller.0).await?))
}

/// Create or replace a policy (admin). The most specific policy covering a
/// ticket's fault type and severity applies; two policies may not cover the same pair.
#[utoipa::path(put, path = "/api/v1/sla-policies/{name}", tag = "sla", request_body = Object,
    params(("name" = String, Path, description = "Policy name")),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_policy(
    State(app): State<App>,
    caller: Caller,
    Path(name): Path<String>,
    ApiJson(mut policy): ApiJson<PolicyBody>,
) -> ApiResult<Json<SlaPolicy>> {
    if policy.name.as_deref().is_some_and(|n| n != name) {
        return Err(ServiceError::invalid(
            "name_mismatch",
            "name",
            "the body's name differs from the path's",
        )
        .into());
    }
    policy.name = Some(name);
    Ok(Json(
        app.services
            .sla
            .upsert_sla_policy(&caller.0, policy.into())
            .await?,
    ))
}

/// A policy as sent: the name may come from the path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyBody {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    fault_type: Option<String>,
    #[serde(default)]
    severity: Option<averias_domain::Severity>,
    resolution: averias_domain::sla_policy::ClockSpec,
    #[serde(default)]
    response: Option<averias_domain::sla_policy::ClockSpec>,
}

impl From<PolicyBody> for SlaPolicy {
    fn from(b: PolicyBody) -> Self {
        SlaPolicy {
            name: b.name.unwrap_or_default(),
            fault_type: b.fault_type,
            severity: b.severity,
            resolution: b.resolution,
            response: b.response,
        }
    }
}

/// Delete a policy (admin); its tickets fall back to the next match.
#[utoipa::path(delete, path = "/api/v1/sla-policies/{name}", tag = "sla",
    params(("name" = String, Path, description = "Policy name")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_policy(
    State(app): State<App>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    app.services.sla.delete_sla_policy(&caller.0, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The escalation matrix: per fault type (`null` for the catch-all) and
/// level (`first`: CSM; `second`: COR, SIGIS, GSAC), ordered steps.
///
/// A step: `{"name", "event": "opened"|"warning"|"breach"|"stage", "percent"? (warning),
/// "stage"? (stage), "delay_minutes", "calendar", "condition": "unresolved"|"not_taken",
/// "actions": [{"type": "notify_role", "role"} | {"type": "notify_group", "group"} |
/// {"type": "notify_user", "user"} | {"type": "notify_contact"} | {"type": "raise_priority"} | {"type": "reassign", "group"}],
/// "repeat_every_minutes"?, "max_firings"?}`.
#[utoipa::path(get, path = "/api/v1/escalation-rules", tag = "sla",
    responses((status = 200, body = Vec<Object>), (status = 403, body = ErrorBody)))]
async fn list_rules(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<Json<Vec<EscalationRule>>> {
    Ok(Json(app.services.sla.escalation_rules(&caller.0).await?))
}

/// The steps of one rule.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct RuleBody {
    #[schema(value_type = Vec<Object>)]
    steps: Vec<EscalationStep>,
}

fn rule_key(fault_type: &str, level: &str) -> Result<(Option<String>, Level), ServiceError> {
    let level = level
        .parse::<Level>()
        .map_err(|m| ServiceError::invalid("invalid_level", "level", m))?;
    let fault_type = (fault_type != "*").then(|| fault_type.to_owned());
    Ok((fault_type, level))
}

/// Create or replace the rule of a fault type (`*` for the catch-all) at a level (admin).
#[utoipa::path(put, path = "/api/v1/escalation-rules/{fault_type}/{level}", tag = "sla", request_body = RuleBody,
    params(("fault_type" = String, Path, description = "Fault type code, or `*` for every fault type without a rule of its own"),
        ("level" = String, Path, description = "`first` or `second`")),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_rule(
    State(app): State<App>,
    caller: Caller,
    Path((fault_type, level)): Path<(String, String)>,
    ApiJson(body): ApiJson<RuleBody>,
) -> ApiResult<Json<EscalationRule>> {
    let (fault_type, level) = rule_key(&fault_type, &level)?;
    let rule = EscalationRule {
        fault_type,
        level,
        steps: body.steps,
    };
    Ok(Json(
        app.services
            .sla
            .upsert_escalation_rule(&caller.0, rule)
            .await?,
    ))
}

/// Delete a rule (admin).
#[utoipa::path(delete, path = "/api/v1/escalation-rules/{fault_type}/{level}", tag = "sla",
    params(("fault_type" = String, Path, description = "Fault type code or `*`"), ("level" = String, Path, description = "`first` or `second`")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_rule(
    State(app): State<App>,
    caller: Caller,
    Path((fault_type, level)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (fault_type, level) = rule_key(&fault_type, &level)?;
    app.services
        .sla
        .delete_escalation_rule(&caller.0, fault_type.as_deref(), level)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An escalation step that fired on a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationBody {
    /// Rule and step, e.g. `*/first/at-risk`.
    step: String,
    /// 1 for the first firing, 2 for the first repeat...
    occurrence: i64,
    due_at: chrono::DateTime<chrono::Utc>,
    fired_at: chrono::DateTime<chrono::Utc>,
    /// Seconds between due and fired (the server was down or behind when large).
    late_seconds: i64,
    /// Why it fired: clock event, delay, calendar, condition.
    reason: String,
    /// What was done and who was told.
    #[schema(value_type = Vec<Object>)]
    actions: serde_json::Value,
}

/// The escalation steps that fired on a ticket (staff).
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/escalations", tag = "sla",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<EscalationBody>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn ticket_escalations(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<EscalationBody>>> {
    let fired = app
        .services
        .escalations
        .escalations(&caller.0, &ticket)
        .await?;
    Ok(Json(
        fired
            .into_iter()
            .map(|e| EscalationBody {
                step: e.step_key,
                occurrence: e.occurrence,
                due_at: e.due_at,
                fired_at: e.fired_at,
                late_seconds: e.actions["late_seconds"].as_i64().unwrap_or(0),
                reason: e.reason,
                actions: e.actions["actions"].clone(),
            })
            .collect(),
    ))
}
