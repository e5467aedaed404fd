//! Shared by the binary-level tests that need PostgreSQL: a fresh database
//! per test (skipped with a note when PostgreSQL is out of reach, unless
//! `AVERIAS_TEST_REQUIRE_POSTGRES=1`), and `averias serve` processes that
//! are killed and reaped when dropped.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The admin URL tests create their databases through.
pub fn admin_url() -> String {
    std::env::var("AVERIAS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Runs one statement with `psql`; true when it succeeded.
pub fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql")
        .arg(url)
        .args(["-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A new database `(name, url)`, or `None` when PostgreSQL is out of reach
/// and not required (the skip is said on the real stderr).
pub fn fresh_database(test: &str) -> Option<(String, String)> {
    let admin = admin_url();
    if !psql(&admin, "SELECT 1") {
        if std::env::var("AVERIAS_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("PostgreSQL is required but {admin} cannot be reached (psql)");
        }
        let _ = writeln!(
            std::io::stderr(),
            "\nnote: PostgreSQL at {admin} cannot be reached: {test} was SKIPPED.\n"
        );
        return None;
    }
    let name = format!("averias_test_{}", uuid::Uuid::new_v4().simple());
    assert!(psql(&admin, &format!("CREATE DATABASE {name}")));
    let (base, _) = admin.rsplit_once('/').expect("URL ends in /database");
    Some((name.clone(), format!("{base}/{name}")))
}

/// Drops a database made by [`fresh_database`].
pub fn drop_database(name: &str) {
    psql(
        &admin_url(),
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
}

/// A running `averias serve`.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `averias serve` on `db` on a free port and waits until it is ready.
    pub fn start(db: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_averias"))
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database",
                db,
            ])
            .env("AVERIAS_LOG", "warn")
            // Instances of one database share its files, as in production;
            // never a folder in the source tree.
            .env("AVERIAS_ATTACHMENTS_DIR", files_dir(db))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Owned by `Server` at once, so a failed start still kills and reaps it.
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..100 {
            if super::http::client()
                .get(format!("{}/readyz", server.base))
                .send()
                .is_ok_and(|r| r.status().is_success())
            {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("server on {db} did not come up");
    }

    /// SIGKILL, no goodbye.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The attachments folder of database `db` in these tests: one per
/// database (instances of one database share it, as in production), never
/// in the source tree.
pub fn files_dir(db: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "averias-test-files-{:x}",
        db.bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))
    ))
}
