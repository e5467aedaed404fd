//! Notifications end to end with real peers: a real SMTP server (Python's
//! aiosmtpd from the wheels in `tests/smtp/`, writing a Maildir), and HTTP receivers for the SMS gateway and
//! webhooks served on loopback. The worker's delivery pass is played tick by
//! tick on the manual clock.
//!
//! Past 500 lines: each test drives one channel end to end against a real
//! peer (SMTP, SMS gateway, webhook receiver), and the peers are started
//! here.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use averias_services::notify::{
    Notifier, NotifySettings, SIGNATURE_HEADER, SmsSettings, SmtpSettings, sign,
};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// A real SMTP server delivering into a Maildir.
struct Smtp {
    child: Child,
    dir: PathBuf,
}

pub(crate) fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Smtp {
    fn start(port: u16, dir: &Path) -> Smtp {
        Smtp::start_with(port, dir, &[])
    }

    /// With extra aiosmtpd flags (`--tlscert`/`--tlskey` for STARTTLS,
    /// `--smtpscert`/`--smtpskey` for implicit TLS).
    fn start_with(port: u16, dir: &Path, flags: &[String]) -> Smtp {
        let mut args: Vec<String> = [
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ]
        .map(String::from)
        .to_vec();
        args.extend(flags.iter().cloned());
        args.push(dir.display().to_string());
        Smtp::spawn(port, dir, &args)
    }

    /// A server that requires STARTTLS, then AUTH as `user` with `password`.
    fn start_with_auth(port: u16, dir: &Path, user: &str, password: &str) -> Smtp {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/auth_server.py");
        let args = [
            script.display().to_string(),
            port.to_string(),
            dir.display().to_string(),
            test_cert("localhost.crt"),
            test_cert("localhost.key"),
            user.into(),
            password.into(),
        ];
        Smtp::spawn(port, dir, &args)
    }

    /// Runs `python3 -S ARGS` with the vendored wheels and waits for the port.
    fn spawn(port: u16, dir: &Path, args: &[String]) -> Smtp {
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        // The vendored wheels (see tests/smtp/README.md), nothing from site-packages.
        let path = wheels_path("smtp");
        let child = Command::new("python3")
            .env("PYTHONPATH", path)
            .arg("-S")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the test SMTP server");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Smtp {
            child,
            dir: dir.to_owned(),
        }
    }

    /// Every message delivered, as raw text, oldest first.
    fn mails(&self) -> Vec<String> {
        let mut files: Vec<_> = ["new", "cur"]
            .iter()
            .flat_map(|d| std::fs::read_dir(self.dir.join(d)).into_iter().flatten())
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP peer that records what it receives and fails the first `fail` requests.
#[derive(Clone, Default)]
pub(crate) struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    fail: Arc<Mutex<usize>>,
}

impl Receiver {
    pub(crate) async fn start(fail: usize) -> (Receiver, String) {
        let r = Receiver::default();
        *r.fail.lock().unwrap() = fail;
        let state = r.clone();
        let app = axum::Router::new().route(
            "/{*path}",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    state.got.lock().unwrap().push((headers, body));
                    let mut fail = state.fail.lock().unwrap();
                    if *fail > 0 {
                        *fail -= 1;
                        AxumStatus::INTERNAL_SERVER_ERROR
                    } else {
                        AxumStatus::OK
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (r, url)
    }

    pub(crate) fn received(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }
}

fn notifier(smtp_port: u16, sms_url: Option<String>) -> Notifier {
    Notifier::new(NotifySettings {
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: smtp_port,
            tls: "none".into(),
            username: None,
            password: None,
            from: "Movilnet Averías <averias@movilnet.example>".into(),
            message_id_domain: None,
            ca_file: None,
        }),
        sms: sms_url.map(|url| SmsSettings {
            url: format!("{url}/sms"),
            method: "POST".into(),
            headers: vec![("X-Api-Key".into(), "k".into())],
            body_kind: "json".into(),
            body: r#"{"to": "{{ to }}", "text": {{ text | tojson }}}"#.into(),
            from: None,
        }),
        templates_dir: None,
        customer_service_mgmt: vec!["atencion@cantv.example".into()],
        webhooks: loopback_hooks(),
        public_url: Some("https://averias.movilnet.example/".into()),
    })
    .unwrap()
}

