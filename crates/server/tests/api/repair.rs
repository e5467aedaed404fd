//! Repair at an installation center (R-REPAIR-1..5) through the API: slot
//! search, booking (and its races), the center's record and certification
//! with the backup swap, the endorsement and the warehouse loop, isolation
//! between centers, and bad input that changes nothing.
//!
//! Past 500 lines: each test is one repair scenario through HTTP, from
//! booking to the warehouse.

use averias_domain::Role;
use averias_services::reference::{UserInput, system_actor};
use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// A point fault on `line` of `account`, classified by CSM: waiting for repair.
async fn point_fault(app: &TestApp, account: &str, line: &str) -> String {
    let n = number(&app.report(account, line, Some("device_failure")).await);
    app.act_ok(CSM, &n, "classify_point_fault", json!({})).await;
    n
}

/// Available units of `model` at `location` in the stock summary.
async fn available(app: &TestApp, location: &str) -> i64 {
    let (status, lines) = app
        .get(ADMIN, &format!("/api/v1/stock/summary?location={location}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{lines}");
    lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["model"] == BACKUP_MODEL)
        .map(|l| l["available"].as_i64().unwrap())
        .sum()
}

async fn unit(app: &TestApp, imei: &str) -> Value {
    let (status, u) = app.get(ADMIN, &format!("/api/v1/stock/units/{imei}")).await;
    assert_eq!(status, StatusCode::OK, "{u}");
    u
}

/// The device a line runs on now.
async fn line_imei(app: &TestApp, account: &str, msisdn: &str) -> String {
    let (_, lines) = app
        .get(ADMIN, &format!("/api/v1/accounts/{account}/lines"))
        .await;
    lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["msisdn"] == msisdn)
        .and_then(|l| l["imei"].as_str())
        .unwrap_or_default()
        .to_owned()
}

