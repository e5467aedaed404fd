//! Mass incidents in the console (R-TRIAGE-6): open a network incident,
//! find the customer faults it explains and attach them in one go, resolve
//! it and see which faults were resolved with it.

use std::collections::HashMap;

use askama::Template;
use averias_domain::{SecondLevel, Severity, Status, TicketKind};
use averias_store::{TicketFilter, TicketSort};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status, when};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;
use averias_services::incidents::IncidentInput;
use averias_services::tickets::TicketView;

const OPEN: [Status; 4] = [
    Status::Acknowledged,
    Status::InProgress,
    Status::Pending,
    Status::Held,
];

struct Line {
    number: String,
    title: String,
    account: String,
    status_key: String,
    reported: String,
}

fn line(v: &TicketView, zone: chrono_tz::Tz) -> Line {
    let r = &v.record;
    Line {
        number: r.number.to_string(),
        title: r.title.clone(),
        account: r.account_number.clone().unwrap_or_default(),
        status_key: format!("status-{}", r.status.as_str()),
        reported: when(r.reported_at, zone),
    }
}

#[derive(Template)]
#[template(path = "ui/incidents.html")]
struct ListPage {
    tr: Tr,
    chrome: Chrome,
    incidents: Vec<Line>,
    fault_types: Vec<(String, String)>,
    form: NewIncident,
    field_errors: HashMap<&'static str, String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct NewIncident {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    fault_type: String,
    #[serde(default)]
    severity: String,
}

async fn list_page(
    app: &App,
    s: &Signed,
    form: NewIncident,
    field_errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let filter = TicketFilter {
        kind: Some(TicketKind::Incident),
        status: OPEN.to_vec(),
        sort: TicketSort::NewestFirst,
        limit: 100,
        ..TicketFilter::default()
    };
    let loaded = futures::try_join!(
        app.services.tickets.tickets(&s.caller.actor, filter),
        app.services.admin.fault_types()
    );
    let (page, types) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let zone = app.services.reports.settings.zone;
    render_status(
        &ListPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            incidents: page.items.iter().map(|v| line(v, zone)).collect(),
            fault_types: types.into_iter().map(|f| (f.code, f.name)).collect(),
            form,
            field_errors,
        },
        status,
    )
}

