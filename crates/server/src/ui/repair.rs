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

/// A free slot as offered: its time, the places left, and `center|start`
/// as posted back.
struct SlotOption {
    value: String,
    time: String,
    left: String,
}

/// The free slots of one center on one day.
struct CenterSlots {
    code: String,
    center: String,
    address: String,
    slots: Vec<SlotOption>,
}

/// One day of the coming week, its centers in order.
struct DaySlots {
    day: String,
    centers: Vec<CenterSlots>,
}

struct Booked {
    id: String,
    center: String,
    address: String,
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
    days: Vec<DaySlots>,
    /// The booked appointment the slots would move, if there is one.
    active: Option<String>,
    /// The fault is not waiting for repair (repaired, solved another way):
    /// nothing to book.
    not_bookable: bool,
    /// Just booked or moved: where to go and what to bring.
    booked: Option<String>,
    error: Option<String>,
}

/// What the booking page says besides the slots.
#[derive(Default)]
struct Said {
    booked: bool,
    error: Option<String>,
}

async fn booking_page(
    app: &App,
    s: &Signed,
    number: &str,
    said: Said,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let loaded = futures::try_join!(
        app.services.repair.ticket_appointments(actor, number),
        app.services.tickets.ticket(actor, number),
        app.services.repair.centers(None),
    );
    let (appointments, view, centers) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let center_of = |code: &str| centers.iter().find(|c| c.code == code);
    let zone = app.services.reports.settings.zone;
    let held = appointments
        .iter()
        .find(|a| a.status == AppointmentStatus::Booked);
    let active = held.map(|a| a.id.to_string());
    let not_bookable = view.record.stage != averias_domain::Stage::AwaitingRepair;
    // The coming week's free slots by day, then center (the one held
    // already is not offered again).
    let mut days: Vec<DaySlots> = Vec::new();
    if !not_bookable {
        let now = app.services.now();
        let q = SlotQuery {
            from: Some(now),
            to: Some(now + Duration::days(SEARCH_DAYS)),
            limit: 2_000,
            ..SlotQuery::default()
        };
        let free = match app.services.repair.free_slots(q).await {
            Ok(free) => free,
            Err(e) => return error_page(s.tr, &e),
        };
        for f in free
            .into_iter()
            .filter(|f| !held.is_some_and(|a| a.center_code == f.center && a.start == f.start))
        {
            let local = f.start.with_timezone(&zone);
            let day = day_label(s.tr, local.date_naive());
            if days.last().is_none_or(|d| d.day != day) {
                days.push(DaySlots {
                    day: day.clone(),
                    centers: Vec::new(),
                });
            }
            let today = days.last_mut().expect("pushed above");
            let at = match today.centers.iter().position(|c| c.code == f.center) {
                Some(i) => i,
                None => {
                    today.centers.push(CenterSlots {
                        code: f.center.clone(),
                        center: f.center_name.clone(),
                        address: center_of(&f.center)
                            .map(|c| c.address.clone())
                            .unwrap_or_default(),
                        slots: Vec::new(),
                    });
                    today.centers.len() - 1
                }
            };
            today.centers[at].slots.push(SlotOption {
                value: format!("{}|{}", f.center, f.start.to_rfc3339()),
                time: local.format("%H:%M").to_string(),
                left: s.tr.t_with(
                    "repair-places_left",
                    &[("count", averias_i18n::Arg::from(i64::from(f.free)))],
                ),
            });
        }
        for d in &mut days {
            d.centers.sort_by(|a, b| a.center.cmp(&b.center));
        }
    }
    let booked = if said.booked {
        held.map(|a| {
            let (name, address) = center_of(&a.center_code)
                .map(|c| (c.name.clone(), c.address.clone()))
                .unwrap_or_else(|| (a.center_code.clone(), String::new()));
            s.tr.t_with(
                "repair-booked",
                &[
                    ("when", averias_i18n::Arg::from(when(a.start, zone))),
                    ("center", averias_i18n::Arg::from(name)),
                    ("address", averias_i18n::Arg::from(address)),
                ],
            )
        })
    } else {
        None
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
                    center: center_of(&a.center_code)
                        .map_or_else(|| a.center_code.clone(), |c| c.name.clone()),
                    address: center_of(&a.center_code)
                        .map(|c| c.address.clone())
                        .unwrap_or_default(),
                    start: when(a.start, zone),
                    status: a.status.as_str(),
                    active: a.status == AppointmentStatus::Booked,
                })
                .collect(),
            days,
            active,
            not_bookable,
            booked,
            error: said.error,
        },
        status,
    )
}

/// "lunes 23/11" in the page's language.
fn day_label(tr: Tr, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let weekday = tr.label("weekday", &day.weekday().num_days_from_monday().to_string());
    format!("{weekday} {}", day.format("%d/%m"))
}

#[derive(Debug, Deserialize, Default)]
pub struct BookingFlash {
    #[serde(default)]
    booked: Option<String>,
}

pub async fn booking(
    State(app): State<App>,
    s: Signed,
    Path(number): Path<String>,
    axum::extract::Query(flash): axum::extract::Query<BookingFlash>,
) -> Response {
    let said = Said {
        booked: flash.booked.is_some(),
        ..Said::default()
    };
    booking_page(&app, &s, &number, said, StatusCode::OK).await
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
        let said = Said {
            error: Some(s.tr.t("repair-choose_slot")),
            ..Said::default()
        };
        return booking_page(&app, &s, &number, said, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match app
        .services
        .repair
        .reschedule_appointment(&s.caller.actor, &id, choice)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}/repair?booked=1")).into_response(),
        Err(
            e @ (ServiceError::Clash { .. }
            | ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)),
        ) => {
            let said = Said {
                error: Some(e.in_words(s.tr.0)),
                ..Said::default()
            };
            booking_page(&app, &s, &number, said, StatusCode::CONFLICT).await
        }
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
        let said = Said {
            error: Some(s.tr.t("repair-choose_slot")),
            ..Said::default()
        };
        return booking_page(&app, &s, &number, said, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match app
        .services
        .repair
        .book_appointment(&s.caller.actor, &number, choice)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/tickets/{number}/repair?booked=1")).into_response(),
        Err(e @ (ServiceError::Clash { .. } | ServiceError::Invalid { .. })) => {
            let said = Said {
                error: Some(e.in_words(s.tr.0)),
                ..Said::default()
            };
            booking_page(&app, &s, &number, said, StatusCode::CONFLICT).await
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
