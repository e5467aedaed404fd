//! TM Forum's TMF621 conformance profile (TMF621B R18, in
//! `../shared/tmf/`), item by item: its test scenarios TC_Trou_N1..N5 and
//! E1..E3 as an integrator's system runs them, with its own words
//! (`"severity": "High"`, `"ticketType": "device"`), on v4 and v5 and on
//! both databases. Each test is named after the profile's item.
//!
//! The profile lets an implementer add mandatory attributes; Averías's are
//! the procedure's (R-INTAKE-2): the customer account, the reporter's name
//! and phone, and an affected line or device. Every body below carries them
//! beside the profile's own.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::tmf621::{assert_valid_in, tmf_request};

const V4: &str = "/tmf-api/troubleTicket/v4/troubleTicket";
const V5: &str = "/tmf-api/troubleTicket/v5/troubleTicket";
const V4_DOC: &str = "TMF621-TroubleTicket-v4.0.0.swagger.json";

/// The procedure's own mandatory attributes, added to a profile body.
fn with_procedure(mut body: Value, line: &str) -> Value {
    body["relatedParty"] = json!([
        {"id": ACCOUNT_A, "role": "customer", "@referredType": "Organization"},
        {"id": "+584141234567", "name": "NOC integrador", "role": "reporter", "@referredType": "Individual"}
    ]);
    body["relatedEntity"] =
        json!([{"id": line, "role": "affectedLine", "@referredType": "Resource"}]);
    body
}

/// TC_Trou_N1's body.
fn n1() -> Value {
    with_procedure(
        json!({"description": "conformance N1", "severity": "High", "ticketType": "device"}),
        LINE_A1,
    )
}

/// TC_Trou_N2's body.
fn n2() -> Value {
    with_procedure(
        json!({
            "description": "nanana",
            "severity": "Low",
            "ticketType": "connectivity",
            "status": "nanana",
            "externalId": "123",
            "note": [
                {"author": "writer n2_1", "text": "This is the first note in N2"},
                {"author": "writer n2_2", "text": "This is the second note in N2"}
            ]
        }),
        LINE_A2,
    )
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let body = body.map(|b| ("application/json;charset=utf-8", b));
    tmf_request(app, method, INTEGRATION, path, body).await
}

