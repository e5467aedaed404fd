//! The procedure paths (R-TRIAGE-*, R-REPAIR-2/4, R-CLOSE-1): first-level
//! resolution, escalation by fault type and back, point fault to a center
//! and back, close, reject, cancel; illegal moves change nothing; If-Match.
//!
//! Past 500 lines: one test per path of the procedure, each walked step by
//! step.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

fn resolution(text: &str) -> serde_json::Value {
    json!({"resolution": text})
}

#[tokio::test]
async fn csm_solves_a_fault_at_first_level_and_closes_it() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.clock.advance(chrono::Duration::minutes(10));
        let t = app
            .act_ok(
                CSM,
                &n,
                "start_work",
                json!({"note": "Protocolo: verificado registro en HLR"}),
            )
            .await;
        assert_eq!(t["status"], "inProgress");
        app.clock.advance(chrono::Duration::hours(2));
        let t = app
            .act_ok(CSM, &n, "resolve", resolution("Se reconfiguró el APN"))
            .await;
        assert_eq!(
            (t["status"].as_str(), t["stage"].as_str()),
            (Some("resolved"), Some("resolved"))
        );
        assert_eq!(t["resolution"], "Se reconfiguró el APN");
        assert_eq!(t["attention"]["state"], "met");
        assert_eq!(t["attention"]["stopped_at"], "2026-11-23T11:10:00Z");
        let t = app.act_ok(CSM, &n, "close", json!({})).await;
        assert_eq!(t["status"], "closed");
        assert_eq!(
            t["next_actions"],
            json!([]),
            "a closed ticket takes no more actions"
        );

        let (_, history) = app.get(CSM, &format!("/api/v1/tickets/{n}/history")).await;
        let actions: Vec<_> = history["status_changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(actions, ["open", "start_work", "resolve", "close"]);
        let audit = history["audit"].as_array().unwrap();
        assert_eq!(audit.last().unwrap()["before"]["status"], "resolved");
        assert_eq!(audit.last().unwrap()["after"]["status"], "closed");
        assert_eq!(audit.last().unwrap()["actor"], "csm");
    })
    .await;
}

#[tokio::test]
async fn escalation_goes_to_the_group_of_the_fault_type_and_comes_back_to_csm() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for (fault_type, group, token) in [
            ("no_signal", "cor", COR),
            ("sms_failure", "sigis", SIGIS),
            ("line_blocked", "gsac", GSAC),
        ] {
            let n = number(&app.report(ACCOUNT_A, LINE_A1, Some(fault_type)).await);
            app.act_ok(CSM, &n, "start_work", json!({})).await;
            let t = app.act_ok(CSM, &n, "escalate", json!({})).await;
            assert_eq!(
                (t["stage"].as_str(), t["group"].as_str()),
                (Some("escalated"), Some(group)),
                "{fault_type}"
            );
            let (_, queue) = app
                .get(
                    token,
                    &format!("/api/v1/tickets?group={group}&stage=escalated"),
                )
                .await;
            assert!(
                queue["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["number"] == n.as_str())
            );

            // Only the group it was escalated to hands the solution back.
            for other in [COR, SIGIS, GSAC].into_iter().filter(|o| *o != token) {
                let (status, e) = app.act(other, &n, "return_solution", resolution("x")).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
            }
            let (status, _) = app
                .post(
                    token,
                    &format!("/api/v1/tickets/{n}/notes"),
                    json!({"visibility": "public", "body": "Revisando el elemento de red"}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
            let t = app
                .act_ok(
                    token,
                    &n,
                    "return_solution",
                    resolution("Se reinició la radiobase"),
                )
                .await;
            assert_eq!(
                (t["stage"].as_str(), t["group"].as_str()),
                (Some("solution_returned"), Some("csm"))
            );
            let t = app
                .act_ok(CSM, &n, "resolve", resolution("Confirmado con el cliente"))
                .await;
            assert_eq!(t["status"], "resolved");
            app.act_ok(CSM, &n, "close", json!({})).await;
        }
    })
    .await;
}

