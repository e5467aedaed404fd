//! Attachments: photos of the faulty phone, documents, repair reports on
//! tickets. An upload is streamed to a staging file while it is hashed,
//! counted against the per-file limit and its first bytes kept to detect
//! its type (never the sender's name or header). The bytes then go to the
//! blob store (a folder by default, through `object_store`) named by their
//! SHA-256, so the same bytes are stored once; then the rows, the history
//! entry and the audit event are written in one transaction. Deleting an
//! attachment keeps its row (the history names it) and removes the bytes
//! once no live attachment holds them.
//!
//! Who sees what is the ticket's rule (R-ACCESS-1) plus the note rule: a
//! customer sees only public attachments of its own account's tickets.

use std::path::PathBuf;
use std::sync::Arc;

use averias_domain::{Actor, TicketId, Visibility};
use averias_store::{Attachment, AuditEvent, ChangeSet, Scan, TicketRecord};
use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use object_store::path::Path as BlobPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::changes::{new_note, record_move, unmoved};

mod blobs;
pub mod scan;
use crate::{ServiceError, ServiceResult, audit};
pub use blobs::S3Settings;
pub use scan::Clamd;

/// The history action of files attached (no status moves).
pub const ATTACH: &str = "attach";
/// The history action of an attachment deleted (no status moves).
pub const DETACH: &str = "detach";

/// Types an attachment may have, as detected from its bytes: pictures,
/// PDF, plain text (CSV too) and office documents. Anything else, SVG
/// and HTML above all, is refused.
pub const ALLOWED_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
];

/// Types shown inline (raster pictures); everything else is a download.
pub const INLINE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// How many first bytes decide the type.
const SNIFF: usize = 8192;
/// Times an upload is written again over others' changes to its ticket.
const ATTACH_ATTEMPTS: usize = 12;
/// Bytes read at a time when copying a staged file to the blob store.
const COPY_CHUNK: usize = 256 * 1024;

/// Where the bytes go and how large they may be.
#[derive(Debug, Clone)]
pub struct AttachmentSettings {
    /// The folder of the local blob store (uploads are staged under it).
    pub dir: PathBuf,
    /// One file, at most (bytes).
    pub max_file: u64,
    /// All of a ticket's live attachments together, at most (bytes).
    pub max_ticket: u64,
    /// The virus scanner, if any: uploads are served only once it finds
    /// them clean.
    pub clamd: Option<Clamd>,
    /// An S3-compatible bucket for the bytes instead of the folder (which
    /// then only stages uploads).
    pub s3: Option<S3Settings>,
}

impl AttachmentSettings {
    /// The defaults (10 MB a file, 50 MB a ticket) in folder `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            max_file: 10 * 1024 * 1024,
            max_ticket: 50 * 1024 * 1024,
            clamd: None,
            s3: None,
        }
    }

    /// Whether the blob store these settings name can be opened (the
    /// folder made, the S3 settings complete); said at start-up.
    pub fn check(&self) -> std::io::Result<()> {
        blobs::open(self).map(|_| ())
    }
}

/// Files on tickets.
#[derive(Debug, Clone)]
pub struct Attachments {
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) lookup: crate::lookup::Lookup,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) blobs: Arc<dyn ObjectStore>,
    /// Bytes per part of a multipart put (the store's minimum).
    part_size: usize,
    pub settings: Arc<AttachmentSettings>,
}

/// An upload being received: written to a staging file as it comes.
#[derive(Debug)]
pub struct Upload {
    file: tokio::fs::File,
    path: tempfile::TempPath,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    limit: u64,
    name: String,
}

/// A received upload, ready to attach.
#[derive(Debug)]
pub struct Staged {
    path: tempfile::TempPath,
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub media_type: String,
}

/// The blob store's name for some bytes.
fn blob_path(sha256: &str) -> BlobPath {
    BlobPath::from(format!("sha256/{}/{sha256}", &sha256[..2]))
}

fn blob_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Blob(e.to_string())
}

/// A file name fit for a header and a page: the last path segment, no
/// control or quote characters, at most 120 characters; `file` if nothing
/// is left.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

/// The type of a file from its first bytes: a known magic number, else
/// plain text when they read as UTF-8 without NUL, else unknown. Text that
/// opens with `<` is markup (HTML, SVG, XML): never shown as text.
pub fn detect(head: &[u8]) -> String {
    if let Some(t) = infer::get(head) {
        return t.mime_type().to_owned();
    }
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut at the end of the window is still text.
        Err(e) => e.error_len().is_none(),
    };
    if utf8 && !head.contains(&0) {
        let text = String::from_utf8_lossy(head);
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
        {
            return "text/html".to_owned();
        }
        return "text/plain".to_owned();
    }
    "application/octet-stream".to_owned()
}

