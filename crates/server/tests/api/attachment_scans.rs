//! The optional virus scan of attachments (issue 22) against a real clamd
//! (Debian's `clamav-daemon`), started here on a free port with a
//! signature database of one signature made from the EICAR test string
//! (signature updates cannot be downloaded here, and EICAR is what every
//! scanner is tested with).

use std::path::Path;
use std::process::{Child, Command, Stdio};

use averias_services::Services;
use averias_services::attachments::Clamd;
use reqwest::StatusCode;
use serde_json::Value;

use crate::attachments::{PNG, upload};
use crate::helpers::*;
use crate::notifications::free_port;
use crate::web::{PASSWORD, page, sign_in};

/// The EICAR anti-virus test file: harmless, and found by every scanner.
const EICAR: &[u8] = br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
/// The signature's name as clamd reports it (unofficial: ours).
const SIGNATURE: &str = "Averias-EICAR-Test.UNOFFICIAL";

/// A real clamd on loopback, stopped when dropped.
struct ClamdPeer {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl ClamdPeer {
    fn start() -> ClamdPeer {
        let clamd = ["/usr/sbin/clamd", "/usr/bin/clamd"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("clamd is missing: install Debian's clamav-daemon (scripts/test does)");
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        std::fs::create_dir_all(&db).unwrap();
        std::fs::write(
            db.join("averias-eicar.ndb"),
            format!("Averias-EICAR-Test:0:*:{}\n", hex::encode(EICAR)),
        )
        .unwrap();
        let port = free_port();
        let conf = dir.path().join("clamd.conf");
        std::fs::write(
            &conf,
            format!(
                "DatabaseDirectory {}\nTCPSocket {port}\nTCPAddr 127.0.0.1\nForeground yes\n\
                 LogFile {}\nStreamMaxLength 64M\n",
                db.display(),
                dir.path().join("clamd.log").display()
            ),
        )
        .unwrap();
        let child = Command::new(clamd)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("clamd starts");
        let mut peer = ClamdPeer {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..600 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return peer;
            }
            if let Ok(Some(status)) = peer.child.try_wait() {
                let log =
                    std::fs::read_to_string(peer._dir.path().join("clamd.log")).unwrap_or_default();
                panic!("clamd exited ({status}) before listening:\n{log}");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = peer.child.kill();
        panic!("clamd did not listen on {port} within a minute");
    }

    fn address(&self) -> Clamd {
        Clamd::Tcp(format!("127.0.0.1:{}", self.port))
    }
}

impl Drop for ClamdPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn fetch(app: &TestApp, token: &str, id: &str) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .get(format!("{}/api/v1/attachments/{id}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The ticket's attachments once none is pending (the scan runs right
/// after the upload, in the background).
async fn scanned(app: &TestApp, token: &str, n: &str) -> Vec<Value> {
    for _ in 0..300 {
        let (_, all) = app
            .get(token, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        let all = all.as_array().unwrap().clone();
        if all.iter().all(|a| a["scan"] != "pending_scan") {
            return all;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the scan of ticket {n}'s attachments never finished");
}

#[tokio::test]
#[ignore = "needs clamav-daemon (clamd); scripts/test installs it and runs every test"]
async fn infected_files_are_quarantined_and_clean_ones_served_after_the_scan() {
    let clamd = ClamdPeer::start();
    let options = AppOptions {
        clamd: Some(clamd.address()),
        ..AppOptions::default()
    };
    for_each_backend_with(Setup::Fixture, options, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let (status, sent) = upload(
            &app,
            CUSTOMER_A,
            &n,
            &[
                ("file", Some("pantalla.png"), PNG),
                ("file", Some("lectura.txt"), EICAR),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        for file in sent.as_array().unwrap() {
            assert_eq!(file["scan"], "pending_scan", "{file}");
        }
        let (photo, infected) = (
            sent[0]["id"].as_str().unwrap(),
            sent[1]["id"].as_str().unwrap(),
        );

        // The customer sees the verdicts, not the signature.
        let theirs = scanned(&app, CUSTOMER_A, &n).await;
        assert_eq!(theirs[0]["scan"], "clean", "{theirs:?}");
        assert_eq!(theirs[1]["scan"], "quarantined", "{theirs:?}");
        assert!(theirs[1].get("scan_detail").is_none(), "{theirs:?}");
        // Staff see why.
        let (_, staff) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(staff[1]["scan_detail"], SIGNATURE, "{staff}");

        // The clean photo is served; the infected file never, to anyone.
        let (status, _) = fetch(&app, CUSTOMER_A, photo).await;
        assert_eq!(status, StatusCode::OK);
        for token in [CUSTOMER_A, CSM] {
            let (status, e) = fetch(&app, token, infected).await;
            assert_eq!(status, StatusCode::CONFLICT, "{e}");
            assert_eq!(e["code"], "attachment_quarantined", "{e}");
        }
        let (_, e) = fetch(&app, CSM, infected).await;
        assert!(e["message"].as_str().unwrap().contains(SIGNATURE), "{e}");
        let (_, e) = fetch(&app, CUSTOMER_A, infected).await;
        assert!(!e["message"].as_str().unwrap().contains("EICAR"), "{e}");

        // The ticket's page names the file without a link, and says why.
        let system = averias_services::reference::system_actor();
        let s = app.services();
        for u in s.admin.users(&system).await.unwrap() {
            s.auth.set_password(&system, u.id, PASSWORD).await.unwrap();
        }
        let (_, session, _) = sign_in(&app, "csm", PASSWORD).await;
        let html = page(&app, &session.unwrap(), &format!("/ui/tickets/{n}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!(
                "En cuarentena por el antivirus; no puede abrirse ({SIGNATURE})"
            )),
            "{html}"
        );
        assert!(!html.contains(&format!("/api/v1/attachments/{infected}")));
        assert!(html.contains(&format!("/api/v1/attachments/{photo}")));

        // The quarantine is in the audit trail.
        let audit = app.store.audit_of("attachment", infected).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "quarantine"), "{audit:?}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs clamav-daemon (clamd); scripts/test installs it and runs every test"]
async fn while_the_scanner_is_down_nothing_is_served_and_the_worker_scans_it_later() {
    // Nothing listens here: the scanner is down when the file arrives.
    let down = Clamd::Tcp(format!("127.0.0.1:{}", free_port()));
    let options = AppOptions {
        clamd: Some(down),
        ..AppOptions::default()
    };
    let clamd = ClamdPeer::start();
    for_each_backend_with(Setup::Fixture, options, async |app: TestApp| {
        let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        let (status, sent) = upload(&app, CSM, &n, &[("file", Some("foto.png"), PNG)]).await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        let id = sent[0]["id"].as_str().unwrap();
        let (status, e) = fetch(&app, CSM, id).await;
        assert_eq!(status, StatusCode::CONFLICT, "{e}");
        assert_eq!(e["code"], "attachment_pending_scan", "{e}");
        assert_eq!(app.services().attachments.scan_pending().await.unwrap(), 0);
        let (_, all) = app
            .get(CSM, &format!("/api/v1/tickets/{n}/attachments"))
            .await;
        assert_eq!(all[0]["scan"], "pending_scan", "{all}");

        // The scanner is back (the worker of an instance that reaches it).
        let worker: Services = Services::new(app.store.clone(), app.clock.clone())
            .with_attachments(averias_services::attachments::AttachmentSettings {
                clamd: Some(clamd.address()),
                ..app.attachment_settings.clone()
            })
            .unwrap();
        assert_eq!(worker.attachments.scan_pending().await.unwrap(), 1);
        let (status, _) = fetch(&app, CSM, id).await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}
