//! TMF621 Trouble Ticket v5 through `/tmf-api/troubleTicket/v5/`: the same
//! services as v4 in v5's shapes. Every response body is validated against
//! the official v5 OAS (`docs/tmf/TMF621-Trouble_Ticket-v5.0.1.oas.yaml`).
//!
//! Past 500 lines: each test is one TMF621 v5 exchange checked against the
//! official document.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::tmf621::tmf_request as tmf;

const TT: &str = "/tmf-api/troubleTicket/v5/troubleTicket";
const HUB: &str = "/tmf-api/troubleTicket/v5/hub";

/// OpenAPI 3.0's `discriminator` in JSON Schema terms: the property must
/// name one of the mapping's schemas and the object must be valid against
/// that one. Plain JSON Schema would demand that exactly one `oneOf` branch
/// match, and TM Forum's `PartyRef`/`PartyRoleRef` accept the same objects.
fn pin_discriminators(schema: &mut Value) {
    match schema {
        Value::Object(m) => {
            if let (Some(d), Some(_)) = (m.get("discriminator").cloned(), m.get("oneOf")) {
                let prop = d["propertyName"].as_str().unwrap().to_owned();
                let mapping = d["mapping"].as_object().unwrap();
                let mut all = vec![json!({
                    "required": [prop],
                    "properties": {prop.clone(): {"enum": mapping.keys().collect::<Vec<_>>()}},
                })];
                for (name, target) in mapping {
                    all.push(json!({
                        "if": {"properties": {prop.clone(): {"const": name}}},
                        "then": {"$ref": target},
                    }));
                }
                m.remove("oneOf");
                m.entry("allOf")
                    .or_insert_with(|| json!([]))
                    .as_array_mut()
                    .unwrap()
                    .extend(all);
            }
            m.values_mut().for_each(pin_discriminators);
        }
        Value::Array(a) => a.iter_mut().for_each(pin_discriminators),
        _ => {}
    }
}

