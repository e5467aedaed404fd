//! Attachments over the API: upload (multipart, streamed to the staging
//! folder, never held whole in memory), list, download with the headers
//! that keep a file from ever running in our origin, delete (staff).

use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Caller;
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_domain::{Actor, Visibility};
use averias_services::ServiceError;
use averias_services::attachments::{INLINE_TYPES, Staged};
use averias_store::Attachment;

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list, upload))
        .routes(routes!(download, delete))
}

/// An attachment as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentBody {
    id: String,
    /// The ticket's number.
    ticket: String,
    /// The file's name as sent, made safe.
    name: String,
    size: i64,
    /// Hex SHA-256 of the bytes.
    sha256: String,
    /// Detected from the bytes.
    media_type: String,
    /// `public` or `internal`.
    visibility: &'static str,
    created_at: DateTime<Utc>,
    /// Who attached it.
    created_by: String,
    /// Where to download it.
    href: String,
    /// The virus scan: `not_scanned` (no scanner configured) or `clean`
    /// (downloadable), `pending_scan` (not yet), `quarantined` (never).
    #[schema(value_type = String, example = "clean")]
    scan: &'static str,
    /// Why it is quarantined (the signature found); operator staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    scan_detail: Option<String>,
}

impl AttachmentBody {
    fn of(a: Attachment, ticket: &str, actor: &Actor) -> Self {
        Self {
            scan: a.scan.as_str(),
            scan_detail: a.scan_detail.filter(|_| actor.role.is_operator_staff()),
            href: format!("/api/v1/attachments/{}", a.id),
            id: a.id.to_string(),
            ticket: ticket.to_owned(),
            name: a.name,
            size: a.size,
            sha256: a.sha256,
            media_type: a.media_type,
            visibility: a.visibility.as_str(),
            created_at: a.created_at,
            created_by: a.created_by_name,
        }
    }
}

/// The multipart form of an upload (documentation only: the handler reads
/// the parts as they stream).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// One part per file (repeat `file`).
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
    /// `internal` (default for staff) or `public`; customers' files are public.
    visibility: Option<String>,
    /// A note written with the files.
    note: Option<String>,
}

fn bad_multipart(e: impl std::fmt::Display) -> ApiError {
    api_error(multipart_error(e))
}

fn multipart_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::invalid(
        "invalid_multipart",
        "body",
        format!("the multipart body could not be read: {e}"),
    )
}

/// A malformed body is a 400, not a 422.
fn api_error(e: ServiceError) -> ApiError {
    match e {
        ServiceError::Invalid {
            code: "invalid_multipart",
            message,
            ..
        } => ApiError::new(StatusCode::BAD_REQUEST, "invalid_multipart", message),
        other => other.into(),
    }
}

/// Files one upload may carry.
const MAX_FILES: usize = 20;
/// A text part (a note, the visibility) at most, in bytes.
const MAX_TEXT: usize = 64 * 1024;

/// A text part, read chunk by chunk up to [`MAX_TEXT`]: a part is never
/// read whole into memory before its size is known.
async fn small_text(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
) -> Result<String, ServiceError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > MAX_TEXT {
            return Err(ServiceError::invalid(
                "text_too_long",
                name,
                format!("{name} is longer than {MAX_TEXT} bytes"),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| multipart_error(format!("{name} is not UTF-8 text")))
}

/// What an upload form carried, its files staged.
pub(crate) struct Received {
    pub files: Vec<Staged>,
    pub visibility: Option<Visibility>,
    pub note: Option<String>,
}

/// Reads the rest of an upload form: each `file` part streamed to the
/// staging folder (counted against the per-file limit and, all together,
/// against the ticket's), `visibility` and `note`. Shared by the API and
/// the console.
pub(crate) async fn read_upload(app: &App, form: &mut Multipart) -> Result<Received, ServiceError> {
    let attachments = &app.services.attachments;
    let max_ticket = attachments.settings.max_ticket;
    let mut files: Vec<Staged> = Vec::new();
    let mut total: u64 = 0;
    let mut visibility: Option<Visibility> = None;
    let mut note: Option<String> = None;
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or_default() {
            "file" => {
                if files.len() == MAX_FILES {
                    return Err(ServiceError::invalid(
                        "too_many_files",
                        "file",
                        format!("send at most {MAX_FILES} files at once"),
                    ));
                }
                let name = field.file_name().unwrap_or("file").to_owned();
                // A browser sends an empty part when no file was chosen.
                if name.is_empty() {
                    while field.chunk().await.map_err(multipart_error)?.is_some() {}
                    continue;
                }
                let mut upload = attachments.upload(&name).await?;
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    total += chunk.len() as u64;
                    if total > max_ticket {
                        return Err(ServiceError::TooLarge {
                            code: "ticket_attachments_too_large",
                            message: format!(
                                "the files sent are larger than the {max_ticket} bytes a ticket may hold"
                            ),
                            limit: max_ticket,
                        });
                    }
                    upload.write(&chunk).await?;
                }
                files.push(upload.finish().await?);
            }
            "visibility" => {
                let text = small_text(&mut field, "visibility").await?;
                visibility = Some(match text.trim() {
                    "public" => Visibility::Public,
                    "internal" => Visibility::Internal,
                    other => {
                        return Err(ServiceError::invalid(
                            "invalid_visibility",
                            "visibility",
                            format!("visibility '{other}' is not internal or public"),
                        ));
                    }
                });
            }
            "note" => note = Some(small_text(&mut field, "note").await?),
            other => {
                return Err(multipart_error(format!(
                    "unknown part '{other}'; send file, visibility and note"
                )));
            }
        }
    }
    Ok(Received {
        files,
        visibility,
        note,
    })
}