impl Upload {
    /// Adds the next bytes; refuses once the file passes the limit.
    pub async fn write(&mut self, chunk: &[u8]) -> ServiceResult<()> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(ServiceError::TooLarge {
                code: "file_too_large",
                message: format!(
                    "{} is larger than the {} bytes a file may have",
                    self.name, self.limit
                ),
                limit: self.limit,
            });
        }
        if self.head.len() < SNIFF {
            let take = (SNIFF - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await.map_err(blob_error)
    }

    /// The received file, hashed and typed.
    pub async fn finish(mut self) -> ServiceResult<Staged> {
        self.file.flush().await.map_err(blob_error)?;
        Ok(Staged {
            path: self.path,
            media_type: detect(&self.head),
            sha256: hex::encode(self.hasher.finalize()),
            size: self.size,
            name: self.name,
        })
    }
}

impl Attachments {
    /// Attachments over `store`, their bytes in the folder `settings.dir`
    /// (created if missing).
    pub fn new(
        store: Arc<dyn averias_store::Store>,
        lookup: crate::lookup::Lookup,
        clock: crate::clock::Clock,
        notifications: crate::notifications::Notifications,
        settings: AttachmentSettings,
    ) -> std::io::Result<Self> {
        std::fs::create_dir_all(&settings.dir)?;
        let (blobs, part_size) = blobs::open(&settings)?;
        Ok(Self {
            ticket_store: store,
            lookup,
            clock,
            notifications,
            blobs,
            part_size,
            settings: Arc::new(settings),
        })
    }

    /// Starts receiving a file sent as `name`.
    pub async fn upload(&self, name: &str) -> ServiceResult<Upload> {
        let staging = self.settings.dir.join("staging");
        tokio::fs::create_dir_all(&staging)
            .await
            .map_err(blob_error)?;
        let file = tempfile::Builder::new()
            .prefix("upload-")
            .tempfile_in(&staging)
            .map_err(blob_error)?;
        let (file, path) = file.into_parts();
        Ok(Upload {
            file: tokio::fs::File::from_std(file),
            path,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::with_capacity(SNIFF),
            limit: self.settings.max_file,
            name: safe_name(name),
        })
    }

