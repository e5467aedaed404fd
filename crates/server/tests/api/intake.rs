//! Intake (R-INTAKE-1..6): the account check, ticket numbers, routing to
//! CSM, the consultant as follower, idempotent retries.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_report_on_an_account_with_debt_opens_no_ticket_and_is_recorded() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = app.ticket_count().await;
        let (status, body) = app
            .post(
                TELESERVICE,
                "/api/v1/reports",
                TestApp::report_body(ACCOUNT_DEBT, LINE_DEBT, None),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["code"], "account_has_debt");
        assert!(
            body["message"].as_str().unwrap().contains("1500.00 VES"),
            "{body}"
        );
        assert_eq!(body["details"]["outstanding"]["amount"], "1500.00");
        assert_eq!(app.ticket_count().await, before, "no ticket may open");

        let (status, refused) = app.get(CSM, "/api/v1/refused-reports").await;
        assert_eq!(status, StatusCode::OK);
        let refused = refused.as_array().unwrap();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0]["id"], body["details"]["refused_report_id"]);
        assert_eq!(refused[0]["debt_amount"], "1500.00");
        assert_eq!(refused[0]["reporter_name"], "Ana Pérez");
    })
    .await;
}

#[tokio::test]
async fn once_the_debt_is_paid_the_same_report_opens_a_ticket() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, _) = app
            .post(
                TELESERVICE,
                "/api/v1/reports",
                TestApp::report_body(ACCOUNT_DEBT, LINE_DEBT, None),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, account) = app
            .send(
                reqwest::Method::PATCH,
                ADMIN,
                &format!("/api/v1/accounts/{ACCOUNT_DEBT}"),
                Some(json!({"billing": {"state": "operative"}})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{account}");
        assert_eq!(account["billing_state"], "operative");
        app.report(ACCOUNT_DEBT, LINE_DEBT, None).await;
    })
    .await;
}

#[tokio::test]
async fn a_report_gets_a_ticket_number_at_once_and_is_queued_to_csm() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let first = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        let second = app.report(ACCOUNT_B, LINE_B1, None).await;
        assert_eq!(first["number"], "AV-2026-000001");
        assert_eq!(second["number"], "AV-2026-000002");
        assert_eq!(first["status"], "acknowledged");
        assert_eq!(first["stage"], "with_csm");
        assert_eq!(first["group"], "csm");
        assert_eq!(first["channel"], "phone");
        assert_eq!(first["account"]["number"], ACCOUNT_A);
        assert_eq!(first["lines"], json!([LINE_A1]));
        assert_eq!(
            first["severity"], "major",
            "severity defaults from the fault type"
        );
        assert_eq!(first["attention"]["deadline"], "2026-11-24T09:00:00Z");
        assert_eq!(first["attention"]["remaining_seconds"], 24 * 3600);

        let (_, queue) = app
            .get(CSM, "/api/v1/tickets?group=csm&status=acknowledged")
            .await;
        assert_eq!(queue["total"], 2);
        let (_, by_number) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{}", number(&first)))
            .await;
        assert_eq!(
            by_number["id"], first["id"],
            "the customer can quote the number"
        );
    })
    .await;
}

#[tokio::test]
async fn a_second_report_on_a_line_with_an_open_fault_opens_and_warns_naming_it() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let first = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        assert_eq!(
            first["warnings"],
            json!([]),
            "nothing open on the line before"
        );
        let second = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        assert_ne!(
            second["number"], first["number"],
            "the report is not refused"
        );
        assert_eq!(second["warnings"][0]["code"], "open_fault_on_line");
        assert_eq!(second["warnings"][0]["tickets"], json!([first["number"]]));
        // Another line of the same account has nothing open.
        let other = app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await;
        assert_eq!(other["warnings"], json!([]));
        // Once the first is cancelled it is no longer open.
        let (status, _) = app
            .post(
                CSM,
                &format!("/api/v1/tickets/{}/actions/cancel", number(&first)),
                json!({"reason": "duplicada"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let third = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        assert_eq!(third["warnings"][0]["tickets"], json!([second["number"]]));
    })
    .await;
}

