//! Notifications through the API: the outbox for admins (`/api/v1/admin/messages`,
//! dead letters retried by hand), one ticket's notification log for staff,
//! and webhook subscriptions (`/api/v1/webhooks`).

use averias_store::{StoredMessage, Webhook};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, Caller};
use crate::App;
use crate::error::{ApiResult, ErrorBody};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_messages))
        .routes(routes!(retry_message))
        .routes(routes!(ticket_messages))
        .routes(routes!(list_webhooks, subscribe))
        .routes(routes!(unsubscribe))
}

/// A notification and its delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageBody {
    id: String,
    /// ticket_opened, ticket_resolved, sla_escalation, maintenance_notice, a webhook event type...
    event: String,
    /// `email`, `sms` or `webhook`.
    channel: String,
    /// Email address, MSISDN or webhook subscription id.
    recipient: String,
    language: String,
    ticket_id: Option<String>,
    /// `pending`, `sent`, `dead`, or `logged` (kept, not sent: no transport configured).
    state: String,
    attempts: i64,
    next_attempt_at: DateTime<Utc>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<StoredMessage> for MessageBody {
    fn from(m: StoredMessage) -> Self {
        Self {
            id: m.message.id.to_string(),
            event: m.message.event,
            channel: m.message.channel,
            recipient: m.message.recipient,
            language: m.message.language.code().to_owned(),
            ticket_id: m.message.ticket_id.map(|t| t.to_string()),
            state: m.state,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            created_at: m.message.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// Outbox filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// `pending`, `sent`, `dead` (the dead letters) or `logged` (no transport configured).
    state: Option<String>,
    /// At most this many, newest first (1..=500, default 100).
    limit: Option<i64>,
}

/// The notification outbox (admin): what is waiting, sent, or dead.
#[utoipa::path(get, path = "/api/v1/admin/messages", tag = "notifications", params(MessageQuery),
    responses((status = 200, body = Vec<MessageBody>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_messages(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MessageQuery>,
) -> ApiResult<Json<Vec<MessageBody>>> {
    let limit = super::extract::Page::of(q.limit, None, 100, 500)?.limit;
    let list = app
        .services
        .notifications
        .messages(&caller.0, q.state.as_deref(), limit)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Queue a dead message again (admin); it is delivered on the next worker tick.
#[utoipa::path(post, path = "/api/v1/admin/messages/{id}/retry", tag = "notifications",
    params(("id" = String, Path, description = "Message id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retry_message(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app.services
        .notifications
        .retry_message(&caller.0, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who was told what about a ticket, and whether it went (staff).
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/notifications", tag = "notifications",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<MessageBody>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn ticket_messages(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<MessageBody>>> {
    let list = app
        .services
        .notifications
        .ticket_notifications(&caller.0, &ticket)
        .await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// A webhook subscription. The secret is shown when created, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookBody {
    id: String,
    callback: String,
    /// Event types delivered; empty means all.
    events: Vec<String>,
    created_at: DateTime<Utc>,
    /// HMAC-SHA256 key: each POST carries `X-Averias-Signature: sha256=<hex of HMAC(body)>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

fn hook_body(h: Webhook, with_secret: bool) -> WebhookBody {
    WebhookBody {
        id: h.id.to_string(),
        callback: h.callback,
        events: h.events,
        created_at: h.created_at,
        secret: with_secret.then_some(h.secret),
    }
}

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscribeRequest {
    /// `https://…` URL the events are POSTed to.
    callback: String,
    /// `TroubleTicketCreateEvent`, `TroubleTicketStatusChangeEvent`,
    /// `TroubleTicketResolvedEvent`, `TroubleTicketInformationRequiredEvent`
    /// (a ticket waits on the customer); empty or absent for all.
    #[serde(default)]
    events: Vec<String>,
}

/// Webhook subscriptions: all for an admin, its own for an integration.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "notifications",
    responses((status = 200, body = Vec<WebhookBody>), (status = 403, body = ErrorBody)))]
async fn list_webhooks(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<Json<Vec<WebhookBody>>> {
    let hooks = app
        .services
        .notifications
        .webhook_subscriptions(&caller.0)
        .await?;
    Ok(Json(
        hooks.into_iter().map(|h| hook_body(h, false)).collect(),
    ))
}

/// Subscribe a callback to ticket events (admin, or an integration). Events
/// are TMF621 v4-shaped JSON, signed with HMAC-SHA256, retried like every
/// notification, and come in the order they happened for each ticket.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "notifications", request_body = SubscribeRequest,
    responses((status = 201, body = WebhookBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn subscribe(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<SubscribeRequest>,
) -> ApiResult<(StatusCode, Json<WebhookBody>)> {
    let hook = app
        .services
        .notifications
        .subscribe_webhook(
            &caller.0,
            &req.callback,
            req.events,
            crate::api::tmf621::Version::V4.hook_api(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(hook_body(hook, true))))
}

/// Remove a subscription (admin, or the integration that made it).
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "notifications",
    params(("id" = String, Path, description = "Subscription id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unsubscribe(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app.services
        .notifications
        .unsubscribe_webhook(&caller.0, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
