//! Request extractors that answer in the API's error shape: the caller's
//! identity from a Bearer token, JSON bodies and query strings whose
//! rejections become `{code, message, details}`, and the `If-Match` version.

use averias_domain::Actor;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::App;
use crate::error::ApiError;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        // The console's session also reads the API (report downloads,
        // charts), but only reads: a write with a cookie could be forged
        // by another site, so writes need a token (or a console form with
        // its CSRF token).
        if header.is_none()
            && (parts.method == axum::http::Method::GET || parts.method == axum::http::Method::HEAD)
            && let Some(secret) =
                crate::ui::session::cookie(&parts.headers, crate::ui::session::SESSION_COOKIE)
        {
            let caller = app.services.auth.web_caller(&secret).await?;
            tracing::Span::current().record("user.role", caller.actor.role.as_str());
            return Ok(Caller(caller.actor));
        }
        let token = header
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "send your API token as 'Authorization: Bearer <token>'",
                )
            })?;
        let actor = app.services.auth.authenticate(token).await?;
        tracing::Span::current().record("user.role", actor.role.as_str());
        Ok(Caller(actor))
    }
}

/// A JSON body; malformed JSON, wrong types and oversized bodies become API errors.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .is_some_and(|m| {
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with 'Content-Type: application/json'",
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| {
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "body_too_large",
                        "the request body is larger than this server accepts",
                    )
                } else {
                    ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", r.body_text())
                }
            })?;
        let value = match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => v,
            Err(rejection) => return Err(json_error(rejection)),
        };
        refuse_controls(&bytes)?;
        Ok(ApiJson(value))
    }
}

/// 422 `invalid_text` naming the field when a JSON body's text holds NUL
/// or another control character (see [`super::text_check`]).
pub fn refuse_controls(raw: &[u8]) -> Result<(), ApiError> {
    if !super::text_check::json_may_hold_controls(raw) {
        return Ok(());
    }
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(raw) else {
        return Ok(());
    };
    match super::text_check::first_control(&v) {
        Some((field, code)) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_text",
            super::text_check::message(&field, code),
        )
        .with_details(serde_json::json!({ "field": field }))),
        None => Ok(()),
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    let status = rejection.status();
    let text = rejection.body_text();
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            status,
            "body_too_large",
            "the request body is larger than this server accepts",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            status,
            "unsupported_media_type",
            "send the body as JSON with 'Content-Type: application/json'",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", text)
        }
        _ => ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", text),
    }
}

/// A query string; unknown or ill-typed parameters become API errors.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // Control characters only arrive percent-encoded.
        if let Some(q) = parts.uri.query().filter(|q| q.contains('%'))
            && let Ok(pairs) = serde_html_form::from_str::<Vec<(String, String)>>(q)
            && let Some((field, c)) = pairs.iter().find_map(|(k, v)| {
                v.chars()
                    .find(|c| !super::text_check::allowed(*c))
                    .map(|c| (k.clone(), c))
            })
        {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_text",
                super::text_check::message(&field, c as u32),
            )
            .with_details(serde_json::json!({ "field": field })));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                e.body_text(),
            )),
            Err(e) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                e.body_text(),
            )),
        }
    }
}

/// A list's page, checked the same way at every list: `limit` from 1 to
/// the list's maximum (its default when absent), `offset` 0 or more. A
/// negative or huge limit is refused, never taken as "everything".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub fn of(
        limit: Option<i64>,
        offset: Option<i64>,
        default: i64,
        max: i64,
    ) -> Result<Self, ApiError> {
        let page = Self {
            limit: limit.unwrap_or(default),
            offset: offset.unwrap_or(0),
        };
        if (1..=max).contains(&page.limit) && page.offset >= 0 {
            return Ok(page);
        }
        let field = if page.offset < 0 { "offset" } else { "limit" };
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_page",
            format!("limit is 1 to {max} and offset is 0 or more"),
        )
        .with_details(serde_json::json!({ "field": field })))
    }
}

/// The version named by `If-Match` (`"3"`, `3` or `W/"3"`), if any.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get(axum::http::header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let text = raw.to_str().unwrap_or_default().trim();
        let bare = text.trim_start_matches("W/").trim_matches('"');
        bare.parse::<i64>().map(|v| IfMatch(Some(v))).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_if_match",
                format!("If-Match must be the ticket's version (its ETag), got '{text}'"),
            )
        })
    }
}

/// Parses a string field into a validated value, naming the field on failure.
pub fn parse_field<T>(value: &str, field: &str, code: &'static str) -> Result<T, ApiError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value.parse::<T>().map_err(|e| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string())
            .with_details(serde_json::json!({"field": field}))
    })
}

/// A JSON body that may be absent (an empty body means `T::default()`).
#[derive(Debug, Clone)]
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| {
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        r.status(),
                        "body_too_large",
                        "the request body is larger than this server accepts",
                    )
                } else {
                    ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", r.body_text())
                }
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error_free(&mut de).map(OptionalJson)
    }
}

fn serde_path_to_error_free<'de, T: serde::Deserialize<'de>>(
    de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
) -> Result<T, ApiError> {
    let value = T::deserialize(&mut *de).map_err(|e| {
        let code = if e.is_syntax() || e.is_eof() {
            "malformed_json"
        } else {
            "invalid_body"
        };
        ApiError::new(
            StatusCode::BAD_REQUEST,
            code,
            format!("the JSON body is not acceptable: {e}"),
        )
    })?;
    de.end().map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("trailing characters after the JSON body: {e}"),
        )
    })?;
    Ok(value)
}