/// Creates `body` and returns the ticket's id, checking TC_Trou_N1/N2's
/// answer: 201, a `Location` at the resource, the values sent.
async fn created(app: &TestApp, base: &str, body: Value) -> (String, Value) {
    let (status, headers, t) = send(app, Method::POST, base, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let id = t["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        headers["location"].to_str().unwrap(),
        format!("{base}/{id}")
    );
    assert_eq!(t["href"], format!("{base}/{id}"));
    for key in ["description", "severity", "ticketType"] {
        assert_eq!(t[key], body[key], "{key} comes back as sent");
    }
    (id, t)
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect()
}

#[tokio::test]
async fn tc_trou_n1_a_ticket_with_the_minimum_required_information_is_created_listed_and_read() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (id, t) = created(&app, V4, n1()).await;
        assert_valid_in(V4_DOC, "TroubleTicket", &t);
        assert_eq!(t["status"], "acknowledged");
        let (status, _, list) = send(&app, Method::GET, V4, None).await;
        assert_eq!(status, StatusCode::OK);
        let listed = list
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id.as_str())
            .expect("the new ticket is listed");
        assert_eq!(listed["severity"], "High");
        assert_eq!(listed["ticketType"], "device");
        let (status, _, one) = send(&app, Method::GET, &format!("{V4}/{id}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_valid_in(V4_DOC, "TroubleTicket", &one);
        assert_eq!(
            (one["severity"].clone(), one["ticketType"].clone()),
            (json!("High"), json!("device"))
        );
        assert_eq!(one["description"], "conformance N1");

        // The same on v5 (which also asks for `@type`).
        let mut body = n1();
        body["@type"] = json!("TroubleTicket");
        let (id5, _) = created(&app, V5, body).await;
        let (status, _, one) = send(&app, Method::GET, &format!("{V5}/{id5}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(one["severity"], "High");
    })
    .await;
}

#[tokio::test]
async fn tc_trou_n2_the_server_sets_status_and_dates_and_keeps_the_notes_and_external_id() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (id, t) = created(&app, V4, n2()).await;
        assert_valid_in(V4_DOC, "TroubleTicket", &t);
        // The server decides a new ticket's status; what was sent is no error.
        assert_eq!(t["status"], "acknowledged");
        assert!(
            t["creationDate"].is_string() && t["statusChangeDate"].is_string(),
            "{t}"
        );
        assert_eq!(t["externalId"], "123");
        let texts: Vec<&str> = t["note"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["text"].as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "This is the first note in N2",
                "This is the second note in N2"
            ]
        );
        // An integration relays its own users' notes: their authors are kept.
        let authors: Vec<&str> = t["note"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["author"].as_str())
            .collect();
        assert_eq!(authors, ["writer n2_1", "writer n2_2"]);
        let (_, _, one) = send(&app, Method::GET, &format!("{V4}/{id}"), None).await;
        assert_eq!(
            (one["severity"].clone(), one["ticketType"].clone()),
            (json!("Low"), json!("connectivity"))
        );
        assert_eq!(one["note"].as_array().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn tc_trou_n3_attribute_filters_match_the_clients_words() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (one, _) = created(&app, V4, n1()).await;
        let (two, _) = created(&app, V4, n2()).await;
        let (_, _, all) = send(&app, Method::GET, V4, None).await;
        assert!(ids(&all).contains(&one.as_str()) && ids(&all).contains(&two.as_str()));
        for base in [V4, V5] {
            let (status, _, high) =
                send(&app, Method::GET, &format!("{base}?severity=High"), None).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(ids(&high), [one.as_str()], "{base}");
            for filter in ["ticketType", "type"] {
                let (status, _, conn) = send(
                    &app,
                    Method::GET,
                    &format!("{base}?{filter}=connectivity"),
                    None,
                )
                .await;
                assert_eq!(status, StatusCode::OK);
                assert_eq!(ids(&conn), [two.as_str()], "{base}?{filter}");
            }
            // A word nobody used is an empty list, not an error.
            let (status, _, none) = send(
                &app,
                Method::GET,
                &format!("{base}?severity=Apocalyptic"),
                None,
            )
            .await;
            assert_eq!((status, ids(&none).len()), (StatusCode::OK, 0));
        }
        // Tickets opened at the desk show Averías's own words, and filter by them.
        let (_, _, major) = send(&app, Method::GET, &format!("{V4}?severity=major"), None).await;
        assert!(
            !ids(&major).contains(&one.as_str()),
            "High is the client's word, not 'major'"
        );
    })
    .await;
}

#[tokio::test]
async fn tc_trou_n4_fields_selects_first_level_attributes() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (one, _) = created(&app, V4, n1()).await;
        let (two, _) = created(&app, V4, n2()).await;
        let (status, _, t) = send(
            &app,
            Method::GET,
            &format!("{V4}/{one}?fields=description"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["@type", "description", "href", "id"]);
        assert_eq!(t["description"], "conformance N1");
        let (_, _, t) = send(
            &app,
            Method::GET,
            &format!("{V4}/{two}?fields=severity,status"),
            None,
        )
        .await;
        assert_eq!(
            (t["severity"].clone(), t["status"].clone()),
            (json!("Low"), json!("acknowledged"))
        );
        assert!(t.get("description").is_none());
    })
    .await;
}

#[tokio::test]
async fn tc_trou_n5_a_filtered_search_with_a_filtered_response() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (one, _) = created(&app, V4, n1()).await;
        created(&app, V4, n2()).await;
        let (status, _, list) = send(
            &app,
            Method::GET,
            &format!("{V4}?severity=High&fields=description"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ids(&list), [one.as_str()]);
        let t = &list[0];
        assert_eq!(t["description"], "conformance N1");
        assert!(
            t.get("severity").is_none() && t.get("status").is_none(),
            "{t}"
        );
    })
    .await;
}

