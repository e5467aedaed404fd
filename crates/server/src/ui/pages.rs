//! What every page shares: rendering a template into a response, dates and
//! spans as people read them, fault-type names, and the error page. The
//! frame of a signed-in page is `chrome`.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::i18n::Tr;
use averias_services::ServiceError;

/// Renders a template, or a plain 500 if the template itself fails.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page failed to render",
            )
                .into_response()
        }
    }
}

/// Renders a template answered with `status` (a refused form is 422, a
/// stale one 409, the page itself 200).
pub fn render_status(t: &impl Template, status: StatusCode) -> Response {
    let mut r = render(t);
    *r.status_mut() = status;
    r
}

/// Fault type names by code, to show names where tickets hold codes.
pub async fn fault_type_names(
    app: &crate::App,
) -> Result<std::collections::HashMap<String, String>, ServiceError> {
    Ok(app
        .services
        .admin
        .fault_types()
        .await?
        .into_iter()
        .map(|f| (f.code, f.name))
        .collect())
}

/// A ticket's fault type as shown: its name, else its code, else nothing.
pub fn fault_type_label(
    code: Option<&str>,
    names: &std::collections::HashMap<String, String>,
) -> String {
    code.map(|c| names.get(c).cloned().unwrap_or_else(|| c.to_owned()))
        .unwrap_or_default()
}

/// An instant as the console shows it, in the operator's zone.
pub fn when(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// A duration in seconds as `3 h 05 min`, `-1 h 20 min` once past.
pub fn span(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    let (h, m) = (s / 3600, (s % 3600) / 60);
    if h >= 48 {
        format!("{sign}{} d {} h", h / 24, h % 24)
    } else {
        format!("{sign}{h} h {m:02} min")
    }
}

#[derive(Template)]
#[template(path = "ui/error.html")]
struct ErrorPage<'a> {
    tr: Tr,
    message: &'a str,
}

/// A page for a refusal: the status the API would give, a sentence a
/// person understands.
pub fn error_page(tr: Tr, e: &ServiceError) -> Response {
    let status = match e {
        ServiceError::NotFound { .. } => StatusCode::NOT_FOUND,
        ServiceError::Forbidden(_)
        | ServiceError::Refused(
            averias_domain::Refusal::RoleMayNot { .. } | averias_domain::Refusal::NotOwner { .. },
        ) => StatusCode::FORBIDDEN,
        ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
        ServiceError::Store(_) | ServiceError::Blob(_) => {
            tracing::error!(error = %e, "a page failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        ServiceError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ServiceError::Invalid { .. }
        | ServiceError::AccountHasDebt { .. }
        | ServiceError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::StaleVersion { .. } | ServiceError::ConcurrentUpdate(_) => {
            StatusCode::PRECONDITION_FAILED
        }
        _ => StatusCode::CONFLICT,
    };
    let message = match e {
        // The session's own refusals carry the page's words already.
        ServiceError::Forbidden(m) if *m == tr.t("error-csrf") => m.clone(),
        ServiceError::Unauthenticated => tr.t("login-failed"),
        // A page that is not there, or not the caller's: one short sentence
        // for both, whatever was asked for.
        ServiceError::NotFound { .. } => tr.t("error-not_found"),
        ServiceError::Forbidden(_) => tr.t("error-forbidden"),
        _ => e.in_words(tr.0),
    };
    render_status(
        &ErrorPage {
            tr,
            message: &message,
        },
        status,
    )
}
