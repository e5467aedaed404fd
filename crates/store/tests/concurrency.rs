//! The store's tricky parts, tested at the store on both backends: group
//! commit (many reports opened at once share transactions, every one gets
//! its own number, a bad report does not sink the batch it travelled in),
//! idempotency keys under concurrency, and claims with leases (jobs and
//! outbox messages: a lease held keeps others out, an expired lease lets
//! another worker in and the first one's late answer no longer counts).
//!
//! PostgreSQL is taken from `AVERIAS_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), in a database of its own
//! per test; unreachable, the PostgreSQL half says so and passes, unless
//! `AVERIAS_TEST_REQUIRE_POSTGRES=1`.

use std::collections::BTreeSet;
use std::sync::Arc;

use averias_domain::{Channel, Severity, Stage, Status, TicketId, TicketKind, UserId};
use averias_store::{
    NewJob, NewTicket, OutboundMessage, PgSettings, PgStore, Reporter, SqliteStore, Store,
    StoreError,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sqlx::Connection;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

/// A fault report as intake would hand it to the store.
fn report(title: &str, reported_at: DateTime<Utc>) -> NewTicket {
    NewTicket {
        attachments: Vec::new(),
        id: TicketId::new(),
        kind: TicketKind::Fault,
        account_id: None,
        channel: Channel::Api,
        fault_type: None,
        severity: Severity::Minor,
        title: title.to_owned(),
        description: "no service".to_owned(),
        status: Status::Acknowledged,
        stage: Stage::WithCsm,
        reporter: Reporter {
            name: "Ana".to_owned(),
            phone: "04141234567".to_owned(),
            email: None,
        },
        reported_by: UserId::new(),
        reported_at,
        deadline_at: reported_at + Duration::hours(24),
        sla_due_at: None,
        response_due_at: None,
        timer: None,
        maintenance_id: None,
        messages: Vec::new(),
        lines: Vec::new(),
        equipment: Vec::new(),
        followers: Vec::new(),
        account_number: None,
        account_name: None,
        idempotency: None,
        actor_name: "api".to_owned(),
        external_ids: Vec::new(),
        client_values: Default::default(),
        notes: Vec::new(),
    }
}

fn message(ticket: TicketId, recipient: &str, event: &str, at: DateTime<Utc>) -> OutboundMessage {
    OutboundMessage {
        id: uuid::Uuid::now_v7(),
        event: event.to_owned(),
        channel: "email".to_owned(),
        recipient: recipient.to_owned(),
        language: averias_domain::Lang::Es,
        data: serde_json::json!({ "event": event }),
        dedupe_key: format!("{ticket}:{event}:{recipient}"),
        ticket_id: Some(ticket),
        created_at: at,
        deliver: true,
    }
}

/// Reports opened at once, more than one transaction's worth, each get a
/// number of their own in one unbroken sequence, and all are readable.
async fn concurrent_reports_get_distinct_consecutive_numbers(store: Arc<dyn Store>) {
    const N: usize = 300;
    let opened = futures::future::join_all((0..N).map(|i| {
        let store = store.clone();
        async move {
            store
                .open_ticket(report(&format!("fault {i}"), at(9)))
                .await
        }
    }))
    .await;
    let numbers: BTreeSet<u64> = opened
        .iter()
        .map(|r| r.as_ref().expect("every report opens").number.seq())
        .collect();
    assert_eq!(numbers.len(), N, "two reports shared a number");
    assert_eq!(numbers, (1..=N as u64).collect(), "the numbers have gaps");
    for record in opened.iter().map(|r| r.as_ref().unwrap()).step_by(37) {
        let read = store
            .get_ticket(record.id)
            .await
            .unwrap()
            .expect("committed");
        assert_eq!(read.number, record.number);
        assert_eq!(read.title, record.title);
    }
}

/// A report the database refuses (its fault type does not exist) fails
/// alone; the reports that travelled with it are opened.
async fn a_bad_report_does_not_sink_its_batch(store: Arc<dyn Store>) {
    let mut reports: Vec<NewTicket> = (0..40)
        .map(|i| report(&format!("good {i}"), at(10)))
        .collect();
    let mut bad = report("bad", at(10));
    bad.fault_type = Some("NO-SUCH-TYPE".to_owned());
    let bad_id = bad.id;
    reports.insert(20, bad);
    let results = futures::future::join_all(reports.into_iter().map(|r| {
        let store = store.clone();
        async move { (r.id, store.open_ticket(r).await) }
    }))
    .await;
    for (id, result) in results {
        if id == bad_id {
            assert!(
                matches!(result, Err(StoreError::MissingReference { .. })),
                "the bad report: {result:?}"
            );
            assert!(store.get_ticket(id).await.unwrap().is_none());
        } else {
            let record = result.expect("a good report opens");
            assert!(store.get_ticket(record.id).await.unwrap().is_some());
        }
    }
}

/// Two requests with one idempotency key, at once: one ticket is opened
/// and the other request is answered with it.
async fn one_idempotency_key_opens_one_ticket(store: Arc<dyn Store>) {
    let user = UserId::new();
    let keyed = |title: &str| {
        let mut r = report(title, at(11));
        r.reported_by = user;
        r.idempotency = Some(("retry-1".to_owned(), "hash-a".to_owned()));
        r
    };
    let (a, b) = tokio::join!(
        store.open_ticket(keyed("first try")),
        store.open_ticket(keyed("second try"))
    );
    let (opened, replay) = match (a, b) {
        (Ok(t), Err(e)) | (Err(e), Ok(t)) => (t, e),
        other => panic!("expected one ticket and one replay, got {other:?}"),
    };
    match replay {
        StoreError::IdempotencyReplay(id, hash) => {
            assert_eq!(id, opened.id);
            assert_eq!(hash, "hash-a");
        }
        other => panic!("expected a replay, got {other:?}"),
    }
    assert_eq!(
        store.idempotent_ticket(user, "retry-1").await.unwrap(),
        Some((opened.id, "hash-a".to_owned()))
    );
    // The same key of another user is another key.
    let mut other = keyed("someone else");
    other.reported_by = UserId::new();
    assert!(store.open_ticket(other).await.is_ok());
}

/// A leased job is not handed out twice; when its worker dies (the lease
/// runs out) another takes it, and the first one's completion no longer
/// counts. A job failing past its attempts is dead, not retried.
async fn job_leases_hand_work_over_once(store: Arc<dyn Store>) {
    let t0 = at(12);
    let job = |key: &str| NewJob {
        kind: "reclock".to_owned(),
        dedupe_key: Some(key.to_owned()),
        payload: serde_json::json!({}),
        due_at: t0,
    };
    assert!(store.schedule_job(&job("a"), t0).await.unwrap());
    assert!(
        !store.schedule_job(&job("a"), t0).await.unwrap(),
        "a dedupe key schedules once"
    );
    let lease = Duration::minutes(5);
    let first = store.claim_jobs("w1", t0, lease, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        store
            .claim_jobs("w2", t0 + Duration::minutes(1), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a held lease keeps others out"
    );
    let later = t0 + Duration::minutes(6);
    let second = store.claim_jobs("w2", later, lease, 10).await.unwrap();
    assert_eq!(second.len(), 1, "an expired lease lets another worker in");
    assert_eq!(second[0].id, first[0].id);
    assert_eq!(second[0].attempts, 2);
    assert!(!store.complete_job(&first[0].id, "w1", later).await.unwrap());
    assert!(
        store
            .complete_job(&second[0].id, "w2", later)
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_jobs("w3", later + Duration::hours(1), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a completed job is gone"
    );

    // Failing: due again at the retry time, dead after the last attempt.
    assert!(store.schedule_job(&job("b"), t0).await.unwrap());
    let claimed = store.claim_jobs("w1", t0, lease, 10).await.unwrap();
    let retry_at = t0 + Duration::minutes(1);
    assert!(
        store
            .fail_job(&claimed[0].id, "w1", "boom", retry_at, 2)
            .await
            .unwrap()
    );
    let again = store.claim_jobs("w1", retry_at, lease, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert!(
        store
            .fail_job(&again[0].id, "w1", "boom", retry_at, 2)
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_jobs("w1", t0 + Duration::days(1), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a job out of attempts is not claimed again"
    );
}

/// Outbox messages: one recipient hears of a ticket's events in order (the
/// second waits for the first), a lease keeps a message from being sent
/// twice, and a worker that lost its lease cannot mark it sent.
async fn message_leases_keep_order_and_send_once(store: Arc<dyn Store>) {
    let t0 = at(13);
    let mut r = report("with messages", t0);
    let ticket = r.id;
    r.messages = vec![
        message(ticket, "ana@example.com", "ticket_opened", t0),
        message(ticket, "ana@example.com", "ticket_resolved", t0),
    ];
    store.open_ticket(r).await.unwrap();
    let lease = Duration::minutes(5);
    let first = store.claim_messages("w1", t0, lease, 10).await.unwrap();
    assert_eq!(first.len(), 1, "only the oldest of a recipient's messages");
    assert_eq!(first[0].message.event, "ticket_opened");
    assert!(
        store
            .claim_messages("w2", t0 + Duration::minutes(1), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "the next waits while the first is leased"
    );
    let later = t0 + Duration::minutes(6);
    let retaken = store.claim_messages("w2", later, lease, 10).await.unwrap();
    assert_eq!(retaken.len(), 1);
    assert_eq!(retaken[0].message.id, first[0].message.id);
    assert!(
        !store
            .message_sent(first[0].message.id, "w1", later)
            .await
            .unwrap(),
        "a lost lease cannot mark the message sent"
    );
    assert!(
        store
            .message_sent(retaken[0].message.id, "w2", later)
            .await
            .unwrap()
    );
    let next = store.claim_messages("w1", later, lease, 10).await.unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].message.event, "ticket_resolved");
    let states: BTreeSet<(String, String)> = store
        .list_messages(None, Some(ticket), 10)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.message.event, m.state))
        .collect();
    assert!(states.contains(&("ticket_opened".to_owned(), "sent".to_owned())));
    assert!(!states.contains(&("ticket_resolved".to_owned(), "sent".to_owned())));
}

async fn every_case(store: Arc<dyn Store>) {
    concurrent_reports_get_distinct_consecutive_numbers(store.clone()).await;
    a_bad_report_does_not_sink_its_batch(store.clone()).await;
    one_idempotency_key_opens_one_ticket(store.clone()).await;
    job_leases_hand_work_over_once(store.clone()).await;
    message_leases_keep_order_and_send_once(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_group_commit_idempotency_and_leases() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::connect(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    every_case(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_group_commit_idempotency_and_leases() {
    let admin_url = std::env::var("AVERIAS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var("AVERIAS_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "PostgreSQL is required but unreachable at {admin_url}: {e}"
            );
            eprintln!("PostgreSQL unreachable at {admin_url} ({e}); its half is skipped");
            return;
        }
    };
    let db = format!("averias_store_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db}"),
        None => panic!("AVERIAS_TEST_POSTGRES_URL must end in /database"),
    };
    let store = PgStore::connect(&url, &PgSettings::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    every_case(Arc::new(store)).await;
    drop(admin);
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await;
}
