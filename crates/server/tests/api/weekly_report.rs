//! The weekly fault report and the statistics (R-REPORT-1/2) over a known
//! set of tickets across ISO weeks 48 and 49 of 2026, checked figure by
//! figure: week boundaries at midnight Sunday→Monday in America/Caracas,
//! a ticket reported in the last minute of one week and repaired in the
//! next, a mass incident, a refused report, a backup swap.
//!
//! Past 500 lines: the fixture weeks are built here by hand, figure by
//! figure.

use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Moves the manual clock to `y-m-d h:min` UTC.
fn at(app: &TestApp, m: u32, d: u32, h: u32, min: u32) {
    let target = Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap();
    let now = app.clock.now();
    assert!(target >= now, "the story only moves forward");
    app.clock.advance(target - now);
}

/// The story: W48 runs 2026-11-23T04:00Z .. 2026-11-30T04:00Z.
async fn two_weeks(app: &TestApp) -> [String; 5] {
    // Monday 23, 09:00Z: a no-signal fault that COR solves in 3 hours.
    let t1 = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let (status, _) = app
        .post(
            TELESERVICE,
            "/api/v1/reports",
            TestApp::report_body(ACCOUNT_DEBT, LINE_DEBT, None),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "refused for debt");
    at(app, 11, 23, 10, 0);
    let t2 = number(&app.report(ACCOUNT_B, LINE_B1, Some("sms_failure")).await);
    app.act_ok(CSM, &t1, "start_work", json!({})).await;
    app.act_ok(CSM, &t1, "escalate", json!({})).await;
    // 10:30Z: another fault on B's line hangs on a COR mass incident.
    at(app, 11, 23, 10, 30);
    let t5 = number(&app.report(ACCOUNT_B, LINE_B1, Some("no_signal")).await);
    let (status, incident) = app
        .post(
            COR,
            "/api/v1/incidents",
            json!({"title": "Caída de radiobase Chacao", "owner": "cor", "severity": "critical"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{incident}");
    let inc = number(&incident);
    let (status, _) = app
        .post(
            COR,
            &format!("/api/v1/incidents/{inc}/children"),
            json!({"tickets": [t5]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    at(app, 11, 23, 11, 0);
    app.act_ok(
        COR,
        &t1,
        "return_solution",
        json!({"resolution": "Radiobase restablecida"}),
    )
    .await;
    at(app, 11, 23, 12, 0);
    app.act_ok(
        CSM,
        &t1,
        "resolve",
        json!({"resolution": "Cliente confirma"}),
    )
    .await;
    app.act_ok(CSM, &t1, "close", json!({})).await;
    at(app, 11, 23, 13, 0);
    let (status, _) = app
        .post(
            COR,
            &format!("/api/v1/incidents/{inc}/resolve"),
            json!({"resolution": "Energía restituida"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Wednesday 25, 11:00Z: CSM solves the SMS fault after 49 hours.
    at(app, 11, 25, 11, 0);
    app.act_ok(
        CSM,
        &t2,
        "resolve",
        json!({"resolution": "Reaprovisionada"}),
    )
    .await;
    // Sunday 29, 23:59 in Caracas: the week's last minute. A device fault.
    at(app, 11, 29, 3, 59);
    let t3 = number(&app.report(ACCOUNT_A, LINE_A2, Some("device_failure")).await);
    app.act_ok(CSM, &t3, "classify_point_fault", json!({}))
        .await;
    app.book(CUSTOMER_A, &t3, "center-a").await;
    // Monday 30, 00:00 in Caracas: week 49 begins with a repeat on line A1.
    at(app, 11, 30, 4, 0);
    let t4 = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    // Monday 30, 14:00Z: the center swaps T3's device.
    at(app, 11, 30, 14, 0);
    let (status, done) = app
        .post(
            CENTER,
            &format!("/api/v1/tickets/{t3}/repair/certify"),
            json!({"work_done": "Cambio de equipo", "result": "OK", "backup_imei": UNITS_CENTER_A[0]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    at(app, 12, 1, 12, 0);
    [t1, t2, t3, t4, t5]
}

fn counts(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, i64)]) -> Vec<(String, i64)> {
    items.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

#[tokio::test]
async fn every_figure_of_two_weeks_is_exact_across_the_caracas_week_boundary() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let [_t1, _t2, _t3, t4, t5] = two_weeks(&app).await;

        let (status, r) = app.get(CSM, "/api/v1/weekly-reports/2026-W48").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["week"], "2026-W48");
        assert_eq!(r["zone"], "America/Caracas");
        assert_eq!(r["in_progress"], false);
        // The whole report, as a reader of the API gets it; the figures
        // below say why each is what it is.
        insta::assert_json_snapshot!("weekly_report_2026_w48", r, {
            ".generated_at" => "[instant]",
        });
        let w48 = &r["current"];
        assert_eq!(w48["from"], "2026-11-23T04:00:00Z");
        assert_eq!(w48["to"], "2026-11-30T04:00:00Z");
        assert_eq!(
            w48["counts"],
            json!({"opened": 4, "resolved": 3, "resolved_within_24h": 2, "closed": 1}),
            "T1, T2, T5 and T3 (in the last minute); T4 at 00:00 Monday is next week's"
        );
        assert_eq!(w48["backlog_at_end"], 1, "T3 waits for its repair");
        assert_eq!(w48["compliance_24h"], 66.7);
        assert_eq!(
            w48["time_to_resolve"],
            json!({"count": 3, "median_seconds": 10800, "p90_seconds": 176400, "max_seconds": 176400})
        );
        assert_eq!(
            counts(&w48["by_fault_type"]),
            pairs(&[("no_signal", 2), ("device_failure", 1), ("sms_failure", 1)])
        );
        assert_eq!(counts(&w48["by_channel"]), pairs(&[("phone", 4)]));
        assert_eq!(counts(&w48["by_level"]), pairs(&[("1", 2), ("2", 2)]));
        assert_eq!(
            w48["by_group"],
            json!([
                {"group": "cor", "resolved": 2, "within_24h": 2, "compliance_24h": 100.0, "median_seconds": 9000},
                {"group": "csm", "resolved": 1, "within_24h": 0, "compliance_24h": 0.0, "median_seconds": 176400}
            ])
        );
        assert_eq!(w48["refused"], json!([{"currency": "VES", "count": 1, "debt_minor": 150000}]));
        assert_eq!(w48["incidents"].as_array().unwrap().len(), 1);
        assert_eq!(
            (w48["incidents"][0]["group"].as_str(), w48["incidents"][0]["children"].as_i64(), w48["incidents"][0]["accounts"].as_i64()),
            (Some("cor"), Some(1), Some(1))
        );
        assert_eq!(w48["incident_customers"], 1);
        assert_eq!(w48["escalations_fired"], 0);
        assert_eq!(w48["backup_units_used"], 0);
        assert_eq!(w48["maintenance"]["works"], 0);

        let (_, r) = app.get(PRODUCT, "/api/v1/weekly-reports/2026-W49").await;
        let w49 = &r["current"];
        assert_eq!(
            w49["counts"],
            json!({"opened": 1, "resolved": 1, "resolved_within_24h": 0, "closed": 0}),
            "T4 opened; T3 repaired 34 hours after its report"
        );
        assert_eq!(w49["backlog_at_end"], 1, "T4");
        assert_eq!(w49["compliance_24h"], 0.0);
        assert_eq!(w49["by_group"][0]["group"], "center-a", "a repair counts for its center");
        assert_eq!(w49["repairs"]["by_center"], json!([["center-a", 1, 1]]));
        assert_eq!(w49["backup_units_used"], 1);
        assert_eq!(w49["repairs"]["replenishments_requested"], 1);
        assert_eq!(r["previous"], *w48, "each figure beside the previous week's");
        let trend = r["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 12);
        assert_eq!(trend[0]["week"], "2026-W38");
        assert_eq!(
            (&trend[10]["week"], &trend[10]["opened"], &trend[10]["resolved"], &trend[10]["compliance_24h"]),
            (&json!("2026-W48"), &json!(4), &json!(3), &json!(66.7))
        );
        assert_eq!(trend[11]["week"], "2026-W49");
        assert_eq!(trend[9]["compliance_24h"], Value::Null, "nothing resolved, nothing measured");

        // The current week is computed live.
        let (_, now) = app.get(CSM, "/api/v1/weekly-reports/current").await;
        assert_eq!((now["week"].as_str(), now["in_progress"].as_bool()), (Some("2026-W49"), Some(true)));

        // Statistics for product development over both weeks.
        let (status, s) = app
            .get(PRODUCT, "/api/v1/fault-statistics?from=2026-11-23T04:00:00Z&to=2026-12-07T04:00:00Z")
            .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(counts(&s["recurring_accounts"]), pairs(&[(ACCOUNT_A, 3), (ACCOUNT_B, 2)]));
        assert_eq!(counts(&s["top_accounts"]), pairs(&[(ACCOUNT_A, 3), (ACCOUNT_B, 2)]));
        assert_eq!(
            counts(&s["by_model"]),
            pairs(&[("ZTE Blade A72", 5)]),
            "T3 counts against the device it was reported on, not its backup"
        );
        let repeats: Vec<(String, String, f64)> = s["repeat_faults"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["ticket"].as_str().unwrap().to_owned(), r["previous_ticket"].as_str().unwrap().to_owned(), r["days_apart"].as_f64().unwrap()))
            .collect();
        assert_eq!(repeats.len(), 2, "{repeats:?}");
        assert_eq!((repeats[0].0.as_str(), repeats[0].2), (t5.as_str(), 0.0));
        assert_eq!((repeats[1].0.as_str(), repeats[1].2), (t4.as_str(), 6.8));
    })
    .await;
}

#[tokio::test]
async fn the_solver_is_who_held_a_fault_before_its_first_resolution_and_its_level_counts_all_of_it()
{
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        // CSM resolves; the customer rejects; COR then solves it for good.
        let t = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
        app.act_ok(CSM, &t, "start_work", json!({})).await;
        at(&app, 11, 23, 12, 0);
        app.act_ok(CSM, &t, "resolve", json!({"resolution": "Reinicio remoto"}))
            .await;
        at(&app, 11, 23, 13, 0);
        app.act_ok(CUSTOMER_A, &t, "reject_resolution", json!({"reason": "Sigue sin señal"}))
            .await;
        app.act_ok(CSM, &t, "escalate", json!({})).await;
        app.act_ok(COR, &t, "return_solution", json!({"resolution": "Radiobase reparada"}))
            .await;
        at(&app, 11, 23, 15, 0);
        app.act_ok(CSM, &t, "resolve", json!({"resolution": "Cliente confirma"}))
            .await;

        let (status, r) = app.get(CSM, "/api/v1/weekly-reports/2026-W48").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        let w48 = &r["current"];
        assert_eq!(w48["counts"]["resolved"], 1, "resolved twice, counted once");
        assert_eq!(
            w48["by_group"],
            json!([{"group": "csm", "resolved": 1, "within_24h": 1, "compliance_24h": 100.0, "median_seconds": 10800}]),
            "its first resolution was CSM's; what came after does not change who solved it"
        );
        assert_eq!(counts(&w48["by_level"]), pairs(&[("2", 1)]), "it reached second level");
    })
    .await;
}

#[tokio::test]
async fn the_report_comes_as_csv_tables_and_an_xlsx_workbook_a_real_reader_opens() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        two_weeks(&app).await;
        let (status, r) = app.get(CSM, "/api/v1/weekly-reports/2026-W48").await;
        assert_eq!(status, StatusCode::OK);
        let tables: Vec<&str> = r["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(
            tables.contains(&"resumen") && tables.contains(&"tendencia"),
            "{tables:?}"
        );

        let resp = app
            .client
            .get(format!(
                "{}/api/v1/weekly-reports/2026-W48/tables/por_tipo",
                app.base
            ))
            .bearer_auth(CSM)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let csv = resp.text().await.unwrap();
        assert_eq!(
            csv.lines().collect::<Vec<_>>(),
            vec![
                "Tipo de falla,Descripción,Semana,Semana anterior",
                "no_signal,no signal,2,0",
                "device_failure,device failure,1,0",
                "sms_failure,sms failure,1,0",
            ]
        );
        let (status, english) = app
            .get(
                CSM,
                "/api/v1/weekly-reports/2026-W48/tables/resumen?lang=en",
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let english = english.as_str().unwrap().to_owned();
        assert!(
            english.starts_with("Metric,2026-W48,2026-W47")
                && english.contains("Faults opened,4,0"),
            "{english}"
        );
        let (status, e) = app
            .get(
                CSM,
                "/api/v1/weekly-reports/2026-W48/tables/resumen?lang=fr",
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_lang"))
        );
        let (status, e) = app
            .get(CSM, "/api/v1/weekly-reports/2026-W48/tables/nada")
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_table"))
        );

        let bytes = app
            .client
            .get(format!("{}/api/v1/weekly-reports/2026-W48/xlsx", app.base))
            .bearer_auth(CSM)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w48.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let read = read_xlsx(&path);
        assert_eq!(read["sheets"].as_array().unwrap().len(), tables.len());
        assert_eq!(read["sheets"][0], "resumen");
        let summary = &read["cells"]["resumen"];
        assert_eq!(summary[0], json!(["Indicador", "2026-W48", "2026-W47"]));
        assert_eq!(summary[1], json!(["Averías abiertas", 4, 0]));
        assert_eq!(summary[4], json!(["Cumplimiento 24 horas (%)", 66.7, null]));
        assert_eq!(
            read["frozen"]["resumen"], "A2",
            "the header row stays in view"
        );
        assert_eq!(read["bold"]["resumen"], true);
    })
    .await;
}

#[tokio::test]
async fn the_charts_are_svg_drawn_from_the_figures() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        two_weeks(&app).await;
        let svg = |name: &'static str| {
            let url = format!("{}/api/v1/weekly-reports/2026-W49/charts/{name}", app.base);
            let client = app.client.clone();
            async move {
                let resp = client.get(url).bearer_auth(CSM).send().await.unwrap();
                assert_eq!(resp.status(), StatusCode::OK, "{name}");
                assert_eq!(resp.headers()["content-type"], "image/svg+xml");
                resp.text().await.unwrap()
            }
        };
        let bars = svg("por_tipo").await;
        assert!(bars.starts_with("<svg"), "{bars}");
        assert!(
            bars.contains("no signal"),
            "the fault type's name labels its bar"
        );
        assert!(bars.contains("<rect"), "bars are drawn");
        let trend = svg("tendencia").await;
        for week in ["2026-W38", "2026-W48", "2026-W49", "Abiertas", "Resueltas"] {
            assert!(trend.contains(week), "{week} in the trend chart");
        }
        assert!(trend.contains("<polyline"), "lines are drawn");
        let compliance = svg("cumplimiento").await;
        assert!(
            compliance.contains("<circle"),
            "a point per week that resolved anything"
        );
        // The same chart in English: captions, axis and legend.
        let english = svg("tendencia?lang=en").await;
        for word in ["Faults per week: opened and resolved", "Opened", "Resolved"] {
            assert!(english.contains(word), "{word} in the English chart");
        }
        assert!(
            !english.contains("Abiertas"),
            "no Spanish in the English chart"
        );
        let (status, e) = app
            .get(
                CSM,
                "/api/v1/weekly-reports/2026-W49/charts/tendencia?lang=fr",
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_lang"))
        );
        let (status, e) = app
            .get(CSM, "/api/v1/weekly-reports/2026-W49/charts/pastel")
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_chart"))
        );
    })
    .await;
}

