//! Signing in and out of the console and portal.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::Deserialize;

use super::i18n::Tr;
use super::pages::{error_page, render};
use super::session::{self, Posted};
use crate::App;
use averias_services::ServiceError;

#[derive(Template)]
#[template(path = "ui/login.html")]
struct LoginPage {
    tr: Tr,
    token: String,
    next: String,
    name: String,
    message: Option<&'static str>,
    failed: bool,
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    out: Option<String>,
}

/// Only paths of this console: never an absolute URL (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        // A control character cannot go into a Location header.
        Some(n)
            if n.starts_with("/ui")
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/ui".to_owned(),
    }
}

fn login_page(
    app: &App,
    headers: &HeaderMap,
    next: String,
    name: String,
    message: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let token = hex::encode(rand::rng().random::<[u8; 16]>());
    let tr = Tr(super::i18n::lang_of(headers));
    let failed = status != StatusCode::OK;
    let mut r = render(&LoginPage {
        tr,
        token: token.clone(),
        next,
        name,
        message,
        failed,
    });
    *r.status_mut() = status;
    r.headers_mut().append(
        header::SET_COOKIE,
        session::login_cookie(app, headers, &token),
    );
    r
}

pub async fn form(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let message = q.out.is_some().then_some("login-signed_out");
    login_page(
        &app,
        &headers,
        safe_next(q.next.as_deref()),
        String::new(),
        message,
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(rename = "_login", default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn submit(
    State(app): State<App>,
    headers: HeaderMap,
    session::ClientAddr(from): session::ClientAddr,
    axum_extra::extract::Form(f): axum_extra::extract::Form<LoginForm>,
) -> Response {
    let next = safe_next(f.next.as_deref());
    if !session::login_token_ok(&headers, &f.token) {
        return login_page(
            &app,
            &headers,
            next,
            f.name,
            Some("login-expired"),
            StatusCode::FORBIDDEN,
        );
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match app
        .services
        .auth
        .sign_in(&f.name, &f.password, from, agent)
        .await
    {
        Ok(signed) => {
            let mut r = Redirect::to(&next).into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                session::session_cookie(&app, &headers, &signed.secret),
            );
            r
        }
        Err(ServiceError::Unauthenticated) => login_page(
            &app,
            &headers,
            next,
            f.name,
            Some("login-failed"),
            StatusCode::UNAUTHORIZED,
        ),
        Err(ServiceError::Clash { .. }) => login_page(
            &app,
            &headers,
            next,
            f.name,
            Some("login-too_many"),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => error_page(Tr(super::i18n::lang_of(&headers)), &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

async fn end(app: &App, p: Posted<Empty>, everywhere: bool) -> Response {
    if let Err(e) = app
        .services
        .auth
        .sign_out(&p.signed.caller, everywhere)
        .await
    {
        return error_page(p.signed.tr, &e);
    }
    let mut r = Redirect::to("/login?out=1").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, session::clear_session_cookie());
    r
}

pub async fn sign_out(State(app): State<App>, p: Posted<Empty>) -> Response {
    end(&app, p, false).await
}

pub async fn sign_out_everywhere(State(app): State<App>, p: Posted<Empty>) -> Response {
    end(&app, p, true).await
}
