//! Canned responses: a group's ready-made texts for notes, kept by admins
//! and customer-service management, filled in for a ticket on use.

use averias_domain::Lang;
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
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_services::canned::CannedInput;
use averias_store::CannedResponse;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(replace, delete))
        .routes(routes!(for_ticket))
}

/// A canned response.
#[derive(Debug, Serialize, ToSchema)]
pub struct CannedBody {
    id: String,
    /// The group whose agents use it (`csm`, `cor`, …).
    group: String,
    name: String,
    /// The Spanish text; `{{ticket}}`, `{{customer}}`, `{{contact}}` and
    /// `{{agent}}` are filled in on use.
    body_es: String,
    /// The English text, with the same placeholders.
    body_en: String,
    updated_by: String,
    updated_at: DateTime<Utc>,
}

impl From<CannedResponse> for CannedBody {
    fn from(c: CannedResponse) -> Self {
        Self {
            id: c.id.to_string(),
            group: c.group,
            name: c.name,
            body_es: c.body_es,
            body_en: c.body_en,
            updated_by: c.updated_by,
            updated_at: c.updated_at,
        }
    }
}

/// A canned response to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CannedRequest {
    group: String,
    /// Up to 80 characters, unique within the group.
    name: String,
    /// Up to 4000 characters each.
    body_es: String,
    body_en: String,
}

impl From<CannedRequest> for CannedInput {
    fn from(r: CannedRequest) -> Self {
        Self {
            group: r.group,
            name: r.name,
            body_es: r.body_es,
            body_en: r.body_en,
        }
    }
}

/// Which canned responses.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CannedQuery {
    /// One group's only.
    group: Option<String>,
}

/// The canned responses (operator staff), by group and name.
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "tickets", params(CannedQuery),
    responses((status = 200, body = Vec<CannedBody>), (status = 403, body = ErrorBody)))]
async fn list(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CannedQuery>,
) -> ApiResult<Json<Vec<CannedBody>>> {
    let all = app
        .services
        .canned
        .list(&caller.0, q.group.as_deref())
        .await?;
    Ok(Json(all.into_iter().map(CannedBody::from).collect()))
}

/// Create a canned response (admins, customer-service management).
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "tickets", request_body = CannedRequest,
    responses((status = 201, body = CannedBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(app): State<App>,
    caller: Caller,
    ApiJson(req): ApiJson<CannedRequest>,
) -> ApiResult<(StatusCode, Json<CannedBody>)> {
    let c = app.services.canned.create(&caller.0, req.into()).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// Replace a canned response's group, name and texts.
#[utoipa::path(put, path = "/api/v1/canned-responses/{id}", tag = "tickets", request_body = CannedRequest,
    params(("id" = String, Path, description = "The canned response's id")),
    responses((status = 200, body = CannedBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn replace(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CannedRequest>,
) -> ApiResult<Json<CannedBody>> {
    let c = app
        .services
        .canned
        .replace(&caller.0, &id, req.into())
        .await?;
    Ok(Json(c.into()))
}

/// Delete a canned response.
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "tickets",
    params(("id" = String, Path, description = "The canned response's id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app.services.canned.delete(&caller.0, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A canned response filled in for one ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct FilledBody {
    id: String,
    name: String,
    /// The text with the ticket's number, customer, contact and the
    /// caller's name in place: ready to send as a note.
    text: String,
}

/// In which language.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FilledQuery {
    /// `es` (default) or `en`.
    lang: Option<String>,
}

/// The canned responses of the caller's group, filled in for this ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/canned-responses", tag = "tickets", params(
        ("ticket" = String, Path, description = "Ticket number or id"), FilledQuery),
    responses((status = 200, body = Vec<FilledBody>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn for_ticket(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    ApiQuery(q): ApiQuery<FilledQuery>,
) -> ApiResult<Json<Vec<FilledBody>>> {
    let lang = match q.lang.as_deref() {
        None => Lang::Es,
        Some(code) => Lang::parse(code).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_lang",
                format!("language '{code}' is not es or en"),
            )
        })?,
    };
    let view = app.services.tickets.ticket(&caller.0, &ticket).await?;
    let filled = app
        .services
        .canned
        .for_ticket(&caller.0, &view.record, lang)
        .await?;
    Ok(Json(
        filled
            .into_iter()
            .map(|(c, text)| FilledBody {
                id: c.id.to_string(),
                name: c.name,
                text,
            })
            .collect(),
    ))
}
