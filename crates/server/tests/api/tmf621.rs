//! TMF621 Trouble Ticket v4 through `/tmf-api/troubleTicket/v4/`: every
//! response body is validated against the official swagger's definitions
//! (`docs/tmf/`), and a ticket is driven through the procedure by PATCHes
//! alone, leaving the same history as the native API.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

const TT: &str = "/tmf-api/troubleTicket/v4/troubleTicket";

/// A validator for one definition of a TM Forum swagger in `docs/tmf/`.
fn schema_in(file: &str, definition: &str) -> jsonschema::Validator {
    let path = format!("{}/../../docs/tmf/{file}", env!("CARGO_MANIFEST_DIR"));
    let swagger: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let doc = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "definitions": swagger["definitions"],
        "$ref": format!("#/definitions/{definition}"),
    });
    jsonschema::draft4::new(&doc).unwrap()
}

/// Asserts `body` is a valid `definition` of the TM Forum swagger `file`.
pub(crate) fn assert_valid_in(file: &str, definition: &str, body: &Value) {
    let v = schema_in(file, definition);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not a valid {definition}: {errors:?}\n{body}"
    );
}

pub(crate) fn assert_valid(definition: &str, body: &Value) {
    assert_valid_in("TMF621-TroubleTicket-v4.0.0.swagger.json", definition, body);
}

pub(crate) fn create_body() -> Value {
    json!({
        "description": "La línea no tiene señal desde esta mañana",
        "severity": "Major",
        "ticketType": "fault",
        "name": "Sin señal en la sede",
        "channel": {"id": "api", "name": "api"},
        "relatedParty": [
            {"id": ACCOUNT_A, "role": "customer", "@referredType": "Organization"},
            {"id": "+584141234567", "name": "Ana Pérez", "role": "reporter", "@referredType": "Individual"}
        ],
        "relatedEntity": [{"id": LINE_A1, "role": "affectedLine", "@referredType": "Resource"}],
        "@type": "TroubleTicket"
    })
}

async fn tmf(
    app: &TestApp,
    method: Method,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let body = body.map(|b| ("application/json;charset=utf-8", b));
    tmf_request(app, method, token, path, body).await
}

/// A TMF request with an optional `(content type, body)`; the answer's
/// status, headers and body (JSON, or the text as a string).
pub(crate) async fn tmf_request(
    app: &TestApp,
    method: Method,
    token: &str,
    path: &str,
    body: Option<(&str, Value)>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some((kind, b)) = body {
        req = req.header("Content-Type", kind).body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn a_ticket_created_read_and_listed_through_tmf621_v4_matches_the_official_schema() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, headers, t) =
            tmf(&app, Method::POST, TELESERVICE, TT, Some(create_body())).await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        assert_valid("TroubleTicket", &t);
        let id = t["id"].as_str().unwrap().to_owned();
        assert!(
            id.starts_with("AV-"),
            "the id is the number customers quote"
        );
        assert_eq!(t["href"], format!("{TT}/{id}"));
        assert_eq!(headers["location"], format!("{TT}/{id}"));
        assert_eq!(
            t["status"], "acknowledged",
            "the server assigns the initial status"
        );
        // A free string, echoed as the client wrote it (issue 20).
        assert_eq!(t["severity"], "Major");
        assert_eq!(t["expectedResolutionDate"], "2026-11-24T09:00:00Z");
        assert_eq!(t["relatedEntity"][0]["id"], LINE_A1);
        // The whole document, the same on both databases (ids are the
        // server's own and change with every run).
        insta::assert_json_snapshot!("tmf621_v4_created_ticket", t, {
            ".note[].id" => "[note id]",
        });
        // The same ticket through the native API.
        assert_eq!(app.ticket(&id).await["title"], "Sin señal en la sede");

        let (status, _, got) = tmf(&app, Method::GET, CSM, &format!("{TT}/{id}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_valid("TroubleTicket", &got);
        let (_, _, some) = tmf(
            &app,
            Method::GET,
            CSM,
            &format!("{TT}/{id}?fields=status,severity"),
            None,
        )
        .await;
        let mut keys: Vec<&str> = some
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["@type", "href", "id", "severity", "status"]);

        app.report(ACCOUNT_B, LINE_B1, None).await;
        for path in [format!("{TT}?limit=1"), format!("{TT}/?limit=1")] {
            let (status, headers, list) = tmf(&app, Method::GET, CSM, &path, None).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(headers["x-total-count"], "2");
            assert_eq!(headers["x-result-count"], "1");
            assert_valid("TroubleTicket", &list[0]);
        }
        let (_, _, mine) = tmf(
            &app,
            Method::GET,
            CUSTOMER_A,
            &format!("{TT}?status=acknowledged"),
            None,
        )
        .await;
        assert_eq!(
            mine.as_array().unwrap().len(),
            1,
            "a customer sees its own account only"
        );
        let (_, _, none) = tmf(&app, Method::GET, CSM, &format!("{TT}?status=closed"), None).await;
        assert_eq!(none, json!([]));
    })
    .await;
}

