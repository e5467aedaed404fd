//! The warehouse's screens (R-REPAIR-5): replaced devices arriving under
//! their endorsements (each checked against the endorsed IMEI), and the
//! replenishments centers are owed (ship a unit of the same model); a
//! center confirms a replenishment's arrival from its own page.

use askama::Template;
use averias_domain::Role;
use averias_domain::repair::{ReplenishmentStatus, UnitStatus};
use averias_store::UnitFilter;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status, when};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;

struct Pending {
    number: String,
    device: String,
    /// The last digits of the device's IMEI, to find the box; the clerk
    /// types the whole number read off the device, so it is not shown.
    imei_end: String,
    from: String,
    at: String,
}

struct Owed {
    id: String,
    center: String,
    model: String,
    requested: String,
    /// Units of that model the warehouse can ship.
    units: Vec<String>,
}

#[derive(Template)]
#[template(path = "ui/warehouse.html")]
struct WarehousePage {
    tr: Tr,
    chrome: Chrome,
    warehouse: String,
    pending: Vec<Pending>,
    owed: Vec<Owed>,
    notice: Option<String>,
    error: Option<String>,
}

async fn warehouse_page(
    app: &App,
    s: &Signed,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    if !matches!(actor.role, Role::Warehouse | Role::Admin) {
        return error_page(s.tr, &ServiceError::Forbidden("for warehouse staff".into()));
    }
    // Staff of one warehouse see theirs; otherwise every warehouse.
    let code = actor
        .group
        .clone()
        .filter(|_| actor.role == Role::Warehouse);
    let loaded = futures::try_join!(
        app.services.repair.centers(None),
        app.services
            .repair
            .endorsements(actor, code.as_deref(), true),
        app.services.repair.replenishments(
            actor,
            None,
            code.as_deref(),
            Some(ReplenishmentStatus::Requested)
        ),
    );
    let (centers, endorsements, replenishments) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    // The units each owing warehouse could ship.
    let mut stock = Vec::new();
    let mut warehouses: Vec<&str> = replenishments
        .iter()
        .map(|r| r.warehouse_code.as_str())
        .collect();
    warehouses.sort_unstable();
    warehouses.dedup();
    for w in warehouses {
        let filter = UnitFilter {
            location: Some(w.to_owned()),
            status: Some(UnitStatus::Available),
            limit: 500,
            ..UnitFilter::default()
        };
        match app.services.repair.stock_units(actor, filter).await {
            Ok(units) => stock.extend(units),
            Err(e) => return error_page(s.tr, &e),
        }
    }
    let zone = app.services.reports.settings.zone;
    let center_name = |code: &str| {
        centers
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name.clone())
    };
    render_status(
        &WarehousePage {
            tr: s.tr,
            chrome: Chrome::of(s),
            warehouse: code.unwrap_or_default(),
            pending: endorsements
                .iter()
                .map(|e| Pending {
                    number: e.number.as_ref().map(|n| n.to_string()).unwrap_or_default(),
                    device: format!("{} {}", e.old_make, e.old_model),
                    imei_end: e
                        .old_imei
                        .get(e.old_imei.len().saturating_sub(4)..)
                        .unwrap_or_default()
                        .to_owned(),
                    from: center_name(&e.center_code),
                    at: when(e.created_at, zone),
                })
                .collect(),
            owed: replenishments
                .iter()
                .map(|r| Owed {
                    id: r.id.to_string(),
                    center: center_name(&r.center_code),
                    model: format!("{} {}", r.make, r.model),
                    requested: when(r.requested_at, zone),
                    units: stock
                        .iter()
                        .filter(|u| {
                            u.location == r.warehouse_code && u.make == r.make && u.model == r.model
                        })
                        .map(|u| u.imei.clone())
                        .collect(),
                })
                .collect(),
            notice,
            error,
        },
        status,
    )
}

pub async fn page(State(app): State<App>, s: Signed) -> Response {
    warehouse_page(&app, &s, None, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct ImeiForm {
    #[serde(default)]
    imei: String,
}

/// What a refusal on the warehouse page says.
async fn refused(app: &App, s: &Signed, e: ServiceError) -> Response {
    match e {
        ServiceError::Invalid { .. } | ServiceError::Clash { .. } | ServiceError::Conflict(_) => {
            warehouse_page(app, s, None, Some(e.in_words(s.tr.0)), StatusCode::CONFLICT).await
        }
        e => error_page(s.tr, &e),
    }
}

pub async fn receive(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<ImeiForm>,
) -> Response {
    let s = p.signed;
    match app
        .services
        .repair
        .receive_return(&s.caller.actor, &number, &p.form.imei, None)
        .await
    {
        Ok(_) => {
            let notice = Some(format!("{} {number}", s.tr.t("warehouse-received")));
            warehouse_page(&app, &s, notice, None, StatusCode::OK).await
        }
        Err(e) => refused(&app, &s, e).await,
    }
}

pub async fn ship(State(app): State<App>, Path(id): Path<String>, p: Posted<ImeiForm>) -> Response {
    let s = p.signed;
    match app
        .services
        .repair
        .ship_replenishment(&s.caller.actor, &id, &p.form.imei)
        .await
    {
        Ok(r) => {
            let center = app
                .services
                .repair
                .center(&r.center_code)
                .await
                .map_or_else(|_| r.center_code.clone(), |c| c.name);
            let notice = Some(format!("{} {center}", s.tr.t("warehouse-shipped")));
            warehouse_page(&app, &s, notice, None, StatusCode::OK).await
        }
        Err(e) => refused(&app, &s, e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

/// A center confirms a replenishment arrived (from its own page).
pub async fn arrived(State(app): State<App>, Path(id): Path<String>, p: Posted<Empty>) -> Response {
    let s = p.signed;
    match app
        .services
        .repair
        .receive_replenishment(&s.caller.actor, &id)
        .await
    {
        Ok(_) => Redirect::to("/ui/center").into_response(),
        Err(e) => error_page(s.tr, &e),
    }
}