fn events(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["imei"].as_str().unwrap(),
                e["event"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn a_point_fault_is_repaired_with_a_backup_swap_and_the_warehouse_loop_closes() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let old_imei = line_imei(&app, ACCOUNT_A, LINE_A1).await;

        // The customer looks for a slot the TM Forum way, in their area.
        let (status, search) = app
            .post(
                CUSTOMER_A,
                "/api/v1/searchTimeSlot",
                json!({
                    "requestedTimeSlot": [{"validFor": {"startDateTime": "2026-11-23T00:00:00Z", "endDateTime": "2026-11-25T00:00:00Z"}}],
                    "relatedPlace": {"name": "Caracas", "role": "area"},
                    "@type": "SearchTimeSlot"
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{search}");
        crate::tmf621::assert_valid_in(
            "TMF646-Appointment-v4.0.0.swagger.json",
            "SearchTimeSlot",
            &search,
        );
        assert_eq!(search["status"], "done");
        let slots = search["availableTimeSlot"].as_array().unwrap();
        let first = &slots[0];
        assert_eq!(
            first["validFor"]["startDateTime"], "2026-11-23T12:00:00Z",
            "Monday 08:00 in Caracas is the first slot after 05:00"
        );
        let centers: std::collections::HashSet<_> = slots
            .iter()
            .map(|s| s["relatedParty"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(centers.len(), 2, "both Caracas centers offer slots");

        // The center cannot see the case before it is booked there.
        let (status, _) = app.get(CENTER, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, a) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{n}/appointments"),
                json!({"center": "center-a", "start": "2026-11-23T12:00:00Z"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
        assert_eq!((a["status"].as_str(), a["ticket"].as_str()), (Some("booked"), Some(n.as_str())));
        let (_, slots) = app.get(CUSTOMER_A, "/api/v1/centers/center-a/slots?limit=1").await;
        assert_eq!(slots[0]["free"], 1, "one of two places is taken");

        // At the center: the day's appointments, the case by number, a test.
        let (status, day) = app
            .get(CENTER, "/api/v1/centers/center-a/appointments?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z")
            .await;
        assert_eq!(status, StatusCode::OK, "{day}");
        assert_eq!(day.as_array().unwrap().len(), 1);
        let (status, _) = app.get(CENTER, &format!("/api/v1/tickets/{n}")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, entry) = app
            .post(CENTER, &format!("/api/v1/tickets/{n}/repair/entries"), json!({"kind": "test", "body": "No enciende; placa dañada"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{entry}");
        assert_eq!(available(&app, "center-a").await, 2);

        // The center should keep two units of this model.
        let (status, _) = app
            .send(
                Method::PUT,
                WAREHOUSE,
                "/api/v1/stock/reorder-levels",
                Some(json!({"location": "center-a", "model": BACKUP_MODEL, "minimum": 2})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        // Certification with a backup unit from the center's stock.
        let backup = UNITS_CENTER_A[0];
        let (status, done) = app
            .post(
                CENTER,
                &format!("/api/v1/tickets/{n}/repair/certify"),
                json!({"work_done": "Placa sin reparación; se entregó equipo de respaldo", "result": "Llamadas y datos OK", "backup_imei": backup}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!((done["ticket"]["status"].as_str(), done["ticket"]["stage"].as_str()), (Some("resolved"), Some("repaired")));
        let endorsement = done["endorsement"]["number"].as_str().unwrap().to_owned();
        assert_eq!(endorsement, "AVAL-2026-000001");
        assert_eq!(done["endorsement"]["old_imei"], old_imei.as_str());
        assert_eq!(done["endorsement"]["new_imei"], backup);
        assert_eq!(done["replenishment"]["status"], "requested");
        assert_eq!(done["replenishment"]["model"], BACKUP_MODEL);

        // The line runs on the new IMEI; both devices and the line keep their history.
        assert_eq!(line_imei(&app, ACCOUNT_A, LINE_A1).await, backup);
        let u = unit(&app, backup).await;
        assert_eq!((u["status"].as_str(), u["location"].as_str()), (Some("installed"), Some(ACCOUNT_A)));
        assert_eq!(available(&app, "center-a").await, 1, "the unit left the center's stock");
        let (_, outbox) = app.get(ADMIN, "/api/v1/admin/messages?limit=100").await;
        let alerts: Vec<&Value> = outbox
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["event"] == "low_stock")
            .collect();
        assert_eq!(alerts.len(), 1, "the warehouse hears the center fell below its level");
        assert_eq!(alerts[0]["recipient"], "almacen@movilnet.example");
        let (_, low) = app.get(WAREHOUSE, "/api/v1/stock/summary?low=true").await;
        assert_eq!(low[0]["location"], "center-a", "{low}");
        let (_, line_history) = app.get(CSM, &format!("/api/v1/lines/{}/device-history", LINE_A1.replace('+', "%2B"))).await;
        let line_events = events(&line_history);
        assert!(line_events.contains(&format!("{old_imei} removed_from_line")), "{line_events:?}");
        assert!(line_events.contains(&format!("{backup} installed_on_line")), "{line_events:?}");
        let (_, old_history) = app.get(CSM, &format!("/api/v1/equipment/{old_imei}/history")).await;
        assert_eq!(
            events(&old_history),
            vec![format!("{old_imei} removed_from_line"), format!("{old_imei} sent_to_warehouse")]
        );
        let (_, new_history) = app.get(CSM, &format!("/api/v1/equipment/{backup}/history")).await;
        assert_eq!(
            events(&new_history),
            vec![format!("{backup} received_in_stock"), format!("{backup} installed_on_line")]
        );
        let old = unit(&app, &old_imei).await;
        assert_eq!((old["status"].as_str(), old["location"].as_str()), (Some("in_transit"), Some(WAREHOUSE_CODE)));

        // The customer sees the result, not the internals.
        let (_, file) = app.get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/repair")).await;
        assert_eq!(file["certificate"]["result"], "Llamadas y datos OK");
        assert_eq!(file["appointments"][0]["status"], "completed");
        assert_eq!(file["entries"], json!([]));
        assert_eq!(file["endorsements"], json!([]));

        // The warehouse checks the package against the endorsement.
        let (status, pending) = app.get(WAREHOUSE, "/api/v1/endorsements?pending=true").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(pending.as_array().unwrap().len(), 1);
        let (status, e) = app
            .post(WAREHOUSE, &format!("/api/v1/endorsements/{endorsement}/receive"), json!({"imei": UNITS_WAREHOUSE[0]}))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(e["code"], "endorsement_mismatch");
        let (status, received) = app
            .post(WAREHOUSE, &format!("/api/v1/endorsements/{endorsement}/receive"), json!({"imei": old_imei, "note": "Placa quemada"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{received}");
        assert!(received["received_at"].is_string());
        let old = unit(&app, &old_imei).await;
        assert_eq!((old["status"].as_str(), old["location"].as_str()), (Some("returned_defective"), Some(WAREHOUSE_CODE)));

        // Replenishment: the warehouse ships, the center confirms receipt.
        let id = done["replenishment"]["id"].as_str().unwrap().to_owned();
        assert_eq!(available(&app, WAREHOUSE_CODE).await, 2);
        let (status, shipped) = app
            .post(WAREHOUSE, &format!("/api/v1/replenishments/{id}/ship"), json!({"imei": UNITS_WAREHOUSE[0]}))
            .await;
        assert_eq!(status, StatusCode::OK, "{shipped}");
        assert_eq!(shipped["status"], "shipped");
        assert_eq!(available(&app, WAREHOUSE_CODE).await, 1);
        let (_, summary) = app.get(ADMIN, "/api/v1/stock/summary?location=center-a").await;
        let galaxy = summary.as_array().unwrap().iter().find(|l| l["model"] == "Galaxy A15").unwrap();
        assert_eq!(galaxy["in_transit"], 1, "{summary}");
        // The customer's swapped-out model is no backup stock of the center.
        assert!(summary.as_array().unwrap().iter().all(|l| l["model"] != "Blade A72"), "{summary}");
        // A backup model the center has none of still shows, at zero.
        let (status, _) = app
            .post(ADMIN, "/api/v1/stock", json!({"imei": "356938035643809", "make": "Motorola", "model": "Moto G54", "location": WAREHOUSE_CODE}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, summary) = app.get(ADMIN, "/api/v1/stock/summary?location=center-a").await;
        let moto = summary.as_array().unwrap().iter().find(|l| l["model"] == "Moto G54");
        assert_eq!(moto.map(|l| l["available"].clone()), Some(json!(0)), "{summary}");
        let (status, _) = app.post(CENTER_B, &format!("/api/v1/replenishments/{id}/receive"), json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another center cannot receive it");
        let (status, got) = app.post(CENTER, &format!("/api/v1/replenishments/{id}/receive"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{got}");
        assert_eq!(got["status"], "received");
        assert_eq!(available(&app, "center-a").await, 2, "the center can serve the next fault");

        // CSM confirms and closes (R-REPAIR-4, R-CLOSE-1).
        let closed = app.act_ok(CSM, &n, "close", json!({})).await;
        assert_eq!(closed["status"], "closed");
    })
    .await;
}

#[tokio::test]
async fn racing_bookings_of_the_last_place_give_exactly_one_success() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let first = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let slot = app.first_free_slot("center-a").await;
        let start = slot["start"].clone();
        let (status, _) = app
            .post(
                TELESERVICE,
                &format!("/api/v1/tickets/{first}/appointments"),
                json!({"center": "center-a", "start": start}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let mut racers = Vec::new();
        for i in 0..8 {
            let line = [LINE_A1, LINE_A2][i % 2];
            racers.push(point_fault(&app, ACCOUNT_A, line).await);
        }
        let paths: Vec<String> = racers
            .iter()
            .map(|n| format!("/api/v1/tickets/{n}/appointments"))
            .collect();
        let body = json!({"center": "center-a", "start": start});
        let attempts = paths.iter().map(|p| app.post(TELESERVICE, p, body.clone()));
        let results = futures::future::join_all(attempts).await;
        let won = results
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count();
        assert_eq!(won, 1, "{results:?}");
        for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
            assert_eq!(*status, StatusCode::CONFLICT, "{body}");
            assert_eq!(body["code"], "slot_full");
            let alternatives = body["details"]["alternatives"].as_array().unwrap();
            assert!(!alternatives.is_empty(), "the loser is offered other slots");
            assert!(
                alternatives
                    .iter()
                    .all(|a| a["start"] != start || a["center"] != "center-a")
            );
        }
        let (_, day) = app
            .get(ADMIN, "/api/v1/centers/center-a/appointments?status=booked")
            .await;
        assert_eq!(day.as_array().unwrap().len(), 2, "capacity two: never more");
    })
    .await;
}

#[tokio::test]
async fn two_technicians_racing_for_the_last_unit_give_exactly_one_success() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // A second technician at center-a.
        app.services()
            .admin
            .create_user(
                &system_actor(),
                UserInput {
                    email: None,
                    name: "center-a-2".into(),
                    role: Role::InstallationCenter,
                    group: Some("center-a".into()),
                    account: None,
                    token: Some("t-center-a-2".into()),
                },
            )
            .await
            .unwrap();
        // Leave one unit: take the other with a first repair.
        let warm = point_fault(&app, ACCOUNT_B, LINE_B1).await;
        app.book(CUSTOMER_B, &warm, "center-a").await;
        let (status, _) = app
            .post(
                CENTER,
                &format!("/api/v1/tickets/{warm}/repair/certify"),
                json!({"work_done": "x", "result": "ok", "backup_imei": UNITS_CENTER_A[0]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(available(&app, "center-a").await, 1);

        let a = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let b = point_fault(&app, ACCOUNT_A, LINE_A2).await;
        app.book(CUSTOMER_A, &a, "center-a").await;
        app.book(CUSTOMER_A, &b, "center-a").await;
        let before_a = line_imei(&app, ACCOUNT_A, LINE_A1).await;
        let before_b = line_imei(&app, ACCOUNT_A, LINE_A2).await;
        let last = UNITS_CENTER_A[1];
        let body = json!({"work_done": "Cambio de equipo", "result": "OK", "backup_imei": last});
        let (path_a, path_b) = (
            format!("/api/v1/tickets/{a}/repair/certify"),
            format!("/api/v1/tickets/{b}/repair/certify"),
        );
        let (ra, rb) = tokio::join!(
            app.post(CENTER, &path_a, body.clone()),
            app.post("t-center-a-2", &path_b, body.clone()),
        );
        let oks = [&ra, &rb]
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .count();
        assert_eq!(oks, 1, "{ra:?} {rb:?}");
        let (loser, loser_line, loser_before) = if ra.0 == StatusCode::OK {
            (&rb, LINE_A2, &before_b)
        } else {
            (&ra, LINE_A1, &before_a)
        };
        assert_eq!(loser.0, StatusCode::CONFLICT, "{loser:?}");
        assert!(
            matches!(
                loser.1["code"].as_str(),
                Some("unit_taken" | "unit_not_available")
            ),
            "{loser:?}"
        );
        assert_eq!(
            &line_imei(&app, ACCOUNT_A, loser_line).await,
            loser_before,
            "the loser's line is untouched"
        );
        let loser_ticket = if ra.0 == StatusCode::OK { &b } else { &a };
        assert_eq!(
            app.ticket(loser_ticket).await["stage"],
            "awaiting_repair",
            "and its ticket too"
        );
        assert_eq!(available(&app, "center-a").await, 0);
        let (_, endorsements) = app.get(ADMIN, "/api/v1/endorsements").await;
        assert_eq!(
            endorsements.as_array().unwrap().len(),
            2,
            "one per swap that happened"
        );
        let (_, low) = app.get(ADMIN, "/api/v1/stock/summary?low=true").await;
        assert_eq!(low, json!([]), "no reorder level set, nothing flagged");
        let (status, _) = app
            .send(
                Method::PUT,
                WAREHOUSE,
                "/api/v1/stock/reorder-levels",
                Some(json!({"location": "center-a", "model": BACKUP_MODEL, "minimum": 1})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, low) = app.get(ADMIN, "/api/v1/stock/summary?low=true").await;
        assert_eq!(low.as_array().unwrap().len(), 1, "{low}");
        assert_eq!(
            (low[0]["location"].as_str(), low[0]["available"].as_i64()),
            (Some("center-a"), Some(0))
        );
    })
    .await;
}

#[tokio::test]
async fn a_center_sees_and_acts_on_only_its_own_and_a_customer_books_only_its_own() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let (status, e) = app
            .post(CUSTOMER_B, &format!("/api/v1/tickets/{n}/appointments"), json!({"center": "center-a", "start": app.first_free_slot("center-a").await["start"]}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another account's ticket does not exist for them: {e}");
        let a = app.book(CUSTOMER_A, &n, "center-a").await;
        let (status, e) = app
            .post(CUSTOMER_A, &format!("/api/v1/tickets/{n}/appointments"), json!({"center": "center-b", "start": app.first_free_slot("center-b").await["start"]}))
            .await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::CONFLICT, Some("appointment_exists")));

        for path in [
            format!("/api/v1/tickets/{n}"),
            format!("/api/v1/appointments/{}", a["id"].as_str().unwrap()),
        ] {
            let (status, _) = app.get(CENTER_B, &path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _) = app.get(CENTER_B, "/api/v1/centers/center-a/appointments").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.get(CENTER_B, "/api/v1/stock?location=center-a").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, own) = app.get(CENTER_B, "/api/v1/stock").await;
        assert_eq!(status, StatusCode::OK);
        let imeis: Vec<_> = own.as_array().unwrap().iter().map(|u| u["imei"].as_str().unwrap()).collect();
        assert_eq!(imeis, vec![UNIT_CENTER_B], "only its own shelf");
        let (status, _) = app
            .post(CENTER_B, &format!("/api/v1/tickets/{n}/repair/certify"), json!({"work_done": "x", "result": "y"}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .post(CENTER_B, &format!("/api/v1/tickets/{n}/repair/entries"), json!({"kind": "test", "body": "x"}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.get(CENTER, "/api/v1/tickets?limit=10").await;
        assert_eq!(status, StatusCode::OK);
        let (_, listed) = app.get(CENTER_B, "/api/v1/tickets?limit=10").await;
        assert_eq!(listed["total"], 0, "center-b's queue is empty: {listed}");
        let (_, listed) = app.get(CENTER, "/api/v1/tickets?limit=10").await;
        assert_eq!(listed["total"], 1);
        // Others who may read the ticket cannot touch its booking.
        for token in [WAREHOUSE, PRODUCT] {
            let id = a["id"].as_str().unwrap();
            let (status, _) = app
                .post(token, &format!("/api/v1/appointments/{id}/cancel"), json!({}))
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{token}");
        }
        let (status, e) = app
            .send(
                Method::PUT,
                WAREHOUSE,
                "/api/v1/stock/reorder-levels",
                Some(json!({"location": "center-z", "model": BACKUP_MODEL, "minimum": 1})),
                &[],
            )
            .await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_location")));
        // A customer cannot take center work.
        let (status, _) = app
            .post(CUSTOMER_A, &format!("/api/v1/tickets/{n}/repair/certify"), json!({"work_done": "x", "result": "y"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn bad_booking_and_certification_input_is_refused_and_changes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let app = &app;
        let path = format!("/api/v1/tickets/{n}/appointments");
        let book = |start: &'static str, center: &'static str| {
            let path = path.clone();
            async move {
                app.post(CUSTOMER_A, &path, json!({"center": center, "start": start}))
                    .await
            }
        };
        for (start, center, code) in [
            // Monday 08:00 Caracas is 12:00Z; the clock is 09:00Z (05:00 local).
            ("2026-11-20T12:00:00Z", "center-a", "slot_in_past"),
            ("2026-11-23T14:30:00Z", "center-a", "outside_opening_hours"),
            ("2026-11-23T16:00:00Z", "center-a", "outside_opening_hours"),
            ("2026-11-28T14:00:00Z", "center-a", "outside_opening_hours"),
            ("2026-11-23T12:00:00Z", "center-z", "unknown_center"),
        ] {
            let (status, e) = book(start, center).await;
            assert_eq!(
                (status, e["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{start} {center}: {e}"
            );
            assert!(e["message"].as_str().unwrap().len() > 10);
        }
        let (status, e) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{n}/appointments"),
                json!({"center": "center-a"}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_body")),
            "a booking without its start: {e}"
        );
        let (_, appointments) = app
            .get(CUSTOMER_A, &format!("/api/v1/tickets/{n}/appointments"))
            .await;
        assert_eq!(appointments, json!([]), "nothing was booked");

        let triage = number(&app.report(ACCOUNT_A, LINE_A2, None).await);
        let slot = app.first_free_slot("center-a").await;
        let (status, e) = app
            .post(
                CUSTOMER_A,
                &format!("/api/v1/tickets/{triage}/appointments"),
                json!({"center": "center-a", "start": slot["start"]}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::CONFLICT, Some("not_awaiting_repair"))
        );

        app.book(CUSTOMER_A, &n, "center-a").await;
        let version = app.ticket(&n).await["version"].clone();
        let certify_path = format!("/api/v1/tickets/{n}/repair/certify");
        let certify = |backup: &'static str| {
            let path = certify_path.clone();
            async move {
                app.post(
                    CENTER,
                    &path,
                    json!({"work_done": "Cambio", "result": "OK", "backup_imei": backup}),
                )
                .await
            }
        };
        for (backup, status, code) in [
            ("12345", StatusCode::UNPROCESSABLE_ENTITY, "invalid_imei"),
            (
                "350000000009056",
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_unit",
            ),
            (UNIT_CENTER_B, StatusCode::CONFLICT, "unit_not_in_center"),
            (
                UNITS_WAREHOUSE[0],
                StatusCode::CONFLICT,
                "unit_not_in_center",
            ),
        ] {
            let (got, e) = certify(backup).await;
            assert_eq!(
                (got, e["code"].as_str()),
                (status, Some(code)),
                "{backup}: {e}"
            );
        }
        let (status, e) = app
            .post(
                CENTER,
                &format!("/api/v1/tickets/{n}/repair/certify"),
                json!({"work_done": " ", "result": "OK"}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("required"))
        );
        assert_eq!(
            app.ticket(&n).await["version"],
            version,
            "the ticket did not move"
        );
        assert_eq!(
            available(app, "center-a").await,
            2,
            "no unit left the shelf"
        );
        assert_eq!(available(app, "center-b").await, 1);
        let (_, endorsements) = app.get(ADMIN, "/api/v1/endorsements").await;
        assert_eq!(endorsements, json!([]));
    })
    .await;
}

#[tokio::test]
async fn appointments_are_rescheduled_cancelled_missed_and_remembered_the_day_before() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        // Wednesday 25 November, 09:00 Caracas (13:00Z).
        let (status, a) = app
            .post(CUSTOMER_A, &format!("/api/v1/tickets/{n}/appointments"), json!({"center": "center-a", "start": "2026-11-25T13:00:00Z"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
        let id = a["id"].as_str().unwrap().to_owned();
        let (status, moved) = app
            .send(Method::PATCH, CUSTOMER_A, &format!("/api/v1/appointments/{id}"), Some(json!({"center": "center-b", "start": "2026-11-25T14:00:00Z"})), &[])
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        assert_eq!((moved["center"].as_str(), moved["start"].as_str()), (Some("center-b"), Some("2026-11-25T14:00:00Z")));
        let free_at = |center: &'static str, start: &'static str| {
            let app = &app;
            async move {
                let (_, slots) = app
                    .get(CUSTOMER_A, &format!("/api/v1/centers/{center}/slots?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z"))
                    .await;
                slots.as_array().unwrap().iter().find(|s| s["start"] == start).map(|s| s["free"].as_i64().unwrap())
            }
        };
        assert_eq!(free_at("center-a", "2026-11-25T13:00:00Z").await, Some(2), "the old place is freed");
        assert_eq!(free_at("center-b", "2026-11-25T14:00:00Z").await, Some(1));

        // The day before, the contact is reminded (once, for the current slot).
        app.clock.advance(Duration::hours(48) + Duration::minutes(1));
        app.services().worker.run_due_jobs("test-worker", 100).await.unwrap();
        let (_, log) = app.get(CSM, &format!("/api/v1/tickets/{n}/notifications")).await;
        // One email per event (an SMS goes beside each).
        let sent: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["channel"] == "email")
            .map(|m| m["event"].as_str().unwrap())
            .collect();
        assert!(sent.contains(&"appointment_booked"), "{sent:?}");
        assert!(sent.contains(&"appointment_changed"), "{sent:?}");
        assert_eq!(sent.iter().filter(|e| **e == "appointment_reminder").count(), 1, "{sent:?}");

        // No-show only once the slot began; then the ticket can be booked again.
        let (status, e) = app.post(CENTER_B, &format!("/api/v1/appointments/{id}/no-show"), json!({})).await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::CONFLICT, Some("appointment_not_started")));
        app.clock.advance(Duration::hours(24));
        let (status, missed) = app.post(CENTER_B, &format!("/api/v1/appointments/{id}/no-show"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{missed}");
        assert_eq!(missed["status"], "no_show");
        let again = app.book(CUSTOMER_A, &n, "center-a").await;
        let (status, cancelled) = app
            .post(CUSTOMER_A, &format!("/api/v1/appointments/{}/cancel", again["id"].as_str().unwrap()), json!({"reason": "Viaje"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{cancelled}");
        assert_eq!((cancelled["status"].as_str(), cancelled["reason"].as_str()), (Some("cancelled"), Some("Viaje")));
        let (status, e) = app
            .post(CUSTOMER_A, &format!("/api/v1/appointments/{}/cancel", again["id"].as_str().unwrap()), json!({}))
            .await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::CONFLICT, Some("appointment_not_active")));
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_ticket_gives_its_appointment_back() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        let a = app.book(CUSTOMER_A, &n, "center-a").await;
        let start = a["start"].as_str().unwrap().to_owned();
        app.act_ok(
            CSM,
            &n,
            "cancel",
            json!({"reason": "El equipo volvió a funcionar"}),
        )
        .await;
        let (_, after) = app
            .get(
                CSM,
                &format!("/api/v1/appointments/{}", a["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(after["status"], "cancelled", "{after}");
        let slot = app.first_free_slot("center-a").await;
        assert_eq!(
            (slot["start"].as_str(), slot["free"].as_i64()),
            (Some(start.as_str()), Some(2)),
            "the place is free again"
        );
    })
    .await;
}

#[tokio::test]
async fn a_slot_under_way_is_not_offered_and_only_the_center_may_book_it_for_a_walk_in() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = point_fault(&app, ACCOUNT_A, LINE_A1).await;
        // Monday 08:30 Caracas (12:30Z): the 08:00 slot has begun.
        app.clock
            .advance(Duration::hours(3) + Duration::minutes(30));
        let under_way = "2026-11-23T12:00:00Z";
        let (_, free) = app.get(CUSTOMER_A, "/api/v1/centers/center-a/slots").await;
        let starts: Vec<&str> = free
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["start"].as_str())
            .collect();
        assert!(!starts.is_empty(), "{free}");
        assert!(
            !starts.contains(&under_way),
            "a slot under way is not offered: {starts:?}"
        );
        let path = format!("/api/v1/tickets/{n}/appointments");
        let (status, e) = app
            .post(
                CUSTOMER_A,
                &path,
                json!({"center": "center-a", "start": under_way}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("slot_started")),
            "{e}"
        );
        // The customer is at the counter: the center books it.
        let (status, a) = app
            .post(
                CENTER,
                &path,
                json!({"center": "center-a", "start": under_way}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
    })
    .await;
}