pub async fn list(State(app): State<App>, s: Signed) -> Response {
    list_page(
        &app,
        &s,
        NewIncident::default(),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn create(State(app): State<App>, p: Posted<NewIncident>) -> Response {
    let s = p.signed;
    let f = p.form;
    let required = s.tr.t("error-required").to_owned();
    let mut errors = HashMap::new();
    if f.title.trim().is_empty() {
        errors.insert("title", required.clone());
    }
    let owner = f.owner.parse::<SecondLevel>().ok();
    if owner.is_none() {
        errors.insert("owner", required.clone());
    }
    let severity = f.severity.parse::<Severity>().unwrap_or(Severity::Major);
    let (Some(owner), true) = (owner, errors.is_empty()) else {
        return list_page(&app, &s, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = IncidentInput {
        title: f.title.clone(),
        description: f.description.clone(),
        owner,
        fault_type: Some(f.fault_type.clone()).filter(|t| !t.is_empty()),
        severity,
    };
    match app
        .services
        .incidents
        .create_incident(&s.caller.actor, input)
        .await
    {
        Ok(v) => Redirect::to(&format!("/ui/incidents/{}", v.record.number)).into_response(),
        Err(ServiceError::Invalid { field, message, .. }) => {
            let key = match field.as_deref() {
                Some("fault_type") => "fault_type",
                Some("owner") => "owner",
                _ => "title",
            };
            errors.insert(key, message);
            list_page(&app, &s, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Template)]
#[template(path = "ui/incident.html")]
struct IncidentPage {
    tr: Tr,
    chrome: Chrome,
    number: String,
    title: String,
    status_key: String,
    owner: String,
    open: bool,
    version: i64,
    children: Vec<Line>,
    q: String,
    candidates: Vec<Line>,
    resolved: Vec<String>,
    skipped: Vec<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    q: Option<String>,
}

struct Shown {
    q: String,
    resolved: Vec<String>,
    skipped: Vec<String>,
    error: Option<String>,
}

async fn incident_page(
    app: &App,
    s: &Signed,
    number: &str,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let loaded = futures::try_join!(
        app.services.tickets.ticket(actor, number),
        app.services.incidents.incident_children(actor, number)
    );
    let (view, children) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    if view.record.kind != TicketKind::Incident {
        return Redirect::to(&format!("/ui/tickets/{number}")).into_response();
    }
    let zone = app.services.reports.settings.zone;
    let candidates = if shown.q.trim().is_empty() {
        Vec::new()
    } else {
        // Open faults not on an incident yet, by text or fault type.
        let q = shown.q.trim().to_owned();
        let filter = TicketFilter {
            kind: Some(TicketKind::Fault),
            status: OPEN.to_vec(),
            text: Some(q),
            sort: TicketSort::OldestFirst,
            limit: 200,
            ..TicketFilter::default()
        };
        match app.services.tickets.tickets(actor, filter).await {
            Ok(p) => p
                .items
                .iter()
                .filter(|v| v.record.parent_id.is_none())
                .map(|v| line(v, zone))
                .collect(),
            Err(e) => return error_page(s.tr, &e),
        }
    };
    let r = &view.record;
    render_status(
        &IncidentPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            number: r.number.to_string(),
            title: r.title.clone(),
            status_key: format!("status-{}", r.status.as_str()),
            owner: r.stage.group().to_owned(),
            open: !r.status.is_final() && r.status != Status::Resolved,
            version: r.version,
            children: children.iter().map(|v| line(v, zone)).collect(),
            q: shown.q,
            candidates,
            resolved: shown.resolved,
            skipped: shown.skipped,
            error: shown.error,
        },
        status,
    )
}

pub async fn page(
    State(app): State<App>,
    s: Signed,
    Path(number): Path<String>,
    Query(q): Query<Search>,
) -> Response {
    let shown = Shown {
        q: q.q.unwrap_or_default(),
        resolved: Vec::new(),
        skipped: Vec::new(),
        error: None,
    };
    incident_page(&app, &s, &number, shown, StatusCode::OK).await
}

#[derive(Debug, Deserialize, Default)]
pub struct Attach {
    #[serde(default)]
    tickets: Vec<String>,
}

pub async fn attach(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<Attach>,
) -> Response {
    let s = p.signed;
    if p.form.tickets.is_empty() {
        let shown = Shown {
            q: String::new(),
            resolved: Vec::new(),
            skipped: Vec::new(),
            error: Some(s.tr.t("incident-choose").to_owned()),
        };
        return incident_page(&app, &s, &number, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match app
        .services
        .incidents
        .link_to_incident(&s.caller.actor, &number, &p.form.tickets)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/incidents/{number}")).into_response(),
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Refused(_)
            | ServiceError::Conflict(_)),
        ) => {
            let shown = Shown {
                q: String::new(),
                resolved: Vec::new(),
                skipped: Vec::new(),
                error: Some(e.in_words(s.tr.0)),
            };
            incident_page(&app, &s, &number, shown, StatusCode::CONFLICT).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Resolve {
    version: Option<i64>,
    #[serde(default)]
    resolution: String,
}

pub async fn resolve(
    State(app): State<App>,
    Path(number): Path<String>,
    p: Posted<Resolve>,
) -> Response {
    let s = p.signed;
    match app
        .services
        .incidents
        .resolve_incident(&s.caller.actor, &number, p.form.resolution, p.form.version)
        .await
    {
        Ok(done) => {
            let shown = Shown {
                q: String::new(),
                resolved: done.resolved_children,
                skipped: done.skipped_children,
                error: None,
            };
            incident_page(&app, &s, &number, shown, StatusCode::OK).await
        }
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Refused(_)
            | ServiceError::StaleVersion { .. }
            | ServiceError::Conflict(_)),
        ) => {
            let message = match &e {
                ServiceError::StaleVersion { .. } => s.tr.t("ticket-stale").to_owned(),
                ServiceError::Invalid { .. } => s.tr.t("error-required").to_owned(),
                other => other.in_words(s.tr.0),
            };
            let shown = Shown {
                q: String::new(),
                resolved: Vec::new(),
                skipped: Vec::new(),
                error: Some(message),
            };
            incident_page(&app, &s, &number, shown, StatusCode::CONFLICT).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}
