//! A ticket's files on its page: the list (pictures as thumbnails), the
//! upload form (several files, an optional note) and, for staff, delete.
//! The upload is the API's reader behind the console's session and form
//! token: the token must be the form's first part, so nothing is read to
//! disk for a forged form.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::i18n::Tr;
use super::super::pages::{error_page, when};
use super::super::session::{Posted, Signed, same_origin};
use super::writes::refused;
use crate::App;
use averias_domain::{Actor, Visibility};
use averias_services::ServiceError;
use averias_services::attachments::INLINE_TYPES;
use averias_store::{Attachment, Scan};

/// One file as the page lists it.
pub struct FileLine {
    pub id: String,
    pub name: String,
    /// "Imagen", "PDF", "Texto", "Documento".
    pub kind: String,
    pub size: String,
    pub by: String,
    pub at: String,
    pub internal: bool,
    /// Shown as a thumbnail.
    pub image: bool,
    /// Its bytes may be fetched (not pending or quarantined by the scan).
    pub servable: bool,
    /// What the page says of the scan when not servable; the signature
    /// for staff.
    pub scan_note: Option<String>,
}

/// What the page says of a detected type.
fn kind(tr: Tr, media_type: &str) -> String {
    let key = match media_type {
        t if t.starts_with("image/") => "image",
        "application/pdf" => "pdf",
        "text/plain" => "text",
        _ => "document",
    };
    tr.label("filetype", key)
}

pub fn lines(tr: Tr, actor: &Actor, files: Vec<Attachment>, zone: chrono_tz::Tz) -> Vec<FileLine> {
    files
        .into_iter()
        .map(|a| FileLine {
            id: a.id.to_string(),
            servable: a.scan.servable(),
            scan_note: match a.scan {
                Scan::Pending => Some(tr.t("files-scan_pending").to_owned()),
                Scan::Quarantined => Some(match a.scan_detail.as_deref() {
                    Some(d) if actor.role.is_operator_staff() => {
                        format!("{} ({d})", tr.t("files-quarantined"))
                    }
                    _ => tr.t("files-quarantined").to_owned(),
                }),
                Scan::NotScanned | Scan::Clean => None,
            },
            image: INLINE_TYPES.contains(&a.media_type.as_str()) && a.scan.servable(),
            kind: kind(tr, &a.media_type),
            size: averias_i18n::file_size(a.size, tr.0),
            by: a.created_by_name,
            at: when(a.created_at, zone),
            internal: a.visibility == Visibility::Internal,
            name: a.name,
        })
        .collect()
}

/// Whether `actor` deletes files (operator staff, not integrations).
pub fn may_delete(actor: &Actor) -> bool {
    actor.role.is_operator_staff() && actor.role != averias_domain::Role::Integration
}

/// `POST /ui/tickets/{number}/attachments` (multipart): the files, back
/// on the ticket's page saying so, or its refusal there.
pub async fn upload(
    State(app): State<App>,
    Path(number): Path<String>,
    s: Signed,
    request: Request,
) -> Response {
    let forged = || {
        error_page(
            s.tr,
            &ServiceError::Forbidden(s.tr.t("error-csrf").to_owned()),
        )
    };
    if !same_origin(request.headers()) {
        return forged();
    }
    let mut form = match Multipart::from_request(request, &()).await {
        Ok(f) => f,
        Err(_) => return forged(),
    };
    // The form token comes first; nothing else is read without it.
    let token = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some("_csrf") => field.text().await.unwrap_or_default(),
        _ => return forged(),
    };
    if !averias_services::tokens::same_secret(&token, &s.caller.csrf) {
        return forged();
    }
    let received = match crate::api::read_upload(&app, &mut form).await {
        Ok(r) => r,
        Err(e) => return refused(&app, &s, &number, e).await,
    };
    let actor = &s.caller.actor;
    match app
        .services
        .attachments
        .attach(
            actor,
            &number,
            received.files,
            received.visibility,
            received.note,
        )
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done=attach")).into_response(),
        Err(e) => refused(&app, &s, &number, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /ui/attachments/{id}/delete`: back on its ticket's page.
pub async fn delete(State(app): State<App>, Path(id): Path<String>, p: Posted<Empty>) -> Response {
    let s = p.signed;
    let actor = &s.caller.actor;
    let t = match app.services.attachments.find(actor, &id).await {
        Ok((_, t)) => t,
        Err(e) => return error_page(s.tr, &e),
    };
    let number = t.number.to_string();
    match app.services.attachments.delete(actor, &id).await {
        Ok(()) => Redirect::to(&format!("/ui/tickets/{number}?done=detach")).into_response(),
        Err(e) => refused(&app, &s, &number, e).await,
    }
}