async fn deliver(app: &TestApp) -> usize {
    app.services()
        .notifications
        .run_due_messages("test-worker", 100)
        .await
        .unwrap()
}

/// A header's value with folded lines joined and RFC 2047 `=?utf-8?b?…?=`
/// words decoded, as a mail client shows it.
fn decoded_header(mail: &str, name: &str) -> Option<String> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let mut lines = mail
        .lines()
        .skip_while(|l| !l.to_ascii_lowercase().starts_with(&prefix));
    let mut value = lines.next()?[name.len() + 1..].trim().to_owned();
    for cont in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
        value.push(' ');
        value.push_str(cont.trim());
    }
    let mut out = String::new();
    for word in value.split(' ') {
        let decoded = word
            .strip_prefix("=?utf-8?b?")
            .and_then(|w| w.strip_suffix("?="))
            .map(|b| String::from_utf8(base64(b)).unwrap());
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(decoded.as_deref().unwrap_or(word));
    }
    Some(out)
}

/// Standard base64 (test helper; padding ignored).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|c| *c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |acc, d| acc << 6 | u32::from(*d)) << (6 * (4 - c.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(c.len().saturating_sub(1))
        })
        .collect()
}

fn header<'a>(mail: &'a str, name: &str) -> Option<&'a str> {
    mail.lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
        .map(|l| l[name.len() + 1..].trim())
}

#[tokio::test]
async fn the_contact_is_mailed_and_texted_and_one_ticket_threads_in_one_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    let (sms, sms_url) = Receiver::start(0).await;
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, Some(sms_url.clone()))),
        async |app: TestApp| {
            let before = smtp.mails().len();
            let sms_before = sms.received().len();
            // Account B has no sales consultant: the contact is the only one mailed.
            let n = number(&app.report(ACCOUNT_B, LINE_B1, Some("no_signal")).await);
            assert!(deliver(&app).await >= 2);
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 1, "one email to the contact");
            let opened = &mails[before];
            assert!(
                header(opened, "To")
                    .unwrap()
                    .contains("ana@empresa.example")
            );
            assert!(opened.contains(&n), "the ticket number is in the mail");
            assert!(
                opened.contains("multipart/alternative"),
                "text and HTML parts"
            );
            let root = format!("<{n}@movilnet.example>");
            assert_eq!(header(opened, "In-Reply-To"), Some(root.as_str()));
            let message_id = header(opened, "Message-ID").unwrap().to_owned();

            let texts = sms.received();
            assert_eq!(texts.len(), sms_before + 1);
            let (headers, body) = &texts[sms_before];
            assert_eq!(headers["x-api-key"], "k");
            let body: Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["to"], "+584141234567");
            let text = body["text"].as_str().unwrap();
            assert!(text.contains(&n) && text.chars().count() <= 160, "{text}");

            // Resolving mails again, in the same thread, with another Message-ID.
            app.act_ok(
                CSM,
                &n,
                "resolve",
                json!({"resolution": "Se reinició la celda"}),
            )
            .await;
            deliver(&app).await;
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 2);
            let resolved = &mails[before + 1];
            assert!(
                resolved.contains("Se reinici"),
                "the resolution is in the mail"
            );
            assert_eq!(header(resolved, "References"), Some(root.as_str()));
            assert_ne!(header(resolved, "Message-ID").unwrap(), message_id);

            // The ticket's log says who was told what, and that it went.
            let (status, log) = app
                .get(CSM, &format!("/api/v1/tickets/{n}/notifications"))
                .await;
            assert_eq!(status, StatusCode::OK, "{log}");
            let sent: Vec<(&str, &str, &str)> = log
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["event"].as_str().unwrap(),
                        m["channel"].as_str().unwrap(),
                        m["state"].as_str().unwrap(),
                    )
                })
                .collect();
            assert!(sent.contains(&("ticket_opened", "email", "sent")), "{log}");
            assert!(sent.contains(&("ticket_opened", "sms", "sent")), "{log}");
            assert!(
                sent.contains(&("ticket_resolved", "email", "sent")),
                "{log}"
            );
            let (status, _) = app
                .get(CUSTOMER_B, &format!("/api/v1/tickets/{n}/notifications"))
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);

            // A refused report tells the caller the debt.
            let (status, _) = app
                .post(
                    TELESERVICE,
                    "/api/v1/reports",
                    TestApp::report_body(ACCOUNT_DEBT, LINE_DEBT, None),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            deliver(&app).await;
            let refused = smtp.mails().pop().unwrap();
            assert!(
                refused.contains("1500.00") || refused.contains("1.500"),
                "{refused}"
            );
        },
    )
    .await;
    drop(smtp);
}

