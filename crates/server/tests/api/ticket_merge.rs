//! Merging a duplicate fault into the one that carries on (issue 21): the
//! duplicate is cancelled with a pointer, its notes move, its contact is
//! told which number to follow, a booked appointment is freed; what cannot
//! be the same fault is refused and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn merge(app: &TestApp, token: &str, dup: &str, into: &str) -> (StatusCode, Value) {
    app.send(
        Method::POST,
        token,
        &format!("/api/v1/tickets/{dup}/merge"),
        Some(json!({ "into": into })),
        &[],
    )
    .await
}

async fn note(app: &TestApp, token: &str, n: &str, text: &str, visibility: &str) {
    let (status, body) = app
        .post(
            token,
            &format!("/api/v1/tickets/{n}/notes"),
            json!({"body": text, "visibility": visibility}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

fn bodies(notes: &Value) -> Vec<String> {
    notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_duplicate_is_merged_into_the_fault_that_carries_on() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let original = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let dup = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        app.act_ok(CSM, &dup, "start_work", json!({})).await;
        note(&app, CSM, &dup, "El cliente llamó otra vez", "public").await;
        note(&app, CSM, &dup, "Mismo sector que la otra", "internal").await;
        let (_, seen) = app.get(CSM, &format!("/api/v1/tickets/{dup}")).await;
        assert!(
            seen["next_actions"]
                .as_array()
                .unwrap()
                .contains(&json!("merge")),
            "{seen}"
        );

        let (status, merged) = merge(&app, CSM, &dup, &original).await;
        assert_eq!(status, StatusCode::OK, "{merged}");
        assert_eq!(merged["status"], "cancelled");
        assert_eq!(merged["duplicate_of"], original.as_str());

        // The notes moved; the original says where they came from.
        let (_, left) = app.get(CSM, &format!("/api/v1/tickets/{dup}/notes")).await;
        assert_eq!(bodies(&left), Vec::<String>::new());
        let (_, there) = app
            .get(CSM, &format!("/api/v1/tickets/{original}/notes"))
            .await;
        let there = bodies(&there);
        assert!(
            there.contains(&"El cliente llamó otra vez".to_owned()),
            "{there:?}"
        );
        assert!(
            there.contains(&"Mismo sector que la otra".to_owned()),
            "{there:?}"
        );
        assert!(
            there
                .iter()
                .any(|b| b.contains(&dup) && b.contains("duplicada")),
            "{there:?}"
        );
        // The customer reads the public one there, never the internal ones.
        let (_, theirs) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{original}/notes"))
            .await;
        assert_eq!(bodies(&theirs), ["El cliente llamó otra vez"]);

        // The history says what happened and where it went; the contact
        // is told which number to follow.
        let (_, history) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{dup}/history"))
            .await;
        let last = history["status_changes"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (last["action"].as_str(), last["reason"].as_str()),
            (Some("merge"), Some(original.as_str())),
            "{history}"
        );
        let (_, sent) = app
            .get(CSM, &format!("/api/v1/tickets/{dup}/notifications"))
            .await;
        let told: Vec<&str> = sent
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["event"] == "ticket_merged")
            .map(|m| m["channel"].as_str().unwrap())
            .collect();
        assert!(told.contains(&"email") && told.contains(&"sms"), "{sent}");

        // TMF621 relates the two.
        let (_, tmf) = app
            .get(
                INTEGRATION,
                &format!("/tmf-api/troubleTicket/v4/troubleTicket/{dup}"),
            )
            .await;
        assert!(
            tmf["troubleTicketRelationship"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["relationshipType"] == "isDuplicateOf" && r["id"] == original.as_str()),
            "{tmf}"
        );

        // Once merged, it is done.
        let (status, again) = merge(&app, CSM, &dup, &original).await;
        assert_eq!(status, StatusCode::CONFLICT, "{again}");
    })
    .await;
}

#[tokio::test]
async fn what_cannot_be_the_same_fault_is_refused_and_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let a = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let b = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
        let other = number(&app.report(ACCOUNT_B, LINE_B1, Some("no_signal")).await);
        let before = app.ticket(&a).await;
        for (token, into, status, code) in [
            (CSM, a.as_str(), StatusCode::CONFLICT, "merge_into_itself"),
            (
                CSM,
                other.as_str(),
                StatusCode::CONFLICT,
                "merge_other_account",
            ),
            (
                CSM,
                "AV-2026-999999",
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_original",
            ),
            (COR, b.as_str(), StatusCode::FORBIDDEN, "forbidden"),
            (CUSTOMER_A, b.as_str(), StatusCode::FORBIDDEN, "forbidden"),
        ] {
            let (got, body) = merge(&app, token, &a, into).await;
            assert_eq!(
                (got, body["code"].as_str()),
                (status, Some(code)),
                "{into}: {body}"
            );
        }
        // Into a finished fault.
        app.act_ok(CSM, &b, "start_work", json!({})).await;
        app.act_ok(CSM, &b, "cancel", json!({"reason": "reporte de prueba"}))
            .await;
        let (got, body) = merge(&app, CSM, &a, &b).await;
        assert_eq!(
            (got, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("merge_into_finished")),
            "{body}"
        );
        let after = app.ticket(&a).await;
        assert_eq!(
            after["version"], before["version"],
            "refusals change nothing"
        );
        assert_eq!(after["status"], "acknowledged");
    })
    .await;
}

#[tokio::test]
async fn a_duplicate_waiting_for_repair_frees_its_appointment() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let original = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        let dup = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        app.act_ok(CSM, &dup, "classify_point_fault", json!({}))
            .await;
        let booked = app.book(TELESERVICE, &dup, "center-a").await;
        let (status, merged) = merge(&app, CSM, &dup, &original).await;
        assert_eq!(status, StatusCode::OK, "{merged}");
        let (_, appointment) = app
            .get(
                CSM,
                &format!("/api/v1/appointments/{}", booked["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(appointment["status"], "cancelled", "{appointment}");
    })
    .await;
}
