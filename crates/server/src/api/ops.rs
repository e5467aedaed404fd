//! Liveness, readiness and Prometheus metrics.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::App;

/// Liveness: the process answers.
pub(super) async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: the database answers.
pub(super) async fn readyz(State(app): State<App>) -> impl IntoResponse {
    match app.services.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({"status": "ready", "database": app.services.store.backend()})),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": app.services.store.backend()})),
            )
        }
    }
}

/// Prometheus text exposition: request counters and latency histograms,
/// business counters, and open tickets per group and status. With a
/// configured token, only a scraper that sends it gets them.
pub(super) async fn metrics(
    State(app): State<App>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    if let Some(expected) = &app.settings.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !averias_services::tokens::same_secret(given, expected) {
            return crate::error::ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "/metrics needs the scrape token (Authorization: Bearer ...)",
            )
            .into_response();
        }
    }
    refresh_open_ticket_gauges(&app).await;
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::render(),
    )
        .into_response()
}

/// The open-ticket gauges cost a query: refreshed at most every 15 s, so
/// scrapes (or a flood of them) do not each reach the database.
async fn refresh_open_ticket_gauges(app: &App) {
    use std::time::{Duration, Instant};
    {
        let mut last = app
            .gauges_read_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.is_some_and(|t| t.elapsed() < Duration::from_secs(15)) {
            return;
        }
        *last = Some(Instant::now());
    }
    if let Ok(counts) = app.services.store.open_ticket_counts().await {
        for (group, status, n) in counts {
            metrics::gauge!("averias_open_tickets", "group" => group, "status" => status)
                .set(n as f64);
        }
    }
}
