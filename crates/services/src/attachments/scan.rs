//! The optional virus scan of attachments by clamd. With a clamd address
//! configured, an attachment is written `pending_scan`; its bytes are then
//! streamed from the blob store to clamd (`INSTREAM`, through the
//! `clamav-client` crate) right after the upload, and again by the
//! background worker for any still pending (clamd was down, the process
//! stopped). clamd's verdict makes it `clean` (served) or `quarantined`
//! (never served; staff see why). A scanner that cannot be reached leaves
//! it pending, never clean: nothing unscanned is served.

use std::path::PathBuf;

use averias_store::{Attachment, AuditEvent, ChangeSet, Scan, ScanVerdict};
use futures::TryStreamExt;
use object_store::ObjectStoreExt;
use serde_json::json;

use super::{Attachments, blob_path};
use crate::ServiceResult;

/// Where clamd listens: `host:port`, or `unix:/path/to/clamd.ctl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clamd {
    Tcp(String),
    Unix(PathBuf),
}

impl Clamd {
    /// Reads an address as the configuration gives it.
    pub fn parse(address: &str) -> Result<Self, String> {
        let address = address.trim();
        if let Some(path) = address.strip_prefix("unix:") {
            if path.is_empty() {
                return Err("a unix: clamd address needs the socket's path".into());
            }
            return Ok(Clamd::Unix(PathBuf::from(path)));
        }
        match address.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                Ok(Clamd::Tcp(address.to_owned()))
            }
            _ => Err(format!(
                "clamd address {address:?} is neither host:port nor unix:/path"
            )),
        }
    }
}

/// What clamd said of some bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// A signature matched (its name).
    Infected(String),
    /// clamd answered but would not scan (size limit, a broken file...).
    Refused(String),
}

/// Reads clamd's `INSTREAM` answer: `stream: OK`, `stream: <sig> FOUND`,
/// or `<reason> ERROR`.
pub fn read_answer(raw: &[u8]) -> Verdict {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim_end_matches(['\0', '\n', ' ']);
    let body = text.strip_prefix("stream:").unwrap_or(text).trim();
    if body == "OK" {
        Verdict::Clean
    } else if let Some(signature) = body.strip_suffix(" FOUND") {
        Verdict::Infected(signature.trim().to_owned())
    } else {
        Verdict::Refused(if body.is_empty() {
            "clamd gave no answer".to_owned()
        } else {
            body.to_owned()
        })
    }
}

/// Attachments scanned at a time by the worker.
const BATCH: i64 = 50;

impl Attachments {
    /// The state a new attachment starts in.
    pub(super) fn initial_scan(&self) -> Scan {
        if self.settings.clamd.is_some() {
            Scan::Pending
        } else {
            Scan::NotScanned
        }
    }

    /// Scans these just-written attachments in the background, so their
    /// verdict comes within moments of the upload; the worker catches
    /// whatever this misses.
    pub(crate) fn scan_soon(&self, attached: &[Attachment]) {
        if self.settings.clamd.is_none() || attached.is_empty() {
            return;
        }
        let this = self.clone();
        let attached = attached.to_vec();
        tokio::spawn(async move {
            for a in attached {
                if let Err(e) = this.scan_one(&a).await {
                    tracing::warn!(error = %e, attachment = %a.id, "scan left pending; the worker retries");
                }
            }
        });
    }

    /// Scans attachments still pending (the background worker, each
    /// tick). Returns how many got a verdict.
    pub async fn scan_pending(&self) -> ServiceResult<usize> {
        if self.settings.clamd.is_none() {
            return Ok(0);
        }
        let mut done = 0;
        for a in self.ticket_store.attachments_pending_scan(BATCH).await? {
            match self.scan_one(&a).await {
                Ok(()) => done += 1,
                Err(e) => {
                    // clamd down: the rest would fail the same way.
                    tracing::warn!(error = %e, attachment = %a.id, "clamd unreachable; scans stay pending");
                    break;
                }
            }
        }
        Ok(done)
    }

    /// Streams one attachment's bytes to clamd and records the verdict
    /// (an audit event when quarantined). A transport error is returned
    /// and the attachment stays pending.
    async fn scan_one(&self, a: &Attachment) -> ServiceResult<()> {
        let Some(clamd) = self.settings.clamd.clone() else {
            return Ok(());
        };
        let got = self
            .blobs
            .get(&blob_path(&a.sha256))
            .await
            .map_err(super::blob_error)?;
        let stream = got
            .into_stream()
            .map_err(|e| std::io::Error::other(e.to_string()));
        let answer = match &clamd {
            Clamd::Tcp(address) => {
                clamav_client::tokio::scan_stream(
                    stream,
                    clamav_client::tokio::Tcp {
                        host_address: address.as_str(),
                    },
                    Some(CHUNK),
                )
                .await
            }
            Clamd::Unix(path) => {
                clamav_client::tokio::scan_stream(
                    stream,
                    clamav_client::tokio::Socket {
                        socket_path: path.as_path(),
                    },
                    Some(CHUNK),
                )
                .await
            }
        }
        .map_err(|e| crate::ServiceError::Blob(format!("clamd: {e}")))?;
        let (scan, detail) = match read_answer(&answer) {
            Verdict::Clean => (Scan::Clean, None),
            Verdict::Infected(signature) => (Scan::Quarantined, Some(signature)),
            // Fail closed: what clamd would not scan is not served.
            Verdict::Refused(reason) => (Scan::Quarantined, Some(format!("not scanned: {reason}"))),
        };
        let mut changes = ChangeSet::default();
        changes.scan_verdicts.push(ScanVerdict {
            attachment: a.id,
            scan,
            detail: detail.clone(),
        });
        if scan == Scan::Quarantined {
            tracing::warn!(attachment = %a.id, ticket = %a.ticket_id, detail = ?detail, "attachment quarantined");
            changes.audit.push(AuditEvent {
                at: self.clock.now(),
                actor_id: None,
                actor_name: "virus scanner".into(),
                entity_type: "attachment".into(),
                entity_id: a.id.to_string(),
                action: "quarantine".into(),
                before: None,
                after: Some(json!({"scan": scan.as_str(), "detail": detail, "sha256": a.sha256})),
            });
        }
        self.ticket_store.apply_ticket_changes(changes).await?;
        Ok(())
    }
}

/// Bytes sent to clamd a chunk at a time.
const CHUNK: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamd_answers_are_read_into_verdicts() {
        assert_eq!(read_answer(b"stream: OK\0"), Verdict::Clean);
        assert_eq!(
            read_answer(b"stream: Eicar-Test-Signature FOUND\0"),
            Verdict::Infected("Eicar-Test-Signature".into())
        );
        assert_eq!(
            read_answer(b"INSTREAM size limit exceeded. ERROR\0"),
            Verdict::Refused("INSTREAM size limit exceeded. ERROR".into())
        );
        assert!(matches!(read_answer(b""), Verdict::Refused(_)));
    }

    #[test]
    fn clamd_addresses_are_tcp_or_unix() {
        assert_eq!(
            Clamd::parse("127.0.0.1:3310"),
            Ok(Clamd::Tcp("127.0.0.1:3310".into()))
        );
        assert_eq!(
            Clamd::parse("unix:/run/clamav/clamd.ctl"),
            Ok(Clamd::Unix("/run/clamav/clamd.ctl".into()))
        );
        assert!(Clamd::parse("clamd").is_err());
        assert!(Clamd::parse("unix:").is_err());
    }
}
