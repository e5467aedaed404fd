//! SLA policies, stored deadlines and the escalation matrix (R-SLA-1..3)
//! through the API, with the background worker played tick by tick. A new
//! `Services` over the same database is a restarted server: it shares
//! nothing in memory with the one before.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.send(Method::PUT, token, path, Some(body), &[]).await
}

/// One worker tick on a freshly started server; returns jobs run.
async fn tick_after_restart(app: &TestApp) -> usize {
    app.services()
        .worker
        .run_due_jobs("test-worker", 100)
        .await
        .unwrap()
}

fn business_policy() -> Value {
    json!({
        "fault_type": "no_signal",
        "resolution": {"target_minutes": 480, "calendar": "caracas-business", "pause_statuses": ["pending"]},
        "response": {"target_minutes": 60, "calendar": "caracas-business"}
    })
}

#[tokio::test]
async fn tickets_carry_the_procedure_default_until_a_policy_covers_them() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let t = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        let sla = &t["sla"];
        assert_eq!(sla["policy"], "default");
        assert_eq!(sla["deadline"], "2026-11-24T09:00:00Z");
        assert_eq!(sla["resolution"]["calendar"], "24x7");
        assert_eq!(sla["resolution"]["target_seconds"], 24 * 3600);
        assert_eq!(sla["resolution"]["state"], "running");
        assert_eq!(sla["response"], Value::Null);
        // The same deadline as the attention clock, which R-SLA-1 defines.
        assert_eq!(sla["deadline"], t["attention"]["deadline"]);
    })
    .await;
}

#[tokio::test]
async fn a_business_hours_policy_sets_deadlines_and_a_policy_change_recomputes_open_tickets() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // Monday 23 Nov, 05:00 in Caracas: before opening hours.
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let other = number(&app.report(ACCOUNT_B, LINE_B1, Some("sms_failure")).await);

        let (status, body) = put(
            &app,
            CSM,
            "/api/v1/sla-policies/no-signal",
            business_policy(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, body) = put(
            &app,
            ADMIN,
            "/api/v1/sla-policies/no-signal",
            business_policy(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The clocks shown are computed from the history under the new policy at once...
        let t = app.ticket(&n).await;
        assert_eq!(t["sla"]["policy"], "no-signal");
        assert_eq!(t["sla"]["resolution"]["elapsed_seconds"], 0);
        assert_eq!(t["sla"]["resolution"]["deadline"], "2026-11-23T21:00:00Z");
        assert_eq!(t["sla"]["response"]["deadline"], "2026-11-23T13:00:00Z");
        // ...and the stored deadline lists sort by follows once the worker recomputes.
        assert_eq!(t["sla"]["deadline"], "2026-11-24T09:00:00Z");
        assert!(tick_after_restart(&app).await >= 1);
        let t = app.ticket(&n).await;
        assert_eq!(
            t["sla"]["deadline"], "2026-11-23T21:00:00Z",
            "8 business hours: 08–12 and 13–17 Caracas"
        );
        assert_eq!(t["sla"]["response_deadline"], "2026-11-23T13:00:00Z");
        // A ticket the policy does not cover keeps R-SLA-1's 24 hours.
        assert_eq!(
            app.ticket(&other).await["sla"]["deadline"],
            "2026-11-24T09:00:00Z"
        );

        let (_, page) = app.get(CSM, "/api/v1/tickets?sort=deadline").await;
        let order: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_str().unwrap())
            .collect();
        assert_eq!(order, [n.as_str(), other.as_str()]);

        // Monday 17:30 Caracas: past the business deadline, not past 24 h.
        app.clock.advance(Duration::minutes(12 * 60 + 30));
        let (_, breached) = app.get(CSM, "/api/v1/tickets?breached=true").await;
        let numbers: Vec<&str> = breached["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_str().unwrap())
            .collect();
        assert_eq!(numbers, [n.as_str()]);
        let t = app.ticket(&n).await;
        assert_eq!(t["sla"]["resolution"]["state"], "breached");
        assert_eq!(t["sla"]["response"]["state"], "breached");
        assert_eq!(t["sla"]["breached"], true);

        // Deleting the policy puts the ticket back on the default, and the worker stores it.
        let (status, _) = app
            .send(
                Method::DELETE,
                ADMIN,
                "/api/v1/sla-policies/no-signal",
                None,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        tick_after_restart(&app).await;
        assert_eq!(
            app.ticket(&n).await["sla"]["deadline"],
            "2026-11-24T09:00:00Z"
        );
    })
    .await;
}

#[tokio::test]
async fn waiting_on_the_customer_pauses_the_clock_and_the_explanation_says_so() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, body) = put(
            &app,
            ADMIN,
            "/api/v1/sla-policies/no-signal",
            business_policy(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Monday 09:00 Caracas.
        app.clock.advance(Duration::hours(4));
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        app.clock.advance(Duration::minutes(30));
        let t = app.act_ok(CSM, &n, "start_work", json!({})).await;
        assert_eq!(t["sla"]["response"]["state"], "met");
        assert_eq!(t["sla"]["response"]["elapsed_seconds"], 1800);
        app.clock.advance(Duration::minutes(30));
        // Point fault: the customer must take the device to a center.
        let t = app.act_ok(CSM, &n, "classify_point_fault", json!({})).await;
        assert_eq!(t["status"], "pending");
        assert_eq!(t["sla"]["resolution"]["state"], "paused");
        assert_eq!(t["sla"]["resolution"]["deadline"], Value::Null);
        assert_eq!(
            t["sla"]["deadline"],
            Value::Null,
            "a paused clock has no stored deadline"
        );
        // Two days later the paused clock has still counted one hour.
        app.clock.advance(Duration::hours(48));
        let (status, c) = app.get(CSM, &format!("/api/v1/tickets/{n}/clock")).await;
        assert_eq!(status, StatusCode::OK, "{c}");
        assert_eq!(c["calendar"], "caracas-business");
        assert_eq!(c["elapsed_seconds"], 3600);
        let kinds: Vec<&str> = c["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["counted", "counted", "paused"]);
        // "What if" it had not paused: the same history without pause statuses.
        let (_, c) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/clock?pause="))
            .await;
        assert_eq!(c["state"], "breached");
        let (_, c) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/clock?clock=response"))
            .await;
        assert_eq!(
            (c["state"].as_str(), c["elapsed_seconds"].as_i64()),
            (Some("met"), Some(1800))
        );
    })
    .await;
}

