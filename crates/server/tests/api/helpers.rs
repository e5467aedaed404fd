//! `TestApp`: the real router on a fresh database, served on a loopback
//! port, with a manual clock and a small fixture operator (one user per
//! role, three accounts, one with debt). [`for_each_backend`] runs a test
//! body on SQLite and then on PostgreSQL, each time on a new database.
//!
//! PostgreSQL comes from `AVERIAS_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test gets its own
//! database, dropped afterwards. When PostgreSQL cannot be reached the
//! PostgreSQL half is skipped and the run says so on stderr, unless
//! `AVERIAS_TEST_REQUIRE_POSTGRES=1` (as in CI), which makes it fail.
//!
//! Past 500 lines: the one place the test servers, databases, clocks and
//! clients are set up.

use std::sync::Arc;

use averias_domain::{BillingState, Imei, Money, Role, SecondLevel, Severity};
use averias_server::{App, Clock, ServerSettings, Services};
use averias_services::reference::{AccountInput, UserInput, system_actor};
use averias_services::repair_booking::{CenterInput, WarehouseInput};
use averias_services::repair_stock::UnitInput;
use averias_store::{Equipment, Group, PgSettings, PgStore, SqliteStore, Store};
use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub const ADMIN: &str = "t-admin";
pub const TELESERVICE: &str = "t-teleservice";
pub const CSM: &str = "t-csm";
pub const COR: &str = "t-cor";
pub const SIGIS: &str = "t-sigis";
pub const GSAC: &str = "t-gsac";
pub const CENTER: &str = "t-center";
/// Staff of a second center (`center-b`), for isolation tests.
pub const CENTER_B: &str = "t-center-b";
pub const CONSULTANT: &str = "t-consultant";
pub const CUSTOMER_A: &str = "t-customer-a";
pub const CUSTOMER_B: &str = "t-customer-b";
pub const PRODUCT: &str = "t-product";
pub const WAREHOUSE: &str = "t-warehouse";
/// An OSS/BSS system (role `integration`).
pub const INTEGRATION: &str = "t-integration";

/// Every staff token with its role, for "every role" loops.
pub const ROLE_TOKENS: &[(&str, Role)] = &[
    (ADMIN, Role::Admin),
    (TELESERVICE, Role::Teleservice),
    (CSM, Role::Csm),
    (COR, Role::Cor),
    (SIGIS, Role::Sigis),
    (GSAC, Role::Gsac),
    (CENTER, Role::InstallationCenter),
    (CONSULTANT, Role::SalesConsultant),
    (CUSTOMER_A, Role::Customer),
    (PRODUCT, Role::ProductDevelopment),
    (WAREHOUSE, Role::Warehouse),
    (INTEGRATION, Role::Integration),
];

/// Account with a consultant and two lines.
pub const ACCOUNT_A: &str = "2001";
pub const LINE_A1: &str = "+584160000001";
pub const LINE_A2: &str = "+584160000002";
/// A second operative account.
pub const ACCOUNT_B: &str = "2002";
pub const LINE_B1: &str = "+584260000001";
/// The warehouse both fixture centers return devices to.
pub const WAREHOUSE_CODE: &str = "almacen-capital";
/// Backup units: two at `center-a`, one at `center-b`, two at the warehouse;
/// all of model [`BACKUP_MODEL`].
pub const UNITS_CENTER_A: [&str; 2] = ["350000000009007", "350000000009015"];
pub const UNIT_CENTER_B: &str = "350000000009023";
pub const UNITS_WAREHOUSE: [&str; 2] = ["350000000009031", "350000000009049"];
pub const BACKUP_MODEL: &str = "Galaxy A15";
/// An account with 1500.00 VES of debt.
pub const ACCOUNT_DEBT: &str = "2003";
pub const LINE_DEBT: &str = "+584260000009";

pub struct TestApp {
    pub base: String,
    /// Delivery settings the app (and `services()`) use; `None`: webhooks only.
    pub notifier: Option<averias_services::notify::Notifier>,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub store: Arc<dyn Store>,
    /// The database's own address, for tests that reach past the store.
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
    /// The attachments' folder (kept while the app lives).
    _files: Arc<tempfile::TempDir>,
    /// The attachments' settings (over `files`), the server's and `services()`'s.
    pub attachment_settings: averias_services::attachments::AttachmentSettings,
}