#[tokio::test]
async fn escalation_needs_a_fault_type_and_may_reclassify_it() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let (status, e) = app.act(CSM, &n, "escalate", json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["code"], "fault_type_required");
        let t = app
            .act_ok(CSM, &n, "escalate", json!({"fault_type": "sms_failure"}))
            .await;
        assert_eq!(
            (t["group"].as_str(), t["fault_type"].as_str()),
            (Some("sigis"), Some("sms_failure"))
        );
    })
    .await;
}

#[tokio::test]
async fn a_point_fault_waits_for_the_center_which_certifies_and_csm_closes() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        let (status, _) = app.get(CENTER, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a center does not see tickets still at triage"
        );
        let t = app.act_ok(CSM, &n, "classify_point_fault", json!({"note": "Acuda a un centro autorizado con su número", "note_visibility": "public"})).await;
        assert_eq!(
            (t["status"].as_str(), t["stage"].as_str()),
            (Some("pending"), Some("awaiting_repair"))
        );

        let (status, _) = app.get(CENTER, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a center sees only cases booked at it"
        );
        app.book(CUSTOMER_A, &n, "center-a").await;
        let (status, seen) = app.get(CENTER, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the center looks the case up by ticket number"
        );
        assert_eq!(seen["next_actions"], json!(["certify_repair", "add_note"]));
        let (status, e) = app.act(CENTER, &n, "certify_repair", json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["code"], "resolution_required");
        let t = app
            .act_ok(
                CENTER,
                &n,
                "certify_repair",
                resolution("Cambio de conector de carga; pruebas OK"),
            )
            .await;
        assert_eq!(
            (
                t["status"].as_str(),
                t["stage"].as_str(),
                t["group"].as_str()
            ),
            (Some("resolved"), Some("repaired"), Some("csm"))
        );
        let (status, _) = app.act(CENTER, &n, "close", json!({})).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "R-REPAIR-4: CSM closes, not the center"
        );
        app.act_ok(CSM, &n, "close", json!({})).await;
    })
    .await;
}

#[tokio::test]
async fn only_csm_may_close_and_a_refused_close_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let resolved = app.act_ok(CSM, &n, "resolve", resolution("hecho")).await;
        for (token, role) in ROLE_TOKENS
            .iter()
            .filter(|(_, r)| *r != averias_domain::Role::Csm)
        {
            let (status, e) = app.act(token, &n, "close", json!({})).await;
            assert!(
                matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{role}: {status} {e}"
            );
        }
        let after = app.ticket(&n).await;
        assert_eq!(after["version"], resolved["version"]);
        assert_eq!(after["status"], "resolved");
    })
    .await;
}

#[tokio::test]
async fn every_illegal_transition_is_refused_and_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let fresh = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let closed = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
        app.act_ok(CSM, &closed, "resolve", resolution("ok")).await;
        app.act_ok(CSM, &closed, "close", json!({})).await;
        // Actions that cannot apply to a ticket just reported, by a role that may take them otherwise.
        let on_fresh = [
            (COR, "return_solution"),
            (CENTER, "certify_repair"),
            (CUSTOMER_A, "reject_resolution"),
            (CSM, "close"),
        ];
        let all = [
            (CSM, "start_work"),
            (CSM, "resolve"),
            (CSM, "classify_point_fault"),
            (CSM, "escalate"),
            (COR, "return_solution"),
            (CENTER, "certify_repair"),
            (CUSTOMER_A, "reject_resolution"),
            (CSM, "close"),
            (CSM, "cancel"),
        ];
        for (n, cases) in [(fresh.as_str(), &on_fresh[..]), (closed.as_str(), &all[..])] {
            for (token, action) in cases {
                let before = app.ticket(n).await;
                let body = json!({"reason": "r", "resolution": "r"});
                let (status, e) = app.act(token, n, action, body).await;
                if *token == CENTER {
                    // A center only sees tickets waiting for repair: to it these do not exist.
                    assert_eq!(status, StatusCode::NOT_FOUND, "{action} on {n}: {e}");
                } else {
                    assert_eq!(status, StatusCode::CONFLICT, "{action} on {n}: {e}");
                    assert_eq!(e["code"], "illegal_transition");
                }
                let after = app.ticket(n).await;
                assert_eq!(after, before, "{action} changed {n}");
            }
        }
        let (_, history) = app
            .get(CSM, &format!("/api/v1/tickets/{fresh}/history"))
            .await;
        assert_eq!(
            history["status_changes"].as_array().unwrap().len(),
            1,
            "only the opening"
        );
    })
    .await;
}

