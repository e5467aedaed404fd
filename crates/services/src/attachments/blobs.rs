//! Where attachments' bytes live: a folder of this machine (the default,
//! beside the SQLite file), or any S3-compatible object store, which
//! several instances on one PostgreSQL share. Both through `object_store`;
//! the S3 client speaks HTTPS with rustls over `ring`, as the rest of
//! Averías (`object_store`'s `aws` feature would bring `aws-lc-rs` in).

use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::{Certificate, ObjectStore};

use super::AttachmentSettings;

/// An S3-compatible bucket (`[attachments.s3]`). Unset keys come from the
/// standard `AWS_*` variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_REGION`, `AWS_ENDPOINT`...).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Settings {
    pub bucket: String,
    /// The store's URL, for anything but AWS itself (`https://s3.example.net`).
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// Plain HTTP to the endpoint (a store on the same host only).
    #[serde(default)]
    pub allow_http: bool,
    /// A PEM file of the authority that signed the endpoint's certificate,
    /// trusted besides the system's (an in-house store).
    pub ca_file: Option<std::path::PathBuf>,
}

/// Bytes sent to S3 in one part of a multipart upload (its minimum, but
/// for the last part, is 5 MiB); a file no larger goes in one request.
const S3_PART: usize = 5 * 1024 * 1024;
/// The same for the local folder, where parts have no minimum.
const LOCAL_PART: usize = 1024 * 1024;

/// The blob store the settings name, and the part size it takes.
pub(super) fn open(
    settings: &AttachmentSettings,
) -> std::io::Result<(Arc<dyn ObjectStore>, usize)> {
    match &settings.s3 {
        None => {
            std::fs::create_dir_all(settings.dir.join("blobs"))?;
            let local =
                object_store::local::LocalFileSystem::new_with_prefix(settings.dir.join("blobs"))
                    .map_err(std::io::Error::other)?;
            Ok((Arc::new(local), LOCAL_PART))
        }
        Some(s3) => {
            if s3.bucket.trim().is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "[attachments.s3] bucket is empty: name the bucket the files go to",
                ));
            }
            // rustls needs a process-wide provider; ours is ring.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let mut builder = AmazonS3Builder::from_env()
                .with_bucket_name(&s3.bucket)
                .with_allow_http(s3.allow_http);
            if let Some(e) = &s3.endpoint {
                builder = builder.with_endpoint(e);
            }
            if let Some(r) = &s3.region {
                builder = builder.with_region(r);
            }
            if let Some(k) = &s3.access_key_id {
                builder = builder.with_access_key_id(k);
            }
            if let Some(k) = &s3.secret_access_key {
                builder = builder.with_secret_access_key(k);
            }
            if let Some(ca) = &s3.ca_file {
                let pem = std::fs::read(ca).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("s3.ca_file {}: {e}", ca.display()))
                })?;
                let mut options = object_store::ClientOptions::new();
                for cert in Certificate::from_pem_bundle(&pem).map_err(std::io::Error::other)? {
                    options = options.with_root_certificate(cert);
                }
                builder = builder.with_client_options(options);
            }
            let store = builder.build().map_err(std::io::Error::other)?;
            Ok((Arc::new(store), S3_PART))
        }
    }
}