/// What a test's app is started with beyond the database.
#[derive(Clone, Default)]
pub struct AppOptions {
    /// Delivery settings; `None`: webhooks to loopback only.
    pub notifier: Option<averias_services::notify::Notifier>,
    /// The virus scanner the attachments go through.
    pub clamd: Option<averias_services::attachments::Clamd>,
    /// The S3-compatible bucket the attachments' bytes go to.
    pub s3: Option<averias_services::attachments::S3Settings>,
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What the database holds when the test starts.
#[derive(Debug, Clone, Copy)]
pub enum Setup {
    /// Migrated and empty.
    Empty,
    /// The fixture operator.
    Fixture,
}

fn postgres_admin_url() -> String {
    std::env::var("AVERIAS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Whether PostgreSQL answers; asked once per test binary.
async fn postgres_available() -> bool {
    static AVAILABLE: tokio::sync::OnceCell<bool> = tokio::sync::OnceCell::const_new();
    *AVAILABLE
        .get_or_init(|| async {
            let url = postgres_admin_url();
            let up = tokio::time::timeout(std::time::Duration::from_secs(3), sqlx::PgConnection::connect(&url))
                .await
                .is_ok_and(|c| c.is_ok());
            let required = std::env::var("AVERIAS_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
            if !up && required {
                panic!("PostgreSQL is required (AVERIAS_TEST_REQUIRE_POSTGRES=1) but {url} cannot be reached");
            }
            if !up {
                // Written to the real stderr, past the test harness's capture, so the run says it.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "\nnote: PostgreSQL at {url} cannot be reached: the PostgreSQL half of the API suite was SKIPPED (SQLite half ran). Set AVERIAS_TEST_REQUIRE_POSTGRES=1 to make this an error.\n"
                );
            }
            up
        })
        .await
}

/// Runs `test` on SQLite, then on PostgreSQL (when reachable; see module docs).
pub async fn for_each_backend(setup: Setup, test: impl AsyncFn(TestApp)) {
    for_each_backend_with(setup, AppOptions::default(), test).await;
}

/// As [`for_each_backend`], delivering notifications through `notifier`.
pub async fn for_each_backend_notifying(
    setup: Setup,
    notifier: Option<averias_services::notify::Notifier>,
    test: impl AsyncFn(TestApp),
) {
    for_each_backend_with(
        setup,
        AppOptions {
            notifier,
            ..AppOptions::default()
        },
        test,
    )
    .await;
}

/// As [`for_each_backend`], the app started with `options`.
pub async fn for_each_backend_with(setup: Setup, options: AppOptions, test: impl AsyncFn(TestApp)) {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        if backend == Backend::Postgres && !postgres_available().await {
            continue;
        }
        let (app, pg_db) = TestApp::start(backend, setup, options.clone()).await;
        eprintln!("running on {backend:?}");
        test(app).await;
        if let Some(db) = pg_db {
            drop_postgres_database(&db).await;
        }
    }
}

use sqlx::Connection;

async fn create_postgres_database() -> (String, String) {
    let name = format!("averias_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
        .await
        .unwrap();
    sqlx::Executor::execute(
        &mut admin,
        sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")),
    )
    .await
    .unwrap();
    // Tests do not need each commit flushed to disk; this keeps PG runs quick.
    sqlx::Executor::execute(
        &mut admin,
        sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE {name} SET synchronous_commit = off"
        )),
    )
    .await
    .unwrap();
    let url = match postgres_admin_url().rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("AVERIAS_TEST_POSTGRES_URL must end in /database"),
    };
    (name, url)
}

async fn drop_postgres_database(name: &str) {
    if let Ok(mut admin) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
        let _ = sqlx::Executor::execute(
            &mut admin,
            sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
        )
        .await;
    }
}

/// Webhook settings that let callbacks reach this machine: the tests'
/// listeners run on loopback, which the default policy refuses.
pub fn loopback_hooks() -> averias_services::notify::WebhookSettings {
    averias_services::notify::WebhookSettings {
        allow: vec!["127.0.0.0/8".into(), "localhost".into()],
        max_per_owner: None,
    }
}