#[tokio::test]
async fn the_customer_may_reject_a_resolution_and_the_clock_runs_again() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.clock.advance(chrono::Duration::hours(1));
        app.act_ok(CSM, &n, "resolve", resolution("Reinicio remoto"))
            .await;
        let (status, e) = app
            .act(CUSTOMER_A, &n, "reject_resolution", json!({}))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reason is required: {e}"
        );
        let t = app
            .act_ok(
                CUSTOMER_A,
                &n,
                "reject_resolution",
                json!({"reason": "Sigue sin señal"}),
            )
            .await;
        assert_eq!(
            (t["status"].as_str(), t["stage"].as_str()),
            (Some("inProgress"), Some("with_csm"))
        );
        assert_eq!(t["attention"]["state"], "running");
        assert_eq!(t["attention"]["stopped_at"], serde_json::Value::Null);
        assert_eq!(t["resolution"], serde_json::Value::Null);
    })
    .await;
}

#[tokio::test]
async fn cancelling_needs_a_reason_and_a_customer_may_only_withdraw_an_untouched_report() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let (status, e) = app.act(CSM, &n, "cancel", json!({})).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("reason_required"))
        );
        let t = app
            .act_ok(
                CUSTOMER_A,
                &n,
                "cancel",
                json!({"reason": "Se resolvió solo"}),
            )
            .await;
        assert_eq!(
            (t["status"].as_str(), t["cancel_reason"].as_str()),
            (Some("cancelled"), Some("Se resolvió solo"))
        );
        assert_eq!(t["attention"]["state"], "stopped");

        let m = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.act_ok(CSM, &m, "start_work", json!({})).await;
        let (status, _) = app
            .act(CUSTOMER_A, &m, "cancel", json!({"reason": "ya no"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412_and_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let t = app.report(ACCOUNT_A, LINE_A1, None).await;
        let n = number(&t);
        let v1 = t["version"].to_string();
        let (status, _) = app
            .send(
                reqwest::Method::POST,
                CSM,
                &format!("/api/v1/tickets/{n}/actions/start_work"),
                None,
                &[("If-Match", &format!("\"{v1}\""))],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let before = app.ticket(&n).await;
        let (status, e) = app
            .send(
                reqwest::Method::POST,
                CSM,
                &format!("/api/v1/tickets/{n}/actions/resolve"),
                Some(resolution("x")),
                &[("If-Match", &format!("\"{v1}\""))],
            )
            .await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{e}");
        assert_eq!(e["code"], "stale_version");
        assert_eq!(e["details"]["current_version"], 2);
        assert_eq!(app.ticket(&n).await, before);

        let resp = app
            .client
            .get(format!("{}/api/v1/tickets/{n}", app.base))
            .bearer_auth(CSM)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.headers()["etag"], "\"2\"");
    })
    .await;
}

#[tokio::test]
async fn two_agents_racing_on_one_version_get_one_success_and_one_412() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let path = format!("/api/v1/tickets/{n}/actions/");
        let (resolve, escalate) = (format!("{path}resolve"), format!("{path}escalate"));
        let a = app.send(
            reqwest::Method::POST,
            CSM,
            &resolve,
            Some(resolution("a")),
            &[("If-Match", "1")],
        );
        let b = app.send(
            reqwest::Method::POST,
            CSM,
            &escalate,
            Some(json!({})),
            &[("If-Match", "1")],
        );
        let ((sa, _), (sb, _)) = tokio::join!(a, b);
        let mut statuses = [sa, sb];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
        assert_eq!(app.ticket(&n).await["version"], 2);
    })
    .await;
}