#[tokio::test]
async fn tc_trou_e1_an_unknown_identifier_is_not_found_on_every_by_id_operation() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for base in [V4, V5] {
            for id in [
                "46846846846",
                "null",
                "AV-2099-999999",
                "0190d7a4-0000-7000-8000-000000000000",
            ] {
                let path = format!("{base}/{id}");
                let patch = json!({"status": "inProgress", "@type": "TroubleTicket"});
                for (method, body) in [
                    (Method::GET, None),
                    (Method::PATCH, Some(("application/merge-patch+json", patch))),
                    (Method::DELETE, None),
                ] {
                    let (status, _, e) =
                        tmf_request(&app, method.clone(), INTEGRATION, &path, body).await;
                    assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {e}");
                    assert_eq!(
                        (e["code"].as_str(), e["@type"].as_str()),
                        (Some("not_found"), Some("Error"))
                    );
                }
            }
        }
        // Whatever the body asks, an unknown id is not found first.
        let (status, _, _) = tmf_request(
            &app,
            Method::PATCH,
            INTEGRATION,
            &format!("{V4}/46846846846"),
            Some(("application/merge-patch+json", json!({"description": "x"}))),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Another account's ticket is just as unknown to a customer.
        let (id, _) = created(&app, V4, n1()).await;
        let (status, _, _) =
            tmf_request(&app, Method::GET, CUSTOMER_B, &format!("{V4}/{id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn tc_trou_e2_a_missing_mandatory_attribute_is_named_and_nothing_is_created() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, before, _) = send(&app, Method::GET, V4, None).await;
        let mut no_line = n1();
        no_line.as_object_mut().unwrap().remove("relatedEntity");
        let (status, _, e) = send(&app, Method::POST, V4, Some(no_line)).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("missing_affected_line")),
            "{e}"
        );
        for missing in ["ticketType", "severity", "description"] {
            let mut body = n1();
            body.as_object_mut().unwrap().remove(missing);
            let (status, _, e) = send(&app, Method::POST, V4, Some(body)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{missing}: {e}");
            assert!(e["message"].as_str().unwrap().contains(missing), "{e}");
            assert_eq!(e["@type"], "Error");
        }
        let (_, after, _) = send(&app, Method::GET, V4, None).await;
        assert_eq!(before["x-total-count"], after["x-total-count"]);
    })
    .await;
}

#[tokio::test]
async fn tc_trou_e3_a_note_without_its_text_is_refused_and_nothing_is_created() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, before, _) = send(&app, Method::GET, V4, None).await;
        let mut body = n1();
        body["ticketType"] = json!("problem");
        body["note"] = json!({"author": "writer e3_1"});
        let (status, _, e) = send(&app, Method::POST, V4, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
        assert_eq!(e["code"], "missing_note_text");
        let (_, after, _) = send(&app, Method::GET, V4, None).await;
        assert_eq!(before["x-total-count"], after["x-total-count"]);
    })
    .await;
}

#[tokio::test]
async fn free_string_attributes_round_trip_exactly_and_are_read_by_the_mapping_table() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut body = n1();
        body["severity"] = json!("Critical");
        body["priority"] = json!("P2 - Business hours");
        body["ticketType"] = json!("No Signal");
        body["channel"] = json!({"id": "crm-7", "name": "CRM Empresas"});
        let (id, t) = created(&app, V4, body).await;
        assert_eq!(t["priority"], "P2 - Business hours");
        assert_eq!(t["channel"], json!({"id": "crm-7", "name": "CRM Empresas"}));
        assert_valid_in(V4_DOC, "TroubleTicket", &t);
        // What Averías read from them: the native API shows its own words.
        let (status, native) = app.get(CSM, &format!("/api/v1/tickets/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(native["severity"], "critical", "{native}");
        assert_eq!(native["channel"], "api");
        // `priority` filters by the client's word.
        let (_, _, list) = send(
            &app,
            Method::GET,
            &format!("{V4}?priority=P2 - Business hours"),
            None,
        )
        .await;
        assert_eq!(ids(&list), [id.as_str()]);
        // A word Averías does not know is kept, and the ticket gets the default.
        let mut body = n1();
        body["severity"] = json!("Sev-Whatever");
        let (id, t) = created(&app, V4, body).await;
        assert_eq!(t["severity"], "Sev-Whatever");
        let (_, native) = app.get(CSM, &format!("/api/v1/tickets/{id}")).await;
        assert_eq!(native["severity"], "minor");
    })
    .await;
}

#[tokio::test]
async fn a_mass_incident_type_is_refused_with_where_to_open_one() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let mut body = n1();
        body["ticketType"] = json!("Outage");
        let (status, _, e) = send(&app, Method::POST, V4, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e["message"].as_str().unwrap().contains("/api/v1/incidents"));
    })
    .await;
}

