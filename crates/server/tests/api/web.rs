//! The console's sign-in and sessions over plain HTTP, on both databases
//! (the browser tests run on SQLite only): rate-limited attempts, idle
//! expiry on the service clock, sign-out, the pages' security headers.

use chrono::Duration;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::helpers::*;

pub(crate) const PASSWORD: &str = "contraseña-de-prueba";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `name=value` of cookie `name` among the response's `Set-Cookie`s.
fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Signs in through the login form; the status and the session cookie.
pub(crate) async fn sign_in(
    app: &TestApp,
    name: &str,
    password: &str,
) -> (StatusCode, Option<String>, String) {
    let (status, session, body, _) =
        sign_in_from(app, name, password, "/ui/queue", "127.0.0.1").await;
    (status, session, body)
}

/// Signs in from the loopback address `from` (any of 127.0.0.0/8), asking
/// to land on `next`; also the `Location` answered.
async fn sign_in_from(
    app: &TestApp,
    name: &str,
    password: &str,
    next: &str,
    from: &str,
) -> (StatusCode, Option<String>, String, Option<String>) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(from.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let form = client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    let login_cookie =
        set_cookie(form.headers(), "averias_login").expect("the form sets its token cookie");
    let html = form.text().await.unwrap();
    let token = html
        .split("name=\"_login\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let body = form_encode(&[
        ("_login", &token),
        ("name", name),
        ("password", password),
        ("next", next),
    ]);
    let r = client
        .post(format!("{}/login", app.base))
        .header("cookie", login_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let session = set_cookie(r.headers(), "averias_session");
    let location = r
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned());
    (
        status,
        session,
        r.text().await.unwrap_or_default(),
        location,
    )
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", k, urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) async fn page(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    no_redirects()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_name_and_sessions_end_when_idle_or_signed_out() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let s = app.services();
        for u in s
            .admin
            .users(&averias_services::reference::system_actor())
            .await
            .unwrap()
        {
            s.auth
                .set_password(&averias_services::reference::system_actor(), u.id, PASSWORD)
                .await
                .unwrap();
        }
        for _ in 0..5 {
            let (status, session, _) = sign_in(&app, "csm", "wrong").await;
            assert_eq!((status, session), (StatusCode::UNAUTHORIZED, None));
        }
        let (status, session, html) = sign_in(&app, "csm", PASSWORD).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password waits"
        );
        assert!(session.is_none());
        assert!(html.contains("Demasiados intentos"), "{html}");

        // Another name is not held back by the first one's attempts.
        let (status, session, _) = sign_in(&app, "cor", PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let cookie = session.expect("a session cookie");
        let queue = page(&app, &cookie, "/ui/queue").await;
        assert_eq!(queue.status(), StatusCode::OK);
        let csp = queue.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert_eq!(queue.headers()["x-frame-options"], "DENY");

        // A form over the body limit is refused as bad input, changing nothing.
        let huge = format!("_csrf=x&name=v&query={}", "a".repeat(20 * 1024));
        let r = no_redirects()
            .post(format!("{}/ui/queue/views", app.base))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(huge)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Seven idle hours keep it; eight end it.
        app.clock.advance(Duration::hours(7));
        assert_eq!(
            page(&app, &cookie, "/ui/queue").await.status(),
            StatusCode::OK
        );
        app.clock.advance(Duration::hours(8) + Duration::minutes(1));
        let gone = page(&app, &cookie, "/ui/queue").await;
        assert_eq!(gone.status(), StatusCode::SEE_OTHER);
        assert_eq!(gone.headers()[LOCATION], "/login?next=%2Fui%2Fqueue");

        // A session ended by a new password is gone at once.
        let (_, session, _) = sign_in(&app, "cor", PASSWORD).await;
        let cookie = session.unwrap();
        let cor = s
            .admin
            .users(&averias_services::reference::system_actor())
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name == "cor")
            .unwrap();
        s.auth
            .set_password(
                &averias_services::reference::system_actor(),
                cor.id,
                "otra-contraseña",
            )
            .await
            .unwrap();
        assert_eq!(
            page(&app, &cookie, "/ui/queue").await.status(),
            StatusCode::SEE_OTHER
        );
        let (status, _, _) = sign_in(&app, "cor", "otra-contraseña").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // A login form posted without its token cookie is refused.
        let forged = no_redirects()
            .post(format!("{}/login", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("_login=x&name=gsac&password=contrase%C3%B1a-de-prueba")
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// OWASP's throttling without the lock-out: a flood of wrong passwords for
/// `csm` from one address holds back that address, not the user, who signs
/// in from elsewhere. A control character in `next` lands on `/ui` instead
/// of failing after the password was accepted (it answered 500).
#[tokio::test]
async fn a_password_flood_from_one_address_does_not_lock_the_user_out_elsewhere() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let system = averias_services::reference::system_actor();
        let s = app.services();
        for u in s.admin.users(&system).await.unwrap() {
            s.auth.set_password(&system, u.id, PASSWORD).await.unwrap();
        }
        let mut refused = 0;
        for _ in 0..40 {
            let (status, session, _, _) =
                sign_in_from(&app, "csm", "wrong", "/ui", "127.0.0.1").await;
            assert!(session.is_none());
            if status == StatusCode::TOO_MANY_REQUESTS {
                refused += 1;
            } else {
                assert_eq!(status, StatusCode::UNAUTHORIZED);
            }
        }
        assert!(
            refused >= 30,
            "the flood was throttled: {refused} of 40 refused"
        );
        let (status, _, _, _) = sign_in_from(&app, "csm", PASSWORD, "/ui", "127.0.0.1").await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "the flooding address waits"
        );
        let (status, session, _, location) =
            sign_in_from(&app, "csm", PASSWORD, "/ui\n", "127.0.0.2").await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "the user signs in from another address"
        );
        assert!(session.is_some());
        assert_eq!(
            location.as_deref(),
            Some("/ui"),
            "a control character in next is dropped"
        );
    })
    .await;
}