#[tokio::test]
async fn patches_alone_drive_a_ticket_through_the_procedure_and_illegal_ones_get_tmf_errors() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, _, t) = tmf(&app, Method::POST, TELESERVICE, TT, Some(create_body())).await;
        let id = t["id"].as_str().unwrap().to_owned();
        let path = format!("{TT}/{id}");
        let steps = [
            (
                CSM,
                json!({"status": "inProgress", "note": [{"text": "Verificado en el HLR"}]}),
            ),
            (
                CSM,
                json!({"status": "resolved", "statusChangeReason": "Se reinició la celda"}),
            ),
            (
                CUSTOMER_A,
                json!({"status": "inProgress", "statusChangeReason": "Sigue sin señal"}),
            ),
            (
                CSM,
                json!({"status": "resolved", "statusChangeReason": "Se cambió la tarjeta SIM"}),
            ),
            (CSM, json!({"status": "closed"})),
        ];
        for (token, patch) in steps {
            let (status, _, body) =
                tmf(&app, Method::PATCH, token, &path, Some(patch.clone())).await;
            assert_eq!(status, StatusCode::OK, "{patch} → {body}");
            assert_valid("TroubleTicket", &body);
            assert_eq!(body["status"], patch["status"]);
        }
        let (_, _, done) = tmf(&app, Method::GET, CSM, &path, None).await;
        let statuses: Vec<&str> = done["statusChange"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            [
                "acknowledged",
                "inProgress",
                "resolved",
                "inProgress",
                "resolved",
                "closed"
            ]
        );
        assert_eq!(done["note"][0]["text"], "Verificado en el HLR");
        // The native history is the same history.
        let (_, native) = app.get(CSM, &format!("/api/v1/tickets/{id}/history")).await;
        assert_eq!(
            native["status_changes"].as_array().unwrap().len(),
            6,
            "{native}"
        );

        // Illegal moves and bad input answer TMF errors and change nothing.
        let cases = [
            (CSM, json!({"status": "inProgress"}), StatusCode::CONFLICT),
            (CSM, json!({"status": "nonsense"}), StatusCode::BAD_REQUEST),
            (
                CSM,
                json!({"description": "x"}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ];
        for (token, patch, expected) in cases {
            let (status, _, err) =
                tmf(&app, Method::PATCH, token, &path, Some(patch.clone())).await;
            assert_eq!(status, expected, "{patch} → {err}");
            assert_valid("Error", &err);
            assert_eq!(err["status"], expected.as_u16().to_string());
        }
        let (_, _, after) = tmf(&app, Method::GET, CSM, &path, None).await;
        assert_eq!(after["statusChange"].as_array().unwrap().len(), 6);

        let (_, _, other) = tmf(&app, Method::POST, TELESERVICE, TT, Some(create_body())).await;
        let (status, _, err) = tmf(
            &app,
            Method::PATCH,
            CENTER,
            &format!("{TT}/{}", other["id"].as_str().unwrap()),
            Some(json!({"status": "closed"})),
        )
        .await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{err}"
        );
        assert_valid("Error", &err);
    })
    .await;
}

#[tokio::test]
async fn bad_requests_get_tmf_error_bodies() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut missing = create_body();
        missing.as_object_mut().unwrap().remove("severity");
        let mut debt = create_body();
        debt["relatedParty"][0]["id"] = json!(ACCOUNT_DEBT);
        debt["relatedEntity"][0]["id"] = json!(LINE_DEBT);
        let cases = [
            (
                TELESERVICE,
                Method::POST,
                TT.to_owned(),
                Some(missing),
                StatusCode::BAD_REQUEST,
            ),
            (
                TELESERVICE,
                Method::POST,
                TT.to_owned(),
                Some(json!([1])),
                StatusCode::BAD_REQUEST,
            ),
            (
                TELESERVICE,
                Method::POST,
                TT.to_owned(),
                Some(debt),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "nobody",
                Method::GET,
                TT.to_owned(),
                None,
                StatusCode::UNAUTHORIZED,
            ),
            (
                CSM,
                Method::GET,
                format!("{TT}/AV-2026-999999"),
                None,
                StatusCode::NOT_FOUND,
            ),
            (
                CSM,
                Method::GET,
                format!("{TT}?colour=red"),
                None,
                StatusCode::BAD_REQUEST,
            ),
            (
                CSM,
                Method::DELETE,
                format!("{TT}/AV-2026-000001"),
                None,
                // No such ticket: 404, as on every by-id operation.
                StatusCode::NOT_FOUND,
            ),
        ];
        for (token, method, path, body, expected) in cases {
            let (status, _, err) = tmf(&app, method.clone(), token, &path, body).await;
            assert_eq!(status, expected, "{method} {path} → {err}");
            assert_valid("Error", &err);
        }
        assert_eq!(app.ticket_count().await, 0, "nothing was opened");
    })
    .await;
}