#[tokio::test]
#[ignore = "needs poppler-utils (pdftotext); scripts/test installs it and runs every test"]
async fn the_pdf_has_the_figures_as_text_and_a_page_per_chart() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        two_weeks(&app).await;
        let resp = app
            .client
            .get(format!("{}/api/v1/weekly-reports/2026-W48/pdf", app.base))
            .bearer_auth(PRODUCT)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        let bytes = resp.bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w48.pdf");
        std::fs::write(&path, &bytes).unwrap();
        let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
        for expected in [
            "Reporte semanal de averías 2026-W48",
            "Averías abiertas",
            "Cumplimiento 24 horas (%)",
            "66.7",
            "no signal",
            "Tiempo de resolución, mediana (h)",
            "Averías abiertas por tipo de falla",
            "Cumplimiento de la atención en 24 horas",
        ] {
            assert!(
                text.contains(expected),
                "'{expected}' not in the PDF's text:\n{text}"
            );
        }
        let info = poppler("pdfinfo", &[path.to_str().unwrap()]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(pages >= 4, "the tables, then a page per chart: {info}");
        let english = app
            .client
            .get(format!(
                "{}/api/v1/weekly-reports/2026-W48/pdf?lang=en",
                app.base
            ))
            .bearer_auth(PRODUCT)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        std::fs::write(&path, &english).unwrap();
        let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
        assert!(
            text.contains("Weekly fault report 2026-W48") && text.contains("Faults opened"),
            "{text}"
        );
    })
    .await;
}

