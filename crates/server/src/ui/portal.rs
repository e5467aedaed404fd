//! The customer portal: a corporate customer's own faults with their status
//! and next step, and reporting a new one. Only their account's tickets
//! reach them (the services scope every list and read to it, R-ACCESS-1);
//! nothing internal is shown.

use askama::Template;
use averias_domain::{Channel, Role};
use averias_store::{TicketFilter, TicketSort};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::intake::{ReportForm, Said, form_page, submit_report};
use super::pages::{error_page, render, when};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;

struct Card {
    number: String,
    title: String,
    status_key: String,
    next_key: String,
    reported: String,
    lines: String,
    /// Waiting for the customer to take the device to a center: the card
    /// says so and links to the booking.
    book: bool,
}

#[derive(Template)]
#[template(path = "ui/portal.html")]
struct PortalPage {
    tr: Tr,
    chrome: Chrome,
    rows: Vec<Card>,
    works: Vec<super::maintenance::WorkLine>,
    /// `open` (default), `closed` or `all`.
    show: String,
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct PortalQuery {
    #[serde(default)]
    show: Option<String>,
}

/// The caller's own account: the portal is for customer users.
fn own_account(s: &Signed) -> Option<String> {
    match (s.caller.actor.role, s.caller.actor.account_id) {
        (Role::Customer, Some(id)) => Some(id.to_string()),
        _ => None,
    }
}

fn not_a_customer(s: &Signed) -> Response {
    error_page(
        s.tr,
        &ServiceError::Forbidden("the portal is for customer users".into()),
    )
}

pub async fn home(
    State(app): State<App>,
    s: Signed,
    axum::extract::Query(q): axum::extract::Query<PortalQuery>,
) -> Response {
    if own_account(&s).is_none() {
        return not_a_customer(&s);
    }
    let show = match q.show.as_deref() {
        Some("closed") => "closed",
        Some("all") => "all",
        _ => "open",
    };
    let filter = TicketFilter {
        sort: TicketSort::NewestFirst,
        limit: 100,
        status: averias_domain::Status::ALL
            .iter()
            .copied()
            .filter(|st| match show {
                "open" => !st.is_final(),
                "closed" => st.is_final(),
                _ => true,
            })
            .collect(),
        ..TicketFilter::default()
    };
    let loaded = futures::try_join!(
        app.services.tickets.tickets(&s.caller.actor, filter),
        app.services
            .maintenance
            .maintenance_works(&s.caller.actor, None, 20, 0),
    );
    let (page, works) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let zone = app.services.reports.settings.zone;
    let rows = page
        .items
        .iter()
        .map(|v| {
            let r = &v.record;
            Card {
                number: r.number.to_string(),
                title: r.title.clone(),
                status_key: format!("status-{}", r.status.as_str()),
                next_key: format!("next-{}", r.status.as_str()),
                reported: when(r.reported_at, zone),
                lines: r
                    .lines
                    .iter()
                    .map(|m| m.as_str().to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
                book: r.stage == averias_domain::Stage::AwaitingRepair,
            }
        })
        .collect();
    render(&PortalPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        show: show.to_owned(),
        rows,
        works: works
            .iter()
            .map(|w| super::maintenance::work_line(w, zone))
            .collect(),
    })
}

pub async fn report_form(State(app): State<App>, s: Signed) -> Response {
    let Some(account) = own_account(&s) else {
        return not_a_customer(&s);
    };
    form_page(
        &app,
        &s,
        &account,
        "/ui/portal/report".to_owned(),
        ReportForm::default(),
        Said::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn report_submit(State(app): State<App>, p: Posted<ReportForm>) -> Response {
    let Some(account) = own_account(&p.signed) else {
        return not_a_customer(&p.signed);
    };
    submit_report(
        &app,
        &p.signed,
        &account,
        Channel::Portal,
        p.form,
        ("/ui/portal/report".to_owned(), "/ui/portal".to_owned()),
    )
    .await
}
