//! TMF621 `attachment` on create (`AttachmentRefOrValue`): a file sent by
//! value, its bytes base64-encoded in `content`, is received like an
//! upload (type from the bytes, the per-file limit counted as it is
//! written) and stored with the ticket in its own transaction. A file only
//! referred to (`url`, or an `AttachmentRef`'s `id`/`href`) is refused:
//! Averías does not fetch files from addresses a client names.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

use super::{TmfResult, bad, note_visibility};
use crate::App;
use averias_services::intake::Files;

/// At most this many files on one ticket's create (as one upload takes).
const MAX_FILES: usize = 20;
/// Decoded and written this many bytes at a time.
const CHUNK: usize = 64 * 1024;

/// An `Attachment` (or `AttachmentRef`) as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AttachmentInput {
    pub id: Option<String>,
    pub href: Option<String>,
    pub name: Option<String>,
    /// The bytes, base64.
    pub content: Option<String>,
    pub url: Option<String>,
    /// `public` or `internal` (Averías's extension, as on notes).
    pub visibility: Option<String>,
    /// `mimeType`, `description`, `size`, `@type`...: the type comes from
    /// the bytes and the rest is not kept.
    #[serde(flatten)]
    pub _other: BTreeMap<String, Value>,
}

/// The create route lets a body in one file's worth of base64 over the
/// usual limit; the rest of it (everything but the files' `content`) must
/// still be within that limit.
pub(super) fn refuse_oversized_rest(
    app: &App,
    size: usize,
    body: &serde_json::Map<String, Value>,
) -> TmfResult<()> {
    let content: usize = match body.get("attachment") {
        Some(Value::Array(files)) => files.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
    .into_iter()
    .filter_map(|f| f.get("content").and_then(Value::as_str))
    .map(str::len)
    .sum();
    let limit = app.settings.max_body_bytes;
    if size.saturating_sub(content) > limit {
        return Err(super::TmfError(crate::error::ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!(
                "the request body, without its attachments' content, is larger than this server accepts ({limit} bytes)"
            ),
        )));
    }
    Ok(())
}

/// Receives the files of a create body, before anything is written.
pub(super) async fn receive(
    app: &App,
    actor: &averias_domain::Actor,
    inputs: Vec<AttachmentInput>,
) -> TmfResult<Files> {
    if inputs.len() > MAX_FILES {
        return Err(bad(
            "too_many_files",
            format!("send at most {MAX_FILES} attachments with a ticket"),
        ));
    }
    let mut files = Files::default();
    for (i, a) in inputs.into_iter().enumerate() {
        let Some(content) = a.content.as_deref().filter(|c| !c.trim().is_empty()) else {
            let by = if a.url.is_some() {
                "url"
            } else if a.id.is_some() || a.href.is_some() {
                "reference"
            } else {
                "nothing"
            };
            return Err(bad(
                "attachment_content_required",
                format!(
                    "attachment[{i}] gives its file by {by}; Averías does not fetch files: send the bytes base64-encoded in content"
                ),
            ));
        };
        let visibility = note_visibility(actor, a.visibility.as_deref())?;
        match files.visibility {
            Some(v) if v != visibility => {
                return Err(bad(
                    "mixed_attachment_visibility",
                    "the attachments of one ticket are all public or all internal",
                ));
            }
            _ => files.visibility = Some(visibility),
        }
        let name = a
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("attachment-{}", i + 1));
        let mut upload = app.services.attachments.upload(&name).await?;
        // Whitespace (line breaks of a wrapped encoding) is not content.
        let compact: Vec<u8> = content
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let engine = base64::engine::general_purpose::STANDARD;
        // Decoded in pieces of whole quads, so no decoded copy of the
        // whole file is ever held beside the body.
        for piece in compact.chunks(CHUNK / 3 * 4) {
            let bytes = engine.decode(piece).map_err(|e| {
                bad(
                    "invalid_attachment_content",
                    format!("attachment[{i}].content is not base64: {e}"),
                )
            })?;
            upload.write(&bytes).await?;
        }
        files.staged.push(upload.finish().await?);
    }
    Ok(files)
}
