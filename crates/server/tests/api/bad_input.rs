//! Bad input gets a clear 4xx with a machine code and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn raw_post(
    app: &TestApp,
    path: &str,
    body: impl Into<reqwest::Body>,
    content_type: &str,
) -> (StatusCode, Value) {
    let resp = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(TELESERVICE)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn malformed_or_mistyped_bodies_are_refused_with_a_code_and_open_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut unknown_field = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        unknown_field["priority"] = json!("urgent");
        let mut wrong_type = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        wrong_type["lines"] = json!("+584160000001");
        let mut missing = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        missing.as_object_mut().unwrap().remove("reporter");
        let cases: Vec<(String, StatusCode, &str)> = vec![
            (
                "{\"account\": ".into(),
                StatusCode::BAD_REQUEST,
                "malformed_json",
            ),
            (
                unknown_field.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_body",
            ),
            (
                wrong_type.to_string(),
                StatusCode::BAD_REQUEST,
                "invalid_body",
            ),
            (missing.to_string(), StatusCode::BAD_REQUEST, "invalid_body"),
        ];
        for (body, status, code) in cases {
            let (got, e) =
                raw_post(&app, "/api/v1/reports", body.clone(), "application/json").await;
            assert_eq!(
                (got, e["code"].as_str()),
                (status, Some(code)),
                "{body}: {e}"
            );
            assert!(!e["message"].as_str().unwrap().is_empty());
        }
        let (got, e) = raw_post(
            &app,
            "/api/v1/reports",
            TestApp::report_body(ACCOUNT_A, LINE_A1, None).to_string(),
            "text/plain",
        )
        .await;
        assert_eq!(
            (got, e["code"].as_str()),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Some("unsupported_media_type")
            )
        );
        assert_eq!(app.ticket_count().await, 0);
    })
    .await;
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        body["description"] = json!("x".repeat(64 * 1024));
        let (status, e) = raw_post(
            &app,
            "/api/v1/reports",
            body.to_string(),
            "application/json",
        )
        .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large"))
        );
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let big = json!({"resolution": "y".repeat(64 * 1024)}).to_string();
        let (status, e) = raw_post(
            &app,
            &format!("/api/v1/tickets/{n}/actions/resolve"),
            big,
            "application/json",
        )
        .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large"))
        );
        assert_eq!(app.ticket_count().await, 1);
    })
    .await;
}

#[tokio::test]
async fn unknown_accounts_lines_and_unparsable_numbers_are_refused_by_name() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let with = |f: &dyn Fn(&mut Value)| {
            let mut b = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
            f(&mut b);
            b
        };
        let cases = [
            (
                with(&|b| b["account"] = json!("9999")),
                "unknown_account",
                "account",
            ),
            (
                with(&|b| b["lines"] = json!(["04161234"])),
                "invalid_msisdn",
                "lines[0]",
            ),
            (
                with(&|b| b["lines"] = json!([LINE_A1, "+584169999999"])),
                "unknown_line",
                "lines[1]",
            ),
            (
                with(&|b| b["lines"] = json!([LINE_B1])),
                "line_not_in_account",
                "lines[0]",
            ),
            (
                with(&|b| b["equipment"] = json!(["490154203237517"])),
                "invalid_imei",
                "equipment[0]",
            ),
            (
                with(&|b| b["reporter"]["email"] = json!("no-at-sign")),
                "invalid_email",
                "reporter.email",
            ),
            (
                with(&|b| b["reporter"]["phone"] = json!("  ")),
                "contact_required",
                "reporter",
            ),
            (
                with(&|b| b["lines"] = json!([])),
                "line_or_equipment_required",
                "lines",
            ),
            (
                with(&|b| b["channel"] = json!("fax")),
                "invalid_channel",
                "channel",
            ),
            (
                with(&|b| b["fault_type"] = json!("alien_attack")),
                "unknown_fault_type",
                "fault_type",
            ),
        ];
        for (body, code, field) in cases {
            let (status, e) = app.post(TELESERVICE, "/api/v1/reports", body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
            assert_eq!(e["code"], code, "{e}");
            assert_eq!(e["details"]["field"], field, "{e}");
        }
        assert_eq!(app.ticket_count().await, 0);
        let (_, refused) = app.get(CSM, "/api/v1/refused-reports").await;
        assert_eq!(
            refused,
            json!([]),
            "invalid reports are not refused reports"
        );
    })
    .await;
}

