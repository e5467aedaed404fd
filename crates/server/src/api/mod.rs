//! The native JSON API under `/api/v1`, its OpenAPI document at
//! `/api/openapi.json` (generated from the handlers) with a browsable page at
//! `/api/docs`, and the operational endpoints.

mod accounts;
mod admin;
mod attachments;
pub mod calendars;
pub(crate) use attachments::read_upload;
mod canned;
pub mod extract;
mod incidents;
mod maintenance;
mod notifications;
mod ops;
mod repair;
mod reports;
pub(crate) mod search;
mod sla;
pub mod text_check;
mod ticket_bulk;
mod ticket_facts;
mod ticket_merge;
mod ticket_owner;
mod tickets;
pub mod tmf621;
pub mod views;
mod weekly_reports;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::App;
use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Averías",
        description = "Fault management for mobile operators and their corporate customers. \
            Authenticate with `Authorization: Bearer <token>`. Errors are `{code, message, details}`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "intake", description = "Fault reports and the account check (R-INTAKE)"),
        (name = "tickets", description = "Tickets, notes, history and procedure actions (R-TRIAGE, R-REPAIR, R-CLOSE)"),
        (name = "incidents", description = "Mass incidents (R-TRIAGE-6)"),
        (name = "accounts", description = "Corporate accounts, lines and contacts"),
        (name = "reference", description = "Groups, fault types, equipment"),
        (name = "users", description = "Users and API tokens"),
        (name = "calendars", description = "Business calendars and business-time calculators (R-MAINT-3)"),
        (name = "maintenance", description = "Planned maintenance works, notices and objections (R-MAINT-1, R-MAINT-2)"),
        (name = "notifications", description = "The notification outbox, ticket notification logs and webhooks (R-INFORM-1)"),
        (name = "reports", description = "The weekly fault report and fault statistics (R-REPORT-1/2, R-SLA-3)"),
        (name = "repair", description = "Installation centers, appointments, the backup swap, stock and the warehouse loop (R-REPAIR-1..5)"),
        (name = "sla", description = "SLA policies, the escalation matrix and fired escalations (R-SLA-1..3)"),
        (name = "search", description = "Search across tickets, accounts and lines"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document of the native API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = api_router().split_for_parts();
    api
}

fn api_router() -> OpenApiRouter<App> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(reports::router())
        .merge(tickets::router())
        .merge(ticket_facts::router())
        .merge(ticket_owner::router())
        .merge(ticket_merge::router())
        .merge(ticket_bulk::router())
        .merge(canned::router())
        .merge(attachments::router().layer(DefaultBodyLimit::disable()))
        .merge(incidents::router())
        .merge(accounts::router())
        .merge(search::router())
        .merge(admin::router())
        .merge(calendars::router())
        .merge(sla::router())
        .merge(maintenance::router())
        .merge(notifications::router())
        .merge(repair::router())
        .merge(weekly_reports::router())
}

/// No route: the API's JSON error, or for a console address the console's
/// own error page.
async fn not_found(
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let path = uri.path();
    if path == "/ui" || path.starts_with("/ui/") {
        return crate::ui::unknown_page(&headers, path);
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_route",
        "there is no such endpoint; see /api/docs",
    )
    .into_response()
}

/// Errors the framework answers by itself (an unknown method's empty 405,
/// a too-large body's plain-text 413, a malformed header's 400) in the
/// API's JSON shape, or TMF's under `/tmf-api`, like every other error.
/// Console pages keep their HTML.
async fn json_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    let tmf = path.starts_with("/tmf-api/");
    let api =
        tmf || path.starts_with("/api/") || matches!(path, "/healthz" | "/readyz" | "/metrics");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "this endpoint does not take that method; see the Allow header".to_owned(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "body_too_large",
            "the request body is larger than this server accepts".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "send the body as JSON with 'Content-Type: application/json'".to_owned(),
        ),
        s if s.is_server_error() => (
            "internal",
            "the server failed to answer; its log says why".to_owned(),
        ),
        s => (
            "bad_request",
            s.canonical_reason()
                .unwrap_or("the request was refused")
                .to_owned(),
        ),
    };
    let error = ApiError::new(status, code, message);
    let mut fixed = if tmf {
        tmf621::TmfError(error).into_response()
    } else {
        error.into_response()
    };
    if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
        fixed
            .headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    fixed
}

/// A request that announces a body over the limit is answered at once,
/// before a byte of it is read: otherwise a client could send the headers
/// of a large form and then a byte every few seconds, holding the
/// connection (and a buffer) until the request timeout.
async fn refuse_oversized(
    limit: usize,
    upload_limit: usize,
    tmf_create_limit: usize,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    let post = request.method() == axum::http::Method::POST;
    let limit = if post && path.starts_with("/api/v1/tickets/") && path.ends_with("/attachments") {
        upload_limit
    } else if post && tmf621::is_create_path(path) {
        tmf_create_limit
    } else {
        limit
    };
    // Console forms check the session before they read a byte, and answer
    // an oversized form with a page in the reader's language.
    if request.uri().path().starts_with("/ui/") {
        return next.run(request).await;
    }
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        let error = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than this server accepts ({limit} bytes)"),
        );
        let mut response = if request.uri().path().starts_with("/tmf-api/") {
            tmf621::TmfError(error).into_response()
        } else {
            error.into_response()
        };
        // Nothing more is read from this connection.
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return response;
    }
    next.run(request).await
}

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    crate::metrics::install();
    let limit = app.settings.max_body_bytes;
    // An upload streams to disk and counts itself against the ticket's
    // limit; what it announces may be that large (and a little framing).
    let upload_limit = (app.services.attachments.settings.max_ticket as usize)
        .saturating_add(1024 * 1024)
        .max(limit);
    let tmf_create_limit = tmf621::create_limit(limit, app.services.attachments.settings.max_file);
    let request_timeout = app.settings.http.request_timeout;
    let (api, doc) = api_router().split_for_parts();
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
        .merge(tmf621::router(limit, tmf_create_limit))
        .merge(crate::ui::router())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(move |request, next| {
            crate::http_server::request_timeout(request_timeout, request, next)
        }))
        .layer(axum::middleware::from_fn(json_errors))
        .layer(axum::middleware::from_fn(move |request, next| {
            refuse_oversized(limit, upload_limit, tmf_create_limit, request, next)
        }))
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}
