//! The web console for every role and the customer portal: server-rendered
//! HTML (askama templates in `templates/ui/`, escaped by default), a little
//! vendored htmx for live queues, no front-end build step. Every page acts
//! through the same services as the API, so roles and tenancy are the
//! services' (R-ACCESS-1); the UI only decides what to show.

mod account;
mod canned;
mod chrome;
pub mod i18n;
mod incidents;
mod intake;
pub mod live;
mod login;
mod maintenance;
pub mod pages;
mod portal;
mod queue;
mod repair;
mod reports;
mod search;
pub mod session;
mod ticket;
mod warehouse;

use averias_domain::Role;
use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::App;
use session::Signed;

/// Files under `/ui/assets/`, compiled into the binary.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/htmx-2.0.11.min.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/ui/app.css"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/ui/console.js"),
    ),
];

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The home of each role: customers their portal, intake desks the intake
/// page, everyone else their queue.
async fn home(s: Signed) -> Redirect {
    Redirect::to(match s.caller.actor.role {
        Role::Customer => "/ui/portal",
        Role::Teleservice | Role::SalesConsultant => "/ui/intake",
        Role::InstallationCenter => "/ui/center",
        Role::Warehouse => "/ui/warehouse",
        Role::ProductDevelopment | Role::CustomerServiceMgmt => "/ui/reports",
        Role::Admin => "/ui/admin/users",
        _ => "/ui/queue",
    })
}

/// `?lang=en` on any page: remember the choice and show the same page.
async fn language(req: Request, next: Next) -> Response {
    let lang = req
        .uri()
        .query()
        .and_then(|q| serde_html_form::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| i18n::Lang::parse(&v));
    let Some(lang) = lang else {
        return next.run(req).await;
    };
    let mut r = Redirect::to(&same_page(&req)).into_response();
    let cookie = axum_extra::extract::cookie::Cookie::build((i18n::LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(axum_extra::extract::cookie::SameSite::Lax)
        .permanent()
        .build();
    r.headers_mut()
        .insert(header::SET_COOKIE, session::header_value(&cookie));
    r
}

/// The page to show again after a language switch: the same path with
/// the query it was showing (its filters, its search), which the header's
/// `?lang=` link cannot carry itself, so it is read from the `Referer` of
/// the same page; anything else in the switch's own query is kept too.
fn same_page(req: &Request) -> String {
    let path = req.uri().path();
    let keep = |query: &str| -> Vec<(String, String)> {
        serde_html_form::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k != "lang")
            .collect()
    };
    let mut pairs = keep(req.uri().query().unwrap_or(""));
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<axum::http::Uri>().ok());
    if let Some(from) = referer
        && from.path() == path
        && pairs.is_empty()
    {
        pairs = keep(from.query().unwrap_or(""));
    }
    match serde_html_form::to_string(&pairs) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

/// An unknown address under `/ui`: the error page in the reader's
/// language, not the API's JSON.
pub(crate) fn unknown_page(headers: &axum::http::HeaderMap, path: &str) -> Response {
    let mut r = pages::error_page(
        i18n::Tr(i18n::lang_of(headers)),
        &averias_services::ServiceError::not_found("page", path),
    );
    secure(&mut r);
    r
}

/// Headers every page carries: only this server's scripts and styles run
/// (an injected `<script>` would not, even if escaping failed), no framing,
/// no content sniffing, pages not cached by shared caches.
async fn page_headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    secure(&mut r);
    r
}

/// The headers of [`page_headers`], on a page built outside the console's
/// router (the error page for an unknown `/ui` address).
fn secure(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
}

/// The console's and portal's routes.
pub fn router() -> Router<App> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui") }))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::sign_out))
        .route("/logout/everywhere", post(login::sign_out_everywhere))
        .route("/ui", get(home))
        .route("/ui/assets/{name}", get(asset))
        .route("/ui/queue", get(queue::page))
        .route("/ui/queue/rows", get(queue::rows))
        .route("/ui/queue/bulk", post(queue::bulk))
        .route("/ui/queue/events", get(live::events))
        .route("/ui/queue/views", post(queue::save_view))
        .route("/ui/queue/views/{id}/delete", post(queue::delete_view))
        .route("/ui/intake", get(intake::search))
        .route(
            "/ui/intake/{account}",
            get(intake::form).post(intake::submit),
        )
        .route("/ui/opened/{number}", get(intake::opened))
        .route("/ui/portal", get(portal::home))
        .route(
            "/ui/portal/report",
            get(portal::report_form).post(portal::report_submit),
        )
        .route("/ui/tickets", get(ticket::lookup))
        .route("/ui/search", get(search::page))
        .route("/ui/tickets/{number}", get(ticket::page))
        .route("/ui/tickets/{number}/repair", get(repair::booking))
        .route("/ui/tickets/{number}/repair/book", post(repair::book))
        .route(
            "/ui/tickets/{number}/repair/{id}/move",
            post(repair::move_to),
        )
        .route(
            "/ui/tickets/{number}/repair/{id}/cancel",
            post(repair::cancel),
        )
        .route("/ui/tickets/{number}/certify", post(repair::certify))
        .route("/ui/center", get(repair::center))
        .route(
            "/ui/center/replenishments/{id}/arrived",
            post(warehouse::arrived),
        )
        .route("/ui/warehouse", get(warehouse::page))
        .route("/ui/warehouse/returns/{number}", post(warehouse::receive))
        .route(
            "/ui/warehouse/replenishments/{id}/ship",
            post(warehouse::ship),
        )
        .route("/ui/reports", get(reports::page))
        .route("/ui/statistics", get(reports::statistics))
        .route(
            "/ui/incidents",
            get(incidents::list).post(incidents::create),
        )
        .route("/ui/incidents/{number}", get(incidents::page))
        .route("/ui/me", get(account::me))
        .route("/ui/me/password", post(account::change_password))
        .route("/ui/me/token", post(account::new_token))
        .route(
            "/ui/admin/users",
            get(account::users).post(account::create_user),
        )
        .route("/ui/admin/users/{id}/{action}", post(account::user_action))
        .route("/ui/admin/canned", get(canned::page).post(canned::create))
        .route("/ui/admin/canned/{id}/delete", post(canned::delete))
        .route(
            "/ui/maintenance",
            get(maintenance::list).post(maintenance::plan),
        )
        .route("/ui/maintenance/find", post(maintenance::find_accounts))
        .route("/ui/maintenance/{id}", get(maintenance::work))
        .route("/ui/maintenance/{id}/notify", post(maintenance::notify))
        .route("/ui/maintenance/{id}/answer", post(maintenance::answer))
        .route(
            "/ui/maintenance/{id}/step/{action}",
            post(maintenance::step),
        )
        .route(
            "/ui/maintenance/{id}/reschedule",
            post(maintenance::reschedule),
        )
        .route("/ui/incidents/{number}/attach", post(incidents::attach))
        .route("/ui/incidents/{number}/resolve", post(incidents::resolve))
        .route("/ui/tickets/{number}/act/{action}", post(ticket::act))
        .route("/ui/tickets/{number}/notes", post(ticket::note))
        .route("/ui/tickets/{number}/facts", post(ticket::edit_facts))
        .route("/ui/tickets/{number}/owner", post(ticket::set_owner))
        .route("/ui/tickets/{number}/merge", post(ticket::merge))
        .route(
            "/ui/tickets/{number}/attachments",
            post(ticket::upload_attachments).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/ui/attachments/{id}/delete",
            post(ticket::delete_attachment),
        )
        .layer(axum::middleware::from_fn(language))
        .layer(axum::middleware::from_fn(page_headers))
}
