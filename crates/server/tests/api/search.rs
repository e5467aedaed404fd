//! Search (issue 23), one corpus on both databases: every matching rule
//! gives the same hits in the same order on SQLite and PostgreSQL, and
//! every role finds only what R-ACCESS-1 lets it see.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Reports a fault with a title and description; returns its number.
pub(crate) async fn report(
    app: &TestApp,
    account: &str,
    line: &str,
    title: &str,
    description: &str,
) -> String {
    let mut body = TestApp::report_body(account, line, None);
    body["title"] = json!(title);
    body["description"] = json!(description);
    let (status, t) = app.post(TELESERVICE, "/api/v1/reports", body).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    number(&t)
}

async fn note(app: &TestApp, token: &str, number: &str, visibility: &str, body: &str) {
    let (status, n) = app
        .post(
            token,
            &format!("/api/v1/tickets/{number}/notes"),
            json!({"visibility": visibility, "body": body}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{n}");
}

fn encoded(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The hits of a search as `kind:number`, in order.
async fn found(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let (status, body) = app
        .get(token, &format!("/api/v1/search?limit=100&{query}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    hits(&body)
}

fn hits(body: &Value) -> Vec<String> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}:{}",
                h["kind"].as_str().unwrap(),
                h["number"].as_str().unwrap()
            )
        })
        .collect()
}

fn tickets(numbers: &[&String]) -> Vec<String> {
    numbers.iter().map(|n| format!("ticket:{n}")).collect()
}

struct Corpus {
    /// Account A: "reparación" in the title.
    repair_title: String,
    /// Account A: "reparaciones" in the description, El Ávila, no signal.
    repairs_text: String,
    /// Account B: "reparar" in the description, a line in national form.
    repair_b: String,
    /// Account A: dropped calls; an internal note about a repair.
    calls: String,
}

async fn corpus(app: &TestApp) -> Corpus {
    let repair_title = report(
        app,
        ACCOUNT_A,
        LINE_A1,
        "Reparación del equipo",
        "Pantalla rota, el cliente pide el equipo de respaldo",
    )
    .await;
    let repairs_text = report(
        app,
        ACCOUNT_A,
        LINE_A2,
        "Sin servicio en la sede",
        "Las reparaciones anteriores no funcionaron; sin señal en la sede El Ávila",
    )
    .await;
    let repair_b = report(
        app,
        ACCOUNT_B,
        LINE_B1,
        "Antena averiada",
        "Hay que reparar la antena; llamar al 0212-555.12.34",
    )
    .await;
    let calls = report(
        app,
        ACCOUNT_A,
        LINE_A1,
        "Llamadas caídas",
        "Las llamadas se cortan a los pocos segundos",
    )
    .await;
    note(
        app,
        CSM,
        &calls,
        "internal",
        "Revisar celda CCS-041: posible reparación de la BTS",
    )
    .await;
    note(app, CSM, &calls, "public", "Le llamaremos mañana temprano").await;
    Corpus {
        repair_title,
        repairs_text,
        repair_b,
        calls,
    }
}

#[tokio::test]
async fn words_match_in_any_case_accent_and_spanish_form_on_both_databases() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let c = corpus(&app).await;
        // Title hits first, then text hits newest first; the internal
        // note counts for staff.
        let every_repair = tickets(&[&c.repair_title, &c.calls, &c.repair_b, &c.repairs_text]);
        for typed in [
            "reparación",
            "REPARACION",
            "reparaciones",
            "reparar",
            "Reparado ",
        ] {
            assert_eq!(
                found(&app, CSM, &format!("kind=ticket&q={}", encoded(typed))).await,
                every_repair,
                "{typed}"
            );
        }
        // Every word must match, anywhere in what may be read.
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=senal%20avila").await,
            tickets(&[&c.repairs_text])
        );
        // A beginning while typing.
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=llamadas%20ca").await,
            tickets(&[&c.calls])
        );
        assert_eq!(
            found(&app, CSM, &format!("kind=ticket&q={}", encoded("señ"))).await,
            tickets(&[&c.repairs_text])
        );
        // A public note is text too, and function words are not needed.
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=de%20mañana").await,
            tickets(&[&c.calls])
        );
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=de%20la").await,
            Vec::<String>::new()
        );

        // The snippet marks the words as written.
        let (_, body) = app
            .get(CSM, "/api/v1/search?kind=ticket&q=senal%20avila")
            .await;
        let snippet = &body["hits"][0]["snippet"];
        let text: Vec<char> = snippet["text"].as_str().unwrap().chars().collect();
        let marked: Vec<String> = snippet["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let (a, b) = (
                    r[0].as_u64().unwrap() as usize,
                    r[1].as_u64().unwrap() as usize,
                );
                text[a..b].iter().collect()
            })
            .collect();
        assert_eq!(marked, ["señal", "Ávila"], "{body}");
        assert_eq!(body["hits"][0]["rank"], "text");
        assert_eq!(body["hits"][0]["account_name"], "Empresa A");
    })
    .await;
}