/// The notifier of an app given none: webhooks only, to loopback listeners.
pub fn loopback_notifier() -> averias_services::notify::Notifier {
    averias_services::notify::Notifier::new(averias_services::notify::NotifySettings {
        webhooks: loopback_hooks(),
        ..Default::default()
    })
    .unwrap()
}

pub fn imei(n: u64) -> Imei {
    Imei::from_body(&format!("35{n:012}")).unwrap()
}

impl TestApp {
    /// Starts an app on a new SQLite database (for tests whose subject does
    /// not depend on the database, like the browser's).
    pub async fn start_sqlite(setup: Setup) -> (TestApp, Option<String>) {
        Self::start(Backend::Sqlite, setup, AppOptions::default()).await
    }

    /// Starts an app on a new database of `backend`; returns the PostgreSQL
    /// database name to drop afterwards.
    async fn start(backend: Backend, setup: Setup, options: AppOptions) -> (Self, Option<String>) {
        let notifier = Some(options.notifier.unwrap_or_else(loopback_notifier));
        let (store, dir, pg_db, database_url): (Arc<dyn Store>, _, _, _) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                (
                    Arc::new(SqliteStore::connect(&url).await.unwrap()),
                    Some(dir),
                    None,
                    url,
                )
            }
            Backend::Postgres => {
                let (name, url) = create_postgres_database().await;
                let settings = PgSettings {
                    pool_size: 8,
                    ..PgSettings::default()
                };
                (
                    Arc::new(PgStore::connect(&url, &settings).await.unwrap()),
                    None,
                    Some(name),
                    url,
                )
            }
        };
        store.migrate().await.unwrap();
        averias_services::calendars::seed_defaults(store.as_ref(), Utc::now())
            .await
            .unwrap();
        let clock = Clock::manual(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap());
        let files = Arc::new(tempfile::tempdir().unwrap());
        let attachment_settings = averias_services::attachments::AttachmentSettings {
            clamd: options.clamd,
            s3: options.s3,
            ..averias_services::attachments::AttachmentSettings::in_dir(files.path())
        };
        let app = App::new(
            store.clone(),
            clock.clone(),
            ServerSettings {
                max_body_bytes: 16 * 1024,
                notifier: notifier.clone(),
                attachments: Some(attachment_settings.clone()),
                ..ServerSettings::default()
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router();
        // The server's own accept loop, as `averias serve` runs it: clients'
        // addresses reach the handlers (the sign-in limits use them).
        tokio::spawn(averias_server::http_server::serve(
            listener,
            router,
            averias_server::http_server::HttpLimits::default(),
            std::future::pending(),
        ));
        let app = Self {
            notifier,
            base,
            client: reqwest::Client::new(),
            clock,
            store,
            database_url,
            _dir: dir,
            _files: files,
            attachment_settings,
        };
        if let Setup::Fixture = setup {
            app.fixture().await;
        }
        (app, pg_db)
    }

    pub fn services(&self) -> Services {
        let services = Services::new(self.store.clone(), self.clock.clone())
            .with_attachments(self.attachment_settings.clone())
            .unwrap();
        match &self.notifier {
            Some(n) => services.with_notifier(n.clone()),
            None => services,
        }
    }

    async fn fixture(&self) {
        let s = self.services();
        let admin = system_actor();
        for (code, kind) in [
            ("csm", "csm"),
            ("cor", "second_level"),
            ("sigis", "second_level"),
            ("gsac", "second_level"),
            ("teleservice", "teleservice"),
            ("center-a", "installation_center"),
            ("center-b", "installation_center"),
        ] {
            s.admin
                .upsert_group(
                    &admin,
                    Group {
                        code: code.into(),
                        name: code.to_uppercase(),
                        kind: kind.into(),
                    },
                )
                .await
                .unwrap();
        }
        for (code, group) in [
            ("no_signal", SecondLevel::Cor),
            ("sms_failure", SecondLevel::Sigis),
            ("line_blocked", SecondLevel::Gsac),
            ("device_failure", SecondLevel::Gsac),
        ] {
            s.admin
                .upsert_fault_type(
                    &admin,
                    code.into(),
                    code.replace('_', " "),
                    Severity::Major,
                    group,
                    true,
                )
                .await
                .unwrap();
        }
        s.repair
            .put_warehouse(
                &admin,
                WAREHOUSE_CODE,
                WarehouseInput {
                    name: "Almacén Región Capital".into(),
                    business_unit: "Región Capital".into(),
                    address: "Zona Industrial La Yaguara, Caracas".into(),
                },
            )
            .await
            .unwrap();
        for (code, name, area) in [
            ("center-a", "Centro Chacao", "Caracas"),
            ("center-b", "Centro Los Ruices", "Caracas"),
        ] {
            s.repair
                .put_center(
                    &admin,
                    code,
                    CenterInput {
                        name: name.into(),
                        address: format!("{name}, {area}"),
                        area: area.into(),
                        business_unit: "Región Capital".into(),
                        warehouse_code: WAREHOUSE_CODE.into(),
                        calendar: "caracas-business".into(),
                        slot_minutes: 60,
                        slot_capacity: 2,
                        active: true,
                    },
                )
                .await
                .unwrap();
        }
        let units = UNITS_CENTER_A
            .iter()
            .map(|i| (*i, "center-a"))
            .chain([(UNIT_CENTER_B, "center-b")])
            .chain(UNITS_WAREHOUSE.iter().map(|i| (*i, WAREHOUSE_CODE)));
        for (imei, location) in units {
            s.repair
                .add_unit(
                    &admin,
                    UnitInput {
                        imei: imei.into(),
                        make: "Samsung".into(),
                        model: BACKUP_MODEL.into(),
                        location: location.into(),
                    },
                )
                .await
                .unwrap();
        }
        let mut consultant = None;
        let staff = ROLE_TOKENS
            .iter()
            .copied()
            .chain([(CENTER_B, Role::InstallationCenter)]);
        for (token, role) in staff.filter(|(_, r)| *r != Role::Customer) {
            let group = match role {
                Role::Csm => Some("csm"),
                Role::Cor => Some("cor"),
                Role::Sigis => Some("sigis"),
                Role::Gsac => Some("gsac"),
                Role::InstallationCenter if token == CENTER_B => Some("center-b"),
                Role::InstallationCenter => Some("center-a"),
                _ => None,
            };
            let (user, _) = s
                .admin
                .create_user(
                    &admin,
                    UserInput {
                        email: match role {
                            Role::SalesConsultant => Some("consultor@movilnet.example".into()),
                            Role::Warehouse => Some("almacen@movilnet.example".into()),
                            _ => None,
                        },
                        name: token.trim_start_matches("t-").into(),
                        role,
                        group: group.map(Into::into),
                        account: None,
                        token: Some(token.into()),
                    },
                )
                .await
                .unwrap();
            if role == Role::SalesConsultant {
                consultant = Some(user.id);
            }
        }
        let accounts = [
            (
                ACCOUNT_A,
                "Empresa A",
                BillingState::Operative,
                consultant,
                vec![LINE_A1, LINE_A2],
            ),
            (
                ACCOUNT_B,
                "Empresa B",
                BillingState::Operative,
                None,
                vec![LINE_B1],
            ),
            (
                ACCOUNT_DEBT,
                "Empresa Morosa",
                BillingState::Debt(Money {
                    minor: 150_000,
                    currency: "VES".into(),
                }),
                None,
                vec![LINE_DEBT],
            ),
        ];
        for (i, (number, name, billing, consultant, lines)) in accounts.into_iter().enumerate() {
            s.admin
                .create_account(
                    &admin,
                    AccountInput {
                        number: number.into(),
                        name: name.into(),
                        billing,
                        sales_consultant: consultant,
                    },
                )
                .await
                .unwrap();
            let account_id = s.admin.account(&admin, number).await.unwrap().id;
            for (j, line) in lines.into_iter().enumerate() {
                let device = imei((i * 10 + j) as u64);
                s.admin
                    .upsert_equipment(
                        &admin,
                        Equipment {
                            imei: device.clone(),
                            account_id: Some(account_id),
                            make: "ZTE".into(),
                            model: "Blade A72".into(),
                        },
                    )
                    .await
                    .unwrap();
                s.admin
                    .upsert_line(&admin, number, line.parse().unwrap(), Some(device))
                    .await
                    .unwrap();
            }
        }
        for (token, account) in [(CUSTOMER_A, ACCOUNT_A), (CUSTOMER_B, ACCOUNT_B)] {
            s.admin
                .create_user(
                    &admin,
                    UserInput {
                        email: None,
                        name: token.trim_start_matches("t-").into(),
                        role: Role::Customer,
                        group: None,
                        account: Some(account.into()),
                        token: Some(token.into()),
                    },
                )
                .await
                .unwrap();
        }
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// Empties the search index, as a database from before search (or one
    /// imported without it) would be.
    pub async fn drop_search_index(&self) {
        use sqlx::Connection;
        let sql = "DELETE FROM search_documents";
        if self.database_url.starts_with("sqlite") {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&self.database_url)
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, token, path, None, &[])
            .await
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, token, path, Some(body), &[])
            .await
    }

    /// A valid report body for `account` and `line`.
    pub fn report_body(account: &str, line: &str, fault_type: Option<&str>) -> Value {
        json!({
            "account": account,
            "channel": "phone",
            "lines": [line],
            "fault_type": fault_type,
            "description": "La línea no tiene señal desde esta mañana",
            "reporter": {"name": "Ana Pérez", "phone": "+584141234567", "email": "ana@empresa.example"}
        })
    }

    /// Reports a fault as teleservice and returns the ticket (asserting 201).
    pub async fn report(&self, account: &str, line: &str, fault_type: Option<&str>) -> Value {
        let (status, body) = self
            .post(
                TELESERVICE,
                "/api/v1/reports",
                Self::report_body(account, line, fault_type),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    /// Takes an action; returns status and body.
    pub async fn act(
        &self,
        token: &str,
        number: &str,
        action: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.post(
            token,
            &format!("/api/v1/tickets/{number}/actions/{action}"),
            body,
        )
        .await
    }

    /// Takes an action that must succeed.
    pub async fn act_ok(&self, token: &str, number: &str, action: &str, body: Value) -> Value {
        let (status, body) = self.act(token, number, action, body).await;
        assert_eq!(status, StatusCode::OK, "{action} on {number}: {body}");
        body
    }

    /// The first free slot of `center` (asserting there is one).
    pub async fn first_free_slot(&self, center: &str) -> Value {
        let (status, slots) = self
            .get(
                CUSTOMER_A,
                &format!("/api/v1/centers/{center}/slots?limit=1"),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{slots}");
        slots[0].clone()
    }

    /// Books the first free slot of `center` for ticket `number` as `token`
    /// (asserting 201); returns the appointment.
    pub async fn book(&self, token: &str, number: &str, center: &str) -> Value {
        let slot = self.first_free_slot(center).await;
        let (status, a) = self
            .post(
                token,
                &format!("/api/v1/tickets/{number}/appointments"),
                json!({"center": center, "start": slot["start"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{a}");
        a
    }

    /// The ticket as CSM sees it.
    pub async fn ticket(&self, number: &str) -> Value {
        let (status, body) = self.get(CSM, &format!("/api/v1/tickets/{number}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// How many tickets exist (as CSM sees them).
    pub async fn ticket_count(&self) -> i64 {
        self.get(CSM, "/api/v1/tickets?limit=1").await.1["total"]
            .as_i64()
            .unwrap()
    }
}

/// The ticket number of a ticket body.
pub fn number(ticket: &Value) -> String {
    ticket["number"].as_str().unwrap().to_owned()
}

/// A `PYTHONPATH` of the vendored wheels in `tests/<dir>/`, so `python3 -S`
/// runs a test tool (the SMTP server, the XLSX reader) with nothing from
/// site-packages and nothing downloaded.
pub fn wheels_path(dir: &str) -> std::ffi::OsString {
    let wheels = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    std::env::join_paths(
        std::fs::read_dir(&wheels)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "whl")),
    )
    .unwrap()
}
