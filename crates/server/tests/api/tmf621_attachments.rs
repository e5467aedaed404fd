//! TMF621 `attachment` on create (issue 22), v4 and v5: files sent by
//! value (`content`, base64) are kept with the ticket and come back on GET
//! as `Attachment`s whose `url` serves the bytes; files only referred to,
//! of a refused type or unreadable, refuse the whole ticket and leave
//! nothing behind; PATCH does not take them.

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::attachments::PNG;
use crate::helpers::*;
use crate::tmf621::tmf_request;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let (status, _, t) = tmf_request(
        app,
        Method::POST,
        INTEGRATION,
        path,
        Some(("application/json", body)),
    )
    .await;
    (status, t)
}

#[tokio::test]
async fn files_sent_by_value_on_create_are_kept_and_served_in_both_versions() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for (version, mut body) in [
            ("v4", crate::tmf621::create_body()),
            ("v5", crate::tmf621_v5::create_body()),
        ] {
            let path = format!("/tmf-api/troubleTicket/{version}/troubleTicket");
            let report = "Lectura;RSRP\n08:00;-121 dBm\n".as_bytes();
            body["attachment"] = json!([
                {"@type": "Attachment", "name": "pantalla.png", "mimeType": "image/png",
                 "content": b64(PNG), "visibility": "public"},
                {"@type": "Attachment", "name": "lecturas.csv", "mimeType": "text/csv",
                 "attachmentType": "document",
                 // A wrapped encoding, as mail and some clients write it.
                 "content": b64(report).chars().collect::<Vec<_>>().chunks(8)
                     .map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("\r\n"),
                 "visibility": "public"}
            ]);
            let (status, t) = post(&app, &path, body).await;
            assert_eq!(status, StatusCode::CREATED, "{version}: {t}");
            match version {
                "v4" => crate::tmf621::assert_valid("TroubleTicket", &t),
                _ => crate::tmf621_v5::assert_valid("TroubleTicket", &t),
            }
            let files = t["attachment"].as_array().unwrap();
            assert_eq!(files.len(), 2, "{t}");
            assert_eq!(files[0]["mimeType"], "image/png");
            assert_eq!(files[0]["size"]["amount"], PNG.len() as f64);
            assert_eq!(files[1]["mimeType"], "text/plain", "the bytes decide");
            assert_eq!(files[1]["name"], "lecturas.csv");

            // The url serves the bytes sent, to the reporting customer too.
            let url = files[1]["url"].as_str().unwrap();
            let resp = app
                .client
                .get(format!("{}{url}", app.base))
                .bearer_auth(CUSTOMER_A)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            assert_eq!(resp.bytes().await.unwrap().as_ref(), report);

            // The native API lists them with their hash.
            let n = t["id"].as_str().unwrap();
            let (_, listed) = app
                .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
                .await;
            assert_eq!(listed[0]["sha256"], hex::encode(Sha256::digest(PNG)));
            assert_eq!(listed[0]["created_by"], "integration");
        }
    })
    .await;
}

#[tokio::test]
async fn files_only_referred_to_refused_types_and_bad_base64_refuse_the_ticket_whole() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let path = "/tmf-api/troubleTicket/v4/troubleTicket";
        let before = app.ticket_count().await;
        for (attachment, status, code) in [
            (
                json!({"url": "http://169.254.169.254/latest/meta-data", "name": "x.png"}),
                StatusCode::BAD_REQUEST,
                "attachment_content_required",
            ),
            (
                json!({"id": "42", "href": "https://elsewhere.example/attachment/42"}),
                StatusCode::BAD_REQUEST,
                "attachment_content_required",
            ),
            (
                json!({"name": "logo.svg", "mimeType": "image/png",
                       "content": b64(b"<svg onload=\"alert(1)\"></svg>")}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "file_type_not_allowed",
            ),
            (
                json!({"name": "foto.png", "content": "not base64 at all!"}),
                StatusCode::BAD_REQUEST,
                "invalid_attachment_content",
            ),
        ] {
            let mut body = crate::tmf621::create_body();
            body["attachment"] = json!([{"name": "ok.png", "content": b64(PNG)}, attachment]);
            let (got, e) = post(&app, path, body).await;
            assert_eq!((got, e["code"].as_str()), (status, Some(code)), "{e}");
            assert!(!e["message"].as_str().unwrap_or_default().is_empty(), "{e}");
        }
        assert_eq!(app.ticket_count().await, before, "no ticket was opened");

        // Over the per-file limit: 413, still nothing opened.
        let big = vec![b'a'; (app.attachment_settings.max_file + 1) as usize];
        let mut body = crate::tmf621::create_body();
        body["attachment"] = json!([{"name": "big.txt", "content": b64(&big)}]);
        let (got, e) = post(&app, path, body).await;
        assert_eq!(
            (got, e["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("file_too_large")),
            "the body is let in; the file is over its limit"
        );
        assert_eq!(app.ticket_count().await, before);

        // A PATCH does not take files.
        let (_, t) = post(&app, path, crate::tmf621::create_body()).await;
        let id = t["id"].as_str().unwrap();
        let (got, _, e) = tmf_request(
            &app,
            Method::PATCH,
            INTEGRATION,
            &format!("{path}/{id}"),
            Some((
                "application/merge-patch+json",
                json!({"attachment": [{"name": "x.png", "content": b64(PNG)}]}),
            )),
        )
        .await;
        assert_eq!(
            (got, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("not_patchable")),
            "{e}"
        );
    })
    .await;
}