#[tokio::test]
async fn mandatory_notifications_creation_status_change_and_change_carry_the_whole_resource_in_the_clients_words()
 {
    let (listener, url) = crate::notifications::Receiver::start(0).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = listener.received().len();
        let hub = "/tmf-api/troubleTicket/v4/hub";
        let query = "eventType=TroubleTicketCreateEvent,TroubleTicketStatusChangeEvent,TroubleTicketAttributeValueChangeEvent";
        let (status, _, sub) = send(&app, Method::POST, hub,
            Some(json!({"callback": format!("{url}/listener"), "query": query}))).await;
        assert_eq!(status, StatusCode::CREATED, "{sub}");
        // Each step, then the worker's delivery, then what a GET answers
        // at that moment: the event carries that whole resource.
        let deliver_and_read = async |id: &str| {
            app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
            let (status, _, now) = send(&app, Method::GET, &format!("{V4}/{id}"), None).await;
            assert_eq!(status, StatusCode::OK);
            now
        };
        let (id, _) = created(&app, V4, n1()).await;
        let mut seen = vec![deliver_and_read(&id).await];
        let patch = |body: Value| ("application/merge-patch+json", body);
        let (status, _, _) = tmf_request(&app, Method::PATCH, CSM, &format!("{V4}/{id}"),
            Some(patch(json!({"status": "inProgress"})))).await;
        assert_eq!(status, StatusCode::OK);
        seen.push(deliver_and_read(&id).await);
        let (status, _, _) = tmf_request(&app, Method::PATCH, INTEGRATION, &format!("{V4}/{id}"),
            Some(patch(json!({"note": [{"text": "Reinicio remoto hecho"}]})))).await;
        assert_eq!(status, StatusCode::OK);
        seen.push(deliver_and_read(&id).await);
        let events: Vec<Value> = listener.received()[before..]
            .iter()
            .map(|(_, b)| serde_json::from_str(b).unwrap())
            .collect();
        let kinds: Vec<&str> = events.iter().filter_map(|e| e["eventType"].as_str()).collect();
        assert_eq!(
            kinds,
            ["TroubleTicketCreateEvent", "TroubleTicketStatusChangeEvent", "TroubleTicketAttributeValueChangeEvent"]
        );
        for (e, read) in events.iter().zip(&seen) {
            let ticket = &e["event"]["troubleTicket"];
            assert_eq!(ticket, read, "the event carries the resource as a GET reads it");
            assert_eq!((ticket["severity"].clone(), ticket["ticketType"].clone()), (json!("High"), json!("device")), "{e}");
            assert_valid_in(V4_DOC, e["eventType"].as_str().unwrap(), e);
            assert_valid_in(V4_DOC, "TroubleTicket", ticket);
        }
        let statuses: Vec<&Value> = events.iter().map(|e| &e["event"]["troubleTicket"]["status"]).collect();
        assert_eq!(statuses, [&json!("acknowledged"), &json!("inProgress"), &json!("inProgress")]);
        assert_eq!(events[2]["event"]["troubleTicket"]["note"].as_array().unwrap().last().unwrap()["text"], "Reinicio remoto hecho");
    })
    .await;
}

#[tokio::test]
async fn patch_renames_the_clients_free_strings_and_refuses_what_it_does_not_change_by_name() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (id, _) = created(&app, V4, n1()).await;
        let merge = |body: Value| Some(("application/merge-patch+json", body));
        let (status, _, t) = tmf_request(&app, Method::PATCH, INTEGRATION, &format!("{V4}/{id}"),
            merge(json!({"severity": "Critical", "priority": "P1", "channel": {"id": "noc", "name": "NOC"}}))).await;
        assert_eq!(status, StatusCode::OK, "{t}");
        assert_eq!((t["severity"].clone(), t["priority"].clone()), (json!("Critical"), json!("P1")));
        assert_eq!(t["channel"], json!({"id": "noc", "name": "NOC"}));
        assert_eq!(t["ticketType"], "device", "what was not sent stays");
        assert_valid_in(V4_DOC, "TroubleTicket", &t);
        // Averías's own severity is the CSM's: the client's word changed only.
        let (_, native) = app.get(CSM, &format!("/api/v1/tickets/{id}")).await;
        assert_eq!(native["severity"], "major", "{native}");
        let (_, _, list) = send(&app, Method::GET, &format!("{V4}?severity=Critical"), None).await;
        assert_eq!(ids(&list), [id.as_str()]);
        // The profile's non-patchable attributes, and those changed at the desk.
        for body in [json!({"creationDate": "2020-01-01T00:00:00Z"}), json!({"id": "X"}), json!({"description": "otra"})] {
            let key = body.as_object().unwrap().keys().next().unwrap().clone();
            let (status, _, e) = tmf_request(&app, Method::PATCH, INTEGRATION, &format!("{V4}/{id}"), merge(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
            assert_eq!(e["code"], "not_patchable");
            assert!(e["message"].as_str().unwrap().contains(&key), "{e}");
        }
        let (_, _, t) = send(&app, Method::GET, &format!("{V4}/{id}"), None).await;
        assert_eq!(t["severity"], "Critical", "a refused PATCH changed nothing");
        // Words and a step of the procedure in one PATCH: both apply.
        let (status, _, t) = tmf_request(&app, Method::PATCH, CSM, &format!("{V4}/{id}"),
            merge(json!({"status": "inProgress", "severity": "Major", "priority": "P3"}))).await;
        assert_eq!(status, StatusCode::OK, "{t}");
        assert_eq!((t["status"].clone(), t["severity"].clone(), t["priority"].clone()),
            (json!("inProgress"), json!("Major"), json!("P3")));
        let (status, _, e) = tmf_request(&app, Method::PATCH, INTEGRATION, &format!("{V4}/{id}"),
            merge(json!({"@schemaLocation": "https://example.com/tt.json"}))).await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("not_patchable")));
    })
    .await;
}