#[tokio::test]
async fn an_undeliverable_mail_is_retried_then_dead_and_an_admin_retry_sends_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            // No SMTP server listens yet (account B: no consultant to mail).
            let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
            for _ in 0..8 {
                deliver(&app).await;
                app.clock.advance(Duration::hours(2));
            }
            let (status, dead) = app.get(ADMIN, "/api/v1/admin/messages?state=dead").await;
            assert_eq!(status, StatusCode::OK, "{dead}");
            let dead = dead.as_array().unwrap().clone();
            assert_eq!(dead.len(), 1, "{dead:?}");
            assert_eq!(dead[0]["attempts"], 8);
            assert!(
                dead[0]["last_error"].as_str().unwrap().contains("SMTP"),
                "{dead:?}"
            );
            let (status, _) = app.get(CSM, "/api/v1/admin/messages").await;
            assert_eq!(status, StatusCode::FORBIDDEN);

            let smtp = Smtp::start(port, dir.path());
            let before = smtp.mails().len();
            let id = dead[0]["id"].as_str().unwrap();
            let (status, body) = app
                .post(
                    ADMIN,
                    &format!("/api/v1/admin/messages/{id}/retry"),
                    json!({}),
                )
                .await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
            let (status, _) = app
                .post(
                    ADMIN,
                    &format!("/api/v1/admin/messages/{id}/retry"),
                    json!({}),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::CONFLICT,
                "only dead messages are retried"
            );
            deliver(&app).await;
            deliver(&app).await;
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 1, "sent once");
            assert!(mails[before].contains(&n));
            let (_, dead) = app.get(ADMIN, "/api/v1/admin/messages?state=dead").await;
            assert_eq!(dead, json!([]));
        },
    )
    .await;
}

