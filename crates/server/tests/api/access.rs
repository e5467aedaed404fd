//! Access rules (R-ACCESS-1, R-INFORM-2): tokens, tenancy, internal notes.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn requests_without_a_valid_token_are_refused() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let resp = app
            .client
            .get(format!("{}/api/v1/tickets", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "unauthenticated");
        let (status, _) = app.get("not-a-token", "/api/v1/tickets").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn a_customer_cannot_read_another_accounts_ticket_or_any_internal_note() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mine = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let theirs = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
        app.post(
            CSM,
            &format!("/api/v1/tickets/{mine}/notes"),
            json!({"visibility": "internal", "body": "Cliente difícil, revisar deuda anterior"}),
        )
        .await;
        app.post(
            CSM,
            &format!("/api/v1/tickets/{mine}/notes"),
            json!({"visibility": "public", "body": "Estamos revisando su línea"}),
        )
        .await;

        for path in [
            format!("/api/v1/tickets/{theirs}"),
            format!("/api/v1/tickets/{theirs}/notes"),
            format!("/api/v1/tickets/{theirs}/history"),
        ] {
            let (status, body) = app.get(CUSTOMER_A, &path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        let (_, list) = app.get(CUSTOMER_A, "/api/v1/tickets").await;
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["number"], mine.as_str());
        let (_, list) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets?account={ACCOUNT_B}"))
            .await;
        assert_eq!(
            list["total"], 0,
            "filtering by another account shows nothing"
        );

        let (_, notes) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{mine}/notes"))
            .await;
        let bodies: Vec<_> = notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["body"].as_str().unwrap())
            .collect();
        assert_eq!(bodies, ["Estamos revisando su línea"]);
        let (_, staff_notes) = app.get(CSM, &format!("/api/v1/tickets/{mine}/notes")).await;
        assert_eq!(staff_notes.as_array().unwrap().len(), 2);

        let (_, history) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{mine}/history"))
            .await;
        assert_eq!(
            history["audit"],
            json!([]),
            "the audit trail may hold internal detail"
        );
        assert_eq!(history["status_changes"].as_array().unwrap().len(), 1);

        let (status, e) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{mine}/notes"),
                json!({"visibility": "internal", "body": "x"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
        let (status, n) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{mine}/notes"),
                json!({"body": "Sigue fallando en la tarde"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(n["visibility"], "public");
    })
    .await;
}

#[tokio::test]
async fn customers_see_only_their_own_account_and_no_incidents() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, _) = app
            .get(CUSTOMER_A, &format!("/api/v1/accounts/{ACCOUNT_A}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app
            .get(CUSTOMER_A, &format!("/api/v1/accounts/{ACCOUNT_B}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.get(CUSTOMER_A, "/api/v1/accounts?q=Empresa").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, incident) = app
            .post(
                COR,
                "/api/v1/incidents",
                json!({"title": "Corte", "owner": "cor"}),
            )
            .await;
        let (status, _) = app
            .get(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{}", number(&incident)),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn only_admins_change_reference_data() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let body = json!({"number": "3001", "name": "Nueva Empresa C.A."});
        for token in [CSM, TELESERVICE, CUSTOMER_A] {
            let (status, _) = app.post(token, "/api/v1/accounts", body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, a) = app.post(ADMIN, "/api/v1/accounts", body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
        let (status, e) = app.post(ADMIN, "/api/v1/accounts", body).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::CONFLICT, Some("conflict"))
        );
        let (status, u) = app
            .post(
                ADMIN,
                "/api/v1/users",
                json!({"name": "nuevo-csm", "role": "csm", "group": "csm"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{u}");
        let token = u["token"].as_str().unwrap();
        let (status, me) = app.get(token, "/api/v1/me").await;
        assert_eq!((status, me["role"].as_str()), (StatusCode::OK, Some("csm")));
        let audit = app
            .store
            .audit_of("account", a["id"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].action, "create");
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_user_or_a_rotated_token_stops_working_at_once() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, created) = app
            .post(
                ADMIN,
                "/api/v1/users",
                json!({"name": "temporal", "role": "teleservice"}),
            )
            .await;
        let id = created["user"]["id"].as_str().unwrap().to_owned();
        let old = created["token"].as_str().unwrap().to_owned();
        let (status, rotated) = app
            .send(
                reqwest::Method::PATCH,
                ADMIN,
                &format!("/api/v1/users/{id}"),
                Some(json!({"rotate_token": true})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{rotated}");
        let new = rotated["token"].as_str().unwrap().to_owned();
        assert_eq!(
            app.get(&old, "/api/v1/me").await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.get(&new, "/api/v1/me").await.0, StatusCode::OK);
        let (status, off) = app
            .send(
                reqwest::Method::PATCH,
                ADMIN,
                &format!("/api/v1/users/{id}"),
                Some(json!({"active": false})),
                &[],
            )
            .await;
        assert_eq!(
            (status, off["user"]["active"].as_bool()),
            (StatusCode::OK, Some(false))
        );
        assert_eq!(
            app.get(&new, "/api/v1/me").await.0,
            StatusCode::UNAUTHORIZED
        );
        let (status, _) = app
            .send(
                reqwest::Method::PATCH,
                CSM,
                &format!("/api/v1/users/{id}"),
                Some(json!({"active": true})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let audit = app.store.audit_of("user", &id).await.unwrap();
        assert_eq!(
            audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
            ["create", "update", "update"]
        );
    })
    .await;
}

#[tokio::test]
async fn an_accented_account_name_is_found_typed_without_accents_or_case() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, created) = app
            .post(
                ADMIN,
                "/api/v1/accounts",
                serde_json::json!({"number": "2901", "name": "Inversiones El Ávila, C.A."}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        for typed in ["el avila", "EL ÁVILA", "ávila", "inversiones el"] {
            let (status, found) = app
                .get(
                    TELESERVICE,
                    &format!("/api/v1/accounts?q={}", typed.replace(' ', "%20")),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            let numbers: Vec<&str> = found["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|a| a["number"].as_str())
                .collect();
            assert_eq!(numbers, ["2901"], "{typed}: {found}");
        }
        // A % typed is a percent sign, not "anything".
        let (_, found) = app.get(TELESERVICE, "/api/v1/accounts?q=%25").await;
        assert_eq!(found["items"].as_array().unwrap().len(), 0, "{found}");
    })
    .await;
}