/// Attach files to a ticket (multipart/form-data: one `file` part per
/// file, optional `visibility` and `note`). Each file is streamed to disk
/// as it arrives, hashed, and typed from its bytes; a file over the
/// per-file limit or a ticket over its total is refused with 413 naming the
/// limit, a type outside the allowlist with 422 naming the detected type.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/attachments", tag = "tickets",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 201, body = Vec<AttachmentBody>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn upload(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
    request: axum::extract::Request,
) -> ApiResult<Response> {
    // Who cannot see the ticket learns nothing, and who may not write on
    // it is told so, before a byte of the body is read.
    let view = app.services.tickets.ticket(&caller.0, &ticket).await?;
    if !caller.0.may_write(Visibility::Public) && !caller.0.may_write(Visibility::Internal) {
        return Err(ServiceError::Forbidden(format!(
            "role {} may not add attachments",
            caller.0.role
        ))
        .into());
    }
    let mut form = <Multipart as axum::extract::FromRequest<()>>::from_request(request, &())
        .await
        .map_err(bad_multipart)?;
    let received = read_upload(&app, &mut form).await.map_err(api_error)?;
    let (files, visibility, note) = (received.files, received.visibility, received.note);
    let number = view.record.number.to_string();
    let attached = app
        .services
        .attachments
        .attach(&caller.0, &number, files, visibility, note)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            attached
                .into_iter()
                .map(|a| AttachmentBody::of(a, &number, &caller.0))
                .collect::<Vec<_>>(),
        ),
    )
        .into_response())
}

/// A ticket's attachments the caller may see (customers: public ones).
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}/attachments", tag = "tickets",
    params(("ticket" = String, Path, description = "Ticket number or id")),
    responses((status = 200, body = Vec<AttachmentBody>), (status = 404, body = ErrorBody)))]
async fn list(
    State(app): State<App>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<Vec<AttachmentBody>>> {
    let view = app.services.tickets.ticket(&caller.0, &ticket).await?;
    let number = view.record.number.to_string();
    let all = app.services.attachments.list(&caller.0, &number).await?;
    Ok(Json(
        all.into_iter()
            .map(|a| AttachmentBody::of(a, &number, &caller.0))
            .collect(),
    ))
}

/// `Content-Disposition` for a name: ASCII-safe `filename`, and the name
/// itself as `filename*` (RFC 6266 / 5987).
fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Download an attachment. Raster pictures may show inline; everything
/// else is a download. Every answer forbids sniffing and runs nothing
/// (`Content-Security-Policy: sandbox; default-src 'none'`).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets",
    params(("id" = String, Path, description = "The attachment's id")),
    responses((status = 200, description = "The file's bytes"), (status = 404, body = ErrorBody)))]
async fn download(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (a, stream) = app.services.attachments.download(&caller.0, &id).await?;
    Ok(file_response(&a, Body::from_stream(stream)))
}

/// The headers every served attachment carries.
fn file_response(a: &Attachment, body: Body) -> Response {
    let inline = INLINE_TYPES.contains(&a.media_type.as_str());
    let mut r = body.into_response();
    let h = r.headers_mut();
    let media = if inline || a.media_type != "text/html" {
        a.media_type.as_str()
    } else {
        "application/octet-stream"
    };
    if let Ok(v) = HeaderValue::from_str(media) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(a.size as u64));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    let kind = if inline { "inline" } else { "attachment" };
    if let Ok(v) = HeaderValue::from_str(&disposition(kind, &a.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Delete an attachment (operator staff). The history keeps that it was
/// there; the bytes go once no attachment holds them.
#[utoipa::path(delete, path = "/api/v1/attachments/{id}", tag = "tickets",
    params(("id" = String, Path, description = "The attachment's id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app.services.attachments.delete(&caller.0, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
