//! What the security review (`../shared/reviews/security.md`) found open,
//! each tried the way it was found: callbacks to internal addresses, floods
//! of listeners, TMF PATCHes that wrote notes when refused, centers reading
//! devices that are not theirs, unchecked pages, framework errors that were
//! not JSON, the metrics label space, connection limits, the database
//! file's mode and a paid-up account shown as owing. Every flood here is
//! bounded in count and time and stays on loopback.
//!
//! Past 500 lines: one test per finding of the security review, each with its
//! own probe.

use std::time::Duration;

use averias_services::notify::{Notifier, NotifySettings, WebhookSettings};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;
use crate::notifications::Receiver;
use crate::tmf621::tmf_request;

const HUB: &str = "/tmf-api/troubleTicket/v4/hub";
const TT: &str = "/tmf-api/troubleTicket/v4/troubleTicket";

async fn tmf_json(
    app: &TestApp,
    method: Method,
    token: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let (status, _, body) =
        tmf_request(app, method, token, path, Some(("application/json", body))).await;
    (status, body)
}

/// The webhook entry of ticket `n`'s notification log, as `token` reads it.
async fn webhook_message(app: &TestApp, token: &str, n: &str) -> Value {
    let (status, log) = app
        .get(token, &format!("/api/v1/tickets/{n}/notifications"))
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log.as_array()
        .unwrap()
        .iter()
        .find(|m| m["channel"] == "webhook")
        .unwrap_or_else(|| panic!("no webhook message: {log}"))
        .clone()
}

