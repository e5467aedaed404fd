//! Teleservice intake (R-INTAKE-1..5): find the account by number, line or
//! name, see at once whether it is operative or has debt (and how much),
//! take the report with its contact data, read the ticket number back to
//! the caller. The customer portal's report form is the same form.

use std::collections::HashMap;

use askama::Template;
use averias_domain::{BillingState, Channel, Email, Msisdn, Role};
use averias_store::{Account, AccountFilter};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render, render_status};
use super::session::{Posted, Signed};
use crate::App;
use averias_services::ServiceError;
use averias_services::intake::{LocalAccountChecker, ReportInput};

pub struct AccountLine {
    pub number: String,
    pub name: String,
    pub debt: bool,
    pub amount: String,
}

impl AccountLine {
    pub fn of(a: &Account) -> Self {
        let (debt, amount) = match &a.billing {
            BillingState::Operative => (false, String::new()),
            BillingState::Debt(m) => (true, m.to_string()),
        };
        Self {
            number: a.number.clone(),
            name: a.name.clone(),
            debt,
            amount,
        }
    }
}

#[derive(Template)]
#[template(path = "ui/intake.html")]
struct SearchPage {
    tr: Tr,
    chrome: Chrome,
    q: String,
    searched: bool,
    accounts: Vec<AccountLine>,
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: Option<String>,
}

pub async fn search(State(app): State<App>, s: Signed, Query(q): Query<SearchQuery>) -> Response {
    let text = q.q.unwrap_or_default().trim().to_owned();
    let accounts = if text.is_empty() {
        Vec::new()
    } else {
        let filter = AccountFilter {
            q: Some(text.clone()),
            limit: 20,
            ..AccountFilter::default()
        };
        match app.services.admin.accounts(&s.caller.actor, filter).await {
            Ok(p) => p.items.iter().map(AccountLine::of).collect(),
            Err(e) => return error_page(s.tr, &e),
        }
    };
    render(&SearchPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        searched: !text.is_empty(),
        q: text,
        accounts,
    })
}

/// What the report form holds, as typed (shown again after a refusal).
#[derive(Debug, Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    pub lines: Vec<String>,
    #[serde(default)]
    pub fault_type: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub reporter_name: String,
    #[serde(default)]
    pub reporter_phone: String,
    #[serde(default)]
    pub reporter_email: String,
    /// Set by "open another anyway" after the open faults on the lines
    /// were shown.
    #[serde(default)]
    pub also: Option<String>,
}

/// A fault already open on one of the lines being reported.
pub struct OpenFault {
    number: String,
    title: String,
    status_key: String,
    lines: String,
}

/// What the form says besides the fields: a summary, each field's
/// error, and the faults already open on the chosen lines.
#[derive(Default)]
pub struct Said {
    pub error: Option<String>,
    pub field_errors: HashMap<&'static str, String>,
    pub open_faults: Vec<OpenFault>,
}

#[derive(Template)]
#[template(path = "ui/report_form.html")]
struct FormPage {
    tr: Tr,
    chrome: Chrome,
    account: AccountLine,
    action: String,
    lines: Vec<(String, bool)>,
    fault_types: Vec<(String, String)>,
    form: ReportForm,
    error: Option<String>,
    field_errors: HashMap<&'static str, String>,
    open_faults: Vec<OpenFault>,
}

#[derive(Template)]
#[template(path = "ui/report_done.html")]
struct DonePage {
    tr: Tr,
    chrome: Chrome,
    customer: bool,
    number: Option<String>,
    debt: Option<String>,
    again: String,
}

/// Renders the report form for `account`.
pub async fn form_page(
    app: &App,
    s: &Signed,
    account: &str,
    action: String,
    form: ReportForm,
    said: Said,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let loaded = futures::try_join!(
        app.services.admin.account(actor, account),
        app.services.admin.account_lines(actor, account),
        app.services.admin.fault_types(),
    );
    let (a, lines, types) = match loaded {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let one_line = lines.len() == 1;
    render_status(
        &FormPage {
            tr: s.tr,
            chrome: Chrome::of(s),
            account: AccountLine::of(&a),
            action,
            lines: lines
                .iter()
                .map(|l| {
                    let m = l.msisdn.as_str().to_owned();
                    let checked = one_line || form.lines.contains(&m);
                    (m, checked)
                })
                .collect(),
            fault_types: types
                .into_iter()
                .filter(|f| f.active)
                .map(|f| (f.code, f.name))
                .collect(),
            form,
            error: said.error,
            field_errors: said.field_errors,
            open_faults: said.open_faults,
        },
        status,
    )
}

pub async fn form(State(app): State<App>, s: Signed, Path(account): Path<String>) -> Response {
    let action = format!("/ui/intake/{account}");
    form_page(
        &app,
        &s,
        &account,
        action,
        ReportForm::default(),
        Said::default(),
        StatusCode::OK,
    )
    .await
}

/// The form field a service refusal is about.
fn field_of(field: &str) -> &'static str {
    match field {
        f if f.starts_with("lines") || f.starts_with("equipment") => "lines",
        "fault_type" => "fault_type",
        "description" => "description",
        f if f.starts_with("reporter") => "reporter_name",
        _ => "",
    }
}

