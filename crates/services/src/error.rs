//! The services' error type: every way a use case can refuse or fail, typed,
//! with one machine-readable code each ([`ServiceError::code`], which the API
//! answers with) and the same refusal in words a person reads
//! ([`ServiceError::in_words`], the catalog's `refusal-<code>`).

use averias_domain::{Lang, Money, Refusal};
use averias_i18n::Arg;
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
    /// A file is larger than a limit allows (HTTP 413).
    #[error("{message}")]
    TooLarge {
        code: &'static str,
        message: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The blob store (a folder, an S3-compatible store) failed.
    #[error("the file store failed: {0}")]
    Blob(String),
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

impl ServiceError {
    /// The machine-readable code: the API's `code`, and the catalog's
    /// `refusal-<code>`.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Unauthenticated => "unauthenticated",
            ServiceError::Forbidden(_) => "forbidden",
            ServiceError::NotFound { .. } => "not_found",
            ServiceError::Refused(Refusal::RoleMayNot { .. } | Refusal::NotOwner { .. }) => {
                "action_not_allowed_for_role"
            }
            ServiceError::Refused(Refusal::IllegalTransition { .. }) => "illegal_transition",
            ServiceError::AccountHasDebt { .. } => "account_has_debt",
            ServiceError::Invalid { code, .. }
            | ServiceError::Clash { code, .. }
            | ServiceError::TooLarge { code, .. } => code,
            ServiceError::Blob(_) => "internal",
            ServiceError::Conflict(_) => "conflict",
            ServiceError::StaleVersion { .. } => "stale_version",
            ServiceError::IdempotencyKeyReused => "idempotency_key_reused",
            ServiceError::ConcurrentUpdate(_) => "concurrent_update",
            ServiceError::Store(_) => "internal",
        }
    }

    /// The refusal as a person at the desk reads it, in `lang`: what went
    /// wrong and what to do. The free-form English of `Forbidden`,
    /// `Conflict` and `Store` is not shown; their message is general.
    pub fn in_words(&self, lang: Lang) -> String {
        let label = |area: &str, code: &str| averias_i18n::text(lang, &format!("{area}-{code}"));
        let args: Vec<(&str, Arg<'_>)> = match self {
            ServiceError::Invalid { field, .. } => {
                vec![("field", field.as_deref().unwrap_or_default().into())]
            }
            ServiceError::Clash { details, .. } => details
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(name, value)| {
                    let text = match value {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Number(n) => n.to_string(),
                        serde_json::Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((name.as_str(), Arg::from(text)))
                })
                .collect(),
            ServiceError::NotFound { what, key } => {
                vec![("what", (*what).into()), ("key", key.into())]
            }
            ServiceError::Refused(Refusal::RoleMayNot { role, action })
            | ServiceError::Refused(Refusal::NotOwner { role, action, .. }) => vec![
                ("action", label("action", action.as_str()).into()),
                ("role", label("role", role.as_str()).into()),
            ],
            ServiceError::Refused(Refusal::IllegalTransition {
                action,
                status,
                stage,
                ..
            }) => vec![
                ("action", label("action", action.as_str()).into()),
                ("status", label("status", status.as_str()).into()),
                ("stage", label("stage", stage.as_str()).into()),
            ],
            ServiceError::AccountHasDebt {
                account,
                outstanding,
                ..
            } => vec![
                ("account", account.into()),
                ("outstanding", outstanding.to_string().into()),
            ],
            ServiceError::TooLarge { limit, .. } => {
                vec![("megabytes", Arg::from((*limit / (1024 * 1024)) as i64))]
            }
            ServiceError::StaleVersion {
                number,
                current,
                expected,
            } => vec![
                ("number", number.into()),
                ("current", (*current).into()),
                ("expected", (*expected).into()),
            ],
            _ => Vec::new(),
        };
        averias_i18n::text_with(lang, &format!("refusal-{}", self.code()), &args)
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

#[cfg(test)]
mod tests {
    use super::*;
    use averias_domain::{Action, Stage, Status, TicketKind};

    #[test]
    fn a_refusal_reads_in_the_persons_language_with_its_facts() {
        let stale = ServiceError::StaleVersion {
            number: "AV-2026-000007".into(),
            current: 4,
            expected: 3,
        };
        assert_eq!(stale.code(), "stale_version");
        let es = stale.in_words(Lang::Es);
        let en = stale.in_words(Lang::En);
        for text in [&es, &en] {
            assert!(
                text.contains("AV-2026-000007") && text.contains('4') && text.contains('3'),
                "{text}"
            );
        }
        assert!(es.contains("No se guardó nada"), "{es}");
        assert!(en.contains("Nothing was saved"), "{en}");

        // The procedure's words, not its codes.
        let illegal = ServiceError::Refused(Refusal::IllegalTransition {
            action: Action::Close,
            kind: TicketKind::Fault,
            status: Status::InProgress,
            stage: Stage::WithCsm,
        });
        let es = illegal.in_words(Lang::Es);
        assert!(
            es.contains("Cerrar") && es.contains("En atención") && es.contains("En el CSM"),
            "{es}"
        );
        assert!(
            !es.contains("inProgress") && !es.contains("with_csm"),
            "{es}"
        );
        let en = illegal.in_words(Lang::En);
        assert!(
            en.contains("In progress") && en.contains("With the CSM"),
            "{en}"
        );

        // An invalid value names its field; a code the catalog lacks would
        // show as its id, which the catalog test forbids.
        let invalid = ServiceError::invalid("invalid_text", "reporter.name", "control character");
        assert!(invalid.in_words(Lang::Es).contains("«reporter.name»"));
        let debt = ServiceError::AccountHasDebt {
            account: "1003".into(),
            outstanding: Money {
                minor: 150_000,
                currency: "VES".into(),
            },
            refused_report_id: uuid::Uuid::nil(),
        };
        assert!(
            debt.in_words(Lang::Es).contains("1500.00 VES"),
            "{}",
            debt.in_words(Lang::Es)
        );
    }
}
