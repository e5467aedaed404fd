//! Planned maintenance in the console (R-MAINT-1..3): the works with their
//! latest notice time and objection window, planning one, sending its
//! notice (late only as a justified emergency), and each affected
//! customer's answer, recorded by customer-service management or given by
//! the customer in the portal.
//!
//! A little over 500 lines: the list, the planning form and one work's page
//! with its four forms (step, reschedule, notify, answer), which all come
//! back to the same page renderer with their refusals.

use std::collections::HashMap;

use askama::Template;
use averias_domain::Role;
use averias_domain::maintenance::WorkState;
use averias_store::MaintenanceWork;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status, when};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;
use averias_services::maintenance::{AnswerInput, WorkInput};

pub struct WorkLine {
    pub id: String,
    pub title: String,
    pub state: &'static str,
    pub start: String,
    pub end: String,
    pub latest_notice: String,
    pub notice_sent: String,
    pub window_closes: String,
    pub objections: usize,
}

pub fn work_line(w: &MaintenanceWork, zone: chrono_tz::Tz) -> WorkLine {
    WorkLine {
        id: w.id.to_string(),
        title: w.title.clone(),
        state: w.state.as_str(),
        start: when(w.planned_start, zone),
        end: when(w.planned_end, zone),
        latest_notice: when(w.latest_notice_at, zone),
        notice_sent: w.notice_sent_at.map(|t| when(t, zone)).unwrap_or_default(),
        window_closes: w
            .window_closes_at
            .map(|t| when(t, zone))
            .unwrap_or_default(),
        objections: w.accounts.iter().filter(|a| a.objection.is_some()).count(),
    }
}

fn plans(role: Role) -> bool {
    matches!(role, Role::Csm | Role::Admin)
}

#[derive(Debug, Deserialize, Default)]
pub struct PlanForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    elements: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    accounts: String,
    /// Words to find accounts by (number, name or one of its lines).
    #[serde(default)]
    find: String,
    /// Accounts ticked among those found.
    #[serde(default)]
    picked: Vec<String>,
}

#[derive(Template)]
#[template(path = "ui/maintenance.html")]
struct ListPage {
    tr: Tr,
    chrome: Chrome,
    works: Vec<WorkLine>,
    may_plan: bool,
    form: PlanForm,
    field_errors: HashMap<&'static str, String>,
    /// Accounts to tick: those ticked before, then those found, as
    /// (number, name, ticked).
    found: Vec<(String, String, bool)>,
    /// A search was made and found nothing.
    found_none: bool,
}

