//! Mass incidents (R-TRIAGE-6): many customer tickets hang on one network
//! incident; resolving it resolves each child with its own history entry.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn resolving_a_mass_incident_resolves_every_child_with_its_own_history() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let children: Vec<String> = vec![
            number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await),
            number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await),
            number(&app.report(ACCOUNT_B, LINE_B1, None).await),
        ];
        app.act_ok(
            CSM,
            &children[2],
            "escalate",
            json!({"fault_type": "no_signal"}),
        )
        .await;
        let (status, incident) = app.post(COR, "/api/v1/incidents", json!({"title": "Caída de radiobase Los Ruices", "owner": "cor", "severity": "critical"})).await;
        assert_eq!(status, StatusCode::CREATED, "{incident}");
        assert_eq!(
            (incident["kind"].as_str(), incident["group"].as_str()),
            (Some("incident"), Some("cor"))
        );
        let inc = number(&incident);

        let (status, linked) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{inc}/children"),
                json!({"tickets": children}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{linked}");
        for child in linked.as_array().unwrap() {
            assert_eq!(
                (
                    child["stage"].as_str(),
                    child["parent"].as_str(),
                    child["group"].as_str()
                ),
                (Some("linked_to_incident"), Some(inc.as_str()), Some("cor"))
            );
        }
        let (_, kids) = app
            .get(CSM, &format!("/api/v1/incidents/{inc}/children"))
            .await;
        assert_eq!(kids.as_array().unwrap().len(), 3);

        app.clock.advance(chrono::Duration::hours(3));
        let (status, out) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{inc}/resolve"),
                json!({"resolution": "Energía restituida"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["incident"]["status"], "resolved");
        let mut resolved: Vec<String> = out["resolved_children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        resolved.sort();
        assert_eq!(resolved, children);
        for child in &children {
            let t = app.ticket(child).await;
            assert_eq!(t["status"], "resolved");
            assert!(t["resolution"].as_str().unwrap().contains(&inc));
            let (_, h) = app
                .get(CSM, &format!("/api/v1/tickets/{child}/history"))
                .await;
            let last = h["status_changes"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .clone();
            assert_eq!(last["action"], "resolve_with_incident");
            assert!(
                last["reason"]
                    .as_str()
                    .unwrap()
                    .contains("Energía restituida")
            );
            // Each customer closes normally afterwards.
            app.act_ok(CSM, child, "close", json!({})).await;
        }
    })
    .await;
}

#[tokio::test]
async fn an_unlinked_ticket_returns_to_csm_and_is_not_resolved_with_the_incident() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let a = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let b = number(&app.report(ACCOUNT_A, LINE_A2, None).await);
        let (_, incident) = app
            .post(
                CSM,
                "/api/v1/incidents",
                json!({"title": "Falla SMSC", "owner": "sigis"}),
            )
            .await;
        let inc = number(&incident);
        app.post(
            SIGIS,
            &format!("/api/v1/incidents/{inc}/children"),
            json!({"tickets": [a, b]}),
        )
        .await;
        let (status, t) = app
            .send(
                reqwest::Method::DELETE,
                SIGIS,
                &format!("/api/v1/incidents/{inc}/children/{b}"),
                None,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{t}");
        assert_eq!(
            (
                t["stage"].as_str(),
                t["group"].as_str(),
                t["parent"].as_null()
            ),
            (Some("with_csm"), Some("csm"), Some(()))
        );
        let (status, e) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{inc}/resolve"),
                json!({"resolution": "x"}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "COR does not own a SIGIS incident: {e}"
        );
        let (_, out) = app
            .post(
                SIGIS,
                &format!("/api/v1/incidents/{inc}/resolve"),
                json!({"resolution": "SMSC reiniciado"}),
            )
            .await;
        assert_eq!(out["resolved_children"], json!([a]));
        let b = app.ticket(&b).await;
        assert_eq!(
            (b["status"].as_str(), b["stage"].as_str()),
            (Some("inProgress"), Some("with_csm"))
        );
    })
    .await;
}

#[tokio::test]
async fn linking_is_all_or_nothing_and_refuses_closed_tickets() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let open = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let closed = number(&app.report(ACCOUNT_A, LINE_A2, None).await);
        app.act_ok(CSM, &closed, "resolve", json!({"resolution": "ok"}))
            .await;
        app.act_ok(CSM, &closed, "close", json!({})).await;
        let (_, incident) = app
            .post(
                COR,
                "/api/v1/incidents",
                json!({"title": "Fibra cortada", "owner": "cor"}),
            )
            .await;
        let inc = number(&incident);
        let (status, e) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{inc}/children"),
                json!({"tickets": [open, closed]}),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{e}");
        assert_eq!(
            app.ticket(&open).await["stage"],
            "with_csm",
            "nothing was linked"
        );
        let (status, _) = app
            .post(
                TELESERVICE,
                "/api/v1/incidents",
                json!({"title": "x", "owner": "cor"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, e) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{open}/children"),
                json!({"tickets": [closed]}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("not_an_incident"))
        );
    })
    .await;
}
