//! Search in the browser (issue 23): the header's box on every page, its
//! hits grouped by kind with the matching words marked, a ticket number
//! typed any way opening that ticket, and a customer's portal search
//! finding only its own faults. Screenshots in both languages and at
//! phone width.

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::json;

use crate::browser::{Ui, browser, driver, passwords, screenshot};
use crate::helpers::*;
use crate::search::report;

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn the_header_search_finds_marks_and_opens_and_the_portal_finds_only_its_own() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let title = report(
        &app,
        ACCOUNT_A,
        LINE_A1,
        "Reparación del equipo",
        "Pantalla rota",
    )
    .await;
    let text = report(
        &app,
        ACCOUNT_A,
        LINE_A2,
        "Sin servicio en la sede",
        "Las reparaciones anteriores no funcionaron; sin señal en la sede El Ávila",
    )
    .await;
    let other = report(
        &app,
        ACCOUNT_B,
        LINE_B1,
        "Antena averiada",
        "Hay que reparar la antena",
    )
    .await;
    let (status, _) = app
        .post(
            CSM,
            &format!("/api/v1/tickets/{text}/notes"),
            json!({"visibility": "internal", "body": "Revisar la celda CCS-041"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };

    ui.sign_in("csm").await;
    ui.go("/ui/queue").await;
    ui.fill("#header-q", "reparacion").await;
    ui.submit("#header-search").await;
    assert_eq!(ui.path().await, "/ui/search");
    let hits = ui.text("#hits-tickets").await;
    let order: Vec<usize> = [&title, &other, &text]
        .iter()
        .map(|n| {
            hits.find(n.as_str())
                .unwrap_or_else(|| panic!("{n} in {hits}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "title first, then newest: {hits}"
    );
    let marks =
        ui.c.find_all(Locator::Css("#hits-tickets mark"))
            .await
            .unwrap();
    let mut marked = Vec::new();
    for m in marks {
        marked.push(m.text().await.unwrap());
    }
    // Matching words marked as written, in titles and snippets alike.
    for word in ["Reparación", "reparar", "reparaciones"] {
        assert!(marked.contains(&word.to_owned()), "{word} in {marked:?}");
    }
    screenshot(&ui.c, "search-01-hits-es").await;
    // The same page in English, and at phone width.
    ui.go("/ui/search?q=reparacion&lang=en").await;
    assert_eq!(ui.text("#search-results h2").await, "Tickets");
    screenshot(&ui.c, "search-02-hits-en").await;
    ui.c.set_window_size(390, 844).await.unwrap();
    ui.go("/ui/search?q=senal%20avila").await;
    let fits: bool =
        ui.c.execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap();
    screenshot(&ui.c, "search-03-phone").await;
    assert!(fits, "the hits fit a phone's width");
    ui.c.set_window_size(1280, 1000).await.unwrap();

    // Nothing found says so, in words; bad input too.
    ui.fill("#search-q", "zzzz").await;
    ui.submit("#search-page-form").await;
    assert!(ui.exists("#search-none").await);
    ui.go(&format!("/ui/search?q={}", "a".repeat(201))).await;
    assert!(ui.text("#search-problem").await.contains("200"));

    // A ticket number typed in lower case and without zeros opens it.
    let seq: u64 = text.rsplit('-').next().unwrap().parse().unwrap();
    ui.fill("#header-q", &format!("av-{} {seq}", &text[3..7]))
        .await;
    ui.submit("#header-search").await;
    assert_eq!(ui.path().await, format!("/ui/tickets/{text}"));
    ui.sign_out().await;

    // The customer of account A: its own faults only, no internal words.
    ui.sign_in("customer-a").await;
    ui.fill("#portal-q", "reparar").await;
    ui.submit("#portal-search").await;
    let hits = ui.text("#hits-tickets").await;
    assert!(hits.contains(&title) && hits.contains(&text), "{hits}");
    assert!(!hits.contains(&other), "another account's fault: {hits}");
    screenshot(&ui.c, "search-04-portal").await;
    ui.go("/ui/search?q=celda").await;
    assert!(ui.exists("#search-none").await, "an internal note's word");
}