/// A validator for one schema of the v5 OAS.
fn schema(name: &str) -> jsonschema::Validator {
    let path = format!(
        "{}/../../docs/tmf/TMF621-Trouble_Ticket-v5.0.1.oas.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let oas: Value = serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut components = oas["components"].clone();
    pin_discriminators(&mut components);
    let doc = json!({
        "components": components,
        "$ref": format!("#/components/schemas/{name}"),
    });
    jsonschema::draft7::new(&doc).unwrap()
}

/// Asserts `body` is a valid `name` of the v5 OAS.
pub(crate) fn assert_valid(name: &str, body: &Value) {
    let v = schema(name);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not a valid {name}: {errors:?}\n{body}");
}

pub(crate) fn create_body() -> Value {
    json!({
        "description": "La línea no tiene señal desde esta mañana",
        "severity": "Major",
        "ticketType": "fault",
        "name": "Sin señal en la sede",
        "channel": {"id": "api", "name": "api", "@type": "ChannelRef"},
        "externalIdentifier": [
            {"id": "CRM-88412", "owner": "Siebel", "externalIdentifierType": "ServiceRequest", "@type": "ExternalIdentifier"}
        ],
        "relatedParty": [
            {"role": "customer", "@type": "RelatedPartyRefOrPartyRoleRef",
             "partyOrPartyRole": {"id": ACCOUNT_A, "@type": "PartyRef", "@referredType": "Organization"}},
            {"role": "reporter", "@type": "RelatedPartyRefOrPartyRoleRef",
             "partyOrPartyRole": {"id": "+584141234567", "name": "Ana Pérez", "@type": "PartyRef", "@referredType": "Individual"}}
        ],
        "relatedEntity": [{"role": "affectedLine", "@type": "RelatedEntity",
            "entity": {"id": LINE_A1, "@type": "EntityRef", "@referredType": "Resource"}}],
        "@type": "TroubleTicket"
    })
}

const JSON: &str = "application/json;charset=utf-8";
const MERGE: &str = "application/merge-patch+json";

#[tokio::test]
async fn an_integration_creates_reads_and_lists_tickets_in_the_v5_shapes() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, headers, t) = tmf(
            &app,
            Method::POST,
            INTEGRATION,
            TT,
            Some((JSON, create_body())),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        assert_valid("TroubleTicket", &t);
        let id = t["id"].as_str().unwrap().to_owned();
        assert_eq!(t["href"], format!("{TT}/{id}"));
        assert_eq!(headers["location"], format!("{TT}/{id}"));
        assert_eq!(t["status"], "acknowledged");
        assert_eq!(t["expectedResolutionDate"], "2026-11-24T09:00:00Z");
        assert_eq!(t["relatedEntity"][0]["entity"]["id"], LINE_A1);
        assert_eq!(
            t["relatedParty"][0]["partyOrPartyRole"]["id"], ACCOUNT_A,
            "{t}"
        );
        assert_eq!(t["externalIdentifier"][0]["id"], "CRM-88412");
        assert_eq!(t["externalIdentifier"][0]["owner"], "Siebel");
        assert_eq!(t["statusChangeHistory"][0]["status"], "acknowledged");
        assert!(t.get("statusChange").is_none(), "v4's name is not used");
        insta::assert_json_snapshot!("tmf621_v5_created_ticket", t, {
            ".note[].id" => "[note id]",
        });
        // The native API holds the same ticket, reported by the integration.
        let native = app.ticket(&id).await;
        assert_eq!(native["title"], "Sin señal en la sede");
        assert_eq!(native["account"]["number"], ACCOUNT_A);

        // v4 reads the same ticket in its own shape, the key as `externalId`.
        let (_, _, v4) = tmf(
            &app,
            Method::GET,
            CSM,
            &format!("/tmf-api/troubleTicket/v4/troubleTicket/{id}"),
            None,
        )
        .await;
        assert_eq!(v4["externalId"], "CRM-88412");
        assert_eq!(v4["relatedEntity"][0]["id"], LINE_A1);

        // A retried create with the same key opens nothing.
        let (status, _, err) = tmf(
            &app,
            Method::POST,
            INTEGRATION,
            TT,
            Some((JSON, create_body())),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert_valid("Error", &err);
        assert!(err["message"].as_str().unwrap().contains(&id), "{err}");
        assert_eq!(app.ticket_count().await, 1);

        let (status, _, got) = tmf(
            &app,
            Method::GET,
            INTEGRATION,
            &format!("{TT}/{id}?fields=status,externalIdentifier"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_valid("TroubleTicket", &got);
        let mut keys: Vec<&str> = got
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            ["@type", "externalIdentifier", "href", "id", "status"]
        );

        let (status, headers, list) = tmf(
            &app,
            Method::GET,
            INTEGRATION,
            &format!("{TT}/?status=acknowledged&limit=5"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["x-total-count"], "1");
        assert_eq!(headers["x-result-count"], "1");
        for item in list.as_array().unwrap() {
            assert_valid("TroubleTicket", item);
        }
        // The count counts what the filter keeps, not the page before it.
        let (_, headers, none) = tmf(
            &app,
            Method::GET,
            INTEGRATION,
            &format!("{TT}?severity=Critical"),
            None,
        )
        .await;
        assert_eq!(none, json!([]));
        assert_eq!(headers["x-total-count"], "0");
    })
    .await;
}

#[tokio::test]
async fn v5_merge_patches_drive_the_procedure_and_the_history_matches_the_native_api() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, _, t) = tmf(&app, Method::POST, INTEGRATION, TT, Some((JSON, create_body()))).await;
        let id = t["id"].as_str().unwrap().to_owned();
        let path = format!("{TT}/{id}");
        let steps = [
            (CSM, json!({"status": "inProgress", "note": [{"text": "Verificado en el HLR", "@type": "Note"}], "@type": "TroubleTicket"})),
            (CSM, json!({"status": "resolved", "statusChangeReason": "Se reinició la celda", "@type": "TroubleTicket"})),
            // The integration speaks for the customer: the fault persists.
            (INTEGRATION, json!({"status": "inProgress", "statusChangeReason": "El cliente sigue sin señal", "@type": "TroubleTicket"})),
            (CSM, json!({"status": "resolved", "statusChangeReason": "Se cambió la tarjeta SIM", "@type": "TroubleTicket"})),
            (CSM, json!({"status": "closed", "@type": "TroubleTicket"})),
        ];
        for (token, patch) in steps {
            let (status, _, body) =
                tmf(&app, Method::PATCH, token, &path, Some((MERGE, patch.clone()))).await;
            assert_eq!(status, StatusCode::OK, "{patch} → {body}");
            assert_valid("TroubleTicket", &body);
            assert_eq!(body["status"], patch["status"]);
        }
        let (_, _, done) = tmf(&app, Method::GET, INTEGRATION, &path, None).await;
        let history: Vec<(&str, Option<&str>)> = done["statusChangeHistory"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["status"].as_str().unwrap(), s["statusChangeReason"].as_str()))
            .collect();
        let (_, native) = app.get(CSM, &format!("/api/v1/tickets/{id}/history")).await;
        let native: Vec<(&str, Option<&str>)> = native["status_changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["status"].as_str().unwrap(), s["reason"].as_str()))
            .collect();
        assert_eq!(history, native, "the same history through both APIs");
        assert_eq!(
            history.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            ["acknowledged", "inProgress", "resolved", "inProgress", "resolved", "closed"]
        );
        assert_eq!(done["note"][0]["text"], "Verificado en el HLR");

        // JSON Patch is refused, not misread; an illegal move is a TMF 409.
        let (status, _, err) = tmf(
            &app,
            Method::PATCH,
            CSM,
            &path,
            Some(("application/json-patch+json", json!([{"op": "replace", "path": "/status", "value": "cancelled"}]))),
        )
        .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{err}");
        assert_valid("Error", &err);
        let (status, _, err) = tmf(&app, Method::PATCH, CSM, &path, Some((MERGE, json!({"status": "inProgress"})))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "v5 bodies name their @type: {err}");
        assert_valid("Error", &err);
        let (status, _, err) = tmf(&app, Method::PATCH, CSM, &path, Some((MERGE, json!({"status": "inProgress", "@type": "TroubleTicket"})))).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_valid("Error", &err);
        // The integration takes no CSM step.
        let (_, _, other) = tmf(&app, Method::POST, INTEGRATION, TT, Some((JSON, {
            let mut b = create_body();
            b["externalIdentifier"][0]["id"] = json!("CRM-88413");
            b
        }))).await;
        let (status, _, err) = tmf(&app, Method::PATCH, INTEGRATION, &format!("{TT}/{}", other["id"].as_str().unwrap()),
            Some((MERGE, json!({"status": "resolved", "@type": "TroubleTicket"})))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
        assert_valid("Error", &err);
        let (_, _, after) = tmf(&app, Method::GET, CSM, &path, None).await;
        assert_eq!(after["statusChangeHistory"].as_array().unwrap().len(), 6);
    })
    .await;
}