#[tokio::test]
async fn webhooks_are_signed_tmf_shaped_and_retried_until_the_receiver_answers() {
    let (hook, url) = Receiver::start(2).await;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, created) = app
            .post(ADMIN, "/api/v1/webhooks", json!({"callback": format!("{url}/events"), "events": ["TroubleTicketCreateEvent"]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let secret = created["secret"].as_str().unwrap().to_owned();
        let (status, err) = app
            .post(ADMIN, "/api/v1/webhooks", json!({"callback": "ftp://x", "events": []}))
            .await;
        assert_eq!((status, err["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_callback")));
        let (_, list) = app.get(ADMIN, "/api/v1/webhooks").await;
        assert_eq!(list[0]["secret"], Value::Null, "the secret is shown once");

        let before = hook.received().len();
        *hook.fail.lock().unwrap() = 2;
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        // The receiver fails twice: the outbox retries with backoff.
        deliver(&app).await;
        app.clock.advance(Duration::minutes(1));
        deliver(&app).await;
        app.clock.advance(Duration::minutes(2));
        deliver(&app).await;
        let got = hook.received();
        let got = &got[before..];
        assert!(got.len() >= 3, "{} posts", got.len());
        let ids: std::collections::HashSet<_> = got.iter().map(|(h, _)| h["x-averias-event-id"].clone()).collect();
        assert_eq!(ids.len(), 1, "every attempt carries the same event id, for dedupe");
        let (headers, body) = got.last().unwrap();
        let signature = headers[SIGNATURE_HEADER.to_ascii_lowercase().as_str()].to_str().unwrap();
        assert_eq!(signature, format!("sha256={}", sign(&secret, body.as_bytes())));
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["eventType"], "TroubleTicketCreateEvent");
        assert_eq!(event["event"]["troubleTicket"]["id"], n, "the number assigned at commit");
        // A status change is not among this subscription's events.
        app.act_ok(CSM, &n, "start_work", json!({})).await;
        deliver(&app).await;
        assert_eq!(hook.received().len(), before + got.len());
    })
    .await;
}

#[tokio::test]
async fn supervisors_english_contacts_and_customer_service_management_get_their_mail() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            // A supervisor with an email address, and an escalation matrix that tells the role.
            let (status, body) = app
                .post(ADMIN, "/api/v1/users", json!({"name": "jefa-csm", "role": "customer_service_mgmt", "email": "jefa@movilnet.example"}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let rule = json!({"steps": [{"name": "sin-atender", "event": "opened", "delay_minutes": 30,
                "condition": "not_taken", "actions": [{"type": "notify_role", "role": "customer_service_mgmt"}, {"type": "notify_contact"}]}]});
            let (status, _) = app
                .send(reqwest::Method::PUT, ADMIN, "/api/v1/escalation-rules/*/first", Some(rule), &[])
                .await;
            assert_eq!(status, StatusCode::OK);
            // The reporter is a contact who reads English.
            let (status, _) = app
                .post(ADMIN, &format!("/api/v1/accounts/{ACCOUNT_A}/contacts"),
                    json!({"name": "Ana Pérez", "phone": "+584141234567", "email": "ana@empresa.example", "language": "en"}))
                .await;
            assert_eq!(status, StatusCode::CREATED);

            let before = smtp.mails().len();
            let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
            deliver(&app).await;
            let opened = smtp.mails()[before..]
                .iter()
                .find(|m| header(m, "To").is_some_and(|t| t.contains("ana@empresa.example")))
                .cloned()
                .expect("the contact is mailed");
            assert!(header(&opened, "Subject").unwrap().starts_with("Fault"), "English: {opened}");

            app.clock.advance(Duration::minutes(31));
            app.services().worker.run_due_jobs("test-worker", 10).await.unwrap();
            deliver(&app).await;
            let mails = smtp.mails();
            let escalation = mails[before + 1..]
                .iter()
                .find(|m| header(m, "To").is_some_and(|t| t.contains("jefa@movilnet.example")))
                .expect("the supervisor is mailed");
            assert!(escalation.contains(&n) && escalation.contains("sin-atender"), "{escalation}");
            // R-INFORM-1: the contact hears the fault is at risk, in English.
            let at_risk = mails[before + 1..]
                .iter()
                .filter(|m| header(m, "To").is_some_and(|t| t.contains("ana@empresa.example")))
                .filter_map(|m| decoded_header(m, "Subject"))
                .find(|s| s.contains("still being worked on"));
            assert!(at_risk.is_some_and(|s| s.contains(&n)), "the contact is told the fault is at risk");

            // A maintenance notice goes to customer-service management's address.
            let (_, w) = app
                .post(CSM, "/api/v1/maintenance", json!({"title": "Cambio de tarjeta", "start": "2026-11-30T14:00:00Z",
                    "end": "2026-11-30T16:00:00Z", "accounts": [ACCOUNT_A]}))
                .await;
            let id = w["id"].as_str().unwrap();
            app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({})).await;
            deliver(&app).await;
            let notice = smtp.mails().pop().unwrap();
            assert!(header(&notice, "To").unwrap().contains("atencion@cantv.example"), "{notice}");
            assert!(notice.contains("Cambio de tarjeta"), "{notice}");

            // Recording that account A was informed tells its contacts (in English).
            let (status, _) = app
                .post(CSM, &format!("/api/v1/maintenance/{id}/accounts/{ACCOUNT_A}/answer"), json!({}))
                .await;
            assert_eq!(status, StatusCode::OK);
            deliver(&app).await;
            let told = smtp.mails().pop().unwrap();
            assert!(header(&told, "To").unwrap().contains("ana@empresa.example"), "{told}");
            assert!(header(&told, "Subject").unwrap().starts_with("Planned work"), "{told}");
        },
    )
    .await;
    drop(smtp);
}