#[tokio::test]
async fn bad_paths_queries_and_headers_get_clear_errors() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let cases = [
            (
                "/api/v1/tickets/AV-2026-999999",
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                "/api/v1/tickets/not-a-ticket",
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_ticket_reference",
            ),
            (
                "/api/v1/tickets?status=open",
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_status",
            ),
            (
                "/api/v1/tickets?limit=5000",
                StatusCode::BAD_REQUEST,
                "invalid_page",
            ),
            (
                "/api/v1/tickets?limit=abc",
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                "/api/v1/tickets?colour=red",
                StatusCode::BAD_REQUEST,
                "invalid_query",
            ),
            (
                "/api/v1/tickets?sort=random",
                StatusCode::BAD_REQUEST,
                "invalid_sort",
            ),
            (
                "/api/v1/nothing-here",
                StatusCode::NOT_FOUND,
                "no_such_route",
            ),
        ];
        for (path, status, code) in cases {
            let (got, e) = app.get(CSM, path).await;
            assert_eq!(
                (got, e["code"].as_str()),
                (status, Some(code)),
                "{path}: {e}"
            );
        }
        let (status, e) = app.act(CSM, &n, "teleport", json!({})).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_action"))
        );
        let (status, e) = app
            .send(
                reqwest::Method::POST,
                CSM,
                &format!("/api/v1/tickets/{n}/actions/start_work"),
                None,
                &[("If-Match", "yesterday")],
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_if_match"))
        );
        let (status, e) = app
            .send(
                reqwest::Method::POST,
                CSM,
                &format!("/api/v1/tickets/{n}/actions/start_work"),
                None,
                &[("Idempotency-Key", "")],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "Idempotency-Key only matters on reports: {e}"
        );
        assert_eq!(app.ticket(&n).await["version"], 2);
    })
    .await;
}

#[tokio::test]
async fn text_the_database_cannot_store_is_refused_not_a_server_error() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // PostgreSQL text cannot hold NUL; SQLite can. Both refuse it at the
        // edge, naming the field, and open nothing.
        let before = app.ticket_count().await;
        for (field, value) in [
            ("description", "sin señal\u{0}fin"),
            ("description", "campana\u{7}"),
            ("description", "fdp\u{202E}gnp.exe"),
        ] {
            let mut body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
            body[field] = json!(value);
            let (status, e) = app.post(TELESERVICE, "/api/v1/reports", body).await;
            assert_eq!(
                (status, e["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_text")),
                "{e}"
            );
            assert_eq!(e["details"]["field"], field, "{e}");
        }
        let mut body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        body["reporter"]["name"] = json!("Ana\u{0}");
        let (status, e) = app.post(TELESERVICE, "/api/v1/reports", body).await;
        assert_eq!(
            (status, e["details"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("reporter.name")),
            "{e}"
        );
        assert_eq!(app.ticket_count().await, before, "nothing was opened");
        // Tabs and line breaks are text.
        let mut body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        body["description"] = json!("sin señal\tdesde ayer\r\nen la oficina");
        let (status, e) = app.post(TELESERVICE, "/api/v1/reports", body).await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
        let (status, e) = app.get(CSM, "/api/v1/tickets?q=se%00nal").await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_text")),
            "{e}"
        );
        // A good report in the same burst still opens.
        app.report(ACCOUNT_A, LINE_A2, None).await;
    })
    .await;
}

#[tokio::test]
async fn a_ticket_number_in_lower_case_or_without_its_zeros_finds_the_ticket() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let (year, seq) = averias_search::ticket_number(&n).unwrap();
        for written in [
            n.to_lowercase(),
            format!("av-{year}-{seq}"),
            format!("AV%20{year}%20{seq}"),
        ] {
            let (status, t) = app.get(CSM, &format!("/api/v1/tickets/{written}")).await;
            assert_eq!(status, StatusCode::OK, "{written}: {t}");
            assert_eq!(
                t["number"],
                n.as_str(),
                "the answer gives the number as written by us"
            );
        }
        // Another account's ticket stays hidden however it is written.
        let (status, _) = app
            .get(CUSTOMER_B, &format!("/api/v1/tickets/{}", n.to_lowercase()))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}
