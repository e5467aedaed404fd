//! What every page shares: the frame around it (who is signed in, the
//! navigation their role gets, the sign-out forms), rendering a template
//! into a response, and the error page.

use askama::Template;
use averias_domain::Role;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::i18n::Tr;
use super::session::Signed;
use crate::services::ServiceError;

/// One navigation entry: where, and its text's key.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
}

/// The frame of a signed-in page.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub user: String,
    pub role: &'static str,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// The other language's code, for the switch link.
    pub other_lang: &'static str,
}

impl Chrome {
    pub fn of(s: &Signed) -> Self {
        let role = s.caller.actor.role;
        let mut nav = Vec::new();
        if role == Role::Customer {
            nav.push(NavItem {
                href: "/ui/portal",
                key: "nav.portal",
            });
            nav.push(NavItem {
                href: "/ui/portal/report",
                key: "nav.report",
            });
        } else {
            if role == Role::Warehouse {
                nav.push(NavItem {
                    href: "/ui/warehouse",
                    key: "nav.warehouse",
                });
            }
            if role == Role::InstallationCenter {
                nav.push(NavItem {
                    href: "/ui/center",
                    key: "nav.center",
                });
            }
            if matches!(role, Role::Teleservice | Role::Csm | Role::SalesConsultant) {
                nav.push(NavItem {
                    href: "/ui/intake",
                    key: "nav.intake",
                });
            }
            nav.push(NavItem {
                href: "/ui/queue",
                key: "nav.queue",
            });
            if matches!(
                role,
                Role::Csm
                    | Role::CustomerServiceMgmt
                    | Role::Admin
                    | Role::Cor
                    | Role::Sigis
                    | Role::Gsac
            ) {
                nav.push(NavItem {
                    href: "/ui/maintenance",
                    key: "nav.maintenance",
                });
            }
            if matches!(role, Role::Csm | Role::Cor | Role::Sigis | Role::Gsac) {
                nav.push(NavItem {
                    href: "/ui/incidents",
                    key: "nav.incidents",
                });
            }
            if role == Role::Admin {
                nav.push(NavItem {
                    href: "/ui/admin/users",
                    key: "nav.users",
                });
            }
            if matches!(
                role,
                Role::Csm | Role::ProductDevelopment | Role::CustomerServiceMgmt | Role::Admin
            ) {
                nav.push(NavItem {
                    href: "/ui/reports",
                    key: "nav.reports",
                });
                nav.push(NavItem {
                    href: "/ui/statistics",
                    key: "nav.statistics",
                });
            }
        }
        Self {
            user: s.caller.actor.name.clone(),
            role: role.as_str(),
            csrf: s.caller.csrf.clone(),
            nav,
            other_lang: match s.tr.0 {
                super::i18n::Lang::Es => "en",
                super::i18n::Lang::En => "es",
            },
        }
    }
}

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
    let (status, message) = match e {
        ServiceError::NotFound { .. } => {
            (StatusCode::NOT_FOUND, tr.t("error.not_found").to_owned())
        }
        ServiceError::Forbidden(m) if m == tr.t("error.csrf") => (StatusCode::FORBIDDEN, m.clone()),
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, tr.t("error.forbidden").to_owned()),
        ServiceError::Unauthenticated => {
            (StatusCode::UNAUTHORIZED, tr.t("login.failed").to_owned())
        }
        ServiceError::Store(_) => {
            tracing::error!(error = %e, "a page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        }
        ServiceError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        _ => (StatusCode::CONFLICT, e.to_string()),
    };
    render_status(
        &ErrorPage {
            tr,
            message: &message,
        },
        status,
    )
}
