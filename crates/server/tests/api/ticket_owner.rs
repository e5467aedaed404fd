//! A ticket's owner (issue 21): CSM's agents take a fault or assign it to a
//! colleague, "my tickets" lists their own, the new owner is told by mail,
//! an escalation hands it to the second-level group without owner, and
//! only operator staff ever see who works a ticket.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn set_owner(
    app: &TestApp,
    token: &str,
    n: &str,
    owner: Value,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    app.send(
        Method::PUT,
        token,
        &format!("/api/v1/tickets/{n}/owner"),
        Some(json!({ "owner": owner })),
        headers,
    )
    .await
}

/// The numbers of the tickets a list answers.
fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn agents_take_and_assign_faults_and_the_new_owner_is_told() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, colleague) = app
            .post(
                ADMIN,
                "/api/v1/users",
                json!({"name": "csm.beatriz", "role": "csm", "group": "csm",
                       "email": "beatriz@operador.example"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{colleague}");
        let colleague_token = colleague["token"].as_str().unwrap().to_owned();
        let t = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        let n = number(&t);
        let other = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
        assert_eq!(t["owner"], Value::Null);
        let (_, seen) = app.get(CSM, &format!("/api/v1/tickets/{n}")).await;
        assert!(
            seen["next_actions"]
                .as_array()
                .unwrap()
                .contains(&json!("assign")),
            "{t}"
        );

        // Taking it: the caller owns it; the history says so.
        let (status, taken) = set_owner(&app, CSM, &n, json!("me"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{taken}");
        let (_, me) = app.get(CSM, "/api/v1/me").await;
        assert_eq!(taken["owner"], me["name"], "{taken}");
        assert_eq!(taken["status"], t["status"], "owning moves no status");
        assert_eq!(
            taken["version"],
            t["version"].as_i64().unwrap() + 1,
            "a new owner is a new version"
        );

        // "My tickets" and "nobody's yet".
        let (_, mine) = app.get(CSM, "/api/v1/tickets?owner=me").await;
        assert_eq!(numbers(&mine), std::slice::from_ref(&n), "{mine}");
        let (_, unowned) = app.get(CSM, "/api/v1/tickets?owner=none").await;
        assert!(numbers(&unowned).contains(&other), "{unowned}");
        assert!(!numbers(&unowned).contains(&n), "{unowned}");
        let (_, hers) = app.get(CSM, "/api/v1/tickets?owner=csm.beatriz").await;
        assert!(numbers(&hers).is_empty(), "{hers}");

        // Assigning to a colleague: she owns it, and a mail tells her.
        let version = taken["version"].to_string();
        let (status, assigned) = set_owner(
            &app,
            CSM,
            &n,
            json!("csm.beatriz"),
            &[("If-Match", &format!("\"{}\"", version.trim_matches('"')))],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{assigned}");
        assert_eq!(assigned["owner"], "csm.beatriz");
        let (_, mine) = app.get(&colleague_token, "/api/v1/tickets?owner=me").await;
        assert_eq!(numbers(&mine), std::slice::from_ref(&n), "{mine}");
        let (_, sent) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/notifications"))
            .await;
        let told: Vec<&Value> = sent
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["event"] == "ticket_assigned")
            .collect();
        assert_eq!(told.len(), 1, "{sent}");
        assert_eq!(told[0]["recipient"], "beatriz@operador.example");
        assert!(
            !sent
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["event"] == "ticket_assigned"
                    && m["recipient"] != "beatriz@operador.example"),
            "who took it themselves is not mailed: {sent}"
        );

        // A stale page changes nothing.
        let (status, stale) = set_owner(&app, CSM, &n, json!(null), &[("If-Match", "\"1\"")]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{stale}");

        // Who may not: another group, a person of another group, a finished ticket.
        let (status, refused) = set_owner(&app, COR, &n, json!("me"), &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
        let (_, cor) = app.get(COR, "/api/v1/me").await;
        let (status, refused) = set_owner(&app, CSM, &n, cor["name"].clone(), &[]).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("owner_not_in_group")),
            "{refused}"
        );
        let (status, refused) = set_owner(&app, CSM, &n, json!("nadie.aqui"), &[]).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_user")),
            "{refused}"
        );
        let after = app.ticket(&n).await;
        assert_eq!(after["owner"], "csm.beatriz", "refusals change nothing");
        assert_eq!(after["version"], assigned["version"]);

        // The history keeps each change for staff; the customer sees neither
        // the owner nor the changes.
        let (_, history) = app.get(CSM, &format!("/api/v1/tickets/{n}/history")).await;
        let assigns: Vec<&Value> = history["status_changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["action"] == "assign")
            .collect();
        assert_eq!(assigns.len(), 2, "{history}");
        assert_eq!(assigns[1]["reason"], "csm.beatriz");
        let (_, theirs) = app.get(CUSTOMER_A, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(theirs["owner"], Value::Null, "{theirs}");
        let (_, theirs) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/history"))
            .await;
        assert!(
            theirs["status_changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["action"] != "assign"),
            "{theirs}"
        );
        let (status, _) = app.get(CUSTOMER_A, "/api/v1/tickets?owner=me").await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // TMF621: the owner is a related party, for the operator's systems.
        let (_, tmf) = app
            .get(
                INTEGRATION,
                &format!("/tmf-api/troubleTicket/v4/troubleTicket/{n}"),
            )
            .await;
        let parties = tmf["relatedParty"].as_array().unwrap();
        assert!(
            parties
                .iter()
                .any(|p| p["role"] == "assignee" && p["name"] == "csm.beatriz"),
            "{tmf}"
        );
        assert_eq!(
            tmf["statusChange"].as_array().map(Vec::len),
            Some(1),
            "a new owner is no status change: {tmf}"
        );

        // Escalation hands it to COR, without owner; a COR agent takes it.
        let escalated = app.act_ok(CSM, &n, "escalate", json!({})).await;
        assert_eq!(escalated["group"], "cor");
        assert_eq!(escalated["owner"], Value::Null, "{escalated}");
        let (status, cor_owned) = set_owner(&app, COR, &n, json!("me"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{cor_owned}");
        assert_eq!(cor_owned["owner"], cor["name"]);
        let (status, refused) = set_owner(&app, CSM, &n, json!("csm.beatriz"), &[]).await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("owner_not_in_group")),
            "{refused}"
        );

        // Releasing it.
        let (status, released) = set_owner(&app, COR, &n, json!(null), &[]).await;
        assert_eq!(status, StatusCode::OK, "{released}");
        assert_eq!(released["owner"], Value::Null);
    })
    .await;
}
