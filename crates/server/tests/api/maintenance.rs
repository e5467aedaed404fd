//! Planned maintenance (R-MAINT-1, R-MAINT-2) through the API: the latest
//! notice time on the business calendar, late notices refused unless
//! justified as emergencies, customers' answers within the objection
//! window, the window closing into confirmed or objected (the worker's
//! timer), and faults flagged with a live work. The clock starts on Monday
//! 23 November 2026 at 05:00 in Caracas.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn work(start: &str, end: &str) -> Value {
    json!({
        "title": "Actualización de software en la central de Chacao",
        "description": "Reinicio de la plataforma de mensajería",
        "elements": ["MSC Chacao", "SMSC"],
        "impact": "Sin SMS durante 30 minutos",
        "start": start, "end": end,
        "accounts": [ACCOUNT_B],
        "lines": [LINE_A1]
    })
}

async fn tick(app: &TestApp) {
    app.services()
        .worker
        .run_due_jobs("test-worker", 100)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_late_notice_is_refused_and_an_emergency_one_is_recorded_with_its_justification() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // Starts Tuesday 24 Nov 10:00 Caracas: the notice had to go by Friday 20 Nov 10:00.
        let (status, w) = app
            .post(CSM, "/api/v1/maintenance", work("2026-11-24T14:00:00Z", "2026-11-24T15:00:00Z"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{w}");
        assert_eq!(w["state"], "draft");
        assert_eq!(w["notice"]["latest_at"], "2026-11-20T14:00:00Z");
        assert_eq!(w["notice"]["status"], "overdue");
        let numbers: Vec<&str> = w["accounts"].as_array().unwrap().iter().map(|a| a["number"].as_str().unwrap()).collect();
        assert_eq!(numbers, [ACCOUNT_A, ACCOUNT_B], "account A comes from its line");
        let id = w["id"].as_str().unwrap().to_owned();

        let (status, err) = app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(err["code"], "notice_too_late");
        assert!(err["message"].as_str().unwrap().contains("2026-11-20 14:00:00"), "{err}");
        let (_, unchanged) = app.get(CSM, &format!("/api/v1/maintenance/{id}")).await;
        assert_eq!((unchanged["state"].as_str(), unchanged["version"].as_i64()), (Some("draft"), Some(1)));

        let (status, _) = app
            .post(TELESERVICE, &format!("/api/v1/maintenance/{id}/notify"), json!({"emergency_justification": "x"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, w) = app
            .post(CSM, &format!("/api/v1/maintenance/{id}/notify"),
                json!({"emergency_justification": "Vulnerabilidad crítica publicada por el fabricante"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert_eq!(w["state"], "notified");
        assert_eq!(w["notice"]["status"], "emergency");
        assert_eq!(w["notice"]["late_seconds"], 67 * 3600);
        assert_eq!(w["notice"]["emergency_justification"], "Vulnerabilidad crítica publicada por el fabricante");
        // 8 business hours from Monday 05:00: 08–12 and 13–17.
        assert_eq!(w["notice"]["objection_window_closes_at"], "2026-11-23T21:00:00Z");
    })
    .await;
}

#[tokio::test]
async fn the_objection_window_closes_into_objected_or_confirmed_and_faults_are_flagged() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = app.report(ACCOUNT_A, LINE_A1, None).await;
        assert_eq!(before["maintenance"], Value::Null);
        // Starts Monday 30 Nov 10:00 Caracas; the notice is due by Thursday 26 Nov 10:00.
        let (_, w) = app
            .post(CSM, "/api/v1/maintenance", work("2026-11-30T14:00:00Z", "2026-11-30T16:00:00Z"))
            .await;
        let id = w["id"].as_str().unwrap().to_owned();
        assert_eq!(w["notice"]["latest_at"], "2026-11-26T14:00:00Z");
        let (status, w) = app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert_eq!((w["notice"]["status"].as_str(), w["notice"]["late_seconds"].as_i64()), (Some("on_time"), None));

        let path = |account: &str| format!("/api/v1/maintenance/{id}/accounts/{account}/answer");
        // A customer answers for its own account only (from the portal).
        let (status, _) = app.post(CUSTOMER_B, &path(ACCOUNT_A), json!({"objection": "no"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not its account");
        let (status, w) = app.post(CUSTOMER_A, &path(ACCOUNT_A), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert_eq!(w["accounts"][0]["answered_by"], "customer-a");
        let (status, w) = app.post(CSM, &path(ACCOUNT_A), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{w}");
        let (status, err) = app.post(CSM, &path(ACCOUNT_B), json!({"alternative": "sábado"})).await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("objection_required")));
        let (status, w) = app
            .post(CSM, &path(ACCOUNT_B), json!({"objection": "Cierre contable ese día", "alternative": "sábado 5 de diciembre"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert_eq!(w["accounts"][1]["objection"], "Cierre contable ese día");
        assert_eq!(w["accounts"][0]["informed_at"], "2026-11-23T09:00:00Z");
        let (status, _) = app.post(CSM, &path(ACCOUNT_DEBT), json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "that account is not affected");

        // The window is still open at 16:59 Caracas; the worker leaves it.
        app.clock.advance(Duration::hours(11) + Duration::minutes(59));
        tick(&app).await;
        assert_eq!(app.get(CSM, &format!("/api/v1/maintenance/{id}")).await.1["state"], "notified");
        app.clock.advance(Duration::minutes(2));
        tick(&app).await;
        let (_, w) = app.get(CSM, &format!("/api/v1/maintenance/{id}")).await;
        assert_eq!(w["state"], "objected");
        let (status, _) = app.post(CSM, &path(ACCOUNT_A), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "the window has closed");

        let (status, _) = app.post(CSM, &format!("/api/v1/maintenance/{id}/start"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "an objected work does not start");
        let (status, err) = app.post(CSM, &format!("/api/v1/maintenance/{id}/override"), json!({})).await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_required")));
        let (_, w) = app
            .post(CSM, &format!("/api/v1/maintenance/{id}/override"), json!({"reason": "Acordado con el cliente por teléfono"}))
            .await;
        assert_eq!(w["state"], "confirmed");

        // Monday 30 Nov 10:30 Caracas: the work is running; a fault on an affected account is flagged.
        app.clock.advance(Duration::days(7) - Duration::hours(6) - Duration::minutes(31));
        let (_, w) = app.post(CSM, &format!("/api/v1/maintenance/{id}/start"), json!({})).await;
        assert_eq!(w["state"], "in_progress");
        let during = app.report(ACCOUNT_A, LINE_A1, None).await;
        assert_eq!(during["maintenance"], json!(id));
        let (_, w) = app.post(CSM, &format!("/api/v1/maintenance/{id}/complete"), json!({})).await;
        assert_eq!(w["state"], "completed");
    })
    .await;
}

#[tokio::test]
async fn a_silent_window_confirms_and_a_reschedule_needs_a_new_notice() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, w) = app
            .post(CSM, "/api/v1/maintenance", work("2026-11-30T14:00:00Z", "2026-11-30T16:00:00Z"))
            .await;
        let id = w["id"].as_str().unwrap().to_owned();
        app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({})).await;
        app.clock.advance(Duration::hours(13));
        tick(&app).await;
        let (_, w) = app.get(CSM, &format!("/api/v1/maintenance/{id}")).await;
        assert_eq!(w["state"], "confirmed");

        let (status, w) = app
            .post(CSM, &format!("/api/v1/maintenance/{id}/reschedule"), work("2026-12-02T14:00:00Z", "2026-12-02T16:00:00Z"))
            .await;
        assert_eq!(status, StatusCode::OK, "{w}");
        assert_eq!(w["state"], "draft");
        assert_eq!(w["notice"]["sent_at"], Value::Null);
        assert_eq!(w["notice"]["latest_at"], "2026-11-30T14:00:00Z");
        let (_, list) = app.get(CSM, "/api/v1/maintenance?state=draft").await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        let (status, _) = app.get(CSM, "/api/v1/maintenance?state=later").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // The affected customer sees the work; another customer does not.
        let (status, _) = app.get(CUSTOMER_A, &format!("/api/v1/maintenance/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, err) = app
            .post(CSM, "/api/v1/maintenance", json!({"title": "x", "start": "2026-11-20T00:00:00Z", "end": "2026-11-21T00:00:00Z", "accounts": [ACCOUNT_A]}))
            .await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("start_in_past")));
    })
    .await;
}

/// R-ACCESS-1: a customer affected by a work reads its own account's entry,
/// never another company's name, objection or who recorded it; the
/// authorized centers (outside the operator) read no maintenance at all.
#[tokio::test]
async fn a_customer_sees_only_its_own_entry_and_centers_see_no_works() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, w) = app
            .post(
                CSM,
                "/api/v1/maintenance",
                work("2026-11-30T14:00:00Z", "2026-11-30T16:00:00Z"),
            )
            .await;
        let id = w["id"].as_str().unwrap().to_owned();
        app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({}))
            .await;
        let (status, _) = app
            .post(
                CSM,
                &format!("/api/v1/maintenance/{id}/accounts/{ACCOUNT_B}/answer"),
                json!({"objection": "Cierre contable de Beta", "alternative": "sábado"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        let numbers = |w: &Value| -> Vec<String> {
            w["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["number"].as_str().unwrap().to_owned())
                .collect()
        };
        let (status, list) = app.get(CUSTOMER_A, "/api/v1/maintenance").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(numbers(&list[0]), [ACCOUNT_A]);
        let (_, one) = app
            .get(CUSTOMER_A, &format!("/api/v1/maintenance/{id}"))
            .await;
        assert_eq!(numbers(&one), [ACCOUNT_A]);
        // Recorded by staff: the customer sees that it was told, not by whom.
        app.post(
            CSM,
            &format!("/api/v1/maintenance/{id}/accounts/{ACCOUNT_A}/answer"),
            json!({}),
        )
        .await;
        let (_, told) = app
            .get(CUSTOMER_A, &format!("/api/v1/maintenance/{id}"))
            .await;
        assert!(told["accounts"][0]["informed_at"].is_string(), "{told}");
        assert_eq!(told["accounts"][0]["answered_by"], Value::Null, "{told}");
        let (status, answered) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/maintenance/{id}/accounts/{ACCOUNT_A}/answer"),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answered}");
        assert_eq!(numbers(&answered), [ACCOUNT_A]);
        for body in [&list, &one, &answered] {
            assert!(
                !body.to_string().contains("Cierre contable de Beta"),
                "{body}"
            );
        }
        // The customer's answer kept the other account's entry.
        let (_, whole) = app.get(CSM, &format!("/api/v1/maintenance/{id}")).await;
        assert_eq!(numbers(&whole), [ACCOUNT_A, ACCOUNT_B]);
        assert_eq!(whole["accounts"][1]["objection"], "Cierre contable de Beta");
        for center in [CENTER, CENTER_B] {
            let (status, _) = app.get(center, "/api/v1/maintenance").await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            let (status, _) = app.get(center, &format!("/api/v1/maintenance/{id}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    })
    .await;
}
