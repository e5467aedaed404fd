//! The TMF621 event hub: listeners subscribe and unsubscribe.

use serde::{Deserialize, Serialize};

use super::input::given;
use super::*;

/// `POST /hub`: a listener subscribes to ticket events (`EventSubscriptionInput`:
/// `callback`, optional `query` such as `eventType=TroubleTicketStatusChangeEvent`).
/// Events go through the notifications outbox: signed, retried, never lost.
pub(super) async fn subscribe(
    State(app): State<App>,
    Extension(v): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> TmfResult<Response> {
    json_only(&headers)?;
    let body = body_json(body).await?;
    require_type(v, &body)?;
    let input: HubInput = serde_path_to_error::deserialize(Value::Object(body))
        .map_err(|e| bad("invalid_attribute", format!("{}: {}", e.path(), e.inner())))?;
    let callback =
        given(&input.callback).ok_or_else(|| bad("missing_callback", "callback is mandatory"))?;
    let query = given(&input.query).unwrap_or_default();
    let mut events = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("eventType", list)) => events.extend(
                list.split(',')
                    .map(|e| e.trim().to_owned())
                    .filter(|e| !e.is_empty()),
            ),
            _ => {
                return Err(bad(
                    "unsupported_query",
                    format!("'{part}' is not understood; use eventType=<event>[,<event>]"),
                ));
            }
        }
    }
    let hook = app
        .services
        .notifications
        .subscribe_webhook(&actor, &callback, events, v.hook_api())
        .await?;
    Ok((StatusCode::CREATED, Json(hub_body(v, &hook))).into_response())
}

/// A listener as the hub shows it (`EventSubscription` in v4, `Hub` in v5).
pub(super) fn hub_body(v: Version, hook: &averias_store::Webhook) -> Hub {
    let id = hook.id.to_string();
    let query = if hook.events.is_empty() {
        String::new()
    } else {
        format!("eventType={}", hook.events.join(","))
    };
    let v5 = v == Version::V5;
    Hub {
        href: v5.then(|| format!("{}/hub/{id}", v.base())),
        id,
        callback: hook.callback.clone(),
        query,
        type_: v5.then_some("Hub"),
    }
}

/// `GET /hub/{id}` (v5): a listener the caller manages.
pub(super) async fn hub(
    State(app): State<App>,
    Extension(v): Extension<Version>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
) -> TmfResult<Json<Hub>> {
    let hook = app
        .services
        .notifications
        .webhook_subscription(&actor, &id)
        .await?;
    Ok(Json(hub_body(v, &hook)))
}

/// `DELETE /hub/{id}`: the listener unsubscribes.
pub(super) async fn unsubscribe(
    State(app): State<App>,
    TmfCaller(actor): TmfCaller,
    TmfPath(id): TmfPath,
) -> TmfResult<StatusCode> {
    app.services
        .notifications
        .unsubscribe_webhook(&actor, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A hub listener: v4's `EventSubscription`, v5's `Hub`.
#[derive(Debug, Clone, Serialize)]
pub struct Hub {
    pub id: String,
    /// v5 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    pub callback: String,
    pub query: String,
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<&'static str>,
}

/// What a listener sends to subscribe (`EventSubscriptionInput`, `Hub_FVO`).
#[derive(Debug, Default, Deserialize)]
pub struct HubInput {
    pub callback: Option<String>,
    /// `eventType=<event>[,<event>]`.
    pub query: Option<String>,
}