#[tokio::test]
async fn customer_service_management_is_reminded_before_the_objection_window_closes() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            let (_, w) = app
                .post(
                    CSM,
                    "/api/v1/maintenance",
                    json!({"title": "Migración de HLR", "start": "2026-11-30T14:00:00Z",
                    "end": "2026-11-30T16:00:00Z", "accounts": [ACCOUNT_A, ACCOUNT_B]}),
                )
                .await;
            let id = w["id"].as_str().unwrap();
            app.post(CSM, &format!("/api/v1/maintenance/{id}/notify"), json!({}))
                .await;
            app.post(
                CSM,
                &format!("/api/v1/maintenance/{id}/accounts/{ACCOUNT_A}/answer"),
                json!({}),
            )
            .await;
            deliver(&app).await;
            let before = smtp.mails().len();
            // The window closes at 17:00 Caracas; the reminder is due at 15:00 (19:00 UTC).
            app.clock
                .advance(Duration::hours(9) + Duration::minutes(59));
            app.services()
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap();
            deliver(&app).await;
            assert_eq!(smtp.mails().len(), before, "not yet at 14:59");
            app.clock.advance(Duration::minutes(2));
            app.services()
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap();
            deliver(&app).await;
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 1, "one reminder");
            let reminder = &mails[before];
            assert!(
                decoded_header(reminder, "Subject")
                    .unwrap()
                    .contains("Migración de HLR"),
                "{reminder}"
            );
            assert!(
                reminder.contains("2002 Empresa B") && !reminder.contains("2001 Empresa A"),
                "only B is pending: {reminder}"
            );
        },
    )
    .await;
    drop(smtp);
}

#[tokio::test]
async fn a_dispatcher_killed_between_send_and_record_causes_one_duplicate_with_the_same_message_id()
{
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
            deliver(&app).await;
            app.act_ok(
                CSM,
                &n,
                "resolve",
                json!({"resolution": "Celda reiniciada"}),
            )
            .await;
            let before = smtp.mails().len();
            // A worker claims the message, sends it, and dies before recording it.
            let claimed = app
                .store
                .claim_messages("doomed-worker", app.clock.now(), Duration::minutes(2), 10)
                .await
                .unwrap();
            let m = claimed
                .iter()
                .find(|m| m.message.event == "ticket_resolved")
                .unwrap();
            app.services()
                .notifications
                .notifier
                .deliver(m, &[])
                .await
                .unwrap();
            // Its lease runs out; another worker sends it again and records it.
            app.clock.advance(Duration::minutes(3));
            deliver(&app).await;
            deliver(&app).await;
            let mails = smtp.mails();
            let copies: Vec<&String> = mails[before..]
                .iter()
                .filter(|m| m.contains("Celda reiniciada"))
                .collect();
            assert_eq!(copies.len(), 2, "at most one duplicate");
            assert_eq!(
                header(copies[0], "Message-ID"),
                header(copies[1], "Message-ID"),
                "the receiver can tell"
            );
        },
    )
    .await;
    drop(smtp);
}

