//! The repair loop in the console (R-REPAIR-1..3): booking a ticket's
//! appointment at an installation center (customers from the portal, the
//! call center and CSM from the console), the center's days, and the
//! certification with the backup swap.

use askama::Template;
use averias_domain::repair::AppointmentStatus;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render, render_status, when};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;
use averias_services::repair_booking::{SlotChoice, SlotQuery};
use averias_services::repair_center::CertifyInput;

/// How far ahead free slots are offered.
const SEARCH_DAYS: i64 = 7;

struct SlotOption {
    /// `center|start` as posted back.
    value: String,
    label: String,
}

struct Booked {
    id: String,
    center: String,
    start: String,
    status: &'static str,
    active: bool,
}

#[derive(Template)]
#[template(path = "ui/repair_booking.html")]
struct BookingPage {
    tr: Tr,
    chrome: Chrome,
    number: String,
    appointments: Vec<Booked>,
    slots: Vec<SlotOption>,
    /// The booked appointment the slots would move, if there is one.
    active: Option<String>,
    error: Option<String>,
}

async fn booking_page(
    app: &App,
    s: &Signed,
    number: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let appointments = match app.services.repair.ticket_appointments(actor, number).await {
        Ok(a) => a,
        Err(e) => return error_page(s.tr, &e),
    };
    let zone = app.services.reports.settings.zone;
    // Free slots either way: to book, or to move the booked appointment.
    let active = appointments
        .iter()
        .find(|a| a.status == AppointmentStatus::Booked)
        .map(|a| a.id.to_string());
    let slots = {
        let now = app.services.now();
        let q = SlotQuery {
            from: Some(now),
            to: Some(now + Duration::days(SEARCH_DAYS)),
            limit: 40,
            ..SlotQuery::default()
        };
        match app.services.repair.free_slots(q).await {
            Ok(free) => free
                .into_iter()
                .map(|f| SlotOption {
                    value: format!("{}|{}", f.center, f.start.to_rfc3339()),
                    label: format!("{} · {} · {}", f.center_name, when(f.start, zone), f.free),
                })
                .collect(),
            Err(e) => return error_page(s.tr, &e),
        }
    };
    render_status(
        &BookingPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            number: number.to_owned(),
            appointments: appointments
                .iter()
                .map(|a| Booked {
                    id: a.id.to_string(),
                    center: a.center_code.clone(),
                    start: when(a.start, zone),
                    status: a.status.as_str(),
                    active: a.status == AppointmentStatus::Booked,
                })
                .collect(),
            slots,
            active,
            error,
        },
        status,
    )
}

pub async fn booking(State(app): State<App>, s: Signed, Path(number): Path<String>) -> Response {
    booking_page(&app, &s, &number, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct BookForm {
    #[serde(default)]
    slot: String,
}

/// `center|start` as the slot radio buttons post it.
fn slot_choice(value: &str) -> Option<SlotChoice> {
    value.split_once('|').and_then(|(center, start)| {
        DateTime::parse_from_rfc3339(start)
            .ok()
            .map(|start| SlotChoice {
                center: center.to_owned(),
                start: start.with_timezone(&Utc),
            })
    })
}

/// Moves the booked appointment `id` to the chosen slot.
pub async fn move_to(
    State(app): State<App>,
    Path((number, id)): Path<(String, String)>,
    p: Posted<BookForm>,
) -> Response {
    let s = p.signed;
    let Some(choice) = slot_choice(&p.form.slot) else {
        let msg = s.tr.t("repair-choose_slot").to_owned();
        return booking_page(
            &app,
            &s,
            &number,
            Some(msg),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match app
        .services
        .repair
        .reschedule_appointment(&s.caller.actor, &id, choice)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}/repair")).into_response(),
        Err(
            e @ (ServiceError::Clash { .. }
            | ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)),
        ) => booking_page(&app, &s, &number, Some(e.to_string()), StatusCode::CONFLICT).await,
        Err(e) => error_page(s.tr, &e),
    }
}

pub async fn book(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<BookForm>,
) -> Response {
    let s = p.signed;
    let choice = slot_choice(&p.form.slot);
    let Some(choice) = choice else {
        let msg = s.tr.t("repair-choose_slot").to_owned();
        return booking_page(
            &app,
            &s,
            &number,
            Some(msg),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match app
        .services
        .repair
        .book_appointment(&s.caller.actor, &number, choice)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}/repair")).into_response(),
        Err(e @ (ServiceError::Clash { .. } | ServiceError::Invalid { .. })) => {
            booking_page(&app, &s, &number, Some(e.to_string()), StatusCode::CONFLICT).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: Option<String>,
}

pub async fn cancel(
    State(app): State<App>,
    Path((number, id)): Path<(String, String)>,
    p: Posted<CancelForm>,
) -> Response {
    let s = p.signed;
    let reason = p.form.reason.filter(|r| !r.trim().is_empty());
    match app
        .services
        .repair
        .cancel_appointment(&s.caller.actor, &id, reason)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}/repair")).into_response(),
        Err(e) => error_page(s.tr, &e),
    }
}

struct DayLine {
    start: String,
    number: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "ui/center.html")]
