//! The TMF wire format: its error body, and extractors for the caller, the query string and the path.

use super::*;

/// A TMF `Error` body with its status.
#[derive(Debug)]
pub struct TmfError(pub ApiError);

impl<E: Into<ApiError>> From<E> for TmfError {
    fn from(e: E) -> Self {
        TmfError(e.into())
    }
}

impl IntoResponse for TmfError {
    fn into_response(self) -> Response {
        let e = self.0;
        let body = json!({
            "code": e.code,
            "reason": e.status.canonical_reason().unwrap_or("Error"),
            "message": e.message,
            "status": e.status.as_u16().to_string(),
            "@type": "Error",
        });
        (e.status, Json(body)).into_response()
    }
}

pub(super) fn bad(code: &'static str, message: impl Into<String>) -> TmfError {
    TmfError(ApiError::new(StatusCode::BAD_REQUEST, code, message.into()))
}

pub(super) type TmfResult<T> = Result<T, TmfError>;

/// The caller, with authentication failures in the TMF error shape.
#[derive(Debug)]
pub struct TmfCaller(pub(super) averias_domain::Actor);

impl FromRequestParts<App> for TmfCaller {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        Caller::from_request_parts(parts, app)
            .await
            .map(|c| TmfCaller(c.0))
            .map_err(TmfError)
    }
}

/// The query string as a map, a malformed one answered with a TMF error.
#[derive(Debug)]
pub struct TmfQuery(pub(super) std::collections::HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for TmfQuery {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::from_request_parts(parts, state)
            .await
            .map(|Query(q)| TmfQuery(q))
            .map_err(|e| bad("invalid_query", e.body_text()))
    }
}

/// The `{id}` of the path, a malformed one answered with a TMF error.
#[derive(Debug)]
pub struct TmfPath(pub(super) String);

impl<S: Send + Sync> FromRequestParts<S> for TmfPath {
    type Rejection = TmfError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::from_request_parts(parts, state)
            .await
            .map(|Path(id)| TmfPath(id))
            .map_err(|e| bad("invalid_path", e.body_text()))
    }
}

/// PATCH takes JSON merge-patch (`application/merge-patch+json`, or plain
/// JSON read as one); JSON Patch is refused rather than misread.
pub(super) fn merge_patch_only(headers: &HeaderMap) -> TmfResult<()> {
    let essence = media_type(headers).unwrap_or_else(|| "application/json".to_owned());
    if matches!(
        essence.as_str(),
        "application/json" | "application/merge-patch+json"
    ) {
        Ok(())
    } else {
        Err(TmfError(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_patch_format",
            format!(
                "'{essence}' is not accepted; send a JSON merge-patch (application/merge-patch+json)"
            ),
        )))
    }
}

/// The media type of the body, lower case and without parameters
/// (`application/json;charset=utf-8` is `application/json`).
fn media_type(headers: &HeaderMap) -> Option<String> {
    let kind = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        kind.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

/// A create or a subscription is JSON: a body declared as something else
/// (`text/plain`, XML) is a 415 rather than read as JSON anyway. No
/// `Content-Type` at all is read as JSON, as clients that forget it mean.
pub(super) fn json_only(headers: &HeaderMap) -> TmfResult<()> {
    let Some(essence) = media_type(headers) else {
        return Ok(());
    };
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(TmfError(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("'{essence}' is not accepted; send JSON (application/json)"),
        )))
    }
}

/// A JSON body, with malformed input in the TMF error shape. `application/json;charset=utf-8`
/// and `application/merge-patch+json` are JSON.
pub(super) async fn body_json(body: axum::body::Bytes) -> TmfResult<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(m)) => {
            crate::api::extract::refuse_controls(&body).map_err(TmfError)?;
            Ok(m)
        }
        Ok(_) => Err(bad("invalid_body", "the body must be a JSON object")),
        Err(e) => Err(bad(
            "malformed_json",
            format!("the body is not valid JSON: {e}"),
        )),
    }
}

/// v5 inputs are `Extensible`: `@type` is mandatory (checked on the raw
/// body, as every v5 input has it, whatever its type).
pub(super) fn require_type(v: Version, body: &Map<String, Value>) -> TmfResult<()> {
    if v == Version::V5 && text(body, "@type").is_none() {
        return Err(bad(
            "missing_type",
            "@type is mandatory in TMF621 v5 (\"TroubleTicket\", \"Hub\")",
        ));
    }
    Ok(())
}

/// A non-empty, trimmed string member of a JSON object.
pub(super) fn text<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