    /// Attaches received files to a ticket, with an optional note (in the
    /// files' visibility; internal by default for staff): checked
    /// (who may write what, an open ticket, the types, the ticket's total),
    /// the bytes stored, then the rows, note, history and audit written in
    /// one transaction.
    pub async fn attach(
        &self,
        actor: &Actor,
        reference: &str,
        files: Vec<Staged>,
        visibility: Option<Visibility>,
        note: Option<String>,
    ) -> ServiceResult<Vec<Attachment>> {
        let visibility = writable_visibility(actor, visibility)?;
        if files.is_empty() {
            return Err(ServiceError::invalid(
                "files_required",
                "file",
                "send at least one file",
            ));
        }
        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        let mut stored: Option<Vec<Attachment>> = None;
        // Adding files asks for no version: when someone else changed the
        // ticket meanwhile (another upload, a note), the change is made
        // again on the ticket as it is now, its checks included.
        for attempt in 1..=ATTACH_ATTEMPTS {
            let t = self.lookup.visible_ticket(actor, reference).await?;
            if t.status.is_final() {
                return Err(ServiceError::clash(
                    "ticket_not_open",
                    format!(
                        "ticket {} is {}; it takes no more files",
                        t.number, t.status
                    ),
                    json!({"number": t.number.to_string(), "status": t.status.as_str()}),
                ));
            }
            let held: i64 = self
                .ticket_store
                .attachments_of(t.id)
                .await?
                .iter()
                .filter(|a| a.deleted_at.is_none())
                .map(|a| a.size)
                .sum();
            self.check_files(&files, held.max(0) as u64, &format!("ticket {}", t.number))?;
            let now = self.clock.now();
            let mut changes = ChangeSet::default();
            let note_id = note.as_ref().map(|body| {
                let n = new_note(actor, &t, visibility, body, now);
                let id = n.id;
                changes.notes.push(n);
                id
            });
            // The bytes once, whatever the attempts.
            let attached: Vec<Attachment> = match stored.take() {
                Some(rows) => rows
                    .into_iter()
                    .map(|a| Attachment {
                        note_id,
                        created_at: now,
                        ..a
                    })
                    .collect(),
                None => {
                    self.store_files(actor, t.id, &files, visibility, note_id, now)
                        .await?
                }
            };
            let names: Vec<&str> = attached.iter().map(|a| a.name.as_str()).collect();
            let update = unmoved(&t, now);
            record_move(
                &mut changes,
                actor,
                &t,
                update,
                ATTACH,
                Some(names.join(", ")),
                json!({"attachments": attached.iter().map(|a| json!({
                    "id": a.id, "name": a.name, "sha256": a.sha256, "size": a.size,
                    "media_type": a.media_type, "visibility": a.visibility.as_str(),
                })).collect::<Vec<_>>()}),
            );
            // Staff adding public files (a repair report, a reading): the
            // reporting contact hears of them, with links.
            if visibility == Visibility::Public && actor.role.is_operator_staff() {
                changes.messages = self
                    .notifications
                    .files_added_messages(&t, &attached, &actor.name)
                    .await?;
            }
            changes.attachments = attached.clone();
            match self.ticket_store.apply_ticket_changes(changes).await {
                Ok(()) => {
                    self.scan_soon(&attached);
                    return Ok(attached);
                }
                Err(averias_store::StoreError::VersionConflict(_)) if attempt < ATTACH_ATTEMPTS => {
                    stored = Some(attached);
                    // A moment's random wait, so writers that met here do
                    // not meet again on the next attempt.
                    let wait = rand::random_range(1..=10 * attempt as u64);
                    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        unreachable!("the last attempt returns")
    }

    /// Refuses files a ticket holding `held` bytes may not take: empty
    /// ones, types outside [`ALLOWED_TYPES`], more than the ticket's limit
    /// together (`whose`: "ticket AV-…", or "the new fault").
    pub fn check_files(&self, files: &[Staged], held: u64, whose: &str) -> ServiceResult<()> {
        for f in files {
            if f.size == 0 {
                return Err(ServiceError::invalid(
                    "empty_file",
                    "file",
                    format!("{} is empty", f.name),
                ));
            }
            if !ALLOWED_TYPES.contains(&f.media_type.as_str()) {
                return Err(ServiceError::Invalid {
                    code: "file_type_not_allowed",
                    field: Some("file".into()),
                    message: format!(
                        "{} is {}, which is not accepted; send a picture, a PDF, text or an office document",
                        f.name, f.media_type
                    ),
                });
            }
        }
        let adding: u64 = files.iter().map(|f| f.size).sum();
        if held + adding > self.settings.max_ticket {
            return Err(ServiceError::TooLarge {
                code: "ticket_attachments_too_large",
                message: format!(
                    "{whose} would hold more than the {} bytes of attachments a ticket may have",
                    self.settings.max_ticket
                ),
                limit: self.settings.max_ticket,
            });
        }
        Ok(())
    }

    /// Stores checked files' bytes (the bytes first: a row never names
    /// bytes that are not stored) and returns the rows to write with the
    /// change that attaches them.
    pub(crate) async fn store_files(
        &self,
        actor: &Actor,
        ticket: TicketId,
        files: &[Staged],
        visibility: Visibility,
        note_id: Option<uuid::Uuid>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> ServiceResult<Vec<Attachment>> {
        for f in files {
            self.store_blob(f).await?;
        }
        Ok(files
            .iter()
            .map(|f| Attachment {
                id: uuid::Uuid::now_v7(),
                ticket_id: ticket,
                sha256: f.sha256.clone(),
                name: f.name.clone(),
                size: f.size as i64,
                media_type: f.media_type.clone(),
                visibility,
                note_id,
                created_by: actor.user_id,
                created_by_name: actor.name.clone(),
                created_at: now,
                deleted_at: None,
                deleted_by: None,
                scan: self.initial_scan(),
                scan_detail: None,
            })
            .collect())
    }

    /// Copies a staged file into the blob store unless those bytes are
    /// there already: in one request when it fits a part, else a part at
    /// a time (two in flight at most, so memory stays bounded).
    async fn store_blob(&self, f: &Staged) -> ServiceResult<()> {
        let key = blob_path(&f.sha256);
        if self.blobs.head(&key).await.is_ok() {
            return Ok(());
        }
        let mut file = tokio::fs::File::open(&f.path).await.map_err(blob_error)?;
        if f.size <= self.part_size as u64 {
            let mut bytes = Vec::with_capacity(f.size as usize);
            file.read_to_end(&mut bytes).await.map_err(blob_error)?;
            self.blobs
                .put(&key, PutPayload::from(bytes))
                .await
                .map_err(blob_error)?;
            return Ok(());
        }
        let upload = self.blobs.put_multipart(&key).await.map_err(blob_error)?;
        let mut upload = object_store::WriteMultipart::new_with_chunk_size(upload, self.part_size);
        let mut buffer = vec![0u8; COPY_CHUNK];
        loop {
            let n = match file.read(&mut buffer).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    let _ = upload.abort().await;
                    return Err(blob_error(e));
                }
            };
            if let Err(e) = upload.wait_for_capacity(2).await {
                let _ = upload.abort().await;
                return Err(blob_error(e));
            }
            upload.write(&buffer[..n]);
        }
        upload.finish().await.map_err(blob_error)?;
        Ok(())
    }

    /// A ticket's live attachments the caller may see.
    pub async fn list(&self, actor: &Actor, reference: &str) -> ServiceResult<Vec<Attachment>> {
        let t = self.lookup.visible_ticket(actor, reference).await?;
        Ok(self
            .ticket_store
            .attachments_of(t.id)
            .await?
            .into_iter()
            .filter(|a| a.deleted_at.is_none() && actor.may_read(a.visibility))
            .collect())
    }

    /// An attachment the caller may see: the ticket's rule and the
    /// visibility's; anything else is "not found".
    pub async fn find(&self, actor: &Actor, id: &str) -> ServiceResult<(Attachment, TicketRecord)> {
        let missing = || ServiceError::not_found("attachment", id);
        let parsed: uuid::Uuid = id.parse().map_err(|_| missing())?;
        let a = self
            .ticket_store
            .attachment(parsed)
            .await?
            .filter(|a| a.deleted_at.is_none())
            .ok_or_else(missing)?;
        let t = self
            .lookup
            .visible_ticket(actor, &a.ticket_id.to_string())
            .await
            .map_err(|_| missing())?;
        if !actor.may_read(a.visibility) {
            return Err(missing());
        }
        Ok((a, t))
    }

    /// An attachment's bytes, as a stream.
    pub async fn download(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<(Attachment, BoxStream<'static, std::io::Result<Bytes>>)> {
        let (a, _) = self.find(actor, id).await?;
        refuse_unscanned(actor, &a)?;
        let got = match self.blobs.get(&blob_path(&a.sha256)).await {
            Ok(got) => got,
            // A row whose bytes are gone: the store was moved or restored
            // without them. Said plainly in the log, for whoever runs it.
            Err(object_store::Error::NotFound { .. }) => {
                return Err(ServiceError::Blob(format!(
                    "the bytes of attachment {} ({}) are not in the blob store; restore them (averias import) or check [attachments] dir",
                    a.id, a.sha256
                )));
            }
            Err(e) => return Err(blob_error(e)),
        };
        let stream = got
            .into_stream()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .boxed();
        Ok((a, stream))
    }

    /// Deletes an attachment (operator staff): its row stays for the
    /// history; its bytes go once no live attachment holds them.
    pub async fn delete(&self, actor: &Actor, id: &str) -> ServiceResult<()> {
        let (a, t) = self.find(actor, id).await?;
        if !actor.role.is_operator_staff() || actor.role == averias_domain::Role::Integration {
            return Err(ServiceError::Forbidden(format!(
                "role {} may not delete attachments",
                actor.role
            )));
        }
        let now = self.clock.now();
        let mut changes = ChangeSet::default();
        let update = unmoved(&t, now);
        record_move(
            &mut changes,
            actor,
            &t,
            update,
            DETACH,
            Some(a.name.clone()),
            json!({"attachment": a.id, "name": a.name, "sha256": a.sha256}),
        );
        changes
            .attachment_deletions
            .push((a.id, now, actor.name.clone()));
        changes.audit.push(AuditEvent {
            before: Some(json!({"name": a.name, "sha256": a.sha256})),
            ..audit(actor, now, "attachment", a.id.to_string(), DETACH)
        });
        self.ticket_store.apply_ticket_changes(changes).await?;
        if !self.ticket_store.blob_in_use(&a.sha256).await? {
            match self.blobs.delete(&blob_path(&a.sha256)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => {
                    tracing::warn!(error = %e, sha256 = %a.sha256, "unreferenced bytes stay until the next cleanup")
                }
            }
        }
        Ok(())
    }

    /// Removes bytes no attachment holds that are older than `grace`
    /// (an upload whose rows never committed: a crash, a refusal after
    /// the copy), and staging files left by a stopped process. Returns how
    /// many blobs went. The grace keeps an upload under way safe: its
    /// bytes are written before its rows.
    pub async fn sweep(&self, grace: std::time::Duration) -> ServiceResult<usize> {
        let cutoff = chrono::Utc::now()
            - chrono::Duration::from_std(grace).unwrap_or_else(|_| chrono::Duration::days(1));
        let mut listed = self.blobs.list(Some(&BlobPath::from("sha256")));
        let mut old = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(blob_error)?;
            if meta.last_modified < cutoff {
                old.push(meta.location);
            }
        }
        let mut removed = 0;
        for location in old {
            let Some(sha) = location.filename().map(str::to_owned) else {
                continue;
            };
            if self.ticket_store.blob_in_use(&sha).await? {
                continue;
            }
            match self.blobs.delete(&location).await {
                Ok(()) => removed += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(blob_error(e)),
            }
        }
        if let Ok(mut entries) = tokio::fs::read_dir(self.settings.dir.join("staging")).await {
            let limit = std::time::SystemTime::now() - grace;
            while let Ok(Some(entry)) = entries.next_entry().await {
                let stale = entry
                    .metadata()
                    .await
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m < limit);
                if stale {
                    let _ = tokio::fs::remove_file(entry.path()).await;
                }
            }
        }
        Ok(removed)
    }

    /// The bytes named `sha256`, hex-encoded, for an export; `None` when
    /// the store lacks them.
    pub async fn export_blob(&self, sha256: &str) -> ServiceResult<Option<String>> {
        match self.blobs.get(&blob_path(sha256)).await {
            Ok(got) => Ok(Some(hex::encode(got.bytes().await.map_err(blob_error)?))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(blob_error(e)),
        }
    }

    /// Stores exported bytes after checking they are the ones named.
    pub async fn import_blob(&self, sha256: &str, hex_bytes: &str) -> ServiceResult<()> {
        let bytes = hex::decode(hex_bytes).map_err(|e| {
            ServiceError::invalid("invalid_blob", "blob", format!("bytes of {sha256}: {e}"))
        })?;
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(ServiceError::invalid(
                "invalid_blob",
                "blob",
                format!("the bytes named {sha256} hash to {actual}"),
            ));
        }
        self.blobs
            .put(&blob_path(sha256), PutPayload::from(bytes))
            .await
            .map_err(blob_error)?;
        Ok(())
    }

    /// Whether the blob store holds these bytes (tests and cleanup).
    pub async fn has_bytes(&self, sha256: &str) -> bool {
        self.blobs.head(&blob_path(sha256)).await.is_ok()
    }
}

/// The visibility files are written with: as asked, or internal for staff
/// and public for customers (as notes); refused when the writer may not.
pub fn writable_visibility(
    actor: &Actor,
    visibility: Option<Visibility>,
) -> ServiceResult<Visibility> {
    let visibility = visibility.unwrap_or(if actor.may_write(Visibility::Internal) {
        Visibility::Internal
    } else {
        Visibility::Public
    });
    if !actor.may_write(visibility) {
        return Err(ServiceError::Forbidden(format!(
            "role {} may not add {visibility} attachments",
            actor.role
        )));
    }
    Ok(visibility)
}

/// Refuses the bytes of an attachment not (yet) found clean: pending, it
/// is a moment's wait; quarantined, never (staff are told the signature).
pub fn refuse_unscanned(actor: &Actor, a: &Attachment) -> ServiceResult<()> {
    match a.scan {
        Scan::NotScanned | Scan::Clean => Ok(()),
        Scan::Pending => Err(ServiceError::clash(
            "attachment_pending_scan",
            format!(
                "{} is being checked for viruses; try again in a moment",
                a.name
            ),
            json!({"attachment": a.id, "scan": a.scan.as_str()}),
        )),
        Scan::Quarantined => {
            let why = a
                .scan_detail
                .as_deref()
                .filter(|_| actor.role.is_operator_staff())
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            Err(ServiceError::clash(
                "attachment_quarantined",
                format!(
                    "{} was quarantined by the virus scan{why} and cannot be downloaded",
                    a.name
                ),
                json!({"attachment": a.id, "scan": a.scan.as_str()}),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes_and_markup_is_never_text() {
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(detect(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(detect("línea;+58416\n".as_bytes()), "text/plain");
        assert_eq!(detect(b"  <svg onload=alert(1)>"), "text/html");
        assert_eq!(detect(b"<!doctype html><script>"), "text/html");
        assert_eq!(detect(b"\0\x01\x02garbage"), "application/octet-stream");
    }

    #[test]
    fn names_are_made_safe_for_headers_and_pages() {
        assert_eq!(safe_name("C:\\fotos\\pantalla.jpg"), "pantalla.jpg");
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("a\"b;\r\nc.png"), "abc.png");
        assert_eq!(safe_name(".."), "file");
    }
}
