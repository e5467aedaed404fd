//! The native JSON API under `/api/v1`, its OpenAPI document at
//! `/api/openapi.json` (generated from the handlers) with a browsable page at
//! `/api/docs`, and the operational endpoints.

mod accounts;
mod admin;
pub mod calendars;
pub mod extract;
mod incidents;
mod maintenance;
mod notifications;
mod ops;
mod repair;
mod reports;
mod sla;
mod tickets;
pub mod tmf621;
pub mod views;
mod weekly_reports;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
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
        .merge(incidents::router())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(calendars::router())
        .merge(sla::router())
        .merge(maintenance::router())
        .merge(notifications::router())
        .merge(repair::router())
        .merge(weekly_reports::router())
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_such_route",
        "there is no such endpoint; see /api/docs",
    )
}

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    crate::metrics::install();
    let limit = app.settings.max_body_bytes;
    let (api, doc) = api_router().split_for_parts();
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
        .merge(tmf621::router())
        .merge(crate::ui::router())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}