/// Checks the form as a whole (every missing field at once), then reports.
pub async fn submit_report(
    app: &App,
    s: &Signed,
    account: &str,
    channel: Channel,
    form: ReportForm,
    (action, again): (String, String),
) -> Response {
    let tr = s.tr;
    let required = tr.t("error-required").to_owned();
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    let mut lines = Vec::new();
    for l in &form.lines {
        match l.parse::<Msisdn>() {
            Ok(m) => lines.push(m),
            Err(e) => {
                errors.insert("lines", tr.t(&format!("refusal-{}", e.code())));
            }
        }
    }
    if form.lines.is_empty() {
        errors.insert("lines", required.clone());
    }
    for (field, value) in [
        ("description", &form.description),
        ("reporter_name", &form.reporter_name),
        ("reporter_phone", &form.reporter_phone),
    ] {
        if value.trim().is_empty() {
            errors.insert(field, required.clone());
        }
    }
    let email = if form.reporter_email.trim().is_empty() {
        None
    } else {
        match form.reporter_email.trim().parse::<Email>() {
            Ok(e) => Some(e),
            Err(e) => {
                errors.insert("reporter_email", tr.t(&format!("refusal-{}", e.code())));
                None
            }
        }
    };
    if !errors.is_empty() {
        let said = Said {
            error: Some(tr.t_with(
                "field-errors",
                &[("count", averias_i18n::Arg::from(errors.len() as i64))],
            )),
            field_errors: errors,
            ..Said::default()
        };
        return form_page(
            app,
            s,
            account,
            action,
            form,
            said,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    // The same line already has an open fault: show it and let the person
    // add to it rather than open a second one (or open another anyway).
    if form.also.is_none() {
        let open = match app
            .services
            .tickets
            .open_faults_on_lines(&s.caller.actor, &lines)
            .await
        {
            Ok(open) => open,
            Err(e) => return error_page(tr, &e),
        };
        if !open.is_empty() {
            let said = Said {
                open_faults: open
                    .iter()
                    .map(|v| OpenFault {
                        number: v.record.number.to_string(),
                        title: v.record.title.clone(),
                        status_key: format!("status-{}", v.record.status.as_str()),
                        lines: v
                            .record
                            .lines
                            .iter()
                            .map(|m| m.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                    .collect(),
                ..Said::default()
            };
            return form_page(app, s, account, action, form, said, StatusCode::OK).await;
        }
    }
    let input = ReportInput {
        account: account.to_owned(),
        channel,
        lines,
        equipment: Vec::new(),
        fault_type: Some(form.fault_type.clone()).filter(|f| !f.is_empty()),
        severity: None,
        title: None,
        description: form.description.clone(),
        reporter_name: form.reporter_name.clone(),
        reporter_phone: form.reporter_phone.clone(),
        reporter_email: email,
        external_ids: Vec::new(),
        client_values: Default::default(),
        notes: Vec::new(),
    };
    let customer = s.caller.actor.role == Role::Customer;
    match app
        .services
        .intake
        .report_fault(&s.caller.actor, input, None, &LocalAccountChecker)
        .await
    {
        // Post/redirect/get: reloading the page with the number reads it
        // again instead of reporting the fault a second time.
        Ok(opened) => {
            Redirect::to(&format!("/ui/opened/{}", opened.ticket.record.number)).into_response()
        }
        Err(ServiceError::AccountHasDebt { outstanding, .. }) => render_status(
            &DonePage {
                tr,
                chrome: Chrome::of(s),
                customer,
                number: None,
                debt: Some(outstanding.to_string()),
                again,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e @ ServiceError::Invalid { .. }) => {
            let ServiceError::Invalid { field, .. } = &e else {
                unreachable!("matched above")
            };
            let mut field_errors = HashMap::new();
            field_errors.insert(field_of(field.as_deref().unwrap_or("")), e.in_words(tr.0));
            let said = Said {
                error: Some(
                    tr.t_with("field-errors", &[("count", averias_i18n::Arg::from(1_i64))]),
                ),
                field_errors,
                ..Said::default()
            };
            form_page(
                app,
                s,
                account,
                action,
                form,
                said,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => error_page(tr, &e),
    }
}

/// The page after a report: the new ticket's number, large, to read back
/// to the caller (a GET, so reloading it opens nothing).
pub async fn opened(State(app): State<App>, s: Signed, Path(number): Path<String>) -> Response {
    let view = match app.services.tickets.ticket(&s.caller.actor, &number).await {
        Ok(v) => v,
        Err(e) => return error_page(s.tr, &e),
    };
    let customer = s.caller.actor.role == Role::Customer;
    render(&DonePage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        customer,
        number: Some(view.record.number.to_string()),
        debt: None,
        again: if customer {
            "/ui/portal".to_owned()
        } else {
            "/ui/intake".to_owned()
        },
    })
}

pub async fn submit(
    State(app): State<App>,
    Path(account): Path<String>,
    p: Posted<ReportForm>,
) -> Response {
    let action = format!("/ui/intake/{account}");
    submit_report(
        &app,
        &p.signed,
        &account,
        Channel::Phone,
        p.form,
        (action, "/ui/intake".to_owned()),
    )
    .await
}