/// Serves the app's database with other settings; its base URL.
async fn serve_with(app: &TestApp, settings: averias_server::ServerSettings) -> String {
    let other = averias_server::App::new(app.store.clone(), app.clock.clone(), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let limits = other.settings.http;
    tokio::spawn(averias_server::http_server::serve(
        listener,
        other.router(),
        limits,
        std::future::pending(),
    ));
    base
}

#[tokio::test]
async fn callbacks_to_internal_addresses_are_refused_when_subscribing_and_when_delivering() {
    let (receiver, url) = Receiver::start(0).await;
    let strict = Notifier::new(NotifySettings::default()).unwrap();
    for_each_backend_notifying(
        Setup::Fixture,
        Some(strict.clone()),
        async |app: TestApp| {
            for callback in [
                "http://127.0.0.1:5432/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:22/",
                "http://localhost:1/",
                "http://10.0.0.7/hook",
                url.as_str(),
            ] {
                let (status, e) = tmf_json(
                    &app,
                    Method::POST,
                    INTEGRATION,
                    HUB,
                    json!({"callback": callback}),
                )
                .await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{callback}: {e}");
                assert_eq!(e["code"], "callback_not_allowed", "{callback}: {e}");
                assert_eq!(e["@type"], "Error");
                let (status, e) = app
                    .post(ADMIN, "/api/v1/webhooks", json!({"callback": callback}))
                    .await;
                assert_eq!(
                    (status, e["code"].as_str()),
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Some("callback_not_allowed")
                    ),
                    "{callback}: {e}"
                );
            }
            let (_, hooks) = app.get(ADMIN, "/api/v1/webhooks").await;
            assert_eq!(hooks.as_array().unwrap().len(), 0, "nothing was subscribed");
        },
    )
    .await;

    // A listener accepted while its address was allowed (or whose name
    // resolved elsewhere then) is checked again when each event goes.
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = receiver.received().len();
        let (status, sub) = tmf_json(
            &app,
            Method::POST,
            INTEGRATION,
            HUB,
            json!({"callback": format!("{url}/crm")}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sub}");
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.services()
            .with_notifier(strict.clone())
            .notifications
            .run_due_messages("strict-worker", 50)
            .await
            .unwrap();
        assert_eq!(
            receiver.received().len(),
            before,
            "nothing reached the internal address"
        );
        let hook = webhook_message(&app, ADMIN, &n).await;
        assert_eq!(hook["state"], "pending", "retried later: {hook}");
        assert!(
            hook["last_error"].as_str().unwrap().contains("refused"),
            "{hook}"
        );
        let seen = webhook_message(&app, INTEGRATION, &n).await;
        assert_eq!(
            seen["last_error"], "the listener could not be reached or did not accept the event",
            "no detail of the network: {seen}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_callback_that_redirects_is_not_followed() {
    let (receiver, target) = Receiver::start(0).await;
    let redirect = axum::Router::new().route(
        "/{*path}",
        axum::routing::post(move || {
            let to = format!("{target}/moved");
            async move { axum::response::Redirect::temporary(&to) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirector = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirect).await.unwrap() });
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let before = receiver.received().len();
        let (status, _) = tmf_json(
            &app,
            Method::POST,
            INTEGRATION,
            HUB,
            json!({"callback": format!("{redirector}/hook")}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        app.services()
            .notifications
            .run_due_messages("worker", 50)
            .await
            .unwrap();
        assert_eq!(
            receiver.received().len(),
            before,
            "the redirect was not followed"
        );
        let hook = webhook_message(&app, ADMIN, &n).await;
        assert!(
            hook["last_error"].as_str().unwrap().contains("307"),
            "{hook}"
        );
    })
    .await;
}

#[tokio::test]
async fn listeners_are_limited_per_subscriber_and_never_duplicated() {
    let notifier = Notifier::new(NotifySettings {
        webhooks: WebhookSettings {
            max_per_owner: Some(3),
            ..loopback_hooks()
        },
        ..Default::default()
    })
    .unwrap();
    let (_receiver, url) = Receiver::start(0).await;
    for_each_backend_notifying(Setup::Fixture, Some(notifier), async |app: TestApp| {
        for i in 0..3 {
            let (status, e) = tmf_json(&app, Method::POST, INTEGRATION, HUB,
                json!({"callback": format!("{url}/l{i}")})).await;
            assert_eq!(status, StatusCode::CREATED, "{e}");
        }
        let (status, e) = tmf_json(&app, Method::POST, INTEGRATION, HUB,
            json!({"callback": format!("{url}/l0")})).await;
        assert_eq!(status, StatusCode::CONFLICT, "the same listener twice: {e}");
        let port = url.rsplit(':').next().unwrap();
        let (status, e) = tmf_json(&app, Method::POST, INTEGRATION, HUB,
            json!({"callback": format!("HTTP://127.0.0.1:{port}/l0")})).await;
        assert_eq!(status, StatusCode::CONFLICT, "the same listener spelt otherwise: {e}");
        let (status, e) = tmf_json(&app, Method::POST, INTEGRATION, HUB,
            json!({"callback": format!("{url}/l3")})).await;
        assert_eq!((status, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("too_many_listeners")), "{e}");
        let (status, _) = tmf_json(&app, Method::POST, INTEGRATION, HUB,
            json!({"callback": format!("{url}/l0"), "query": "eventType=TroubleTicketStatusChangeEvent"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a different query is another listener, still over the limit");
        // The limit is per subscriber: the admin's own listeners count apart.
        let (status, _) = app.post(ADMIN, "/api/v1/webhooks", json!({"callback": format!("{url}/admin")})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, hooks) = app.get(INTEGRATION, "/api/v1/webhooks").await;
        assert_eq!(hooks.as_array().unwrap().len(), 3);
    })
    .await;
}

async fn note_texts(app: &TestApp, token: &str, n: &str) -> Vec<String> {
    let (status, notes) = app.get(token, &format!("/api/v1/tickets/{n}/notes")).await;
    assert_eq!(status, StatusCode::OK, "{notes}");
    notes
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_refused_tmf_patch_writes_nothing_and_staff_notes_are_internal_unless_marked_public() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let path = format!("{TT}/{n}");
        let before = note_texts(&app, CSM, &n).await;
        for (token, body) in [
            // The role may not take this step.
            (
                COR,
                json!({"note": [{"text": "written-before-refusal-1"}], "status": "inProgress"}),
            ),
            (
                CUSTOMER_A,
                json!({"note": [{"text": "written-before-refusal-2"}], "status": "resolved"}),
            ),
            // No such status; an empty second note; no step leads there.
            (
                CSM,
                json!({"note": [{"text": "written-before-refusal-3"}], "status": "bogusStatus"}),
            ),
            (
                CSM,
                json!({"note": [{"text": "written-before-refusal-4"}, {"text": " "}]}),
            ),
            (
                CSM,
                json!({"note": [{"text": "written-before-refusal-5"}], "status": "closed"}),
            ),
        ] {
            let (status, e) = tmf_json(&app, Method::PATCH, token, &path, body).await;
            assert!(status.is_client_error(), "{status}: {e}");
        }
        assert_eq!(
            note_texts(&app, CSM, &n).await,
            before,
            "no refused PATCH left a note"
        );

        // Staff notes through TMF are internal unless marked public; a
        // customer's are public; both go with the step in one write.
        let (status, t) = tmf_json(
            &app,
            Method::PATCH,
            CSM,
            &path,
            json!({"note": [{"text": "revisar la celda CCS-114"}], "status": "inProgress"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{t}");
        assert_eq!(t["status"], "inProgress");
        let (status, _) = tmf_json(
            &app,
            Method::PATCH,
            CSM,
            &path,
            json!({"note": [{"text": "Estamos revisando su línea", "visibility": "public"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = tmf_json(
            &app,
            Method::PATCH,
            CUSTOMER_A,
            &path,
            json!({"note": [{"text": "Sigue sin señal"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, e) = tmf_json(
            &app,
            Method::PATCH,
            CUSTOMER_A,
            &path,
            json!({"note": [{"text": "x", "visibility": "internal"}]}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a customer writes no internal notes: {e}"
        );
        let customer = note_texts(&app, CUSTOMER_A, &n).await;
        assert!(
            customer.contains(&"Estamos revisando su línea".to_owned()),
            "{customer:?}"
        );
        assert!(
            customer.contains(&"Sigue sin señal".to_owned()),
            "{customer:?}"
        );
        assert!(
            !customer.contains(&"revisar la celda CCS-114".to_owned()),
            "{customer:?}"
        );
        assert!(
            note_texts(&app, CSM, &n)
                .await
                .contains(&"revisar la celda CCS-114".to_owned())
        );
    })
    .await;
}

#[tokio::test]
async fn a_center_reads_only_the_devices_its_stock_and_bookings_concern() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let foreign = imei(10); // account B's phone, never at a center
        for path in [
            format!("/api/v1/equipment/{foreign}"),
            format!("/api/v1/equipment/{foreign}/history"),
        ] {
            let (status, _) = app.get(CSM, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let (status, _) = app.get(CENTER, &path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _) = app
            .get(
                CENTER,
                &format!("/api/v1/equipment/{}/history", UNITS_CENTER_A[0]),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "its own backup unit");
        let (status, _) = app
            .get(
                CENTER,
                &format!("/api/v1/equipment/{UNIT_CENTER_B}/history"),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another center's unit");
        // The phone of a fault booked with the center is its business.
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
        app.act_ok(CSM, &n, "classify_point_fault", json!({})).await;
        let mine = imei(0);
        let (status, _) = app.get(CENTER, &format!("/api/v1/equipment/{mine}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not before it is booked");
        app.book(TELESERVICE, &n, "center-a").await;
        let (status, device) = app.get(CENTER, &format!("/api/v1/equipment/{mine}")).await;
        assert_eq!(status, StatusCode::OK, "{device}");
        let (status, _) = app
            .get(CENTER_B, &format!("/api/v1/equipment/{mine}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "booked with another center");
        // Maintenance works are no center's business either.
        let (status, _) = app.get(CENTER, "/api/v1/maintenance").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Escalations are the operator's: a consultant reads none.
        let (status, _) = app
            .get(CONSULTANT, &format!("/api/v1/tickets/{n}/escalations"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/escalations"))
            .await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn every_list_checks_its_page_and_framework_errors_are_json() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for path in [
            "/api/v1/admin/messages?limit=-3",
            "/api/v1/admin/messages?limit=999999999",
            "/api/v1/refused-reports?limit=-3",
            "/api/v1/refused-reports?limit=999999999",
            "/api/v1/tickets?offset=-1",
            "/api/v1/maintenance?limit=0",
            "/api/v1/accounts?limit=201",
            "/api/v1/stock?limit=-1",
        ] {
            let (status, e) = app.get(ADMIN, path).await;
            assert_eq!(
                (status, e["code"].as_str()),
                (StatusCode::BAD_REQUEST, Some("invalid_page")),
                "{path}: {e}"
            );
        }
        // An unknown method: JSON with the methods allowed.
        let r = app
            .client
            .put(format!("{}/api/v1/tickets", app.base))
            .bearer_auth(CSM)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(r.headers().get("allow").is_some());
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["code"], "method_not_allowed");
        // A TMF body over the limit: a TMF Error, not text.
        let huge = json!({"description": "x".repeat(20 * 1024)});
        let (status, headers, e) = tmf_request(
            &app,
            Method::POST,
            TELESERVICE,
            TT,
            Some(("application/json", huge)),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(headers["content-type"].to_str().unwrap().contains("json"));
        assert_eq!(
            (e["code"].as_str(), e["@type"].as_str()),
            (Some("body_too_large"), Some("Error")),
            "{e}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_account_that_owes_nothing_reads_back_as_operative() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, a) = app
            .send(
                Method::PATCH,
                ADMIN,
                &format!("/api/v1/accounts/{ACCOUNT_DEBT}"),
                Some(json!({"billing": {"state": "debt", "amount": "0.00"}})),
                &[],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(
            (a["billing_state"].as_str(), a["debt_amount"].as_str()),
            (Some("operative"), Some("0.00"))
        );
        let (_, found) = app
            .get(TELESERVICE, &format!("/api/v1/accounts?q={ACCOUNT_DEBT}"))
            .await;
        assert_eq!(found["items"][0]["billing_state"], "operative", "{found}");
        app.report(ACCOUNT_DEBT, LINE_DEBT, None).await;
    })
    .await;
}

/// Request labels come from a bounded set: a flood of made-up methods
/// adds no series. With a scrape token, `/metrics` answers only it.
#[tokio::test]
async fn metrics_labels_stay_bounded_and_a_scrape_token_is_required_when_set() {
    let (app, _) = TestApp::start_sqlite(Setup::Empty).await;
    for i in 0..200 {
        let method = Method::from_bytes(format!("FLOOD{i:03}X").as_bytes()).unwrap();
        let r = app
            .client
            .request(method, format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !metrics.contains("FLOOD"),
        "a made-up method became a label"
    );
    assert!(
        metrics.contains("method=\"other\""),
        "made-up methods are counted as other"
    );

    let base = serve_with(
        &app,
        averias_server::ServerSettings {
            metrics_token: Some("scrape-secret".into()),
            ..Default::default()
        },
    )
    .await;
    let r = app
        .client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .get(format!("{base}/metrics"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .client
        .get(format!("{base}/metrics"))
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("http_requests_total"));
}

/// What the server sends until `needle` shows (or `limit` passes).
async fn read_until(stream: &mut tokio::net::TcpStream, needle: &str, limit: Duration) -> String {
    let mut got = Vec::new();
    let mut buf = vec![0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    while !String::from_utf8_lossy(&got).contains(needle) {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// Reads until the server closes the connection (or `limit` passes).
async fn closed_by_server(stream: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    let mut buf = vec![0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// Slowloris and friends: half-sent headers, silent keep-alive connections
/// and slow bodies are cut off, and past the connection cap the server
/// waits for a connection to end before it takes another.
#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_and_connections_are_capped() {
    use averias_server::http_server::HttpLimits;
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    let addr = |base: &str| base.trim_start_matches("http://").to_owned();
    let limits = HttpLimits {
        max_connections: 64,
        header_read_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(60),
        request_timeout: Duration::from_millis(500),
    };
    let base = serve_with(
        &app,
        averias_server::ServerSettings {
            http: limits,
            ..Default::default()
        },
    )
    .await;
    // Headers that never end.
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut s = tokio::net::TcpStream::connect(addr(&base)).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    for s in &mut slow {
        assert!(
            closed_by_server(s, Duration::from_secs(10)).await,
            "a half-sent request was dropped"
        );
    }
    // A body that never comes: 503 request_timeout, and nothing opened.
    let before = app.ticket_count().await;
    let mut s = tokio::net::TcpStream::connect(addr(&base)).await.unwrap();
    s.write_all(format!("POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TELESERVICE}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"account\":").as_bytes()).await.unwrap();
    let answer = read_until(&mut s, "request_timeout", Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert_eq!(app.ticket_count().await, before);

    // A form announced larger than the limit is refused before it is sent,
    // so a crawling body cannot hold the connection (it was /login).
    let mut crawlers = Vec::new();
    for _ in 0..50 {
        let mut s = tokio::net::TcpStream::connect(addr(&base)).await.unwrap();
        s.write_all(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nname=").await.unwrap();
        crawlers.push(s);
    }
    for s in &mut crawlers {
        let answer = read_until(s, "body_too_large", Duration::from_secs(10)).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    }

    // A keep-alive connection that goes quiet is closed.
    let idle = HttpLimits {
        idle_timeout: Duration::from_millis(300),
        header_read_timeout: Duration::from_secs(30),
        ..limits
    };
    let base = serve_with(
        &app,
        averias_server::ServerSettings {
            http: idle,
            ..Default::default()
        },
    )
    .await;
    let mut s = tokio::net::TcpStream::connect(addr(&base)).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 1024];
    let n = s.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_by_server(&mut s, Duration::from_secs(10)).await,
        "the idle connection was closed"
    );

    // At the cap, a new connection waits for one to end.
    let capped = HttpLimits {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(30),
        ..limits
    };
    let base = serve_with(
        &app,
        averias_server::ServerSettings {
            http: capped,
            ..Default::default()
        },
    )
    .await;
    let holders = [
        tokio::net::TcpStream::connect(addr(&base)).await.unwrap(),
        tokio::net::TcpStream::connect(addr(&base)).await.unwrap(),
    ];
    let mut third = tokio::net::TcpStream::connect(addr(&base)).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let early = read_until(&mut third, "HTTP/1.1", Duration::from_millis(500)).await;
    assert!(early.is_empty(), "served past the cap: {early}");
    drop(holders);
    let answer = read_until(&mut third, "\r\n\r\n", Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_new_sqlite_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.db");
    let store = averias_store::SqliteStore::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    averias_store::Store::migrate(&store).await.unwrap();
    for file in ["private.db", "private.db-wal", "private.db-shm"] {
        let meta =
            std::fs::metadata(dir.path().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{file}");
    }
}