/// The console refuses control characters in a form as the API does, in
/// the reader's language, and writes nothing.
#[tokio::test]
async fn a_form_with_a_control_character_is_refused_in_spanish_and_writes_nothing() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let system = averias_services::reference::system_actor();
        let s = app.services();
        for u in s.admin.users(&system).await.unwrap() {
            s.auth.set_password(&system, u.id, PASSWORD).await.unwrap();
        }
        let n = number(&app.report(ACCOUNT_A, LINE_A1, None).await);
        let (_, session, _) = sign_in(&app, "csm", PASSWORD).await;
        let cookie = session.unwrap();
        let html = page(&app, &cookie, &format!("/ui/tickets/{n}"))
            .await
            .text()
            .await
            .unwrap();
        let csrf = html
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let before = app.get(CSM, &format!("/api/v1/tickets/{n}/notes")).await.1;
        let r = no_redirects()
            .post(format!("{}/ui/tickets/{n}/notes", app.base))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "_csrf={csrf}&body=hola%00mundo&visibility=internal"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text().await.unwrap();
        assert!(text.contains("carácter de control"), "{text}");
        assert_eq!(
            app.get(CSM, &format!("/api/v1/tickets/{n}/notes")).await.1,
            before
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_console_address_is_the_error_page_and_the_language_switch_keeps_the_query() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let client = no_redirects();
        // Anyone who mistypes a console address gets a page in their language.
        for (accept, words) in [("es", "No existe"), ("en", "It does not exist")] {
            let r = client
                .get(format!("{}/ui/no-such-page", app.base))
                .header("accept-language", accept)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            assert!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            assert!(
                r.headers().contains_key("content-security-policy"),
                "the pages' own headers"
            );
            let body = r.text().await.unwrap();
            assert!(body.contains(words), "{body}");
        }
        // The API keeps its JSON.
        let (status, e) = app.get(CSM, "/api/v1/no-such-endpoint").await;
        assert_eq!(
            (status, e["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("no_such_route"))
        );

        // Switching language on a filtered queue shows the same queue.
        let s = app.services();
        let csm = s
            .admin
            .users(&averias_services::reference::system_actor())
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name == "csm")
            .unwrap();
        s.auth
            .set_password(
                &averias_services::reference::system_actor(),
                csm.id,
                PASSWORD,
            )
            .await
            .unwrap();
        let (_, cookie, _) = sign_in(&app, "csm", PASSWORD).await;
        let cookie = cookie.expect("a session");
        let filtered = format!("{}/ui/queue?group=cor&status=open", app.base);
        let r = client
            .get(format!("{}/ui/queue?lang=en", app.base))
            .header("cookie", &cookie)
            .header("referer", &filtered)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/ui/queue?group=cor&status=open");
        assert!(set_cookie(r.headers(), "averias_lang").is_some_and(|c| c.ends_with("=en")));
        // A referer of another page is not followed.
        let r = client
            .get(format!("{}/ui/queue?lang=es", app.base))
            .header("cookie", &cookie)
            .header("referer", format!("{}/ui/intake?q=2001", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()[LOCATION], "/ui/queue");
    })
    .await;
}

