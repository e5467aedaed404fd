//! Attachments (issue 22): uploads streamed and typed from their bytes,
//! stored once per content, served so they never run in our origin, seen
//! only by whom the ticket and the visibility allow, deleted by staff.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// The smallest PNG a viewer opens (1×1, one grey pixel).
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
    0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// A multipart body: `(part name, file name or none, bytes)`.
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "averias-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    number: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> (StatusCode, Value) {
    let (content_type, body) = multipart(parts);
    let resp = reqwest::Client::new()
        .post(format!("{}/api/v1/tickets/{number}/attachments", app.base))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn fetch(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}/api/v1/attachments/{id}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn files_are_typed_from_their_bytes_served_safely_and_seen_as_the_ticket_allows() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        // The customer sends a photo of the screen (named .txt: the bytes decide).
        let (status, sent) = upload(
            &app,
            CUSTOMER_A,
            &n,
            &[
                ("file", Some("pantalla.txt"), PNG),
                ("note", None, b"Foto de la pantalla"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        let photo = sent[0].clone();
        assert_eq!(photo["media_type"], "image/png");
        assert_eq!(photo["visibility"], "public");
        assert_eq!(photo["size"], PNG.len());
        assert_eq!(photo["name"], "pantalla.txt");
        // CSM adds an internal PDF, and the same photo again.
        let (status, staff) = upload(
            &app,
            CSM,
            &n,
            &[
                ("file", Some("diagnostico.pdf"), PDF),
                ("file", Some("copia.png"), PNG),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{staff}");
        assert_eq!(staff[0]["visibility"], "internal");
        assert_eq!(staff[1]["sha256"], photo["sha256"], "the same bytes");

        // Who sees what.
        let (_, theirs) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
        let (_, all) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(all.as_array().unwrap().len(), 3, "{all}");
        let pdf_id = staff[0]["id"].as_str().unwrap();
        assert_eq!(
            fetch(&app, CUSTOMER_A, pdf_id).await.status(),
            StatusCode::NOT_FOUND
        );
        let photo_id = photo["id"].as_str().unwrap();
        assert_eq!(
            fetch(&app, CUSTOMER_B, photo_id).await.status(),
            StatusCode::NOT_FOUND
        );
        let (status, _) = app
            .get(CUSTOMER_B, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // TMF621 lists them (without their bytes) for whom the ticket's
        // notes are for: the operator's systems see the internal one too.
        for version in ["v4", "v5"] {
            let (_, tmf) = app
                .get(
                    INTEGRATION,
                    &format!("/tmf-api/troubleTicket/{version}/troubleTicket/{n}"),
                )
                .await;
            let files = tmf["attachment"].as_array().unwrap();
            assert_eq!(files.len(), 3, "{tmf}");
            assert_eq!(files[0]["@type"], "Attachment");
            assert_eq!(files[0]["mimeType"], "image/png");
            assert_eq!(files[0]["size"]["units"], "bytes");
            assert_eq!(
                files[0]["url"],
                format!("/api/v1/attachments/{}", photo["id"].as_str().unwrap())
            );
        }

        // Served: a picture inline, a PDF as a download; nothing runs.
        let got = fetch(&app, CUSTOMER_A, photo_id).await;
        assert_eq!(got.status(), StatusCode::OK);
        let h = got.headers().clone();
        assert_eq!(h["content-type"], "image/png");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["content-security-policy"], "sandbox; default-src 'none'");
        assert!(
            h["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline;")
        );
        assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);
        let got = fetch(&app, CSM, pdf_id).await;
        assert!(
            got.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert_eq!(got.bytes().await.unwrap().as_ref(), PDF);

        // The history says so, for staff.
        let (_, history) = app.get(CSM, &format!("/api/v1/tickets/{n}/history")).await;
        assert!(
            history["status_changes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["action"] == "attach" && c["reason"] == "diagnostico.pdf, copia.png"),
            "{history}"
        );
        let (_, notes) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/notes"))
            .await;
        assert_eq!(notes[0]["body"], "Foto de la pantalla");

        // Deleting: staff only; the bytes go with the last holder.
        let attachments = &app.services().attachments;
        let sha = photo["sha256"].as_str().unwrap();
        let del = |token: &'static str, id: String| {
            let base = app.base.clone();
            async move {
                reqwest::Client::new()
                    .delete(format!("{base}/api/v1/attachments/{id}"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(
            del(CUSTOMER_A, photo_id.to_owned()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(del(CSM, photo_id.to_owned()).await, StatusCode::NO_CONTENT);
        assert!(
            attachments.has_bytes(sha).await,
            "the copy still holds them"
        );
        assert_eq!(
            fetch(&app, CSM, photo_id).await.status(),
            StatusCode::NOT_FOUND
        );
        let copy = staff[1]["id"].as_str().unwrap().to_owned();
        assert_eq!(fetch(&app, CSM, &copy).await.status(), StatusCode::OK);
        assert_eq!(del(CSM, copy).await, StatusCode::NO_CONTENT);
        assert!(!attachments.has_bytes(sha).await, "no holder left");
    })
    .await;
}

#[tokio::test]
async fn markup_unknown_bytes_and_oversized_files_are_refused_and_change_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let before = app.ticket(&n).await["version"].clone();
        for (name, bytes) in [
            (
                "dibujo.png",
                &b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"[..],
            ),
            (
                "pagina.pdf",
                &b"<!doctype html><script>alert(document.cookie)</script>"[..],
            ),
            ("datos.bin", &b"\x00\x01\x02\x03binary"[..]),
        ] {
            let (status, refused) = upload(&app, CSM, &n, &[("file", Some(name), bytes)]).await;
            assert_eq!(
                (status, refused["code"].as_str()),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some("file_type_not_allowed")
                ),
                "{name}: {refused}"
            );
            assert!(
                refused["message"].as_str().unwrap().contains(" is "),
                "{refused}"
            );
        }
        let big = vec![b'a'; 10 * 1024 * 1024 + 1];
        let (status, refused) = upload(&app, CSM, &n, &[("file", Some("grande.txt"), &big)]).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("file_too_large")),
            "{refused}"
        );
        assert_eq!(refused["details"]["limit_bytes"], 10 * 1024 * 1024);
        let (status, refused) = upload(&app, CSM, &n, &[("file", Some("vacio.txt"), b"")]).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("empty_file")),
            "{refused}"
        );
        // Many small parts, or a huge note, are refused before they pile up.
        let many: Vec<(&str, Option<&str>, &[u8])> = (0..21)
            .map(|_| ("file", Some("a.txt"), &b"texto"[..]))
            .collect();
        let (status, refused) = upload(&app, CSM, &n, &many).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("too_many_files")),
            "{refused}"
        );
        let long = vec![b'x'; 64 * 1024 + 1];
        let (status, refused) = upload(
            &app,
            CSM,
            &n,
            &[("file", Some("a.txt"), b"texto"), ("note", None, &long)],
        )
        .await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("text_too_long")),
            "{refused}"
        );
        let (_, all) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(all, serde_json::json!([]));
        assert_eq!(app.ticket(&n).await["version"], before, "nothing changed");
    })
    .await;
}