#[tokio::test]
async fn the_accounts_sales_consultant_follows_its_new_tickets() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let a = app.report(ACCOUNT_A, LINE_A1, None).await;
        let b = app.report(ACCOUNT_B, LINE_B1, None).await;
        let (status, _) = app
            .get(CONSULTANT, &format!("/api/v1/tickets/{}", number(&a)))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app
            .get(CONSULTANT, &format!("/api/v1/tickets/{}", number(&b)))
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "not the consultant's account"
        );
        let (_, list) = app.get(CONSULTANT, "/api/v1/tickets").await;
        assert_eq!(list["total"], 1);
        let followers = app
            .services()
            .tickets
            .followers(&averias_services::reference::system_actor(), &number(&a))
            .await
            .unwrap();
        assert_eq!(followers.len(), 1);
        assert_eq!(followers[0].name, "consultant");
        assert_eq!(followers[0].reason, "sales_consultant");
    })
    .await;
}

#[tokio::test]
async fn a_retried_report_with_the_same_idempotency_key_opens_one_ticket() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        let key = [("Idempotency-Key", "call-7781")];
        let (s1, t1) = app
            .send(
                reqwest::Method::POST,
                TELESERVICE,
                "/api/v1/reports",
                Some(body.clone()),
                &key,
            )
            .await;
        let (s2, t2) = app
            .send(
                reqwest::Method::POST,
                TELESERVICE,
                "/api/v1/reports",
                Some(body.clone()),
                &key,
            )
            .await;
        assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
        assert_eq!(t1["number"], t2["number"]);
        assert_eq!(app.ticket_count().await, 1);

        let mut other = body;
        other["description"] = json!("otra falla distinta");
        let (s3, e) = app
            .send(
                reqwest::Method::POST,
                TELESERVICE,
                "/api/v1/reports",
                Some(other),
                &key,
            )
            .await;
        assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["code"], "idempotency_key_reused");
        assert_eq!(app.ticket_count().await, 1);
    })
    .await;
}

#[tokio::test]
async fn concurrent_retries_with_one_key_still_open_one_ticket() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        let key = [("Idempotency-Key", "burst-1")];
        let calls = (0..8).map(|_| {
            app.send(
                reqwest::Method::POST,
                TELESERVICE,
                "/api/v1/reports",
                Some(body.clone()),
                &key,
            )
        });
        let results = futures::future::join_all(calls).await;
        let numbers: std::collections::HashSet<_> = results
            .iter()
            .map(|(_, b)| b["number"].to_string())
            .collect();
        assert_eq!(numbers.len(), 1, "{results:?}");
        assert_eq!(
            results
                .iter()
                .filter(|(s, _)| *s == StatusCode::CREATED)
                .count(),
            1
        );
        assert_eq!(app.ticket_count().await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_customer_reports_only_for_its_own_account_through_the_portal() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut body = TestApp::report_body(ACCOUNT_A, LINE_A1, None);
        body["channel"] = json!("portal");
        let (status, t) = app.post(CUSTOMER_A, "/api/v1/reports", body).await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        assert_eq!(t["channel"], "portal");
        let (status, e) = app
            .post(
                CUSTOMER_A,
                "/api/v1/reports",
                TestApp::report_body(ACCOUNT_B, LINE_B1, None),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
        for (token, role) in [
            (COR, "cor"),
            (CENTER, "installation_center"),
            (PRODUCT, "product_development"),
        ] {
            let (status, _) = app
                .post(
                    token,
                    "/api/v1/reports",
                    TestApp::report_body(ACCOUNT_A, LINE_A1, None),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{role} does not take reports"
            );
        }
    })
    .await;
}
