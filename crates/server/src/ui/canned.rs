//! The canned responses page (admins, customer-service management): each
//! group's ready-made texts in both languages, added and deleted here;
//! agents insert them from a ticket's note box.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::canned::CannedInput;

#[derive(Template)]
#[template(path = "ui/canned.html")]
struct CannedPage {
    tr: Tr,
    chrome: Chrome,
    /// (id, group name, name, Spanish text, English text).
    responses: Vec<(String, String, String, String, String)>,
    groups: Vec<(String, String)>,
    form_error: Option<String>,
}

async fn show(app: &App, s: &Signed, form_error: Option<String>, status: StatusCode) -> Response {
    let (all, groups) = match futures::try_join!(
        app.services.canned.list(&s.caller.actor, None),
        app.services.admin.groups()
    ) {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let group_name = |code: &str| {
        groups
            .iter()
            .find(|g| g.code == code)
            .map_or_else(|| code.to_owned(), |g| g.name.clone())
    };
    let page = CannedPage {
        tr: s.tr,
        chrome: Chrome::of(s),
        responses: all
            .into_iter()
            .map(|c| {
                let group = group_name(&c.group);
                (c.id.to_string(), group, c.name, c.body_es, c.body_en)
            })
            .collect(),
        groups: groups
            .iter()
            .map(|g| (g.code.clone(), g.name.clone()))
            .collect(),
        form_error,
    };
    render_status(&page, status)
}

pub async fn page(State(app): State<App>, s: Signed) -> Response {
    show(&app, &s, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    group: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    body_es: String,
    #[serde(default)]
    body_en: String,
}

pub async fn create(State(app): State<App>, p: Posted<CannedForm>) -> Response {
    let s = p.signed;
    let f = p.form;
    let input = CannedInput {
        group: f.group,
        name: f.name,
        body_es: f.body_es,
        body_en: f.body_en,
    };
    match app.services.canned.create(&s.caller.actor, input).await {
        Ok(_) => Redirect::to("/ui/admin/canned").into_response(),
        Err(e) => {
            let words = e.in_words(s.tr.0);
            let status = crate::error::ApiError::from(e).status;
            show(&app, &s, Some(words), status).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn delete(State(app): State<App>, Path(id): Path<String>, p: Posted<Empty>) -> Response {
    let s = p.signed;
    match app.services.canned.delete(&s.caller.actor, &id).await {
        Ok(()) => Redirect::to("/ui/admin/canned").into_response(),
        Err(e) => error_page(s.tr, &e),
    }
}
