//! Health, readiness, metrics, the OpenAPI document and its page, and the
//! demo data.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        app.report(ACCOUNT_A, LINE_A1, None).await;
        let get = |p: &'static str| app.client.get(format!("{}{p}", app.base)).send();
        assert_eq!(get("/healthz").await.unwrap().status(), StatusCode::OK);
        let ready: Value = get("/readyz").await.unwrap().json().await.unwrap();
        assert_eq!(ready["database"], app.store.backend());
        let metrics = get("/metrics").await.unwrap().text().await.unwrap();
        assert!(
            metrics.contains(
                "http_requests_total{route=\"/api/v1/reports\",method=\"POST\",status=\"201\"}"
            ),
            "{metrics}"
        );
        assert!(
            metrics.contains("http_request_duration_seconds_bucket"),
            "latency histogram"
        );
        assert!(metrics.contains("averias_tickets_opened_total"));
        assert!(
            metrics.contains("averias_open_tickets{group=\"csm\",status=\"acknowledged\"} 1"),
            "{metrics}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_docs_page_is_served_locally() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let doc: Value = app
            .client
            .get(format!("{}/api/openapi.json", app.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = doc["paths"].as_object().unwrap();
        for p in [
            "/api/v1/reports",
            "/api/v1/tickets",
            "/api/v1/tickets/{ticket}/actions/{action}",
            "/api/v1/incidents/{incident}/resolve",
            "/api/v1/accounts",
        ] {
            assert!(paths.contains_key(p), "{p} missing");
        }
        assert!(doc["components"]["schemas"]["TicketBody"].is_object());
        let page = app
            .client
            .get(format!("{}/api/docs/", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("swagger-ui"));
        assert!(
            !html.contains("cdn."),
            "assets must be vendored, not loaded from a CDN"
        );
    })
    .await;
}

#[tokio::test]
async fn the_demo_has_tickets_in_every_status_and_stage_and_working_tokens() {
    for_each_backend(Setup::Empty, async |app: TestApp| {
        let summary = averias_demo::seed(app.store.clone(), chrono::Utc::now())
            .await
            .unwrap();
        assert!(
            summary.accounts >= 30 && summary.lines >= 200,
            "{summary:?}"
        );
        assert_eq!(summary.refused_reports, 3);
        let (status, all) = app.get("demo-csm", "/api/v1/tickets?limit=200").await;
        assert_eq!(status, StatusCode::OK);
        let items = all["items"].as_array().unwrap();
        let statuses: std::collections::BTreeSet<_> = items
            .iter()
            .map(|t| t["status"].as_str().unwrap())
            .collect();
        for s in [
            "acknowledged",
            "inProgress",
            "pending",
            "resolved",
            "closed",
            "cancelled",
        ] {
            assert!(statuses.contains(s), "no demo ticket is {s}");
        }
        let stages: std::collections::BTreeSet<_> =
            items.iter().map(|t| t["stage"].as_str().unwrap()).collect();
        for s in [
            "with_csm",
            "escalated",
            "solution_returned",
            "awaiting_repair",
            "linked_to_incident",
            "repaired",
            "resolved",
            "closed",
            "cancelled",
        ] {
            assert!(stages.contains(s), "no demo ticket at stage {s}");
        }
        for (_, _, _, token) in averias_demo::DEMO_USERS {
            let (status, _) = app.get(token, "/api/v1/me").await;
            assert_eq!(status, StatusCode::OK, "{token}");
        }
        let (_, mine) = app.get("demo-customer", "/api/v1/tickets").await;
        assert!(
            mine["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["account"]["number"] == "1001")
        );
    })
    .await;
}

/// `averias serve --demo` seeds at whatever instant it is started: the
/// planned maintenance must be noticeable in time on any date (it once
/// failed "the notice is late" just before holidays).
#[tokio::test]
async fn the_demo_seeds_on_awkward_dates() {
    use chrono::TimeZone;
    for instant in [
        // The day before Carnival Monday and Tuesday (2027-02-08/09).
        chrono::Utc.with_ymd_and_hms(2027, 2, 4, 15, 0, 0).unwrap(),
        // 23 December, evening: Christmas Eve and Day are holidays.
        chrono::Utc
            .with_ymd_and_hms(2026, 12, 23, 20, 0, 0)
            .unwrap(),
        // A Friday evening in Caracas.
        chrono::Utc
            .with_ymd_and_hms(2026, 12, 4, 23, 30, 0)
            .unwrap(),
        // New Year's Eve, just before midnight in Caracas.
        chrono::Utc.with_ymd_and_hms(2027, 1, 1, 3, 55, 0).unwrap(),
        // Holy Wednesday, before Maundy Thursday and Good Friday (2027-03-25/26).
        chrono::Utc.with_ymd_and_hms(2027, 3, 24, 21, 0, 0).unwrap(),
    ] {
        let (app, _) = TestApp::start_sqlite(Setup::Empty).await;
        let summary = averias_demo::seed(app.store.clone(), instant)
            .await
            .unwrap_or_else(|e| panic!("demo seeding at {instant}: {e}"));
        assert!(summary.accounts >= 30, "{instant}: {summary:?}");
        let (status, works) = app.get("demo-csm", "/api/v1/maintenance").await;
        assert_eq!(status, StatusCode::OK, "{instant}: {works}");
        let states: Vec<&str> = works
            .as_array()
            .unwrap_or_else(|| panic!("{works}"))
            .iter()
            .map(|w| w["state"].as_str().unwrap())
            .collect();
        assert_eq!(states.len(), 2, "{instant}: {works}");
        assert!(states.contains(&"draft"), "{instant}: {states:?}");
    }
}

#[tokio::test]
async fn list_totals_are_exact_up_to_ten_thousand_and_flagged_beyond() {
    for_each_backend(Setup::Empty, async |app: TestApp| {
        averias_demo::seed(app.store.clone(), chrono::Utc::now())
            .await
            .unwrap();
        averias_demo::bulk::load(app.store.clone(), 10_050, chrono::Utc::now(), |_| {})
            .await
            .unwrap();
        let (_, all) = app.get("demo-csm", "/api/v1/tickets?limit=5").await;
        assert_eq!(
            (all["total"].as_i64(), all["total_exact"].as_bool()),
            (Some(10_000), Some(false)),
            "{}",
            all["total"]
        );
        assert_eq!(all["items"].as_array().unwrap().len(), 5);
        let (_, few) = app.get("demo-csm", "/api/v1/tickets?kind=incident").await;
        assert_eq!(
            (few["total"].as_i64(), few["total_exact"].as_bool()),
            (Some(2), Some(true))
        );
    })
    .await;
}