#[tokio::test]
async fn the_attention_deadline_is_24_hours_and_breached_tickets_can_be_listed() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let late = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.clock.advance(chrono::Duration::hours(20));
        let on_time = number(&app.report(ACCOUNT_A, LINE_A2, None).await);
        app.clock.advance(chrono::Duration::hours(5));
        let t = app.ticket(&late).await;
        assert_eq!(t["attention"]["state"], "breached");
        assert_eq!(t["attention"]["breached"], true);
        assert_eq!(t["attention"]["remaining_seconds"], -3600);
        let (_, breached) = app.get(CSM, "/api/v1/tickets?breached=true").await;
        let numbers: Vec<_> = breached["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["number"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(numbers, std::slice::from_ref(&late));
        let (_, fine) = app.get(CSM, "/api/v1/tickets?breached=false").await;
        assert_eq!(fine["items"][0]["number"], on_time.as_str());
        let (_, by_deadline) = app.get(CSM, "/api/v1/tickets?sort=deadline").await;
        assert_eq!(by_deadline["items"][0]["number"], late.as_str());
        // Resolving after the deadline keeps it breached.
        let t = app.act_ok(CSM, &late, "resolve", resolution("tarde")).await;
        assert_eq!(t["attention"]["state"], "breached");
    })
    .await;
}

#[tokio::test]
async fn lists_filter_by_status_stage_group_account_fault_type_and_text() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let a = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let b = number(&app.report(ACCOUNT_B, LINE_B1, Some("sms_failure")).await);
        app.act_ok(CSM, &b, "escalate", json!({})).await;
        let check = |q: &'static str, expected: Vec<String>| {
            let app = &app;
            async move {
                let (status, page) = app.get(CSM, &format!("/api/v1/tickets?{q}")).await;
                assert_eq!(status, StatusCode::OK, "{q}: {page}");
                let got: Vec<_> = page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["number"].as_str().unwrap().to_owned())
                    .collect();
                assert_eq!(got, expected, "{q}");
            }
        };
        check("status=acknowledged", vec![a.clone()]).await;
        check(
            "status=acknowledged,inProgress&sort=oldest",
            vec![a.clone(), b.clone()],
        )
        .await;
        check("stage=escalated", vec![b.clone()]).await;
        check("group=sigis", vec![b.clone()]).await;
        check("account=2001", vec![a.clone()]).await;
        check("fault_type=sms_failure", vec![b.clone()]).await;
        check("q=SEÑAL&sort=oldest", vec![a.clone(), b.clone()]).await;
        check("q=nothing-like-this", vec![]).await;
        check("msisdn=0426-0000001", vec![b.clone()]).await;
    })
    .await;
}

#[tokio::test]
async fn a_tickets_clock_is_explained_segment_by_segment() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // Reported Monday 23 Nov 2026 09:00 UTC (05:00 in Caracas, before office hours).
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        app.clock.advance(chrono::Duration::hours(2));
        app.act_ok(CSM, &n, "classify_point_fault", json!({})).await;
        app.clock.advance(chrono::Duration::hours(3));

        let (status, c) = app.get(CSM, &format!("/api/v1/tickets/{n}/clock")).await;
        assert_eq!(status, StatusCode::OK, "{c}");
        assert_eq!((c["calendar"].as_str(), c["state"].as_str()), (Some("24x7"), Some("running")));
        assert_eq!((c["elapsed_seconds"].as_i64(), c["deadline"].as_str()), (Some(5 * 3600), Some("2026-11-24T09:00:00Z")));

        // Waiting on the customer's visit to a center need not count.
        let (_, c) = app.get(CSM, &format!("/api/v1/tickets/{n}/clock?pause=pending")).await;
        assert_eq!((c["state"].as_str(), c["elapsed_seconds"].as_i64()), (Some("paused"), Some(2 * 3600)));
        let kinds: Vec<_> = c["segments"].as_array().unwrap().iter().map(|s| (s["status"].as_str().unwrap(), s["kind"].as_str().unwrap())).collect();
        assert_eq!(kinds, [("acknowledged", "counted"), ("pending", "paused")]);

        // On Caracas business hours the 05:00–07:00 span before opening counts nothing.
        let (_, c) = app.get(CSM, &format!("/api/v1/tickets/{n}/clock?calendar=caracas-business&target_minutes=960&pause=pending")).await;
        assert_eq!(c["segments"][0]["counted_seconds"], 0);
        assert_eq!(c["elapsed_seconds"], 0);

        let (status, e) = app.get(CSM, &format!("/api/v1/tickets/{n}/clock?pause=sleeping")).await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_status")));
        let (status, _) = app.get(CUSTOMER_B, &format!("/api/v1/tickets/{n}/clock")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another account's clock is not shown");
    })
    .await;
}