#[tokio::test]
async fn a_hub_listener_gets_the_status_changes_it_asked_for_in_the_tmf_event_shape() {
    let (listener, url) = crate::notifications::Receiver::start(0).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = listener.received().len();
        let (status, _, sub) = tmf(&app, Method::POST, ADMIN, "/tmf-api/troubleTicket/v4/hub",
            Some(json!({"callback": format!("{url}/listener"), "query": "eventType=TroubleTicketStatusChangeEvent,TroubleTicketInformationRequiredEvent"}))).await;
        assert_eq!(status, StatusCode::CREATED, "{sub}");
        assert_valid("EventSubscription", &sub);
        let (status, _, err) = tmf(&app, Method::POST, CSM, "/tmf-api/troubleTicket/v4/hub", Some(json!({"callback": "http://x"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_valid("Error", &err);

        let (_, _, t) = tmf(&app, Method::POST, TELESERVICE, TT, Some(create_body())).await;
        let id = t["id"].as_str().unwrap().to_owned();
        tmf(&app, Method::PATCH, CSM, &format!("{TT}/{id}"), Some(json!({"status": "inProgress"}))).await;
        app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
        let got = listener.received();
        let events: Vec<Value> = got[before..].iter().map(|(_, b)| serde_json::from_str(b).unwrap()).collect();
        assert_eq!(events.len(), 1, "the creation was not asked for: {events:?}");
        assert_eq!(events[0]["eventType"], "TroubleTicketStatusChangeEvent");
        assert_eq!(events[0]["event"]["troubleTicket"]["id"], id);
        assert_eq!(events[0]["event"]["troubleTicket"]["status"], "inProgress");
        assert_valid("TroubleTicketStatusChangeEvent", &events[0]);

        // A point fault waits on the customer: TMF's "information required".
        tmf(&app, Method::PATCH, CSM, &format!("{TT}/{id}"), Some(json!({"status": "pending"}))).await;
        app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
        let got = listener.received();
        let mut types: Vec<String> = got[before + 1..]
            .iter()
            .map(|(_, b)| serde_json::from_str::<Value>(b).unwrap()["eventType"].as_str().unwrap().to_owned())
            .collect();
        types.sort();
        assert_eq!(types, ["TroubleTicketInformationRequiredEvent", "TroubleTicketStatusChangeEvent"]);
        let required: Value = got[before + 1..]
            .iter()
            .map(|(_, b)| serde_json::from_str::<Value>(b).unwrap())
            .find(|e| e["eventType"] == "TroubleTicketInformationRequiredEvent")
            .unwrap();
        assert_valid("TroubleTicketInformationRequiredEvent", &required);

        let (status, _, _) = tmf(&app, Method::DELETE, ADMIN, &format!("/tmf-api/troubleTicket/v4/hub/{}", sub["id"].as_str().unwrap()), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    })
    .await;
}

#[tokio::test]
async fn a_listener_of_attribute_changes_hears_of_each_new_note() {
    let (listener, url) = crate::notifications::Receiver::start(0).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = listener.received().len();
        let (status, _, sub) = tmf(&app, Method::POST, ADMIN, "/tmf-api/troubleTicket/v4/hub",
            Some(json!({"callback": format!("{url}/listener"), "query": "eventType=TroubleTicketAttributeValueChangeEvent"}))).await;
        assert_eq!(status, StatusCode::CREATED, "{sub}");
        let (_, _, t) = tmf(&app, Method::POST, TELESERVICE, TT, Some(create_body())).await;
        let id = t["id"].as_str().unwrap().to_owned();
        let (status, _, _) = tmf(&app, Method::PATCH, CSM, &format!("{TT}/{id}"),
            Some(json!({"note": [{"text": "Verificado en el HLR"}]}))).await;
        assert_eq!(status, StatusCode::OK);
        app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
        let got = listener.received();
        let events: Vec<Value> = got[before..].iter().map(|(_, b)| serde_json::from_str(b).unwrap()).collect();
        assert_eq!(events.len(), 1, "only the note, not the creation: {events:?}");
        assert_eq!(events[0]["eventType"], "TroubleTicketAttributeValueChangeEvent");
        assert_eq!(events[0]["fieldPath"], "note");
        assert_eq!(events[0]["event"]["troubleTicket"]["id"], id);
        assert_valid("TroubleTicketAttributeValueChangeEvent", &events[0]);
        tmf(&app, Method::DELETE, ADMIN, &format!("/tmf-api/troubleTicket/v4/hub/{}", sub["id"].as_str().unwrap()), None).await;
    })
    .await;
}