#[tokio::test]
async fn with_no_smtp_configured_messages_are_kept_as_a_log() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
        assert_eq!(deliver(&app).await, 0, "nothing to deliver");
        let (status, log) = app.get(ADMIN, "/api/v1/admin/messages?state=logged").await;
        assert_eq!(status, StatusCode::OK);
        let mut opened: Vec<(&str, &str)> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["event"] == "ticket_opened")
            .map(|m| {
                (
                    m["channel"].as_str().unwrap(),
                    m["recipient"].as_str().unwrap(),
                )
            })
            .collect();
        opened.sort();
        assert_eq!(
            opened,
            [("email", "ana@empresa.example"), ("sms", "+584141234567")],
            "{log}"
        );
        let (_, mine) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/notifications"))
            .await;
        assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    })
    .await;
}

#[tokio::test]
async fn the_contact_hears_of_each_step_that_matters_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            let subjects = |from: usize| -> Vec<String> {
                smtp.mails()[from..]
                    .iter()
                    .map(|m| decoded_header(m, "Subject").unwrap_or_default())
                    .collect()
            };
            let before = smtp.mails().len();
            let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
            app.act_ok(CSM, &n, "escalate", json!({})).await;
            app.act_ok(
                COR,
                &n,
                "return_solution",
                json!({"resolution": "Antena realineada"}),
            )
            .await;
            app.act_ok(
                CSM,
                &n,
                "resolve",
                json!({"resolution": "Confirmado con el cliente"}),
            )
            .await;
            app.act_ok(CSM, &n, "close", json!({})).await;
            deliver(&app).await;
            let got = subjects(before);
            assert_eq!(
                got.len(),
                5,
                "opened, consultant, escalated, resolved, closed: {got:?}"
            );
            let expected = [
                format!("Avería {n} registrada"),
                format!("Su avería {n} pasó a cor"),
                format!("Avería {n} resuelta"),
                format!("Avería {n} cerrada"),
            ];
            // R-INTAKE-5: account A's sales consultant heard of the new ticket.
            let consultant = smtp.mails()[before..]
                .iter()
                .find(|m| header(m, "To").is_some_and(|t| t.contains("consultor@movilnet.example")))
                .cloned()
                .expect("the consultant is mailed");
            assert!(
                decoded_header(&consultant, "Subject")
                    .unwrap()
                    .starts_with(&format!("Nueva avería {n}")),
                "{consultant}"
            );
            for e in &expected {
                assert!(
                    got.iter().any(|s| s.starts_with(e.as_str())),
                    "{e} in {got:?}"
                );
            }

            let before = smtp.mails().len();
            let p = number(&app.report(ACCOUNT_A, LINE_A1, Some("device_failure")).await);
            app.act_ok(CSM, &p, "classify_point_fault", json!({})).await;
            app.book(TELESERVICE, &p, "center-a").await;
            app.act_ok(
                CENTER,
                &p,
                "certify_repair",
                json!({"resolution": "Conector reemplazado"}),
            )
            .await;
            deliver(&app).await;
            let got = subjects(before);
            assert!(got.iter().any(|s| s.contains("reparado")), "{got:?}");
        },
    )
    .await;
    drop(smtp);
}

/// The test certificate for `localhost` (tests/smtp/localhost.crt).
fn test_cert(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/smtp")
        .join(name)
        .display()
        .to_string()
}

fn tls_notifier(port: u16, tls: &str, trust: bool) -> Notifier {
    auth_notifier(port, tls, trust, None)
}

