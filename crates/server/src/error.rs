//! The one error type that becomes an HTTP response: a stable machine code,
//! a message a person understands, optional details, and the right status.
//! A 500 logs its cause and shows nothing internal.

use averias_domain::Refusal;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use averias_services::ServiceError;

/// Body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `account_has_debt`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// Extra facts (field name, outstanding amount, ...).
    #[schema(value_type = Object)]
    pub details: Value,
}

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    /// A plain error with no details.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: json!({}),
        }
    }

    /// A 500 whose cause is logged and not shown (a file that could not be
    /// produced, ...).
    pub fn internal(what: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "{what}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged",
        )
    }

    /// Adds details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_owned(),
            message: self.message,
            details: self.details,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        use StatusCode as S;
        let message = e.to_string();
        let code = e.code();
        match e {
            ServiceError::Unauthenticated => ApiError::new(S::UNAUTHORIZED, code, message),
            ServiceError::Forbidden(_) => ApiError::new(S::FORBIDDEN, code, message),
            ServiceError::NotFound { what, key } => {
                ApiError::new(S::NOT_FOUND, code, message).with_details(json!({"entity": what, "key": key}))
            }
            ServiceError::Refused(r) => match r {
                Refusal::RoleMayNot { role, action } | Refusal::NotOwner { role, action, .. } => {
                    ApiError::new(S::FORBIDDEN, code, message)
                        .with_details(json!({"role": role.as_str(), "action": action.as_str()}))
                }
                Refusal::IllegalTransition { action, status, stage, .. } => ApiError::new(S::CONFLICT, code, message)
                    .with_details(json!({"action": action.as_str(), "status": status.as_str(), "stage": stage.as_str()})),
            },
            ServiceError::AccountHasDebt { account, outstanding, refused_report_id } => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, code, message).with_details(json!({
                    "account": account,
                    "outstanding": {"amount": format!("{}.{:02}", outstanding.minor / 100, outstanding.minor % 100), "currency": outstanding.currency},
                    "refused_report_id": refused_report_id,
                }))
            }
            ServiceError::Invalid { field, .. } => {
                ApiError::new(S::UNPROCESSABLE_ENTITY, code, message).with_details(json!({"field": field}))
            }
            ServiceError::Conflict(_) => ApiError::new(S::CONFLICT, code, message),
            ServiceError::Clash { details, .. } => ApiError::new(S::CONFLICT, code, message).with_details(details),
            ServiceError::StaleVersion { current, expected, .. } => ApiError::new(S::PRECONDITION_FAILED, code, message)
                .with_details(json!({"current_version": current, "expected_version": expected})),
            ServiceError::ConcurrentUpdate(_) => ApiError::new(S::PRECONDITION_FAILED, code, message),
            ServiceError::IdempotencyKeyReused => ApiError::new(S::UNPROCESSABLE_ENTITY, code, message),
            ServiceError::TooLarge { limit, .. } => {
                ApiError::new(S::PAYLOAD_TOO_LARGE, code, message).with_details(json!({"limit_bytes": limit}))
            }
            ServiceError::Blob(err) => {
                tracing::error!(error = %err, "blob store failure");
                ApiError::new(S::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side; it has been logged")
            }
            ServiceError::Store(err) => {
                tracing::error!(error = %err, cause = ?std::error::Error::source(&err), "store failure");
                ApiError::new(S::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side; it has been logged")
            }
        }
    }
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;
