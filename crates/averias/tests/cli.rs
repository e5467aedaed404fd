//! The `averias` command as an operator uses it: migrate, create a user,
//! import reference data, serve, and reach the API with the printed token.

mod http;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn averias(db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_averias"));
    c.env_remove("AVERIAS_LISTEN")
        .env("AVERIAS_DATABASE_URL", db)
        .env("AVERIAS_LOG", "warn");
    c
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_up(base: &str) {
    for _ in 0..100 {
        if let Ok(r) = http::client().get(format!("{base}/healthz")).send()
            && r.status().is_success()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server at {base} did not come up");
}

#[test]
fn an_operator_migrates_adds_a_user_imports_accounts_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("ops.db").display());

    let out = averias(&db).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = averias(&db)
        .args(["user", "add", "maria", "--role", "admin"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(
        token.starts_with("avr_"),
        "the token is printed on stdout: {token}"
    );

    let out = averias(&db)
        .args(["user", "add", "x", "--role", "emperor"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown role 'emperor'"));

    let csv = dir.path().join("accounts.csv");
    std::fs::write(&csv, "number,name,billing_state,debt_amount,currency\n5001,Empresa Uno,operative,,\n5002,Empresa Dos,debt,120.50,VES\n5003,,operative,,\n").unwrap();
    let out = averias(&db)
        .args(["import", "accounts"])
        .arg(&csv)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("2 imported, 1 failed"), "{stdout}");
    assert!(
        !out.status.success(),
        "a failed row makes the import exit non-zero"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 3"));

    let toml_file = dir.path().join("guardia.toml");
    std::fs::write(
        &toml_file,
        "name = \"guardia\"\nzone = \"America/Caracas\"\n\n[week]\nsaturday = [\"08:00-12:00\"]\n\n[[holidays]]\nkind = \"fixed\"\nmonth = 12\nday = 25\nname = \"Navidad\"\n",
    )
    .unwrap();
    let out = averias(&db)
        .args(["calendar", "import"])
        .arg(&toml_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &toml_file,
        "name = \"mala\"\nzone = \"America/Caracas\"\n[week]\nmonday = [\"12:00-08:00\"]\n",
    )
    .unwrap();
    let out = averias(&db)
        .args(["calendar", "import"])
        .arg(&toml_file)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a reversed interval is refused");

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        averias(&db)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(&base);
    let client = http::client();
    let me: serde_json::Value = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(me["name"], "maria");
    let debt: serde_json::Value = client
        .get(format!("{base}/api/v1/accounts/5002"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (debt["billing_state"].as_str(), debt["debt_amount"].as_str()),
        (Some("debt"), Some("120.50"))
    );
    let calendar: serde_json::Value = client
        .get(format!("{base}/api/v1/calendars/guardia"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        calendar["week"]["saturday"],
        serde_json::json!(["08:00-12:00"])
    );
    assert_eq!(calendar["holidays"][0]["name"], "Navidad");
    let missing = client
        .get(format!("{base}/api/v1/calendars/mala"))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(missing.status(), 404, "the refused file saved nothing");
}

#[test]
fn serve_with_demo_seeds_an_empty_database_and_the_readme_tokens_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Server(
        averias(&db)
            .args(["serve", "--demo"])
            .env("AVERIAS_LISTEN", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(&base);
    let client = http::client();
    let page: serde_json::Value = client
        .get(format!("{base}/api/v1/tickets?limit=1"))
        .bearer_auth("demo-csm")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(page["total"].as_i64().unwrap() > 50, "{page}");
}

#[test]
fn a_config_file_is_read_and_bad_keys_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("averias.toml");
    std::fs::write(&cfg, "listne = \"127.0.0.1:1\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_averias"))
        .args(["--config"])
        .arg(&cfg)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not valid"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let db = dir.path().join("from-file.db");
    std::fs::write(
        &cfg,
        format!("database_url = \"sqlite://{}\"\n", db.display()),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_averias"))
        .env_remove("AVERIAS_DATABASE_URL")
        .args(["--config"])
        .arg(&cfg)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.exists(), "the database named in the file was created");

    // A report time that is not a time is refused at start, not ignored.
    std::fs::write(
        &cfg,
        format!(
            "database_url = \"sqlite://{}\"\n[reports]\nweekly_at = \"7am\"\n",
            db.display()
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_averias"))
        .env_remove("AVERIAS_DATABASE_URL")
        .args(["--config"])
        .arg(&cfg)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("weekly_at"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_weekly_report_is_written_as_json_csv_files_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let out = averias(&db).arg("demo").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let json = dir.path().join("week.json");
    let out = averias(&db)
        .args(["report", "weekly", "--format", "json", "--out"])
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    // The demo's history lies in the last four days: this week or the last.
    let opened = report["current"]["counts"]["opened"].as_i64().unwrap()
        + report["previous"]["counts"]["opened"].as_i64().unwrap();
    assert!(opened > 50, "{}", report["current"]["counts"]);
    assert_eq!(report["trend"].as_array().unwrap().len(), 12);

    let csv_dir = dir.path().join("csv");
    let out = averias(&db)
        .args([
            "report",
            "weekly",
            "--week",
            report["week"].as_str().unwrap(),
            "--format",
            "csv",
            "--out",
        ])
        .arg(&csv_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = std::fs::read_to_string(csv_dir.join("resumen.csv")).unwrap();
    assert!(summary.starts_with("Indicador,"), "{summary}");
    assert!(csv_dir.join("tendencia.csv").exists());

    let xlsx = dir.path().join("week.xlsx");
    let out = averias(&db)
        .args(["report", "weekly", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip archive");

    let pdf = dir.path().join("week.pdf");
    let out = averias(&db)
        .args([
            "report", "weekly", "--format", "pdf", "--lang", "en", "--out",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let out = averias(&db)
        .args([
            "report", "weekly", "--week", "2026-48", "--format", "json", "--out",
        ])
        .arg(&json)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ISO week"));
}