#[tokio::test]
async fn bodies_declared_as_something_other_than_json_are_415_and_change_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (_, before, _) = send(&app, Method::GET, V4, None).await;
        for kind in ["text/plain", "application/xml"] {
            let (status, _, e) =
                tmf_request(&app, Method::POST, INTEGRATION, V4, Some((kind, n1()))).await;
            assert_eq!(
                (status, e["code"].as_str()),
                (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    Some("unsupported_media_type")
                ),
                "{kind}: {e}"
            );
            let hub = json!({"callback": "https://oss.example.com/listener"});
            let (status, _, _) = tmf_request(
                &app,
                Method::POST,
                INTEGRATION,
                "/tmf-api/troubleTicket/v4/hub",
                Some((kind, hub)),
            )
            .await;
            assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "hub, {kind}");
        }
        let (_, after, _) = send(&app, Method::GET, V4, None).await;
        assert_eq!(before["x-total-count"], after["x-total-count"]);
    })
    .await;
}

#[tokio::test]
async fn delete_by_an_admin_removes_a_finished_ticket_from_every_read_and_keeps_its_audit_trail() {
    let (listener, url) = crate::notifications::Receiver::start(0).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = listener.received().len();
        let (status, _, _) = tmf_request(&app, Method::POST, ADMIN, "/tmf-api/troubleTicket/v4/hub",
            Some(("application/json", json!({"callback": format!("{url}/listener"), "query": "eventType=TroubleTicketDeleteEvent"})))).await;
        assert_eq!(status, StatusCode::CREATED);
        let (id, _) = created(&app, V4, n1()).await;
        let path = format!("{V4}/{id}");
        // Only admins delete, and only a ticket the procedure is done with.
        let (status, _, e) = tmf_request(&app, Method::DELETE, INTEGRATION, &path, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
        let (status, _, e) = tmf_request(&app, Method::DELETE, ADMIN, &path, None).await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::CONFLICT, Some("ticket_not_final")), "{e}");
        let (status, _, t) = tmf_request(&app, Method::PATCH, INTEGRATION, &path, Some(("application/merge-patch+json",
            json!({"status": "cancelled", "statusChangeReason": "abierto por error"})))).await;
        assert_eq!((status, t["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{t}");
        let (_, native) = app.get(CSM, &format!("/api/v1/tickets/{id}")).await;
        let uuid = native["id"].as_str().unwrap().to_owned();
        let (status, _, body) = tmf_request(&app, Method::DELETE, ADMIN, &path, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        // Gone from every read, through every door.
        for version in [V4, V5] {
            let (status, _, _) = send(&app, Method::GET, &format!("{version}/{id}"), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (_, _, list) = send(&app, Method::GET, version, None).await;
            assert!(!ids(&list).contains(&id.as_str()));
        }
        let (status, _) = app.get(CSM, &format!("/api/v1/tickets/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = tmf_request(&app, Method::DELETE, ADMIN, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "deleted once");
        // The audit trail keeps it, and listeners heard of it.
        let audit = app.services().store.audit_of("ticket", &uuid).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "delete" && e.actor_name == "admin"), "{audit:?}");
        app.services().notifications.run_due_messages("test-worker", 50).await.unwrap();
        let events: Vec<Value> = listener.received()[before..].iter().map(|(_, b)| serde_json::from_str(b).unwrap()).collect();
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0]["eventType"], "TroubleTicketDeleteEvent");
        assert_eq!(events[0]["event"]["troubleTicket"]["id"], id.as_str());
        assert_valid_in(V4_DOC, "TroubleTicketDeleteEvent", &events[0]);
    })
    .await;
}