#[tokio::test]
async fn the_queue_pages_through_every_ticket_and_its_search_box_finds_numbers_and_words() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        for i in 0..55 {
            let line = if i % 2 == 0 { LINE_A1 } else { LINE_A2 };
            app.report(ACCOUNT_A, line, Some("no_signal")).await;
        }
        let s = app.services();
        let actor = averias_services::reference::system_actor();
        let csm = s
            .admin
            .users(&actor)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name == "csm")
            .unwrap();
        s.auth.set_password(&actor, csm.id, PASSWORD).await.unwrap();
        let (_, cookie, _) = sign_in(&app, "csm", PASSWORD).await;
        let cookie = cookie.expect("a session");
        let rows = |html: &str| html.matches("<tr class=\"row-").count();

        let first = page(&app, &cookie, "/ui/queue?group=csm&status=open")
            .await
            .text()
            .await
            .unwrap();
        assert!(first.contains("55 averías"), "the caption counts them all");
        assert_eq!(rows(&first), 50);
        assert!(first.contains("Página 1 de 2") && first.contains("rel=\"next\""));
        let second = page(
            &app,
            &cookie,
            "/ui/queue?group=csm&status=open&breached=false&q=&page=2",
        )
        .await
        .text()
        .await
        .unwrap();
        assert_eq!(rows(&second), 5, "the five the first page could not show");
        assert!(
            second.contains(
                "name=\"query\" value=\"group=csm&#38;status=open&#38;breached=false&#38;q=&#38;owner=\""
            ),
            "a saved view keeps the filters, not the page: {second}"
        );
        assert!(second.contains("Página 2 de 2") && second.contains("rel=\"prev\""));

        // A number in any form opens the ticket; words search titles.
        for typed in ["7", "000007", "av-2026-000007"] {
            let r = page(&app, &cookie, &format!("/ui/queue?q={typed}")).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{typed}");
            assert_eq!(r.headers()[LOCATION], "/ui/tickets/AV-2026-000007");
        }
        let r = page(&app, &cookie, "/ui/tickets?number=av-2026-7").await;
        assert_eq!(r.headers()[LOCATION], "/ui/tickets/AV-2026-000007");
        let found = page(&app, &cookie, "/ui/queue?group=&status=&q=zzz-nada")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(rows(&found), 0);
    })
    .await;
}

/// Live queues: a signed-in page's event stream says `changed` after a new
/// fault; without a session there is no stream.
#[tokio::test]
async fn the_queue_event_stream_says_when_something_changed() {
    for_each_backend(Setup::Fixture, async |app: TestApp| {
        let system = averias_services::reference::system_actor();
        let s = app.services();
        for u in s.admin.users(&system).await.unwrap() {
            s.auth.set_password(&system, u.id, PASSWORD).await.unwrap();
        }
        let (_, cookie, _) = sign_in(&app, "csm", PASSWORD).await;
        let cookie = cookie.unwrap();
        let anonymous = page(&app, "", "/ui/queue/events").await;
        assert_ne!(anonymous.status(), StatusCode::OK);
        let mut stream = page(&app, &cookie, "/ui/queue/events").await;
        assert_eq!(stream.status(), StatusCode::OK);
        assert_eq!(
            stream.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        app.report(ACCOUNT_A, LINE_A1, Some("no_signal")).await;
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(20), stream.chunk())
            .await
            .expect("an event within the fallback's 30 seconds")
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&chunk);
        assert!(text.contains("event: changed"), "{text}");
    })
    .await;
}
