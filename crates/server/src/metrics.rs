//! Prometheus metrics: one process-wide recorder, and the middleware that
//! counts requests by route and status and times them.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder once per process (tests start many apps in one process).
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let buckets = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &buckets,
            )
            .expect("bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (e.g. by a test harness); then ours stays unused.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// The current metrics in Prometheus text format.
pub fn render() -> String {
    install().render()
}

/// The method as a label: one of the standard methods, else `other`. A
/// client may send any token as a method; each new label value would be a
/// series kept for the life of the process (an anonymous memory flood).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "other",
    }
}

/// Counts and times every request, labelled by matched route (not raw path,
/// so ticket numbers don't explode the label space), method and status.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    // Handlers fill the empty fields (`ticket.id`, `account.id`) so the one
    // log line per request says which ticket and account it touched.
    let span = tracing::info_span!(
        "http",
        http.route = %route,
        ticket.id = tracing::field::Empty,
        account.id = tracing::field::Empty,
        user.role = tracing::field::Empty,
    );
    let response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16().to_string();
    let elapsed = started.elapsed().as_secs_f64();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method, "status" => status.clone()).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route.clone(), "method" => method).record(elapsed);
    span.in_scope(|| {
        tracing::info!(http.method = %method, http.status = %status, latency_ms = elapsed * 1000.0, "request");
    });
    response
}
