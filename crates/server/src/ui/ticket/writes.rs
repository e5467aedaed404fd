//! The ticket page's forms that change it: an action of the procedure (with
//! the version the page showed) and a note. A refusal comes back on the
//! ticket's own page, in the caller's language.

use averias_domain::{Role, Visibility};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Outcome, show};
use crate::App;
use crate::ui::i18n::Tr;
use crate::ui::pages::error_page;
use crate::ui::session::{Posted, Signed};
use averias_services::ServiceError;
use averias_services::tickets::{ActionInput, ActionName};

/// A refusal shown on the ticket's own page, in the caller's language.
fn refusal_text(tr: Tr, e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid { code, .. }
            if code.ends_with("_required") || *code == "empty_note" =>
        {
            tr.t("error-required").to_owned()
        }
        other => other.in_words(tr.0),
    }
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    version: Option<i64>,
    #[serde(default)]
    resolution: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    /// Escalation: the fault type that decides the group.
    #[serde(default)]
    fault_type: Option<String>,
}

pub async fn act(
    State(app): State<App>,
    Path((number, action)): Path<(String, String)>,
    p: Posted<ActForm>,
) -> Response {
    let s = p.signed;
    let name = match ActionName::parse(&action) {
        Ok(n) => n,
        Err(e) => return error_page(s.tr, &e),
    };
    let input = ActionInput {
        resolution: p.form.resolution.filter(|r| !r.trim().is_empty()),
        reason: p.form.reason.filter(|r| !r.trim().is_empty()),
        fault_type: p.form.fault_type.filter(|f| !f.trim().is_empty()),
        expected_version: p.form.version,
        ..ActionInput::default()
    };
    match app
        .services
        .act(&s.caller.actor, &number, name, input)
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("/ui/tickets/{number}?done={}", name.as_str())).into_response()
        }
        Err(e) => refused(&app, &s, &number, e).await,
    }
}

/// An action's refusal on the ticket's own page: a stale form says so,
/// bad or illegal input is shown above the actions; anything else is the
/// error page.
pub(crate) async fn refused(app: &App, s: &Signed, number: &str, e: ServiceError) -> Response {
    match e {
        ServiceError::StaleVersion { .. } => {
            let outcome = Outcome {
                stale: true,
                ..Outcome::default()
            };
            show(app, s, number, outcome, StatusCode::CONFLICT).await
        }
        ServiceError::Invalid { .. }
        | ServiceError::Refused(_)
        | ServiceError::Clash { .. }
        | ServiceError::TooLarge { .. } => {
            let status = match e {
                ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                ServiceError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::CONFLICT,
            };
            let outcome = Outcome {
                form_error: Some(refusal_text(s.tr, &e)),
                ..Outcome::default()
            };
            show(app, s, number, outcome, status).await
        }
        e => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    visibility: Option<String>,
}

pub async fn note(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<NoteForm>,
) -> Response {
    let s = p.signed;
    // Customers write public notes; staff choose, internal by default.
    let visibility = if s.caller.actor.role == Role::Customer {
        Visibility::Public
    } else {
        match p.form.visibility.as_deref() {
            Some("public") => Visibility::Public,
            _ => Visibility::Internal,
        }
    };
    match app
        .services
        .tickets
        .add_note(&s.caller.actor, &number, visibility, p.form.body)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done=note")).into_response(),
        Err(e @ ServiceError::Invalid { .. }) => {
            let outcome = Outcome {
                note_error: Some(refusal_text(s.tr, &e)),
                ..Outcome::default()
            };
            show(&app, &s, &number, outcome, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct FactsFormInput {
    version: Option<i64>,
    #[serde(default)]
    fault_type: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    reporter_name: String,
    #[serde(default)]
    reporter_phone: String,
    #[serde(default)]
    reporter_email: String,
    #[serde(default)]
    reason: String,
}

/// The facts form: every field is sent, so the services compare and
/// record only what actually changed.
pub async fn edit_facts(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<FactsFormInput>,
) -> Response {
    let s = p.signed;
    let f = p.form;
    let mut lines = Vec::new();
    for l in &f.lines {
        match l.parse::<averias_domain::Msisdn>() {
            Ok(m) => lines.push(m),
            Err(e) => {
                let e = ServiceError::invalid(e.code(), "lines", e.to_string());
                return refused(&app, &s, &number, e).await;
            }
        }
    }
    let email = if f.reporter_email.trim().is_empty() {
        Some(None)
    } else {
        match f.reporter_email.trim().parse::<averias_domain::Email>() {
            Ok(e) => Some(Some(e)),
            Err(e) => {
                let e = ServiceError::invalid(e.code(), "reporter.email", e.to_string());
                return refused(&app, &s, &number, e).await;
            }
        }
    };
    let edit = averias_services::tickets::FactsEdit {
        fault_type: Some(f.fault_type).filter(|c| !c.trim().is_empty()),
        severity: f.severity.parse().ok(),
        lines: Some(lines),
        equipment: None,
        title: None,
        description: Some(f.description),
        reporter_name: Some(f.reporter_name),
        reporter_phone: Some(f.reporter_phone),
        reporter_email: email,
        reason: f.reason,
        expected_version: f.version,
    };
    match app
        .services
        .tickets
        .edit_facts(&s.caller.actor, &number, edit)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done=edit_facts")).into_response(),
        Err(e) => refused(&app, &s, &number, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct OwnerFormInput {
    version: Option<i64>,
    /// A colleague's name, `me` to take it, empty to release it.
    #[serde(default)]
    owner: String,
}

/// Take, assign or release: back on the ticket's page, saying who owns it.
pub async fn set_owner(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<OwnerFormInput>,
) -> Response {
    let s = p.signed;
    let f = p.form;
    let me = s.caller.actor.user_id.to_string();
    let (owner, done) = match f.owner.trim() {
        "" => (None, "assign"),
        "me" => (Some(me.as_str()), "take"),
        name => (Some(name), "assign"),
    };
    match app
        .services
        .tickets
        .assign(&s.caller.actor, &number, owner, f.version)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done={done}")).into_response(),
        Err(e) => refused(&app, &s, &number, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct MergeFormInput {
    version: Option<i64>,
    /// The original fault's number.
    #[serde(default)]
    into: String,
}

/// Merge this fault into another as its duplicate: back on its page,
/// which now points to the original.
pub async fn merge(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<MergeFormInput>,
) -> Response {
    let s = p.signed;
    let f = p.form;
    if f.into.trim().is_empty() {
        let e = ServiceError::invalid("into_required", "into", "choose the fault to merge into");
        return refused(&app, &s, &number, e).await;
    }
    match app
        .services
        .tickets
        .merge_into(&s.caller.actor, &number, f.into.trim(), f.version)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done=merge")).into_response(),
        Err(e) => refused(&app, &s, &number, e).await,
    }
}
