//! What agents of Zammad or Request Tracker take for granted, in a real
//! browser (issue 21): taking a fault, assigning it to a colleague,
//! finding one's own under "My faults", and the customer's other faults
//! and lines beside the ticket. Same driver and helpers as
//! `browser.rs`; SQLite only (the API tests run the services on both).

use averias_domain::Role;
use averias_services::reference::{UserInput, system_actor};
use fantoccini::Locator;

use super::browser::{Ui, browser, driver, passwords, screenshot};
use crate::helpers::*;

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn an_agent_takes_a_fault_finds_it_under_my_faults_and_hands_it_to_a_colleague() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    app.services()
        .admin
        .create_user(
            &system_actor(),
            UserInput {
                name: "csm.beatriz".into(),
                role: Role::Csm,
                group: Some("csm".into()),
                account: None,
                token: None,
                email: Some("beatriz@operador.example".into()),
            },
        )
        .await
        .unwrap();
    passwords(&app).await;
    let earlier = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
    let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };

    ui.sign_in("csm").await;
    ui.go(&format!("/ui/tickets/{n}")).await;
    assert_eq!(ui.text("#ticket-owner").await, "Sin responsable");
    // The customer's context: the account's other fault, and its lines
    // with this fault's marked.
    let faults = ui.text("#context-faults").await;
    assert!(faults.contains(&earlier), "{faults}");
    let lines = ui.text("#context-lines").await;
    assert!(
        lines.contains(&format!("{LINE_A1} · en esta avería")) && lines.contains(LINE_A2),
        "{lines}"
    );
    screenshot(&ui.c, "21a-desk-customer-context").await;
    ui.click("#take").await;
    assert_eq!(ui.text("#done").await, "Ahora la lleva usted.");
    assert_eq!(ui.text("#ticket-owner").await, "csm");
    assert!(!ui.exists("#take").await, "no 'take it' on one's own fault");

    // "My faults" from the menu lists it, with its owner.
    ui.click("header nav a[href='/ui/queue?group=&owner=me']")
        .await;
    let rows = ui.text("#rows").await;
    assert!(rows.contains(&n) && rows.contains("csm"), "{rows}");
    screenshot(&ui.c, "21-desk-my-faults").await;

    // Handed to a colleague: she owns it, and it leaves "my faults".
    ui.go(&format!("/ui/tickets/{n}")).await;
    ui.c.find(Locator::Css("#owner"))
        .await
        .unwrap()
        .select_by_value("csm.beatriz")
        .await
        .unwrap();
    ui.click("#assign-form button").await;
    assert_eq!(ui.text("#done").await, "Ahora la lleva csm.beatriz.");
    assert_eq!(ui.text("#ticket-owner").await, "csm.beatriz");
    let timeline = ui.text("#timeline").await;
    assert!(
        timeline.contains("Asignación") && timeline.contains("csm.beatriz"),
        "{timeline}"
    );
    screenshot(&ui.c, "21b-desk-assigned-to-colleague").await;
    ui.go("/ui/queue?group=&owner=me").await;
    assert!(!ui.text("#rows").await.contains(&n));

    // In English, the same words.
    ui.go(&format!("/ui/tickets/{n}?lang=en")).await;
    assert_eq!(ui.text("#ticket-owner").await, "csm.beatriz");
    assert!(ui.text(".facts").await.contains("Owner"));
    ui.sign_out().await;

    // The customer reads neither who works it nor the context panel.
    ui.sign_in("customer-a").await;
    ui.go(&format!("/ui/tickets/{n}")).await;
    assert!(!ui.exists("#ticket-owner").await);
    assert!(!ui.exists("#customer-context").await);
    assert!(!ui.exists("#owner-forms").await);
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn csm_merges_a_duplicate_and_the_customer_follows_the_original() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let original = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let dup = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    ui.sign_in("csm").await;
    ui.go(&format!("/ui/tickets/{dup}")).await;
    ui.tick("#merge summary").await;
    ui.c.find(Locator::Css("#merge-into"))
        .await
        .unwrap()
        .select_by_value(&original)
        .await
        .unwrap();
    screenshot(&ui.c, "22-desk-merge-duplicate").await;
    ui.confirm("#merge-form button").await;
    assert_eq!(
        ui.text("#done").await,
        format!("Unida como duplicada a {original}; se avisó al cliente.")
    );
    assert_eq!(ui.text("#ticket-status").await, "Anulada");
    assert_eq!(ui.text("#duplicate-of").await, original);
    assert!(!ui.exists("#merge").await, "a merged fault merges no more");
    let timeline = ui.text("#timeline").await;
    assert!(
        timeline.contains(&format!("Unida como duplicada a — {original}")),
        "{timeline}"
    );
    ui.click("#duplicate-of a").await;
    assert_eq!(ui.text("#ticket-number").await, original);
    assert!(ui.text("#notes").await.contains(&dup));
    ui.sign_out().await;

    // The customer's portal points to the number to follow.
    ui.sign_in("customer-a").await;
    ui.go(&format!("/ui/tickets/{dup}")).await;
    assert_eq!(ui.text("#duplicate-of").await, original);
    assert!(ui.text("#next-step").await.contains(&original));
    screenshot(&ui.c, "22b-desk-customer-sees-merged-fault").await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn csm_takes_a_queue_selection_and_reads_what_was_refused() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let a = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let b = number(&app.report(ACCOUNT_A, LINE_A2, Some("no_signal")).await);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    ui.sign_in("csm").await;
    ui.go("/ui/queue?group=csm").await;
    for n in [&a, &b] {
        ui.tick(&format!("#rows input[value='{n}']")).await;
    }
    ui.c.find(Locator::Css("#bulk-action"))
        .await
        .unwrap()
        .select_by_value("take")
        .await
        .unwrap();
    screenshot(&ui.c, "23-desk-queue-selection").await;
    ui.click("#bulk-form button[type=submit]").await;
    assert_eq!(ui.text("#bulk-result").await, "Hecho en 2 averías.");
    let rows = ui.text("#rows").await;
    // The owner column names the agent on both rows ("En el CSM", the
    // stage, is upper case).
    assert_eq!(rows.matches("csm").count(), 2, "{rows}");

    // Closing faults not yet resolved: each one says why not.
    ui.tick("#select-all-rows").await;
    ui.c.find(Locator::Css("#bulk-action"))
        .await
        .unwrap()
        .select_by_value("close")
        .await
        .unwrap();
    ui.click("#bulk-form button[type=submit]").await;
    let result = ui.text("#bulk-result").await;
    assert!(
        result.contains("Hecho en 0 averías.")
            && result.contains(&format!("{a}: no se puede en el estado en que está.")),
        "{result}"
    );
    screenshot(&ui.c, "23b-desk-bulk-refused").await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn an_agent_works_the_queue_and_a_ticket_from_the_keyboard() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    // Keys go where the focus is, as a person's would.
    let press = async |keys: &str| {
        ui.c.active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    };
    let focused = async || {
        ui.c.execute(
            "const a = document.activeElement; return a.id || a.textContent;",
            vec![],
        )
        .await
        .unwrap()
    };
    ui.sign_in("csm").await;
    ui.go("/ui/queue?group=csm").await;

    // "?" shows the help, which lists the shortcuts in the page's language.
    press("?").await;
    let help = ui.text("#shortcuts").await;
    assert!(
        help.contains("Ir a la cola") && help.contains("Tomar la avería abierta"),
        "{help}"
    );
    screenshot(&ui.c, "24-desk-keyboard-shortcuts").await;
    ui.tick("#shortcuts-close").await;

    // "/" goes to the search box; "j" to the first fault, "x" ticks it.
    press("/").await;
    assert_eq!(focused().await, serde_json::json!("queue-q"));
    ui.c.execute("document.activeElement.blur();", vec![])
        .await
        .unwrap();
    press("j").await;
    assert_eq!(focused().await, serde_json::json!(n));
    press("x").await;
    assert!(
        ui.exists(&format!("#rows input[value='{n}']:checked"))
            .await
    );

    // On the ticket, "t" takes it.
    ui.go(&format!("/ui/tickets/{n}")).await;
    ui.c.execute("window.__averias_before = true;", vec![])
        .await
        .unwrap();
    press("t").await;
    for _ in 0..200 {
        if ui.exists("#done").await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(ui.text("#done").await, "Ahora la lleva usted.");
    // "n" writes a note.
    press("n").await;
    assert_eq!(focused().await, serde_json::json!("note-body"));
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn an_admin_keeps_a_canned_response_and_an_agent_inserts_it_into_a_note() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    ui.sign_in("admin").await;
    ui.click("header nav a[href='/ui/admin/canned']").await;
    assert!(ui.exists("#canned-none").await);
    ui.c.find(Locator::Css("#canned-group"))
        .await
        .unwrap()
        .select_by_value("csm")
        .await
        .unwrap();
    ui.fill("#canned-name", "Reinicio").await;
    ui.fill(
        "#canned-body_es",
        "Estimado(a) {{contact}}: reinicie el equipo de la avería {{ticket}}. {{agent}}",
    )
    .await;
    ui.fill(
        "#canned-body_en",
        "Dear {{contact}}: restart the phone of fault {{ticket}}. {{agent}}",
    )
    .await;
    ui.click("#canned-form button[type=submit]").await;
    assert!(ui.text("#canned-list").await.contains("Reinicio"));
    screenshot(&ui.c, "25-desk-canned-responses").await;
    ui.sign_out().await;

    // The agent picks it: the note box holds it filled in, and it goes to
    // the customer as a public note.
    ui.sign_in("csm").await;
    ui.go(&format!("/ui/tickets/{n}")).await;
    let options = ui.text("#canned").await;
    assert!(
        options.contains("Reinicio") && options.contains("Reinicio · en inglés"),
        "{options}"
    );
    ui.c.find(Locator::Css("#canned"))
        .await
        .unwrap()
        .select_by_label("Reinicio")
        .await
        .unwrap();
    let text =
        ui.c.find(Locator::Css("#note-body"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
    assert_eq!(
        text,
        format!("Estimado(a) Ana Pérez: reinicie el equipo de la avería {n}. csm")
    );
    screenshot(&ui.c, "25b-desk-canned-response-inserted").await;
    ui.tick("#note-form input[value=public]").await;
    ui.click("#note-form button[type=submit]").await;
    assert!(
        ui.text("#notes")
            .await
            .contains(&format!("avería {n}. csm"))
    );
    // Without script, the "Insert" button does the same through the page.
    ui.go(&format!("/ui/tickets/{n}?canned=")).await;
    let chosen = ui
        .c
        .execute(
            "return Array.from(document.querySelectorAll('#canned option')).find(o => o.textContent.includes('inglés')).value;",
            vec![],
        )
        .await
        .unwrap();
    ui.go(&format!(
        "/ui/tickets/{n}?canned={}",
        chosen.as_str().unwrap()
    ))
    .await;
    let text = ui.text("#note-body").await;
    assert!(
        text.starts_with("Dear Ana Pérez: restart the phone of fault"),
        "{text}"
    );
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn a_new_fault_shows_in_an_open_queue_without_a_reload() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    ui.sign_in("csm").await;
    ui.go("/ui/queue?group=csm").await;
    assert_eq!(ui.text("#rows").await, "No hay averías en esta cola.");
    let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    // Well before the 30-second fallback: pushed, not polled. (The first
    // listener starts the process's reader, whose first read counts as a
    // change too, so no wait for the stream is needed here.)
    let mut seen = false;
    for _ in 0..400 {
        // Read in one step: the rows may be swapped between a find and a read.
        let rows =
            ui.c.execute(
                "return document.getElementById('rows').textContent;",
                vec![],
            )
            .await
            .unwrap();
        if rows.as_str().unwrap_or_default().contains(&n) {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(seen, "{n} never reached the open queue");
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver; scripts/test installs them and runs every test"]
async fn a_customer_attaches_a_photo_and_a_script_in_a_file_never_runs() {
    let Some(driver) = driver().await else { return };
    let (app, _) = TestApp::start_sqlite(Setup::Fixture).await;
    passwords(&app).await;
    let n = number(&app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await);
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("pantalla rota.png");
    std::fs::write(&photo, super::attachments::PNG).unwrap();
    let svg = dir.path().join("dibujo.svg");
    std::fs::write(
        &svg,
        "<svg xmlns='http://www.w3.org/2000/svg' onload='document.title=\"pwned\"'/>",
    )
    .unwrap();
    let ui = Ui {
        c: browser(&driver).await,
        base: &app.base,
    };
    ui.sign_in("customer-a").await;
    ui.go(&format!("/ui/tickets/{n}")).await;
    assert_eq!(ui.text("#no-files").await, "Sin adjuntos.");
    ui.c.find(Locator::Css("#attach-files"))
        .await
        .unwrap()
        .send_keys(photo.to_str().unwrap())
        .await
        .unwrap();
    ui.fill("#attach-note", "Así quedó la pantalla").await;
    ui.click("#attach-form button[type=submit]").await;
    assert_eq!(ui.text("#done").await, "Archivos adjuntados.");
    let files = ui.text("#files").await;
    assert!(
        files.contains("pantalla rota.png") && files.contains("Imagen"),
        "{files}"
    );
    assert!(
        ui.exists("#files img").await,
        "a picture shows as a thumbnail"
    );
    screenshot(&ui.c, "26-customer-attached-photo").await;

    // A drawing with a script is refused, in words, and nothing runs.
    ui.c.find(Locator::Css("#attach-files"))
        .await
        .unwrap()
        .send_keys(svg.to_str().unwrap())
        .await
        .unwrap();
    ui.click("#attach-form button[type=submit]").await;
    let refusal = ui.text("#form-error").await;
    assert!(refusal.contains("no se acepta"), "{refusal}");
    assert_ne!(ui.c.title().await.unwrap(), "pwned");
    assert!(!ui.text("#files").await.contains("dibujo.svg"));
    ui.sign_out().await;

    // Staff see it, with who sent it.
    ui.sign_in("csm").await;
    ui.go(&format!("/ui/tickets/{n}")).await;
    assert!(ui.text("#files").await.contains("customer-a"));
}
