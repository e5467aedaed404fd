//! Two `averias serve` processes on one PostgreSQL database: concurrent
//! migration runs once, ticket numbers stay unique, concurrent updates of one
//! ticket are serialized (one wins, the other gets 412), no note is lost, and
//! with one instance killed (`kill -9`) mid-run the other finishes the work.
//!
//! Needs PostgreSQL (see `AVERIAS_TEST_POSTGRES_URL`); skipped with a note
//! when it cannot be reached, unless `AVERIAS_TEST_REQUIRE_POSTGRES=1`.

mod common;
mod http;

use std::collections::HashSet;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Server, drop_database, fresh_database};

use serde_json::{Value, json};

fn report(
    client: &reqwest::blocking::Client,
    base: &str,
    i: usize,
) -> reqwest::Result<Option<String>> {
    let account = 1001 + [0, 1, 2, 3, 5, 6][i % 6];
    let line = 1_000_000 + (account - 1001) * 1000;
    let body = json!({
        "account": account.to_string(), "lines": [format!("+58416{line:07}")], "description": format!("carga {i}"),
        "reporter": {"name": "Carga", "phone": "+584141234567"}
    });
    let resp = client
        .post(format!("{base}/api/v1/reports"))
        .bearer_auth("demo-teleservice")
        .json(&body)
        .send()?;
    if resp.status() != 201 {
        return Ok(None);
    }
    let v: Value = resp.json()?;
    Ok(v["number"].as_str().map(str::to_owned))
}

#[test]
fn two_instances_share_one_postgresql_database_without_losing_or_duplicating_work() {
    let Some((name, db)) = fresh_database("the multi-instance test") else {
        return;
    };

    // Both instances migrate at once: the advisory lock makes it happen once.
    let migrations: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_averias"))
                .args(["migrate", "--database", &db])
                .env("AVERIAS_LOG", "warn")
                .output()
                .unwrap()
        })
        .collect();
    for m in &migrations {
        assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    }
    let seed = Command::new(env!("CARGO_BIN_EXE_averias"))
        .args(["demo", "--database", &db])
        .env("AVERIAS_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        seed.status.success(),
        "{}",
        String::from_utf8_lossy(&seed.stderr)
    );
    let mut a = Server::start(&db);
    let b = Server::start(&db);
    let client = http::client();

    // Concurrent updates of one ticket through both instances: one wins, one gets 412.
    let t = report(&client, &a.base, 0).unwrap().unwrap();
    let outcomes: Vec<u16> = std::thread::scope(|s| {
        [&a.base, &b.base]
            .map(|base| {
                let client = client.clone();
                let t = t.clone();
                s.spawn(move || {
                    client
                        .post(format!("{base}/api/v1/tickets/{t}/actions/start_work"))
                        .bearer_auth("demo-csm")
                        .header("If-Match", "1")
                        .send()
                        .unwrap()
                        .status()
                        .as_u16()
                })
            })
            .map(|h| h.join().unwrap())
            .to_vec()
    });
    let mut sorted = outcomes.clone();
    sorted.sort();
    assert_eq!(sorted, [200, 412], "{outcomes:?}");

    // Notes through both instances at once: none lost.
    std::thread::scope(|s| {
        for base in [&a.base, &b.base] {
            for k in 0..20 {
                let (client, t) = (client.clone(), t.clone());
                s.spawn(move || {
                    let r = client
                        .post(format!("{base}/api/v1/tickets/{t}/notes"))
                        .bearer_auth("demo-csm")
                        .json(&json!({"body": format!("nota {k}")}))
                        .send()
                        .unwrap();
                    assert_eq!(r.status(), 201);
                });
            }
        }
    });
    let notes: Value = client
        .get(format!("{}/api/v1/tickets/{t}/notes", b.base))
        .bearer_auth("demo-csm")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 40);

    // Reports through both instances; instance A dies mid-run; B finishes.
    let acknowledged = Arc::new(Mutex::new(vec![t.clone()]));
    std::thread::scope(|s| {
        for worker in 0..4 {
            let (client, acknowledged, a_base, b_base) = (
                client.clone(),
                acknowledged.clone(),
                a.base.clone(),
                b.base.clone(),
            );
            s.spawn(move || {
                for i in 0..150 {
                    let first = if (worker + i) % 2 == 0 {
                        &a_base
                    } else {
                        &b_base
                    };
                    // A client whose instance died retries on the other one.
                    let number = match report(&client, first, worker * 1000 + i) {
                        Ok(n) => n,
                        Err(_) => report(&client, &b_base, worker * 1000 + i).unwrap(),
                    };
                    if let Some(n) = number {
                        acknowledged.lock().unwrap().push(n);
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(400));
        a.kill9();
    });
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert_eq!(
        acknowledged.len(),
        601,
        "every report was answered 201 by one instance or the other"
    );
    let unique: HashSet<_> = acknowledged.iter().collect();
    assert_eq!(
        unique.len(),
        acknowledged.len(),
        "ticket numbers are unique across instances"
    );
    for n in &acknowledged {
        let status = client
            .get(format!("{}/api/v1/tickets/{n}", b.base))
            .bearer_auth("demo-csm")
            .send()
            .unwrap()
            .status();
        assert_eq!(status, 200, "{n} acknowledged but missing");
    }
    drop(b);
    drop_database(&name);
}