#[tokio::test]
async fn identifiers_match_in_any_written_form_on_both_databases() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let c = corpus(&app).await;
        // A ticket number in any case, spacing, or without its zeros: that
        // ticket, and screens are told to open it.
        let lower = c.repairs_text.to_lowercase();
        let (_, body) = app
            .get(CSM, &format!("/api/v1/search?q={}", encoded(&lower)))
            .await;
        assert_eq!(hits(&body), tickets(&[&c.repairs_text]));
        assert_eq!(body["ticket_number"], c.repairs_text.as_str());
        let seq: u64 = c.repairs_text.rsplit('-').next().unwrap().parse().unwrap();
        let year = &c.repairs_text[3..7];
        assert_eq!(
            found(&app, CSM, &format!("q=av%20{year}%20{seq}")).await,
            tickets(&[&c.repairs_text])
        );
        // Its last digits: the sequence alone finds it first.
        assert_eq!(
            found(&app, CSM, &format!("kind=ticket&q={seq}"))
                .await
                .first(),
            Some(&format!("ticket:{}", c.repairs_text))
        );

        // A line in international, national or partial form (4+ digits):
        // the line itself, then the tickets naming it, newest first.
        let a1 = tickets(&[&c.calls, &c.repair_title]);
        for typed in [
            "+584160000001",
            "0416-000.0001",
            "04160000001",
            "4160000001",
        ] {
            let mut expected = vec![format!("line:{LINE_A1}")];
            expected.extend(a1.clone());
            assert_eq!(
                found(&app, CSM, &format!("kind=line,ticket&q={}", encoded(typed))).await,
                expected,
                "{typed}"
            );
        }
        // The whole line also finds its account.
        assert_eq!(
            found(&app, CSM, "q=04160000001").await[0],
            format!("account:{ACCOUNT_A}")
        );
        // Four digits anywhere: every ticket holding them.
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=0000").await,
            tickets(&[&c.calls, &c.repair_b, &c.repairs_text, &c.repair_title])
        );
        // A number written in the description.
        assert_eq!(
            found(&app, CSM, "q=02125551234").await,
            tickets(&[&c.repair_b])
        );
        // Words and digits together narrow each other.
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=reparacion%200001").await,
            tickets(&[&c.repair_title, &c.calls, &c.repair_b])
        );

        // Accounts by name without accents, or by number.
        let (status, _) = app
            .post(
                ADMIN,
                "/api/v1/accounts",
                json!({"number": "2901", "name": "Inversiones El Ávila, C.A."}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(
            found(&app, TELESERVICE, "q=el%20avila").await[0],
            "account:2901"
        );
        assert_eq!(
            found(&app, TELESERVICE, &format!("kind=account&q={ACCOUNT_B}")).await,
            [format!("account:{ACCOUNT_B}")]
        );
    })
    .await;
}

