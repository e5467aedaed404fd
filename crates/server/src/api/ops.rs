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
/// business counters, and open tickets per group and status.
pub(super) async fn metrics(State(app): State<App>) -> impl IntoResponse {
    if let Ok(counts) = app.services.store.open_ticket_counts().await {
        for (group, status, n) in counts {
            metrics::gauge!("averias_open_tickets", "group" => group, "status" => status)
                .set(n as f64);
        }
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::render(),
    )
}