/// Runs a poppler-utils tool (installed by `.ci/run`) and returns its output.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn only_report_readers_get_it_and_bad_weeks_and_ranges_are_refused() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for token in [CUSTOMER_A, CENTER, TELESERVICE, CONSULTANT] {
            let (status, _) = app.get(token, "/api/v1/weekly-reports/2026-W48").await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{token}");
        }
        for (week, code) in [("2026-48", "invalid_week"), ("2025-W53", "invalid_week")] {
            let (status, e) = app
                .get(CSM, &format!("/api/v1/weekly-reports/{week}"))
                .await;
            assert_eq!(
                (status, e["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{week}"
            );
        }
        let (status, e) = app
            .get(
                CSM,
                "/api/v1/fault-statistics?from=2026-11-30T00:00:00Z&to=2026-11-23T00:00:00Z",
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_range"))
        );
        let (status, r) = app
            .get(
                CSM,
                "/api/v1/fault-report?from=2026-11-23T04:00:00Z&to=2026-11-30T04:00:00Z",
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["previous"]["to"], "2026-11-23T04:00:00Z");
    })
    .await;
}

#[tokio::test]
async fn on_monday_last_weeks_report_is_kept_and_mailed_and_the_job_moves_to_next_monday() {
    use averias_services::weekly_report::ReportSettings;
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let settings = ReportSettings {
            mail_to: vec![
                "desarrollo@movilnet.example".into(),
                "csm@movilnet.example".into(),
            ],
            ..ReportSettings::default()
        };
        let services = app.services().with_reports(settings);
        // Monday 23, 05:00 in Caracas: the next run is today at 07:00.
        services.reports.ensure_weekly_report_job().await.unwrap();
        services.reports.ensure_weekly_report_job().await.unwrap();
        app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        app.clock
            .advance(Duration::hours(1) + Duration::minutes(59));
        assert_eq!(
            services
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap(),
            0,
            "not yet 07:00"
        );
        app.clock.advance(Duration::minutes(2));
        assert_eq!(
            services
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap(),
            1,
            "one job, not two"
        );

        let (status, kept) = app.get(PRODUCT, "/api/v1/weekly-reports/stored").await;
        assert_eq!(status, StatusCode::OK, "{kept}");
        assert_eq!(kept.as_array().unwrap().len(), 1);
        assert_eq!(kept[0]["week"], "2026-W47", "the week that just ended");
        let (status, body) = app
            .get(PRODUCT, "/api/v1/weekly-reports/stored/2026-W47")
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["week"], "2026-W47");
        let (status, _) = app
            .get(PRODUCT, "/api/v1/weekly-reports/stored/2026-W40")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (_, outbox) = app.get(ADMIN, "/api/v1/admin/messages?limit=100").await;
        let mails: Vec<&str> = outbox
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["event"] == "weekly_report")
            .map(|m| m["recipient"].as_str().unwrap())
            .collect();
        assert_eq!(mails.len(), 2, "{outbox}");
        assert!(
            mails.contains(&"desarrollo@movilnet.example")
                && mails.contains(&"csm@movilnet.example")
        );

        // Nothing more this week; next Monday 07:00 Caracas, W48's report.
        app.clock.advance(Duration::days(6) + Duration::hours(23));
        assert_eq!(
            services
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap(),
            0
        );
        app.clock.advance(Duration::hours(1));
        assert_eq!(
            services
                .worker
                .run_due_jobs("test-worker", 10)
                .await
                .unwrap(),
            1
        );
        let (_, kept) = app.get(PRODUCT, "/api/v1/weekly-reports/stored").await;
        assert_eq!(kept[0]["week"], "2026-W48");
        let (_, w48) = app
            .get(PRODUCT, "/api/v1/weekly-reports/stored/2026-W48")
            .await;
        assert_eq!(
            w48["current"]["counts"]["opened"], 1,
            "the fault of Monday 23"
        );
    })
    .await;
}

/// Opens an XLSX with openpyxl (vendored in `tests/xlsx/`) and returns its
/// sheet names, each sheet's cell values, frozen panes and whether the
/// first header cell is bold.
fn read_xlsx(path: &std::path::Path) -> Value {
    let pythonpath = wheels_path("xlsx");
    let script = r#"
import json, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "cells": {}, "frozen": {}, "bold": {}}
for ws in wb.worksheets:
    out["cells"][ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
    out["frozen"][ws.title] = ws.freeze_panes
    out["bold"][ws.title] = bool(ws["A1"].font.b)
print(json.dumps(out))
"#;
    let output = std::process::Command::new("python3")
        .env("PYTHONPATH", pythonpath)
        .args(["-S", "-c", script])
        .arg(path)
        .output()
        .expect("python3 runs openpyxl");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}