fn auth_notifier(port: u16, tls: &str, trust: bool, login: Option<(&str, &str)>) -> Notifier {
    Notifier::new(NotifySettings {
        smtp: Some(SmtpSettings {
            host: "localhost".into(),
            port,
            tls: tls.into(),
            username: login.map(|(u, _)| u.into()),
            password: login.map(|(_, p)| p.into()),
            from: "Movilnet Averías <averias@movilnet.example>".into(),
            message_id_domain: None,
            ca_file: trust.then(|| test_cert("test-ca.crt").into()),
        }),
        sms: None,
        templates_dir: None,
        customer_service_mgmt: vec![],
        webhooks: loopback_hooks(),
        public_url: None,
    })
    .unwrap()
}

#[tokio::test]
async fn mail_goes_over_starttls_and_implicit_tls_and_an_untrusted_server_is_refused() {
    for (tls, flags) in [
        ("starttls", ["--tlscert", "--tlskey"]),
        ("tls", ["--smtpscert", "--smtpskey"]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let args = vec![
            flags[0].to_owned(),
            test_cert("localhost.crt"),
            flags[1].to_owned(),
            test_cert("localhost.key"),
        ];
        let smtp = Smtp::start_with(port, dir.path(), &args);
        // The server's certificate is not from a public CA: without trusting it, nothing goes.
        for_each_backend_notifying(
            Setup::Fixture,
            Some(tls_notifier(port, tls, false)),
            async |app: TestApp| {
                app.report(ACCOUNT_B, LINE_B1, None).await;
                deliver(&app).await;
                let (_, pending) = app.get(ADMIN, "/api/v1/admin/messages?state=pending").await;
                let error = pending[0]["last_error"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                assert!(error.contains("SMTP"), "{tls}: {pending}");
            },
        )
        .await;
        assert!(
            smtp.mails().is_empty(),
            "{tls}: nothing delivered to an untrusted server"
        );
        for_each_backend_notifying(
            Setup::Fixture,
            Some(tls_notifier(port, tls, true)),
            async |app: TestApp| {
                let before = smtp.mails().len();
                let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
                deliver(&app).await;
                let mails = smtp.mails();
                let (_, log) = app.get(ADMIN, "/api/v1/admin/messages").await;
                assert_eq!(mails.len(), before + 1, "{tls}: {log}");
                assert!(mails[before].contains(&n));
            },
        )
        .await;
        drop(smtp);
    }
}

#[tokio::test]
async fn an_sms_gateway_taking_forms_gets_a_url_encoded_body() {
    let (gateway, url) = Receiver::start(0).await;
    let notifier = Notifier::new(NotifySettings {
        smtp: None,
        sms: Some(SmsSettings {
            url: format!("{url}/send"),
            method: "POST".into(),
            headers: vec![],
            body_kind: "form".into(),
            body: "to={{ to | urlencode }}&msg={{ text | urlencode }}&from=Movilnet".into(),
            from: None,
        }),
        templates_dir: None,
        customer_service_mgmt: vec![],
        webhooks: loopback_hooks(),
        public_url: None,
    })
    .unwrap();
    for_each_backend_notifying(Setup::Fixture, Some(notifier), async |app: TestApp| {
        let before = gateway.received().len();
        let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
        deliver(&app).await;
        let got = gateway.received();
        let (headers, body) = &got[before];
        assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
        assert!(body.starts_with("to=%2B584141234567&msg="), "{body}");
        assert!(
            body.contains(&n) && body.ends_with("&from=Movilnet"),
            "{body}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_subscriber_that_never_answers_does_not_hold_up_ticket_work() {
    // Accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let (status, _) = app
            .post(
                ADMIN,
                "/api/v1/webhooks",
                json!({"callback": format!("{url}/hook")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        // Reports and actions commit and answer without calling the subscriber:
        // its events wait in the outbox for the worker.
        let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
        app.act_ok(CSM, &n, "start_work", json!({})).await;
        let (_, pending) = app.get(ADMIN, "/api/v1/admin/messages?state=pending").await;
        let hooks = pending
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["channel"] == "webhook")
            .count();
        assert_eq!(hooks, 2, "created and status change, queued: {pending}");
        assert!(
            pending
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["attempts"] == 0)
        );
    })
    .await;
}

#[tokio::test]
async fn mail_goes_to_a_server_that_requires_authentication_only_with_the_right_password() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start_with_auth(port, dir.path(), "averias", "s3creta");
    for_each_backend_notifying(
        Setup::Fixture,
        Some(auth_notifier(
            port,
            "starttls",
            true,
            Some(("averias", "equivocada")),
        )),
        async |app: TestApp| {
            app.report(ACCOUNT_B, LINE_B1, None).await;
            deliver(&app).await;
            let (_, pending) = app.get(ADMIN, "/api/v1/admin/messages?state=pending").await;
            let error = pending[0]["last_error"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                error.contains("535"),
                "the server's refusal of the login is recorded, and retried: {pending}"
            );
        },
    )
    .await;
    assert!(
        smtp.mails().is_empty(),
        "nothing went with a wrong password"
    );
    for_each_backend_notifying(
        Setup::Fixture,
        Some(auth_notifier(
            port,
            "starttls",
            true,
            Some(("averias", "s3creta")),
        )),
        async |app: TestApp| {
            let before = smtp.mails().len();
            let n = number(&app.report(ACCOUNT_B, LINE_B1, None).await);
            deliver(&app).await;
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 1);
            assert!(mails[before].contains(&n));
        },
    )
    .await;
    drop(smtp);
}

#[tokio::test]
async fn public_files_staff_add_are_mailed_to_the_contact_as_links_never_as_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let smtp = Smtp::start(port, dir.path());
    for_each_backend_notifying(
        Setup::Fixture,
        Some(notifier(port, None)),
        async |app: TestApp| {
            let n = number(&app.report(ACCOUNT_B, LINE_B1, Some("no_signal")).await);
            deliver(&app).await;
            let before = smtp.mails().len();
            // An internal file and the customer's own: nobody is mailed.
            let (status, _) = crate::attachments::upload(
                &app,
                CSM,
                &n,
                &[("file", Some("diagnostico.png"), crate::attachments::PNG)],
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
            let (status, _) = crate::attachments::upload(
                &app,
                CUSTOMER_B,
                &n,
                &[("file", Some("foto.png"), crate::attachments::PNG)],
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
            deliver(&app).await;
            assert_eq!(smtp.mails().len(), before);
            // The center's public repair report: one mail, with links.
            let (status, sent) = crate::attachments::upload(
                &app,
                CSM,
                &n,
                &[
                    (
                        "file",
                        Some("informe <reparación>.png"),
                        crate::attachments::PNG,
                    ),
                    ("visibility", None, b"public"),
                ],
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{sent}");
            assert!(deliver(&app).await >= 1);
            let mails = smtp.mails();
            assert_eq!(mails.len(), before + 1);
            let mail = &mails[before];
            assert!(header(mail, "To").unwrap().contains("ana@empresa.example"));
            // Soft line breaks of quoted-printable joined, as a client reads it.
            let body = mail
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
            let id = sent[0]["id"].as_str().unwrap();
            assert!(
                body.contains(&format!(
                    "https://averias.movilnet.example/api/v1/attachments/{id}"
                )),
                "{mail}"
            );
            assert!(body.contains(&format!(
                "https://averias.movilnet.example/ui/tickets/{n}#attachments"
            )));
            assert!(
                body.contains("&lt;reparación&gt;") || body.contains("&lt;reparaci"),
                "the name is escaped in HTML: {mail}"
            );
            assert!(
                !mail
                    .to_ascii_lowercase()
                    .contains("content-disposition: attachment"),
                "{mail}"
            );
            assert!(!mail.contains("image/png"), "no file rides in the mail");
        },
    )
    .await;
}