#[tokio::test]
async fn v5_bad_requests_get_v5_error_bodies_and_change_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut untyped = create_body();
        untyped.as_object_mut().unwrap().remove("@type");
        let mut bad_key = create_body();
        bad_key["externalIdentifier"] = json!([{"owner": "Siebel", "@type": "ExternalIdentifier"}]);
        let mut twice = create_body();
        twice["externalIdentifier"] = json!([{"id": "A", "@type": "ExternalIdentifier"}, {"id": "A", "@type": "ExternalIdentifier"}]);
        let cases = [
            (INTEGRATION, Method::POST, TT.to_owned(), Some(untyped), StatusCode::BAD_REQUEST),
            (INTEGRATION, Method::POST, TT.to_owned(), Some(bad_key), StatusCode::UNPROCESSABLE_ENTITY),
            (INTEGRATION, Method::POST, TT.to_owned(), Some(twice), StatusCode::UNPROCESSABLE_ENTITY),
            (INTEGRATION, Method::POST, TT.to_owned(), Some(json!("text")), StatusCode::BAD_REQUEST),
            ("nobody", Method::GET, TT.to_owned(), None, StatusCode::UNAUTHORIZED),
            (INTEGRATION, Method::GET, format!("{TT}/AV-2026-999999"), None, StatusCode::NOT_FOUND),
            (INTEGRATION, Method::GET, format!("{TT}?offset=-1"), None, StatusCode::BAD_REQUEST),
            (INTEGRATION, Method::GET, format!("{TT}?limit=%FF"), None, StatusCode::BAD_REQUEST),
            // No such ticket: 404, as on every by-id operation (issue 20).
            (INTEGRATION, Method::DELETE, format!("{TT}/AV-2026-000001"), None, StatusCode::NOT_FOUND),
            (INTEGRATION, Method::PUT, format!("{TT}/AV-2026-000001"), Some(json!({"@type": "TroubleTicket"})), StatusCode::METHOD_NOT_ALLOWED),
            (INTEGRATION, Method::PUT, TT.to_owned(), Some(json!({"@type": "TroubleTicket"})), StatusCode::METHOD_NOT_ALLOWED),
            (INTEGRATION, Method::POST, "/tmf-api/troubleTicket/v5/troubleTicketSpecification".to_owned(), Some(json!({"name": "Bill Dispute", "@type": "TroubleTicketSpecification"})), StatusCode::METHOD_NOT_ALLOWED),
            (INTEGRATION, Method::GET, "/tmf-api/troubleTicket/v5/nothing/here".to_owned(), None, StatusCode::NOT_FOUND),
            (CSM, Method::POST, HUB.to_owned(), Some(json!({"callback": "http://x", "@type": "Hub"})), StatusCode::FORBIDDEN),
            (INTEGRATION, Method::POST, HUB.to_owned(), Some(json!({"callback": "http://x"})), StatusCode::BAD_REQUEST),
        ];
        for (token, method, path, body, expected) in cases {
            let (status, _, err) =
                tmf(&app, method.clone(), token, &path, body.map(|b| (JSON, b))).await;
            assert_eq!(status, expected, "{method} {path} → {err}");
            assert_valid("Error", &err);
            assert_eq!(err["status"], expected.as_u16().to_string());
        }
        assert_eq!(app.ticket_count().await, 0, "nothing was opened");
    })
    .await;
}

