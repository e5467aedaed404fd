//! TM Forum TMF621 Trouble Ticket v4 (`/tmf-api/troubleTicket/v4/`) and v5
//! (`/tmf-api/troubleTicket/v5/`), one façade over the same services as
//! the native API: the same roles, tenancy and procedure rules, TMF shapes
//! (per version, see [`Version`]) and TMF error bodies.
//!
//! Mapping: a ticket's `id` is its number (`AV-2026-000123`, what the
//! customer quotes; the internal UUID is accepted too); `relatedParty`
//! holds the customer account (`role: customer`) and the reporter
//! (`role: reporter`, `id` = the reporter's phone); `relatedEntity` holds
//! the affected lines (`role: affectedLine`, `id` = MSISDN) and devices
//! (`affectedEquipment`, IMEI); `expectedResolutionDate` is the SLA deadline;
//! `externalIdentifier` (v5) / `externalId` (v4) are the caller's own keys.
//! A PATCH of `status` runs the procedure step that leads there
//! (acknowledged→inProgress starts work, →pending sends a point fault to
//! repair, →resolved resolves with `statusChangeReason` as the resolution,
//! resolved→inProgress rejects the resolution, →closed closes, →cancelled
//! cancels); escalation to a second-level group has no TMF status and stays
//! in the native API. `severity`, `ticketType`, `priority` and `channel` are
//! the client's free strings, kept and echoed (`mapping`).

use averias_domain::{Channel, Email, Msisdn, Status, Visibility};
use averias_store::{ExternalId, ShownAttribute, TicketFilter};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Extension, Json, Router};
use serde_json::{Map, Value, json};

use super::extract::Caller;
use crate::App;
use crate::error::ApiError;
use averias_services::ServiceError;
use averias_services::intake::{LocalAccountChecker, ReportInput};
use averias_services::tickets::{ActionInput, ActionName, TicketView};
pub use averias_services::tmf::{Shape, Version};

mod attachments;
mod create;
mod hub;
mod input;
mod mapping;
mod patch;
mod reads;
mod resource;
mod wire;

use create::create;
use hub::{hub, subscribe, unsubscribe};
use patch::{delete, note_visibility, patch};
use reads::{list, read, ticket_of};
use resource::{resource, select};
pub use wire::*;

/// The v4 and v5 routes, each version's handlers told which shape to speak.
/// A create body may be `create_limit` bytes (files sent by value in it).
pub fn router(limit: usize, create_limit: usize) -> Router<App> {
    let large = LargeBodies {
        over: limit,
        permits: std::sync::Arc::new(tokio::sync::Semaphore::new(LARGE_CREATES_AT_ONCE)),
    };
    Router::new()
        .merge(routes(Version::V4, create_limit, large.clone()))
        .merge(routes(Version::V5, create_limit, large))
}

/// Creates with a body over the usual limit (files by value) read at once,
/// all versions together: each may hold one file's worth of base64 in
/// memory, so a client opening many cannot fill it; the others wait their
/// turn (within the request timeout).
const LARGE_CREATES_AT_ONCE: usize = 4;

/// The gate of [`LARGE_CREATES_AT_ONCE`].
#[derive(Clone)]
struct LargeBodies {
    /// Bodies announced over this many bytes (or not announced) queue.
    over: usize,
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl LargeBodies {
    async fn admit(
        self,
        request: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> Response {
        let announced = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let large = request.method() == axum::http::Method::POST
            && announced.is_none_or(|n| n > self.over as u64);
        if !large {
            return next.run(request).await;
        }
        // A closed semaphore never happens (it lives as long as the router).
        let _permit = self.permits.acquire_owned().await.ok();
        next.run(request).await
    }
}

/// Whether `path` is a version's ticket collection (where tickets are
/// created).
pub fn is_create_path(path: &str) -> bool {
    [Version::V4, Version::V5].into_iter().any(|v| {
        path.strip_prefix(v.base())
            .is_some_and(|rest| rest == "/troubleTicket" || rest == "/troubleTicket/")
    })
}

/// How large a create body may be: the others' limit, and one file's worth
/// of base64 (clients with more send them through the native API's
/// multipart upload, which streams).
pub fn create_limit(limit: usize, max_file: u64) -> usize {
    limit.saturating_add((max_file as usize).saturating_mul(4) / 3 + 4096)
}

/// One version's routes (a trailing slash on a collection reaches the same
/// handler). v5's ticket specifications are documented but not kept: the
/// list is empty and writes answer 405. Anything else under the base is a
/// TMF 404, so a client always gets a TMF error body.
fn routes(v: Version, create_limit: usize, large: LargeBodies) -> Router<App> {
    let base = v.base();
    // The body is read only after the caller is known (the handler's last
    // extractor), so an anonymous client never gets this far.
    let collection = || {
        let large = large.clone();
        get(list)
            .post(create)
            .fallback(method_not_allowed)
            .layer(axum::extract::DefaultBodyLimit::max(create_limit))
            .layer(axum::middleware::from_fn(move |request, next| {
                large.clone().admit(request, next)
            }))
    };
    let hubs = || post(subscribe).fallback(method_not_allowed);
    let mut r = Router::new()
        .route(&format!("{base}/troubleTicket"), collection())
        .route(&format!("{base}/troubleTicket/"), collection())
        .route(
            &format!("{base}/troubleTicket/{{id}}"),
            get(read)
                .patch(patch)
                .delete(delete)
                .fallback(method_not_allowed),
        )
        .route(&format!("{base}/hub"), hubs())
        .route(&format!("{base}/hub/"), hubs())
        .route(&format!("{base}/{{*rest}}"), any(no_such_resource));
    r = if v == Version::V5 {
        r.route(
            &format!("{base}/hub/{{id}}"),
            get(hub).delete(unsubscribe).fallback(method_not_allowed),
        )
        .route(
            &format!("{base}/troubleTicketSpecification"),
            get(no_specifications).fallback(specifications_not_managed),
        )
        .route(
            &format!("{base}/troubleTicketSpecification/{{id}}"),
            get(no_such_resource).fallback(specifications_not_managed),
        )
    } else {
        r.route(
            &format!("{base}/hub/{{id}}"),
            axum::routing::delete(unsubscribe).fallback(method_not_allowed),
        )
    };
    r.layer(Extension(v))
}

/// A method the resource does not take (PUT on a ticket, say).
async fn method_not_allowed(method: axum::http::Method) -> TmfError {
    TmfError(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed here"),
    ))
}

/// Any other path under a version's base.
async fn no_such_resource() -> TmfError {
    TmfError(ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such resource here; this API serves troubleTicket and hub".to_owned(),
    ))
}

/// `GET /troubleTicketSpecification` (v5): Averías types tickets by
/// `ticketType` and keeps no specifications, so the list is empty.
async fn no_specifications(TmfCaller(_actor): TmfCaller) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("X-Total-Count", HeaderValue::from(0));
    headers.insert("X-Result-Count", HeaderValue::from(0));
    (StatusCode::OK, headers, Json(json!([]))).into_response()
}

/// Writes to `troubleTicketSpecification` (v5): not managed here.
async fn specifications_not_managed() -> TmfError {
    TmfError(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "specifications_not_managed",
        "trouble ticket specifications are not managed here; tickets are typed by ticketType"
            .to_owned(),
    ))
}
