//! Every page every role reaches, in a real browser: axe-core finds no
//! serious or critical violation and no color-contrast it could not decide
//! (white on white hides as "incomplete"), and no code of the procedure
//! (`with_csm`, `fleet_line`…) is left on a Spanish page. The crawl follows
//! the links each role's pages offer, from its landing page.

use std::collections::{HashSet, VecDeque};

use fantoccini::Locator;
use serde_json::Value;

use crate::browser::{Ui, browser, driver, passwords, screenshot};
use crate::helpers::*;

/// Pages each role's crawl visits at most (its main pages come first).
const PAGES_PER_ROLE: usize = 14;

/// axe-core's source, installed by `scripts/test` (`AVERIAS_AXE`).
fn axe_source() -> Option<String> {
    match std::env::var("AVERIAS_AXE") {
        Ok(path) => Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))),
        Err(_) => {
            let required = std::env::var("AVERIAS_TEST_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "the accessibility checks need axe-core: set AVERIAS_AXE (scripts/test installs it)"
            );
            None
        }
    }
}

/// What axe says of the page: serious or critical violations, and
/// color-contrast results it could not decide.
async fn axe_findings(ui: &Ui<'_>, source: &str) -> Vec<String> {
    ui.c.execute(source, vec![]).await.expect("axe-core loads");
    let found = ui
        .c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                 .then(r => done([
                   ...r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')),
                   ...r.incomplete.filter(v => v.id === 'color-contrast')
                      .map(v => 'undecided color-contrast: ' + v.nodes.map(n => n.target.join(' ')).join(', '))
                 ]))
                 .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Words of the page shaped like a code of the procedure (`with_csm`).
fn codes(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.contains('_')
                && !w.starts_with('_')
                && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The console links of the current page worth following.
async fn links(ui: &Ui<'_>) -> Vec<String> {
    let hrefs = ui
        .c
        .execute(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await
        .unwrap();
    hrefs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|h| h.starts_with("/ui") && !h.contains("lang=") && !h.contains("/logout"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and axe-core; scripts/test installs them and runs every test"]
async fn every_page_of_every_role_passes_axe_and_shows_no_code_of_the_procedure() {
    let Some(driver) = driver().await else { return };
    let axe = axe_source();
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    // Something on every page: faults in the queues, one escalated, one
    // waiting for repair, a note, a mass incident.
    let open = app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
    let n = open["number"].as_str().unwrap().to_owned();
    app.act_ok(CSM, &n, "start_work", serde_json::json!({}))
        .await;
    app.act_ok(CSM, &n, "escalate", serde_json::json!({})).await;
    let device = app.report(ACCOUNT_A, LINE_A2, Some("device_failure")).await;
    let d = device["number"].as_str().unwrap().to_owned();
    app.act_ok(CSM, &d, "classify_point_fault", serde_json::json!({}))
        .await;
    app.report(ACCOUNT_B, LINE_B1, None).await;

    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    let mut problems: Vec<String> = Vec::new();
    let mut visited = 0;
    // `csm` twice: the second time the pages are in English.
    for (role, english) in [
        ("teleservice", false),
        ("csm", false),
        ("cor", false),
        ("center", false),
        ("warehouse", false),
        ("admin", false),
        ("customer-a", false),
        ("csm", true),
    ] {
        // Customers come from their phones: the portal at phone width.
        let phone = role == "customer-a";
        let (width, height) = if phone { (390, 844) } else { (1280, 1000) };
        ui.c.set_window_size(width, height).await.unwrap();
        ui.sign_in(role).await;
        if english {
            ui.go("/ui/me?lang=en").await;
            assert_eq!(
                ui.c.execute("return document.documentElement.lang;", vec![])
                    .await
                    .unwrap(),
                serde_json::json!("en")
            );
        }
        let mut seen: HashSet<String> = HashSet::new();
        // The search page is reached by the header's form, not a link.
        let mut queue: VecDeque<String> =
            VecDeque::from([ui.path().await, "/ui/search?q=senal".to_owned()]);
        let mut pages = 0;
        while let Some(path) = queue.pop_front() {
            if pages == PAGES_PER_ROLE {
                break;
            }
            // Queue filters and days multiply without end: one of each.
            let shape = path.split('?').next().unwrap_or_default().to_owned();
            if !seen.insert(shape) {
                continue;
            }
            ui.go(&path).await;
            pages += 1;
            // Every link leads somewhere: none to an error page.
            let title = ui.c.title().await.unwrap_or_default();
            if title.starts_with("No se pudo completar") || title.starts_with("Could not complete")
            {
                problems.push(format!("{role} {path}: a link leads to an error page"));
            }
            let main = ui.c.find(Locator::Css("main")).await.map(|_| ()).is_ok();
            if main {
                let text = ui.text("main").await;
                let found = codes(&text);
                if !found.is_empty() {
                    problems.push(format!("{role} {path}: codes on the page {found:?}"));
                }
            }
            if let Some(source) = &axe {
                for f in axe_findings(&ui, source).await {
                    problems.push(format!("{role} {path}: {f}"));
                }
            }
            if phone {
                let wide =
                    ui.c.execute("return document.documentElement.scrollWidth;", vec![])
                        .await
                        .unwrap();
                let inner =
                    ui.c.execute("return window.innerWidth;", vec![])
                        .await
                        .unwrap();
                if wide.as_i64() > inner.as_i64() {
                    problems.push(format!(
                        "{role} {path}: {wide} px wide on a {inner} px phone"
                    ));
                }
            }
            for link in links(&ui).await {
                queue.push_back(link);
            }
        }
        visited += pages;
        // Signed out from a page of the console (the last one reached may
        // be an error page, which has no menu).
        ui.go("/ui/me").await;
        ui.sign_out().await;
    }
    // The sign-in page itself.
    ui.go("/login").await;
    if let Some(source) = &axe {
        for f in axe_findings(&ui, source).await {
            problems.push(format!("/login: {f}"));
        }
    }
    screenshot(&ui.c, "30-crawl-last").await;
    assert!(visited >= 40, "only {visited} pages were reached");
    assert_eq!(
        problems,
        Vec::<String>::new(),
        "{} problems on {visited} pages",
        problems.len()
    );
}