async fn list_page(
    app: &App,
    s: &Signed,
    form: PlanForm,
    field_errors: HashMap<&'static str, String>,
    status: StatusCode,
) -> Response {
    let works = match app
        .services
        .maintenance
        .maintenance_works(&s.caller.actor, None, 100, 0)
        .await
    {
        Ok(w) => w,
        Err(e) => return error_page(s.tr, &e),
    };
    // What was ticked stays ticked; what the words find is added.
    let mut found: Vec<(String, String, bool)> = Vec::new();
    for number in &form.picked {
        if let Ok(a) = app.services.admin.account(&s.caller.actor, number).await {
            found.push((a.number, a.name, true));
        }
    }
    let words = form.find.trim();
    let mut found_none = false;
    if !words.is_empty() {
        let filter = averias_store::AccountFilter {
            q: Some(words.to_owned()),
            limit: 20,
            ..Default::default()
        };
        match app.services.admin.accounts(&s.caller.actor, filter).await {
            Ok(page) => {
                found_none = page.items.is_empty();
                for a in page.items {
                    if !found.iter().any(|f| f.0 == a.number) {
                        found.push((a.number, a.name, false));
                    }
                }
            }
            Err(e) => return error_page(s.tr, &e),
        }
    }
    let zone = app.services.reports.settings.zone;
    render_status(
        &ListPage {
            found,
            found_none,
            tr: s.tr,
            chrome: Chrome::of(s),
            works: works.iter().map(|w| work_line(w, zone)).collect(),
            may_plan: plans(s.caller.actor.role),
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
        PlanForm::default(),
        HashMap::new(),
        StatusCode::OK,
    )
    .await
}

/// A `datetime-local` value, read in the operator's zone.
fn local(value: &str, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn list_of(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn plan(State(app): State<App>, p: Posted<PlanForm>) -> Response {
    let s = p.signed;
    let f = p.form;
    let zone = app.services.reports.settings.zone;
    let required = s.tr.t("error-required").to_owned();
    let mut errors = HashMap::new();
    for (field, value) in [("title", &f.title), ("impact", &f.impact)] {
        if value.trim().is_empty() {
            errors.insert(field, required.clone());
        }
    }
    let start = local(&f.start, zone);
    let end = local(&f.end, zone);
    if start.is_none() {
        errors.insert("start", required.clone());
    }
    if end.is_none() {
        errors.insert("end", required.clone());
    }
    let mut accounts = list_of(&f.accounts);
    for number in &f.picked {
        if !accounts.contains(number) {
            accounts.push(number.clone());
        }
    }
    if accounts.is_empty() {
        errors.insert("accounts", required.clone());
    }
    if !errors.is_empty() {
        return list_page(&app, &s, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = WorkInput {
        title: f.title.clone(),
        description: f.description.clone(),
        elements: list_of(&f.elements),
        impact: f.impact.clone(),
        start,
        end,
        accounts,
        lines: Vec::new(),
        calendar: None,
    };
    match app
        .services
        .maintenance
        .plan_maintenance(&s.caller.actor, input)
        .await
    {
        Ok(w) => Redirect::to(&format!("/ui/maintenance/{}", w.id)).into_response(),
        Err(ServiceError::Invalid { field, message, .. }) => {
            let key = match field.as_deref() {
                Some(f) if f.starts_with("account") => "accounts",
                Some("end") => "end",
                Some("start") => "start",
                Some("impact") => "impact",
                _ => "title",
            };
            errors.insert(key, message);
            list_page(&app, &s, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

struct AccountLine {
    number: String,
    name: String,
    informed: String,
    answered_by: String,
    objection: String,
    alternative: String,
}

#[derive(Template)]
#[template(path = "ui/maintenance_work.html")]
struct WorkPage {
    tr: Tr,
    chrome: Chrome,
    w: WorkLine,
    description: String,
    impact: String,
    elements: String,
    accounts: Vec<AccountLine>,
    /// Planners may send the notice now.
    may_notify: bool,
    /// Accounts the caller may answer for, while the window is open.
    answer_for: Vec<String>,
    /// Steps a planner may take now: (action, label key, needs a reason).
    steps: Vec<(&'static str, &'static str, bool)>,
    /// Planners may move the dates (before it starts).
    may_reschedule: bool,
    error: Option<String>,
}

async fn work_page(
    app: &App,
    s: &Signed,
    id: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let w = match app.services.maintenance.maintenance_work(actor, id).await {
        Ok(w) => w,
        Err(e) => return error_page(s.tr, &e),
    };
    let zone = app.services.reports.settings.zone;
    let now = app.services.now();
    let window_open = w.state == WorkState::Notified && w.window_closes_at.is_none_or(|c| now <= c);
    let answer_for = if !window_open {
        Vec::new()
    } else if actor.role == Role::Customer {
        w.accounts
            .iter()
            .filter(|a| Some(a.account_id) == actor.account_id)
            .map(|a| a.account_number.clone())
            .collect()
    } else if matches!(
        actor.role,
        Role::CustomerServiceMgmt | Role::Csm | Role::Admin
    ) {
        w.accounts
            .iter()
            .map(|a| a.account_number.clone())
            .collect()
    } else {
        Vec::new()
    };
    let accounts = w
        .accounts
        .iter()
        .filter(|a| actor.role != Role::Customer || Some(a.account_id) == actor.account_id)
        .map(|a| AccountLine {
            number: a.account_number.clone(),
            name: a.account_name.clone(),
            informed: a.informed_at.map(|t| when(t, zone)).unwrap_or_default(),
            answered_by: a.answered_by.clone().unwrap_or_default(),
            objection: a.objection.clone().unwrap_or_default(),
            alternative: a.alternative.clone().unwrap_or_default(),
        })
        .collect();
    render_status(
        &WorkPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            w: work_line(&w, zone),
            description: w.description.clone(),
            impact: w.impact.clone(),
            elements: w.elements.join(", "),
            accounts,
            may_notify: plans(actor.role) && w.state == WorkState::Draft,
            steps: if plans(actor.role) {
                steps_of(w.state)
            } else {
                Vec::new()
            },
            may_reschedule: plans(actor.role)
                && averias_domain::maintenance::transition(
                    w.state,
                    averias_domain::maintenance::WorkAction::Reschedule,
                )
                .is_ok(),
            answer_for,
            error,
        },
        status,
    )
}

/// The steps a planner may take from `state`: the domain's own transition
/// table decides (R-MAINT-2: an objected work goes ahead only with a
/// recorded reason, which the override and cancel forms ask for).
fn steps_of(state: WorkState) -> Vec<(&'static str, &'static str, bool)> {
    use averias_domain::maintenance::{WorkAction, transition};
    [
        (WorkAction::Override, "override", "maint-override", true),
        (WorkAction::Start, "start", "maint-start_work", false),
        (WorkAction::Complete, "complete", "maint-complete", false),
        (WorkAction::Cancel, "cancel", "maint-cancel", true),
    ]
    .into_iter()
    .filter(|(action, ..)| transition(state, *action).is_ok())
    .map(|(_, name, key, reason)| (name, key, reason))
    .collect()
}

#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    reason: String,
}

pub async fn step(
    State(app): State<App>,
    Path((id, action)): Path<(String, String)>,
    p: Posted<StepForm>,
) -> Response {
    use averias_domain::maintenance::WorkAction;
    let s = p.signed;
    let action = match action.as_str() {
        "override" => WorkAction::Override,
        "start" => WorkAction::Start,
        "complete" => WorkAction::Complete,
        "cancel" => WorkAction::Cancel,
        other => return error_page(s.tr, &ServiceError::not_found("step", other)),
    };
    let reason = Some(p.form.reason).filter(|r| !r.trim().is_empty());
    match app
        .services
        .maintenance
        .maintenance_step(&s.caller.actor, &id, action, reason)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/maintenance/{id}")).into_response(),
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)
            | ServiceError::Refused(_)),
        ) => {
            let text = if matches!(e, ServiceError::Invalid { .. }) {
                s.tr.t("error-required").to_owned()
            } else {
                e.in_words(s.tr.0)
            };
            work_page(&app, &s, &id, Some(text), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct DatesForm {
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
}

/// New dates: the work goes back to draft and needs a new notice.
pub async fn reschedule(
    State(app): State<App>,
    Path(id): Path<String>,
    p: Posted<DatesForm>,
) -> Response {
    let s = p.signed;
    let zone = app.services.reports.settings.zone;
    let (Some(start), Some(end)) = (local(&p.form.start, zone), local(&p.form.end, zone)) else {
        let text = s.tr.t("error-required").to_owned();
        return work_page(&app, &s, &id, Some(text), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let before = match app
        .services
        .maintenance
        .maintenance_work(&s.caller.actor, &id)
        .await
    {
        Ok(w) => w,
        Err(e) => return error_page(s.tr, &e),
    };
    let input = WorkInput {
        title: before.title.clone(),
        description: before.description.clone(),
        elements: before.elements.clone(),
        impact: before.impact.clone(),
        start: Some(start),
        end: Some(end),
        accounts: before
            .accounts
            .iter()
            .map(|a| a.account_number.clone())
            .collect(),
        lines: Vec::new(),
        calendar: Some(before.calendar.clone()),
    };
    match app
        .services
        .maintenance
        .reschedule_maintenance(&s.caller.actor, &id, input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/maintenance/{id}")).into_response(),
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)
            | ServiceError::Refused(_)),
        ) => {
            work_page(
                &app,
                &s,
                &id,
                Some(e.in_words(s.tr.0)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

pub async fn work(State(app): State<App>, s: Signed, Path(id): Path<String>) -> Response {
    work_page(&app, &s, &id, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize, Default)]
pub struct NotifyForm {
    #[serde(default)]
    emergency_justification: String,
}

pub async fn notify(
    State(app): State<App>,
    Path(id): Path<String>,
    p: Posted<NotifyForm>,
) -> Response {
    let s = p.signed;
    let justification = Some(p.form.emergency_justification).filter(|j| !j.trim().is_empty());
    match app
        .services
        .maintenance
        .notify_maintenance(&s.caller.actor, &id, justification)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/maintenance/{id}")).into_response(),
        Err(
            e @ (ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)
            | ServiceError::Clash { .. }),
        ) => {
            work_page(
                &app,
                &s,
                &id,
                Some(e.in_words(s.tr.0)),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    objection: String,
    #[serde(default)]
    alternative: String,
}

pub async fn answer(
    State(app): State<App>,
    Path(id): Path<String>,
    p: Posted<AnswerForm>,
) -> Response {
    let s = p.signed;
    let input = AnswerInput {
        objection: Some(p.form.objection).filter(|o| !o.trim().is_empty()),
        alternative: Some(p.form.alternative).filter(|a| !a.trim().is_empty()),
    };
    match app
        .services
        .maintenance
        .answer_maintenance(&s.caller.actor, &id, &p.form.account, input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/ui/maintenance/{id}")).into_response(),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            work_page(
                &app,
                &s,
                &id,
                Some(e.in_words(s.tr.0)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => error_page(s.tr, &e),
    }
}

/// "Find accounts" in the plan form: the same page with the form as typed
/// and the accounts found to tick (a search, so nothing changes).
pub async fn find_accounts(State(app): State<App>, p: Posted<PlanForm>) -> Response {
    list_page(&app, &p.signed, p.form, HashMap::new(), StatusCode::OK).await
}
