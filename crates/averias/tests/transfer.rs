//! `averias export` from a demo SQLite database, `averias import
//! installation` into PostgreSQL: both serve the same tickets, notes,
//! histories and clocks, and numbering carries on where it stopped.
//! Skipped with a note when PostgreSQL cannot be reached (unless required).

mod common;
mod http;

use std::process::Command;

use common::{Server, drop_database, files_dir, fresh_database};

use serde_json::Value;

fn averias(args: &[&str]) -> std::process::Output {
    let db = args
        .iter()
        .position(|a| *a == "--database")
        .and_then(|i| args.get(i + 1))
        .copied()
        .unwrap_or_default();
    let out = Command::new(env!("CARGO_BIN_EXE_averias"))
        .args(args)
        .env("AVERIAS_LOG", "warn")
        .env("AVERIAS_ATTACHMENTS_DIR", files_dir(db))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "averias {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn get(base: &str, path: &str) -> Value {
    http::client()
        .get(format!("{base}{path}"))
        .bearer_auth("demo-csm")
        .send()
        .unwrap()
        .json()
        .unwrap()
}

/// A ticket without the two figures that move with the wall clock.
fn steady(mut t: Value) -> Value {
    if let Some(a) = t["attention"].as_object_mut() {
        a.remove("elapsed_seconds");
        a.remove("remaining_seconds");
    }
    t
}

/// Removes `keys` from every object in `v`.
fn strip(v: &mut Value, keys: &[&str]) {
    match v {
        Value::Object(map) => {
            for k in keys {
                map.remove(*k);
            }
            map.values_mut().for_each(|child| strip(child, keys));
        }
        Value::Array(items) => items.iter_mut().for_each(|child| strip(child, keys)),
        _ => {}
    }
}

#[test]
fn an_export_from_sqlite_imported_into_postgresql_serves_the_same_installation() {
    let Some((name, postgres)) = fresh_database("the export/import test") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("src.db").display());
    let dump = dir.path().join("installation.jsonl");

    averias(&["demo", "--database", &sqlite]);
    // A file on a ticket, whose bytes must travel too.
    let photo = b"\x89PNG\r\n\x1a\n -- a photo of the broken screen";
    let attached: Value = {
        let a = Server::start(&sqlite);
        let open = get(&a.base, "/api/v1/tickets?status=acknowledged&limit=1");
        let number = open["items"][0]["number"].as_str().unwrap().to_owned();
        let boundary = "averias-transfer-test";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pantalla.png\"\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(photo);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        http::client()
            .post(format!("{}/api/v1/tickets/{number}/attachments", a.base))
            .bearer_auth("demo-csm")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let attachment = attached[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{attached}"))
        .to_owned();
    let out = averias(&["export", dump.to_str().unwrap(), "--database", &sqlite]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows exported"));
    // As an export made before the virus scan and the account search
    // existed: without their columns, it still imports (the scan state
    // defaults to not scanned, the folded names are filled on migrate).
    let older: Vec<String> = std::fs::read_to_string(&dump)
        .unwrap()
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).unwrap();
            strip(&mut v, &["scan", "scan_detail", "search_name"]);
            v.to_string()
        })
        .collect();
    std::fs::write(&dump, older.join("\n") + "\n").unwrap();
    let out = averias(&[
        "import",
        "installation",
        dump.to_str().unwrap(),
        "--database",
        &postgres,
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows imported"));
    // A second import into the now non-empty database is refused.
    let again = Command::new(env!("CARGO_BIN_EXE_averias"))
        .args([
            "import",
            "installation",
            dump.to_str().unwrap(),
            "--database",
            &postgres,
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());

    let (a, b) = (Server::start(&sqlite), Server::start(&postgres));
    let (la, lb) = (
        get(&a.base, "/api/v1/tickets?limit=200&sort=oldest"),
        get(&b.base, "/api/v1/tickets?limit=200&sort=oldest"),
    );
    assert_eq!(la["total"], lb["total"]);
    let (ia, ib) = (
        la["items"].as_array().unwrap(),
        lb["items"].as_array().unwrap(),
    );
    assert!(ia.len() > 50);
    for (ta, tb) in ia.iter().zip(ib) {
        assert_eq!(
            steady(ta.clone()),
            steady(tb.clone()),
            "ticket {}",
            ta["number"]
        );
        let n = ta["number"].as_str().unwrap();
        for path in [
            format!("/api/v1/tickets/{n}/history"),
            format!("/api/v1/tickets/{n}/notes"),
        ] {
            assert_eq!(get(&a.base, &path), get(&b.base, &path), "{path}");
        }
    }
    // The file's bytes came along.
    let download = |base: &str| -> Vec<u8> {
        let r = http::client()
            .get(format!("{base}/api/v1/attachments/{attachment}"))
            .bearer_auth("demo-csm")
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        r.bytes().unwrap().to_vec()
    };
    assert_eq!(download(&a.base), photo);
    assert_eq!(download(&b.base), photo);
    for path in [
        "/api/v1/accounts?limit=200",
        "/api/v1/fault-types",
        "/api/v1/groups",
        "/api/v1/refused-reports",
    ] {
        assert_eq!(get(&a.base, path), get(&b.base, path), "{path}");
    }
    // Numbering carries on after the imported tickets.
    let report = serde_json::json!({"account": "1001", "lines": ["+584161000000"], "description": "tras la migración",
        "reporter": {"name": "Ana", "phone": "+584141234567"}});
    let post = |base: &str| -> Value {
        http::client()
            .post(format!("{base}/api/v1/reports"))
            .bearer_auth("demo-teleservice")
            .json(&report)
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    assert_eq!(post(&a.base)["number"], post(&b.base)["number"]);
    drop(b);
    drop_database(&name);
}