#[tokio::test]
async fn each_role_finds_only_what_it_may_see() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let c = corpus(&app).await;
        // The internal note's "celda" is for staff only.
        assert_eq!(found(&app, CSM, "q=celda").await, tickets(&[&c.calls]));
        assert_eq!(
            found(&app, CUSTOMER_A, "q=celda").await,
            Vec::<String>::new()
        );
        // A customer finds its own account's faults, not another's, by
        // word, by line, or by number.
        assert_eq!(
            found(&app, CUSTOMER_A, "q=reparar").await,
            tickets(&[&c.repair_title, &c.repairs_text])
        );
        assert_eq!(
            found(&app, CUSTOMER_B, "q=reparar").await,
            tickets(&[&c.repair_b])
        );
        assert_eq!(
            found(&app, CUSTOMER_A, &format!("q={}", encoded(&c.repair_b))).await,
            Vec::<String>::new()
        );
        assert_eq!(
            found(&app, CUSTOMER_A, "q=02125551234").await,
            Vec::<String>::new()
        );
        assert_eq!(
            found(&app, CUSTOMER_A, "q=04260000001").await,
            Vec::<String>::new()
        );
        assert_eq!(
            found(&app, CUSTOMER_A, "kind=account&q=2002").await,
            Vec::<String>::new()
        );
        // The consultant of account A: its faults and account only.
        let consultant = found(&app, CONSULTANT, "q=reparar").await;
        assert_eq!(consultant, tickets(&[&c.repair_title, &c.repairs_text]));
        assert_eq!(
            found(&app, CONSULTANT, &format!("kind=account&q={ACCOUNT_B}")).await,
            Vec::<String>::new()
        );
        // A center finds nothing that is not booked with it.
        assert_eq!(found(&app, CENTER, "q=reparar").await, Vec::<String>::new());
        // Anonymous: 401.
        let (status, _) = app.get("", "/api/v1/search?q=reparar").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn pages_follow_the_cursor_to_the_end_and_filters_narrow() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let c = corpus(&app).await;
        let all = found(&app, CSM, "kind=ticket&q=reparar").await;
        assert_eq!(all.len(), 4);
        let mut paged = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                None => "/api/v1/search?kind=ticket&q=reparar&limit=1".to_owned(),
                Some(c) => format!("/api/v1/search?kind=ticket&q=reparar&limit=1&cursor={c}"),
            };
            let (status, body) = app.get(CSM, &path).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            paged.extend(hits(&body));
            match body["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
            assert!(paged.len() <= 4, "{paged:?}");
        }
        assert_eq!(paged, all);

        // Status and date filters.
        app.act_ok(CSM, &c.repair_b, "cancel", json!({"reason": "Duplicado"}))
            .await;
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=reparar&status=cancelled").await,
            tickets(&[&c.repair_b])
        );
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=reparar&to=2000-01-01T00:00:00Z").await,
            Vec::<String>::new()
        );

        // Bad input: clear codes, in the usual error shape.
        for (query, code) in [
            ("q=", "query_required"),
            ("q=x&cursor=nonsense", "invalid_cursor"),
            ("q=x&kind=user", "invalid_kind"),
            ("q=x&limit=0", "invalid_limit"),
            ("q=x&status=open", "invalid_status"),
        ] {
            let (status, body) = app.get(CSM, &format!("/api/v1/search?{query}")).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert_eq!(body["code"], code, "{query}: {body}");
        }
        // Letters drawn as symbols, a lone accent: answered, not a 500,
        // and no list of every account.
        assert_eq!(
            found(&app, CSM, "q=a%E2%93%90b").await,
            Vec::<String>::new()
        );
        assert_eq!(found(&app, CSM, "q=%CC%81").await, Vec::<String>::new());
        let (status, _) = app.get(CSM, "/api/v1/tickets?q=a%E2%93%90b").await;
        assert_eq!(status, StatusCode::OK);
        // The ticket list's text filter is a search, with its limit.
        let (status, body) = app
            .get(CSM, &format!("/api/v1/tickets?q={}", "ab%20".repeat(100)))
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("query_too_long"))
        );
        let long = "a".repeat(201);
        let (status, body) = app.get(CSM, &format!("/api/v1/search?q={long}")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("query_too_long"))
        );
    })
    .await;
}

#[tokio::test]
async fn the_index_follows_changes_and_a_database_from_before_search_is_indexed_on_start() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let c = corpus(&app).await;
        assert_eq!(found(&app, CSM, "q=fibra").await, Vec::<String>::new());
        note(
            &app,
            CSM,
            &c.repair_b,
            "public",
            "Se cambió el tramo de fibra",
        )
        .await;
        assert_eq!(found(&app, CSM, "q=fibra").await, tickets(&[&c.repair_b]));
        // Forget the index, as a database from before search would be:
        // migrating again rebuilds it.
        app.drop_search_index().await;
        assert_eq!(found(&app, CSM, "q=fibra").await, Vec::<String>::new());
        app.store.migrate().await.unwrap();
        assert_eq!(found(&app, CSM, "q=fibra").await, tickets(&[&c.repair_b]));
        assert_eq!(
            found(&app, CSM, "kind=ticket&q=reparar").await,
            tickets(&[&c.repair_title, &c.calls, &c.repair_b, &c.repairs_text])
        );
    })
    .await;
}
