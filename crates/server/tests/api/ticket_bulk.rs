//! One step on a queue selection (issue 21): each ticket done or refused
//! on its own, the refused ones with the single call's error.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn bulk(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.post(token, "/api/v1/tickets/bulk", body).await
}

/// `ticket → error code` of the refused ones.
fn refused(answer: &Value) -> Vec<(String, String)> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ok"] == false)
        .map(|r| {
            (
                r["ticket"].as_str().unwrap().to_owned(),
                r["error"]["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn csm_takes_notes_closes_and_links_a_selection_each_on_its_own() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let a = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let b = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
        let c = number(&app.report(ACCOUNT_B, LINE_B1, Some("no_signal")).await);
        app.act_ok(CSM, &c, "resolve", json!({"resolution": "Se reinició el servicio"}))
            .await;

        let (status, took) = bulk(
            &app,
            CSM,
            json!({"tickets": [a, b, "AV-2026-999999", a], "action": "take"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{took}");
        assert_eq!(took["done"], 2, "a ticket named twice is done once: {took}");
        assert_eq!(
            refused(&took),
            [("AV-2026-999999".to_owned(), "not_found".to_owned())]
        );
        let (_, me) = app.get(CSM, "/api/v1/me").await;
        assert_eq!(app.ticket(&a).await["owner"], me["name"]);
        assert_eq!(app.ticket(&b).await["owner"], me["name"]);

        let (_, noted) = bulk(
            &app,
            CSM,
            json!({"tickets": [a, b], "action": "note", "note": "Revisado en la ronda de la tarde"}),
        )
        .await;
        assert_eq!(noted["done"], 2, "{noted}");
        for n in [&a, &b] {
            let (_, notes) = app.get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/notes")).await;
            assert_eq!(notes.as_array().unwrap().len(), 0, "internal by default");
            let (_, notes) = app.get(CSM, &format!("/api/v1/tickets/{n}/notes")).await;
            assert_eq!(notes[0]["body"], "Revisado en la ronda de la tarde");
        }

        // Closing: the resolved one closes, the open one is refused as the
        // single step would be.
        let (_, closed) = bulk(&app, CSM, json!({"tickets": [a, c], "action": "close"})).await;
        assert_eq!(closed["done"], 1, "{closed}");
        assert_eq!(refused(&closed), [(a.clone(), "illegal_transition".to_owned())]);
        assert_eq!(app.ticket(&c).await["status"], "closed");
        assert_eq!(app.ticket(&a).await["status"], "acknowledged");

        // Hung on a mass incident.
        let (_, incident) = app
            .post(COR, "/api/v1/incidents", json!({"title": "Caída de radiobase", "owner": "cor"}))
            .await;
        let inc = number(&incident);
        let (_, linked) = bulk(
            &app,
            CSM,
            json!({"tickets": [a, b], "action": "link_to_incident", "incident": inc}),
        )
        .await;
        assert_eq!(linked["done"], 2, "{linked}");
        assert_eq!(app.ticket(&a).await["parent"], inc.as_str());

        // Refused whole: nothing selected, an unknown step, a note without text.
        for (body, code) in [
            (json!({"tickets": [], "action": "take"}), "selection_required"),
            (json!({"tickets": [a], "action": "explode"}), "unknown_action"),
            (json!({"tickets": [a], "action": "note", "note": "  "}), "empty_note"),
        ] {
            let (status, answer) = bulk(&app, CSM, body).await;
            assert_eq!(
                (status, answer["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{answer}"
            );
        }
        // A customer's selection reaches only its own account's faults.
        let (_, theirs) = bulk(
            &app,
            CUSTOMER_A,
            json!({"tickets": [c], "action": "note", "note": "hola"}),
        )
        .await;
        assert_eq!(refused(&theirs), [(c.clone(), "not_found".to_owned())]);
    })
    .await;
}