struct CenterPage {
    tr: Tr,
    chrome: Chrome,
    center: String,
    appointments: Vec<DayLine>,
    stock: Vec<StockRow>,
    /// Replenishments shipped to this center: (id, model, unit IMEI).
    incoming: Vec<(String, String, String)>,
}

struct StockRow {
    model: String,
    available: i64,
    reserved: i64,
    in_transit: i64,
    low: bool,
}

/// A center's coming week and its stock, for its own staff.
pub async fn center(State(app): State<App>, s: Signed) -> Response {
    let actor = &s.caller.actor;
    let Some(code) = actor
        .group
        .clone()
        .filter(|_| actor.role == averias_domain::Role::InstallationCenter)
    else {
        return error_page(
            s.tr,
            &ServiceError::Forbidden("for installation center staff".into()),
        );
    };
    let now = app.services.now();
    let zone = app.services.reports.settings.zone;
    let today = now
        .with_timezone(&zone)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(zone).earliest())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(now);
    let loaded = futures::try_join!(
        app.services.repair.center_appointments(
            actor,
            &code,
            None,
            Some(today),
            Some(today + Duration::days(SEARCH_DAYS))
        ),
        app.services.repair.stock_summary(actor, Some(code.clone())),
        app.services.repair.replenishments(
            actor,
            None,
            None,
            Some(averias_domain::repair::ReplenishmentStatus::Shipped)
        ),
    );
    let (appointments, stock, incoming) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    render(&CenterPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        center: code,
        appointments: appointments
            .iter()
            .map(|a| DayLine {
                start: when(a.start, zone),
                number: a
                    .ticket_number
                    .as_ref()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                status: a.status.as_str(),
            })
            .collect(),
        incoming: incoming
            .iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    format!("{} {}", r.make, r.model),
                    r.shipped_imei.clone().unwrap_or_default(),
                )
            })
            .collect(),
        stock: stock
            .iter()
            .map(|l| StockRow {
                model: format!("{} {}", l.make, l.model),
                available: l.available,
                reserved: l.reserved,
                in_transit: l.in_transit,
                low: l.low,
            })
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
pub struct CertifyForm {
    version: Option<i64>,
    #[serde(default)]
    work_done: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    backup_imei: String,
}

pub async fn certify(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<CertifyForm>,
) -> Response {
    let s = p.signed;
    let input = CertifyInput {
        work_done: p.form.work_done,
        result: p.form.result,
        backup_imei: Some(p.form.backup_imei).filter(|i| !i.trim().is_empty()),
        msisdn: None,
        note: None,
        expected_version: p.form.version,
    };
    match app
        .services
        .repair
        .certify_repair(&s.caller.actor, &number, input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}?done=certify_repair")).into_response(),
        Err(e) => super::ticket::refused(&app, &s, &number, e).await,
    }
}