#[tokio::test]
async fn a_v5_hub_listener_hears_every_event_once_in_order_with_v5_links() {
    let (listener, url) = crate::notifications::Receiver::start(0).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = listener.received().len();
        let (status, _, hub) = tmf(&app, Method::POST, INTEGRATION, HUB,
            Some((JSON, json!({"callback": format!("{url}/listener"), "@type": "Hub"})))).await;
        assert_eq!(status, StatusCode::CREATED, "{hub}");
        assert_valid("Hub", &hub);
        let hub_id = hub["id"].as_str().unwrap().to_owned();
        let (status, _, got) = tmf(&app, Method::GET, INTEGRATION, &format!("{HUB}/{hub_id}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_valid("Hub", &got);
        assert_eq!(got["callback"], format!("{url}/listener"));
        // Another integration's or an unknown listener is not found.
        let (status, _, err) = tmf(&app, Method::GET, INTEGRATION, &format!("{HUB}/0193b7f0-0000-7000-8000-000000000000"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_valid("Error", &err);

        let (_, _, t) = tmf(&app, Method::POST, INTEGRATION, TT, Some((JSON, create_body()))).await;
        let id = t["id"].as_str().unwrap().to_owned();
        let path = format!("{TT}/{id}");
        for patch in [
            json!({"status": "inProgress", "@type": "TroubleTicket"}),
            json!({"note": [{"text": "Llamamos al cliente", "@type": "Note"}], "@type": "TroubleTicket"}),
            json!({"status": "resolved", "statusChangeReason": "Se reinició la celda", "@type": "TroubleTicket"}),
        ] {
            let (status, _, body) = tmf(&app, Method::PATCH, CSM, &path, Some((MERGE, patch))).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
        let events: Vec<Value> = listener.received()[before..]
            .iter()
            .map(|(_, b)| serde_json::from_str(b).unwrap())
            .collect();
        let kinds: Vec<&str> = events.iter().map(|e| e["eventType"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                "TroubleTicketCreateEvent",
                "TroubleTicketStatusChangeEvent",
                "TroubleTicketAttributeValueChangeEvent",
                "TroubleTicketStatusChangeEvent",
                "TroubleTicketResolvedEvent",
            ],
            "every event once, in the order it happened"
        );
        for e in &events {
            assert_valid(e["eventType"].as_str().unwrap(), e);
            assert_valid("TroubleTicket", &e["event"]["troubleTicket"]);
            assert_eq!(e["event"]["troubleTicket"]["id"], id);
            assert_eq!(e["event"]["troubleTicket"]["href"], path, "links point at v5");
        }
        // Delivered after the last step, every event carries the whole
        // ticket as it stood then, in v5's shape.
        let (_, _, now) = tmf(&app, Method::GET, INTEGRATION, &path, None).await;
        let last = &events[events.len() - 1]["event"]["troubleTicket"];
        assert_eq!(last, &now);
        assert_eq!(last["status"], "resolved");
        assert!(last["statusChangeHistory"].as_array().is_some_and(|h| h.len() >= 3), "{last}");

        let (status, _, _) = tmf(&app, Method::DELETE, INTEGRATION, &format!("{HUB}/{hub_id}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) = tmf(&app, Method::GET, INTEGRATION, &format!("{HUB}/{hub_id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_failing_event_holds_back_the_later_ones_of_its_ticket_until_it_is_delivered() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // A listener of its own per backend, refusing its first delivery.
        let (listener, url) = crate::notifications::Receiver::start(1).await;
        let before = 0;
        let (status, _, hub) = tmf(
            &app,
            Method::POST,
            INTEGRATION,
            HUB,
            Some((
                JSON,
                json!({"callback": format!("{url}/listener"), "@type": "Hub",
                "query": "eventType=TroubleTicketCreateEvent,TroubleTicketStatusChangeEvent"}),
            )),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{hub}");
        let (_, _, t) = tmf(
            &app,
            Method::POST,
            INTEGRATION,
            TT,
            Some((JSON, create_body())),
        )
        .await;
        let id = t["id"].as_str().unwrap().to_owned();
        tmf(
            &app,
            Method::PATCH,
            CSM,
            &format!("{TT}/{id}"),
            Some((
                MERGE,
                json!({"status": "inProgress", "@type": "TroubleTicket"}),
            )),
        )
        .await;

        app.services()
            .notifications
            .run_due_messages("test-worker", 50)
            .await
            .unwrap();
        let kinds = |from: usize| -> Vec<String> {
            listener.received()[from..]
                .iter()
                .map(|(_, b)| {
                    serde_json::from_str::<Value>(b).unwrap()["eventType"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        assert_eq!(
            kinds(before),
            ["TroubleTicketCreateEvent"],
            "the status change waits while the creation is refused"
        );
        app.clock.advance(chrono::Duration::minutes(1));
        app.services()
            .notifications
            .run_due_messages("test-worker", 50)
            .await
            .unwrap();
        assert_eq!(
            kinds(before),
            [
                "TroubleTicketCreateEvent",
                "TroubleTicketCreateEvent",
                "TroubleTicketStatusChangeEvent"
            ],
            "the creation's retry went first"
        );
        tmf(
            &app,
            Method::DELETE,
            INTEGRATION,
            &format!("{HUB}/{}", hub["id"].as_str().unwrap()),
            None,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn escalations_and_mass_incidents_reach_v5_listeners_as_attribute_changes() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (listener, url) = crate::notifications::Receiver::start(0).await;
        let (status, hub) = app
            .post(
                INTEGRATION,
                HUB,
                json!({"callback": format!("{url}/listener"), "@type": "Hub",
                    "query": "eventType=TroubleTicketAttributeValueChangeEvent,TroubleTicketStatusChangeEvent"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hub}");
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.act_ok(CSM, &n, "start_work", json!({})).await;
        // The escalation moves no TMF status: it is the group that changes.
        app.act_ok(CSM, &n, "escalate", json!({"fault_type": "no_signal"}))
            .await;
        let (status, incident) = app
            .post(
                COR,
                "/api/v1/incidents",
                json!({"title": "Caída de radiobase Los Ruices", "owner": "cor", "severity": "critical"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{incident}");
        let inc = number(&incident);
        let (status, linked) = app
            .post(
                COR,
                &format!("/api/v1/incidents/{inc}/children"),
                json!({"tickets": [n]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{linked}");
        app.services()
            .notifications.run_due_messages("test-worker", 50)
            .await
            .unwrap();

        let events: Vec<(String, Option<String>)> = listener
            .received()
            .iter()
            .map(|(_, b)| serde_json::from_str::<Value>(b).unwrap())
            .filter(|e| e["event"]["troubleTicket"]["id"] == n)
            .map(|e| {
                assert_valid(e["eventType"].as_str().unwrap(), &e);
                (
                    e["eventType"].as_str().unwrap().to_owned(),
                    e["fieldPath"].as_str().map(str::to_owned),
                )
            })
            .collect();
        let status_change = ("TroubleTicketStatusChangeEvent".to_owned(), None);
        let attribute = |path: &str| {
            (
                "TroubleTicketAttributeValueChangeEvent".to_owned(),
                Some(path.to_owned()),
            )
        };
        assert_eq!(
            events,
            [
                status_change,
                // The fault type the escalation set raised the severity too.
                attribute("severity,troubleTicketCharacteristic"),
                attribute("troubleTicketCharacteristic,troubleTicketRelationship"),
            ],
            "start work, escalate, link to the incident"
        );

        // A v5 reader sees who holds the ticket and what it hangs on.
        let (_, _, t) = tmf(&app, Method::GET, INTEGRATION, &format!("{TT}/{n}"), None).await;
        assert_valid("TroubleTicket", &t);
        let group = t["troubleTicketCharacteristic"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "assignedGroup")
            .unwrap()["value"]
            .clone();
        assert_eq!(group, "cor");
        assert_eq!(t["troubleTicketRelationship"][0]["id"], inc);
        assert_eq!(t["troubleTicketRelationship"][0]["relationshipType"], "isChildOf");
    })
    .await;
}
