//! Canned responses (issue 21): kept by admins and customer-service
//! management, read by operator staff, filled in for a ticket in either
//! language.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn response(group: &str, name: &str) -> Value {
    json!({
        "group": group, "name": name,
        "body_es": "Estimado(a) {{contact}}: su avería {{ticket}} de {{customer}} sigue en curso. {{agent}}",
        "body_en": "Dear {{contact}}: your fault {{ticket}} of {{customer}} is in hand. {{agent}}",
    })
}

#[tokio::test]
async fn canned_responses_are_kept_by_admins_and_filled_in_for_a_ticket() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, created) = app
            .post(
                ADMIN,
                "/api/v1/canned-responses",
                response("csm", "En curso"),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();

        // Kept by admins only; the same name twice in a group is refused.
        let (status, _) = app
            .post(CSM, "/api/v1/canned-responses", response("csm", "Otra"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, dup) = app
            .post(
                ADMIN,
                "/api/v1/canned-responses",
                response("csm", "En curso"),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{dup}");
        let (status, empty) = app
            .post(
                ADMIN,
                "/api/v1/canned-responses",
                json!({"group": "csm", "name": "Vacía", "body_es": "Hola", "body_en": "  "}),
            )
            .await;
        assert_eq!(
            (status, empty["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("canned_text_required")
            ),
            "{empty}"
        );

        // Filled in for a ticket, in the language asked.
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let (_, me) = app.get(CSM, "/api/v1/me").await;
        let (status, filled) = app
            .get(
                CSM,
                &format!("/api/v1/tickets/{n}/canned-responses?lang=en"),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{filled}");
        assert_eq!(
            filled[0]["text"],
            format!(
                "Dear Ana Pérez: your fault {n} of Empresa A is in hand. {}",
                me["name"].as_str().unwrap()
            )
        );
        // A customer reads none.
        let (_, theirs) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/canned-responses"))
            .await;
        assert_eq!(theirs, json!([]));
        let (status, _) = app.get(CUSTOMER_A, "/api/v1/canned-responses").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // COR's agents get COR's, not CSM's.
        let (_, cor) = app
            .get(COR, &format!("/api/v1/tickets/{n}/canned-responses"))
            .await;
        assert_eq!(cor, json!([]));

        // Replaced and deleted.
        let (status, replaced) = app
            .send(
                Method::PUT,
                ADMIN,
                &format!("/api/v1/canned-responses/{id}"),
                Some(response("cor", "Radiobase")),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{replaced}");
        let (_, cor) = app
            .get(COR, &format!("/api/v1/tickets/{n}/canned-responses"))
            .await;
        assert_eq!(cor[0]["name"], "Radiobase");
        let (status, _) = app
            .send(
                Method::DELETE,
                ADMIN,
                &format!("/api/v1/canned-responses/{id}"),
                None,
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, all) = app.get(CSM, "/api/v1/canned-responses").await;
        assert_eq!(all, json!([]));
    })
    .await;
}
