//! Attachments in an S3-compatible bucket (issue 22): moto's S3 server
//! (from PyPI, pinned in `tests/s3/requirements.txt`) served over HTTPS
//! with the tests' own certificate authority, so the S3 client's TLS (our
//! rustls over ring) is exercised as with a real store. The same bytes
//! are stored once, large files go up in parts, deleting the last holder
//! frees the bytes, and the sweep lists the bucket.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use averias_services::attachments::S3Settings;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::attachments::{PNG, upload};
use crate::helpers::*;

/// moto's S3 server on loopback over HTTPS, stopped when dropped.
struct S3Peer {
    child: Child,
    port: u16,
}

fn test_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/smtp")
        .join(name)
}

impl S3Peer {
    fn start() -> S3Peer {
        let moto = std::env::var("AVERIAS_MOTO").unwrap_or_else(|_| "moto_server".into());
        let port = crate::notifications::free_port();
        let mut child = Command::new(&moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string(), "-c"])
            .arg(test_file("localhost.crt"))
            .arg("-k")
            .arg(test_file("localhost.key"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{moto} does not run ({e}): scripts/test installs moto's S3 server and sets AVERIAS_MOTO")
            });
        for _ in 0..300 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return S3Peer { child, port };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("moto_server exited ({status}) before listening");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        panic!("moto_server did not listen on {port} within 30 s");
    }

    fn endpoint(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// Makes a bucket (moto takes an unsigned request).
    async fn bucket(&self, name: &str) -> S3Settings {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let ca = reqwest::Certificate::from_pem(&std::fs::read(test_file("test-ca.crt")).unwrap())
            .unwrap();
        let client = reqwest::Client::builder()
            .add_root_certificate(ca)
            .build()
            .unwrap();
        let r = client
            .put(format!("{}/{name}", self.endpoint()))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        S3Settings {
            bucket: name.into(),
            endpoint: Some(self.endpoint()),
            region: Some("us-east-1".into()),
            access_key_id: Some("averias-test".into()),
            secret_access_key: Some("averias-test-secret".into()),
            allow_http: false,
            ca_file: Some(test_file("test-ca.crt")),
        }
    }
}

impl Drop for S3Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs moto's S3 server; scripts/test installs it and runs every test"]
async fn an_s3_bucket_keeps_the_bytes_once_in_parts_and_frees_them() {
    let s3 = S3Peer::start();
    // One bucket for both backends' runs, as one store serves instances
    // that share one PostgreSQL.
    let options = AppOptions {
        s3: Some(s3.bucket("averias").await),
        ..AppOptions::default()
    };
    for_each_backend_with(Setup::Fixture, options, async |app: TestApp| {
        let first = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let second = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        // Seven megabytes of text: more than one 5 MiB part.
        let big: Vec<u8> = "línea 584161234567; señal -113 dBm\n"
            .repeat(7 * 1024 * 1024 / 36)
            .into_bytes();
        let (status, sent) = upload(
            &app,
            CSM,
            &first,
            &[
                ("file", Some("lecturas.txt"), &big),
                ("file", Some("foto.png"), PNG),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        let (status, again) = upload(&app, CSM, &second, &[("file", Some("foto.png"), PNG)]).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(again[0]["sha256"], sent[1]["sha256"]);

        // The big file comes back whole, from the bucket.
        let resp = app
            .client
            .get(format!(
                "{}/api/v1/attachments/{}",
                app.base,
                sent[0]["id"].as_str().unwrap()
            ))
            .bearer_auth(CSM)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let back = resp.bytes().await.unwrap();
        assert_eq!(back.len(), big.len());
        assert_eq!(hex::encode(Sha256::digest(&back)), sent[0]["sha256"]);
        // Nothing went to the local folder.
        assert!(!app.attachment_settings.dir.join("blobs").exists());

        // The photo's bytes are held twice: they stay until both go.
        let photo_sha = sent[1]["sha256"].as_str().unwrap();
        let attachments = &app.services().attachments;
        for (i, id) in [
            sent[1]["id"].as_str().unwrap(),
            again[0]["id"].as_str().unwrap(),
        ]
        .into_iter()
        .enumerate()
        {
            let (status, _) = app
                .send(
                    reqwest::Method::DELETE,
                    CSM,
                    &format!("/api/v1/attachments/{id}"),
                    None,
                    &[],
                )
                .await;
            assert_eq!(status, StatusCode::NO_CONTENT);
            assert_eq!(attachments.has_bytes(photo_sha).await, i == 0, "after {i}");
        }

        // The sweep lists the bucket: bytes no row holds go.
        let orphan = hex::encode(Sha256::digest(b"an upload that never committed"));
        attachments
            .import_blob(&orphan, &hex::encode(b"an upload that never committed"))
            .await
            .unwrap();
        assert!(attachments.has_bytes(&orphan).await);
        assert_eq!(
            attachments.sweep(std::time::Duration::ZERO).await.unwrap(),
            1
        );
        assert!(!attachments.has_bytes(&orphan).await);
        assert!(
            attachments
                .has_bytes(sent[0]["sha256"].as_str().unwrap())
                .await
        );
    })
    .await;
}