#[tokio::test]
async fn bytes_no_attachment_holds_are_swept_and_held_ones_stay() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let (status, sent) = upload(&app, CSM, &n, &[("file", Some("foto.png"), PNG)]).await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        let held = sent[0]["sha256"].as_str().unwrap().to_owned();
        // Bytes whose rows never committed (a crash between the copy and
        // the transaction), as the blob store keeps them.
        let orphan = "ab".repeat(32);
        let dir = app
            .services()
            .attachments
            .settings
            .dir
            .join("blobs/sha256/ab");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(&orphan), b"bytes of an upload that never finished").unwrap();
        let attachments = &app.services().attachments;
        assert!(attachments.has_bytes(&orphan).await);
        // Within the grace both stay; past it only the held bytes do.
        assert_eq!(
            attachments
                .sweep(std::time::Duration::from_secs(3600))
                .await
                .unwrap(),
            0
        );
        assert!(attachments.has_bytes(&orphan).await);
        assert_eq!(
            attachments.sweep(std::time::Duration::ZERO).await.unwrap(),
            1
        );
        assert!(!attachments.has_bytes(&orphan).await);
        assert!(attachments.has_bytes(&held).await);
    })
    .await;
}

#[tokio::test]
async fn uploads_to_one_ticket_at_once_all_land() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        // Eight agents attach at the same moment: each write bumps the
        // ticket's version, and none may be refused for it.
        let bodies: Vec<Vec<u8>> = (0..8)
            .map(|i| format!("lectura {i}: -11{i} dBm\n").into_bytes())
            .collect();
        let uploads = bodies.iter().enumerate().map(|(i, b)| {
            let name = format!("lectura-{i}.txt");
            let app = &app;
            let n = &n;
            async move { upload(app, CSM, n, &[("file", Some(name.as_str()), b.as_slice())]).await }
        });
        for (status, body) in futures::future::join_all(uploads).await {
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (_, all) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(all.as_array().unwrap().len(), 8, "{all}");
    })
    .await;
}
