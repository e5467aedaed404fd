//! A user's own account page (password, API token) and the admin's users
//! page (password reset, new token, activate or deactivate).

use askama::Template;
use averias_domain::{Role, UserId};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;
use averias_services::reference::UserPatch;

#[derive(Template)]
#[template(path = "ui/me.html")]
struct MePage {
    tr: Tr,
    chrome: Chrome,
    role: &'static str,
    group: String,
    /// A token just issued, shown this once.
    token: Option<String>,
    notice: Option<&'static str>,
    password_error: Option<String>,
}

fn me_page(
    s: &Signed,
    token: Option<String>,
    notice: Option<&'static str>,
    password_error: Option<String>,
    status: StatusCode,
) -> Response {
    render_status(
        &MePage {
            tr: s.tr,
            chrome: Chrome::of(s),
            role: s.caller.actor.role.as_str(),
            group: s.caller.actor.group.clone().unwrap_or_default(),
            token,
            notice,
            password_error,
        },
        status,
    )
}

pub async fn me(s: Signed) -> Response {
    me_page(&s, None, None, None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

/// A new password ends every session, this one included: sign in again.
pub async fn change_password(State(app): State<App>, p: Posted<PasswordForm>) -> Response {
    let s = p.signed;
    match app
        .services
        .auth
        .change_own_password(&s.caller.actor, &p.form.current, &p.form.new)
        .await
    {
        Ok(()) => Redirect::to("/login?out=1").into_response(),
        Err(ServiceError::Invalid { code, message, .. }) => {
            let text = if code == "wrong_password" {
                s.tr.t("me-wrong_password").to_owned()
            } else {
                message
            };
            me_page(&s, None, None, Some(text), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn new_token(State(app): State<App>, p: Posted<Empty>) -> Response {
    let s = p.signed;
    match app.services.auth.rotate_own_token(&s.caller.actor).await {
        Ok(token) => me_page(
            &s,
            Some(token),
            Some("me-token_issued"),
            None,
            StatusCode::OK,
        ),
        Err(e) => error_page(s.tr, &e),
    }
}

struct UserLine {
    id: String,
    name: String,
    role: &'static str,
    group: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "ui/users.html")]
struct UsersPage {
    tr: Tr,
    chrome: Chrome,
    users: Vec<UserLine>,
    roles: Vec<&'static str>,
    token: Option<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
}

async fn users_page(
    app: &App,
    s: &Signed,
    token: Option<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let users = match app.services.admin.users(&s.caller.actor).await {
        Ok(u) => u,
        Err(e) => return error_page(s.tr, &e),
    };
    render_status(
        &UsersPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            users: users
                .into_iter()
                .map(|u| UserLine {
                    id: u.id.to_string(),
                    name: u.name,
                    role: u.role.as_str(),
                    group: u.group_code.unwrap_or_default(),
                    active: u.active,
                })
                .collect(),
            roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
            token,
            notice,
            error,
        },
        status,
    )
}

pub async fn users(State(app): State<App>, s: Signed) -> Response {
    if s.caller.actor.role != Role::Admin {
        return error_page(s.tr, &ServiceError::Forbidden("admins only".into()));
    }
    users_page(&app, &s, None, None, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct UserAction {
    #[serde(default)]
    password: String,
}

/// `reset` (with a new password), `token`, `activate` or `deactivate`.
pub async fn user_action(
    State(app): State<App>,
    Path((id, action)): Path<(String, String)>,
    p: Posted<UserAction>,
) -> Response {
    let s = p.signed;
    let Ok(user) = id.parse::<UserId>() else {
        return error_page(s.tr, &ServiceError::not_found("user", id));
    };
    let actor = &s.caller.actor;
    let patch = |active: Option<bool>, rotate_token: bool| UserPatch {
        role: None,
        group: None,
        active,
        rotate_token,
    };
    let outcome = match action.as_str() {
        "reset" => app
            .services
            .auth
            .set_password(actor, user, &p.form.password)
            .await
            .map(|()| None),
        "token" => app
            .services
            .admin
            .update_user(actor, user, patch(None, true))
            .await
            .map(|(u, t)| t.map(|t| (u.name, t))),
        "activate" => app
            .services
            .admin
            .update_user(actor, user, patch(Some(true), false))
            .await
            .map(|_| None),
        "deactivate" => app
            .services
            .admin
            .update_user(actor, user, patch(Some(false), false))
            .await
            .map(|_| None),
        _ => Err(ServiceError::not_found("action", action.clone())),
    };
    match outcome {
        Ok(token) => {
            let notice = Some(s.tr.t("ticket-saved").to_owned());
            users_page(&app, &s, token, notice, None, StatusCode::OK).await
        }
        Err(e @ ServiceError::Invalid { .. }) => {
            users_page(
                &app,
                &s,
                None,
                None,
                Some(e.in_words(s.tr.0)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    email: String,
}

/// An admin creates a user; its API token is shown once.
pub async fn create_user(State(app): State<App>, p: Posted<NewUser>) -> Response {
    let s = p.signed;
    let f = p.form;
    let Ok(role) = f.role.parse::<Role>() else {
        let msg = Some(s.tr.t("users-role_required").to_owned());
        return users_page(&app, &s, None, None, msg, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let opt = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let input = averias_services::reference::UserInput {
        name: f.name.trim().to_owned(),
        role,
        group: opt(f.group),
        account: opt(f.account),
        token: None,
        email: opt(f.email),
    };
    match app.services.admin.create_user(&s.caller.actor, input).await {
        Ok((user, token)) => {
            let notice = Some(s.tr.t("ticket-saved").to_owned());
            users_page(
                &app,
                &s,
                Some((user.name, token)),
                notice,
                None,
                StatusCode::CREATED,
            )
            .await
        }
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            users_page(
                &app,
                &s,
                None,
                None,
                Some(e.in_words(s.tr.0)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => error_page(s.tr, &e),
    }
}
