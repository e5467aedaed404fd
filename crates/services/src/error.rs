//! The services' error type: every way a use case can refuse or fail, typed,
//! so the HTTP layer maps each to one status and machine-readable code.

use averias_domain::{Money, Refusal};
use averias_store::StoreError;
use thiserror::Error;

/// A refusal or failure of a use case.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// No credentials, or unknown/inactive token.
    #[error("missing or invalid API token")]
    Unauthenticated,
    /// Authenticated, but the role or tenancy rules forbid this.
    #[error("{0}")]
    Forbidden(String),
    /// The thing does not exist, or the caller may not know it does.
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    /// The procedure refuses the action (see `averias_domain::lifecycle`).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// R-INTAKE-3: the account has debt; the refused report was recorded.
    #[error(
        "account {account} has an outstanding debt of {outstanding}; the fault can be reported once it is paid"
    )]
    AccountHasDebt {
        account: String,
        outstanding: Money,
        refused_report_id: uuid::Uuid,
    },
    /// A value is well-formed JSON but not acceptable.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// A unique value already exists.
    #[error("{0}")]
    Conflict(String),
    /// `If-Match` named an old version.
    #[error("ticket {number} is at version {current}, not {expected}; reload it and try again")]
    StaleVersion {
        number: String,
        current: i64,
        expected: i64,
    },
    /// The same `Idempotency-Key` came with a different request.
    #[error("this Idempotency-Key was already used for a different report")]
    IdempotencyKeyReused,
    /// Someone else changed the ticket between our read and our write.
    #[error("{0}")]
    ConcurrentUpdate(String),
    /// A conflict with its own machine code and facts (slot full, unit taken...).
    #[error("{message}")]
    Clash {
        code: &'static str,
        message: String,
        details: serde_json::Value,
    },
    #[error(transparent)]
    Store(StoreError),
}

impl ServiceError {
    /// A validation error on one field.
    pub fn invalid(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ServiceError::Invalid {
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A 409 with its own code and facts.
    pub fn clash(
        code: &'static str,
        message: impl Into<String>,
        details: serde_json::Value,
    ) -> Self {
        ServiceError::Clash {
            code,
            message: message.into(),
            details,
        }
    }

    /// A not-found error.
    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        ServiceError::NotFound {
            what,
            key: key.into(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate { .. } => ServiceError::Conflict(e.to_string()),
            StoreError::VersionConflict(_) | StoreError::Stale { .. } => {
                ServiceError::ConcurrentUpdate(e.to_string())
            }
            StoreError::Unavailable { entity, ref key } => ServiceError::Clash {
                code: if entity == "slot" {
                    "slot_full"
                } else {
                    "unit_not_available"
                },
                details: serde_json::json!({"entity": entity, "key": key}),
                message: e.to_string(),
            },
            StoreError::MissingReference { .. } => ServiceError::Invalid {
                code: "unknown_reference",
                field: None,
                message: e.to_string(),
            },
            StoreError::InvalidText => ServiceError::Invalid {
                code: "invalid_text",
                field: None,
                message: e.to_string(),
            },
            other => ServiceError::Store(other),
        }
    }
}

/// Result alias for services.
pub type ServiceResult<T> = Result<T, ServiceError>;
