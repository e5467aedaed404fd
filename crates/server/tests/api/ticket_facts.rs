//! Correcting a ticket's facts after intake (issue 21's triage dead end):
//! `PATCH /api/v1/tickets/{ticket}` classifies a fault left "to be
//! classified", fixes lines and the contact, with the reason in the
//! history and audit, and refuses what a new report would refuse.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn patch(
    app: &TestApp,
    token: &str,
    n: &str,
    body: Value,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    app.send(
        Method::PATCH,
        token,
        &format!("/api/v1/tickets/{n}"),
        Some(body),
        headers,
    )
    .await
}

#[tokio::test]
async fn csm_classifies_an_unclassified_fault_and_corrects_its_lines_then_escalates_it() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let t = app.report(ACCOUNT_A, LINE_A1, None).await;
        let n = t["number"].as_str().unwrap().to_owned();
        assert_eq!(t["fault_type"], Value::Null);

        let (status, fixed) = patch(
            &app,
            CSM,
            &n,
            json!({
                "fault_type": "no_signal",
                "lines": [LINE_A1, LINE_A2],
                "reporter": {"name": "Ana María Pérez", "email": "ana@empresa.example"},
                "reason": "El cliente confirma: sin señal en las dos líneas"
            }),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{fixed}");
        assert_eq!(fixed["fault_type"], "no_signal");
        assert_eq!(fixed["lines"], json!([LINE_A1, LINE_A2]));
        assert_eq!(fixed["reporter"]["name"], "Ana María Pérez");
        assert_eq!(fixed["reporter"]["email"], "ana@empresa.example");
        assert_eq!(fixed["version"], t["version"].as_i64().unwrap() + 1);
        assert_eq!(
            fixed["status"], t["status"],
            "a correction is no step of the procedure"
        );
        assert_eq!(
            fixed["severity"], "major",
            "a new fault type brings its default severity"
        );
        // The customer's history and TMF621's status history hold no
        // correction: no status moved, and its reason is the operator's.
        let (_, theirs) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/history"))
            .await;
        assert!(
            theirs["status_changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["action"] != "edit_facts"),
            "{theirs}"
        );
        let (_, tmf) = app
            .get(
                INTEGRATION,
                &format!("/tmf-api/troubleTicket/v4/troubleTicket/{n}"),
            )
            .await;
        assert_eq!(
            tmf["statusChange"].as_array().map(Vec::len),
            Some(1),
            "{tmf}"
        );
        // The same line twice, or a description sent back with CRLF, is no
        // error and no change.
        let (status, same) = patch(
            &app,
            CSM,
            &n,
            json!({
                "lines": [LINE_A2, LINE_A1, LINE_A1],
                "description": fixed["description"].as_str().unwrap().replace('\n', "\r\n"),
                "reason": "el formulario otra vez"
            }),
            &[],
        )
        .await;
        assert_eq!(
            (status, same["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("nothing_to_change")),
            "{same}"
        );

        // The history says why; the audit trail what it was before.
        let (_, history) = app.get(CSM, &format!("/api/v1/tickets/{n}/history")).await;
        let last = history["status_changes"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["action"], "edit_facts");
        assert_eq!(
            last["reason"],
            "El cliente confirma: sin señal en las dos líneas"
        );
        let audit = history["audit"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            audit["after"]["changed"],
            json!(["fault_type", "severity", "lines", "reporter"])
        );
        assert_eq!(audit["after"]["before"]["lines"], json!([LINE_A1]));

        // The fault now escalates to the group of its type.
        let escalated = app.act_ok(CSM, &n, "escalate", json!({})).await;
        assert_eq!(escalated["group"], "cor");
        // COR, holding it, may correct it too.
        let (status, _) = patch(
            &app,
            COR,
            &n,
            json!({"severity": "critical", "reason": "Afecta a toda la sede"}),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_correction_a_new_report_would_refuse_is_refused_by_name_and_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let t = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        let n = t["number"].as_str().unwrap().to_owned();
        let cases = [
            (
                CSM,
                json!({"lines": [LINE_B1], "reason": "x"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "line_not_in_account",
            ),
            (
                CSM,
                json!({"fault_type": "nope", "reason": "x"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_fault_type",
            ),
            (
                CSM,
                json!({"lines": ["12"], "reason": "x"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_msisdn",
            ),
            (
                CSM,
                json!({"description": "Otra cosa", "reason": "  "}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "reason_required",
            ),
            (
                CSM,
                json!({"fault_type": "no_signal", "reason": "igual"}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "nothing_to_change",
            ),
            (
                CUSTOMER_A,
                json!({"description": "Otra cosa", "reason": "x"}),
                StatusCode::FORBIDDEN,
                "forbidden",
            ),
            (
                COR,
                json!({"description": "Otra cosa", "reason": "x"}),
                StatusCode::FORBIDDEN,
                "forbidden",
            ),
        ];
        for (token, body, expected, code) in cases {
            let (status, e) = patch(&app, token, &n, body.clone(), &[]).await;
            assert_eq!(
                (status, e["code"].as_str()),
                (expected, Some(code)),
                "{body}: {e}"
            );
        }
        let (status, e) = patch(
            &app,
            CSM,
            &n,
            json!({"description": "Otra cosa", "reason": "x"}),
            &[("If-Match", "\"99\"")],
        )
        .await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{e}");
        assert_eq!(
            app.ticket(&n).await["version"],
            t["version"],
            "nothing was written"
        );

        let _ = app
            .act_ok(CSM, &n, "cancel", json!({"reason": "duplicada"}))
            .await;
        let (status, e) = patch(
            &app,
            CSM,
            &n,
            json!({"description": "Otra cosa", "reason": "x"}),
            &[],
        )
        .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::CONFLICT, Some("ticket_not_open")),
            "{e}"
        );
    })
    .await;
}