fn matrix() -> Value {
    json!({"steps": [
        {"name": "untouched", "event": "opened", "delay_minutes": 30, "condition": "not_taken",
         "actions": [{"type": "notify_role", "role": "csm"}]},
        {"name": "breached", "event": "breach",
         "actions": [{"type": "raise_priority"}, {"type": "notify_role", "role": "customer_service_mgmt"}]}
    ]})
}

#[tokio::test]
async fn an_escalation_step_fires_once_across_restarts_and_late_after_downtime() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, body) = put(&app, ADMIN, "/api/v1/escalation-rules/*/first", matrix()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let fired = async || {
            app.get(CSM, &format!("/api/v1/tickets/{n}/escalations"))
                .await
                .1
        };

        app.clock.advance(Duration::minutes(10));
        tick_after_restart(&app).await;
        assert_eq!(fired().await, json!([]), "nothing is due before 30 minutes");

        // The server was down from 09:10 to 09:45; the step fell due at 09:30.
        app.clock.advance(Duration::minutes(35));
        assert!(tick_after_restart(&app).await >= 1);
        let f = fired().await;
        assert_eq!(f.as_array().unwrap().len(), 1, "{f}");
        assert_eq!(f[0]["step"], "*/first/untouched");
        assert_eq!(f[0]["due_at"], "2026-11-23T09:30:00Z");
        assert_eq!(f[0]["fired_at"], "2026-11-23T09:45:00Z");
        assert_eq!(f[0]["late_seconds"], 900);
        assert!(f[0]["reason"].as_str().unwrap().contains("late"), "{f}");
        assert_eq!(f[0]["actions"][0]["told"], json!(["csm"]));

        // Two more restarts and ticks: still fired once.
        tick_after_restart(&app).await;
        app.clock.advance(Duration::minutes(1));
        tick_after_restart(&app).await;
        assert_eq!(fired().await.as_array().unwrap().len(), 1);

        // Taken in time for the rest; the breach step still fires at 24 h.
        app.act_ok(CSM, &n, "start_work", json!({})).await;
        app.clock.advance(Duration::hours(24));
        tick_after_restart(&app).await;
        let f = fired().await;
        assert_eq!(f.as_array().unwrap().len(), 2, "{f}");
        assert_eq!(f[1]["step"], "*/first/breached");
        assert_eq!(f[1]["due_at"], "2026-11-24T09:00:00Z");
        assert_eq!(
            f[1]["actions"][0],
            json!({"type": "raise_priority", "from": "major", "to": "critical"})
        );
        assert_eq!(
            f[1]["actions"][1]["told"],
            json!([]),
            "nobody has that role in the fixture"
        );
        let t = app.ticket(&n).await;
        assert_eq!(t["severity"], "critical");
        tick_after_restart(&app).await;
        assert_eq!(fired().await.as_array().unwrap().len(), 2);
        // The customer sees none of it.
        let (status, _) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/escalations"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn policies_and_rules_are_validated_and_change_nothing_when_refused() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let cases = [
            (
                json!({"resolution": {"target_minutes": 0}}),
                "invalid_sla_policy",
            ),
            (
                json!({"resolution": {"target_minutes": 60, "warn_at": [100]}}),
                "invalid_sla_policy",
            ),
            (
                json!({"resolution": {"target_minutes": 60, "pause_statuses": ["resolved"]}}),
                "invalid_sla_policy",
            ),
            (
                json!({"resolution": {"target_minutes": 60, "calendar": "mars"}}),
                "unknown_calendar",
            ),
            (
                json!({"fault_type": "nope", "resolution": {"target_minutes": 60}}),
                "unknown_fault_type",
            ),
        ];
        for (body, code) in cases {
            let (status, err) = put(&app, ADMIN, "/api/v1/sla-policies/p1", body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {err}");
            assert_eq!(err["code"], code, "{body} → {err}");
        }
        let (status, err) = put(
            &app,
            ADMIN,
            "/api/v1/sla-policies/p1",
            json!({"resolution": {"target_minutes": "x"}}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        let (_, list) = app.get(CSM, "/api/v1/sla-policies").await;
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "only the built-in default: {list}"
        );

        let (status, _) = put(&app, ADMIN, "/api/v1/sla-policies/a", business_policy()).await;
        assert_eq!(status, StatusCode::OK);
        let (status, err) = put(&app, ADMIN, "/api/v1/sla-policies/b", business_policy()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");

        let mut twice = matrix();
        twice["steps"][1]["name"] = json!("untouched");
        let (status, err) = put(&app, ADMIN, "/api/v1/escalation-rules/*/first", twice).await;
        assert_eq!(
            (status, err["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("invalid_escalation_rule")
            )
        );
        let (status, err) = put(&app, ADMIN, "/api/v1/escalation-rules/*/third", matrix()).await;
        assert_eq!(
            (status, err["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_level"))
        );
        let (_, rules) = app.get(CSM, "/api/v1/escalation-rules").await;
        assert_eq!(rules, json!([]));
        let (status, _) = app.get(CUSTOMER_A, "/api/v1/sla-policies").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .send(
                Method::DELETE,
                ADMIN,
                "/api/v1/escalation-rules/*/first",
                None,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_reassign_step_hands_an_untaken_ticket_to_second_level_and_the_history_says_so() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let rule = json!({"steps": [
            {"name": "to-cor", "event": "opened", "delay_minutes": 60, "condition": "not_taken",
             "actions": [{"type": "reassign", "group": "cor"}]}
        ]});
        let (status, body) = put(
            &app,
            ADMIN,
            "/api/v1/escalation-rules/no_signal/first",
            rule,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let other = number(&app.report(ACCOUNT_B, LINE_B1, Some("sms_failure")).await);
        app.clock.advance(Duration::minutes(61));
        tick_after_restart(&app).await;
        let t = app.ticket(&n).await;
        assert_eq!(
            (t["stage"].as_str(), t["group"].as_str()),
            (Some("escalated"), Some("cor"))
        );
        let f = app
            .get(CSM, &format!("/api/v1/tickets/{n}/escalations"))
            .await
            .1;
        assert_eq!(
            f[0]["actions"][0],
            json!({"type": "reassign", "from": "csm", "to": "cor"})
        );
        let (_, history) = app.get(CSM, &format!("/api/v1/tickets/{n}/history")).await;
        assert!(
            history.to_string().contains("escalation matrix"),
            "{history}"
        );
        // The rule is for no_signal only: the SMS fault stays with CSM.
        assert_eq!(app.ticket(&other).await["group"], "csm");
    })
    .await;
}
