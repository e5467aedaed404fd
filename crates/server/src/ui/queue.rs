//! The queue of a group: open faults with their SLA countdown, nearest
//! deadline first, refreshed in place every 30 seconds (htmx).

use askama::Template;
use averias_domain::Status;
use averias_store::{TicketFilter, TicketSort};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, fault_type_label, fault_type_names, render, span, when};
use super::session::Signed;
use crate::App;
use averias_services::tickets::TicketView;
use std::collections::HashMap;

/// A deadline this close is shown as "due soon" (a quarter of the 24-hour
/// attention target, R-SLA-1: the policy's first warning is at 75 %).
const WARN_BEFORE_SECONDS: i64 = 6 * 3600;

/// How a deadline is shown: CSS class and the word beside it.
pub fn sla_look(
    due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (&'static str, &'static str, String) {
    match due {
        None => ("none", "sla-none", "—".to_owned()),
        Some(d) => {
            let left = (d - now).num_seconds();
            if left <= 0 {
                ("breach", "sla-breached", span(left))
            } else if left <= WARN_BEFORE_SECONDS {
                ("warn", "sla-warning", span(left))
            } else {
                ("ok", "sla-ok", span(left))
            }
        }
    }
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct QueueQuery {
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    breached: Option<bool>,
    /// A ticket number as people type it (opens it), else words of the
    /// title or description.
    #[serde(default)]
    q: Option<String>,
    /// `me`: the caller's own; `none`: nobody's yet; else anyone's.
    #[serde(default)]
    owner: Option<String>,
    /// 1-based page of [`PAGE_SIZE`] rows.
    #[serde(default)]
    page: Option<i64>,
    /// After a bulk step: how many tickets it was done on.
    #[serde(default)]
    bulk_done: Option<usize>,
    /// After a bulk step: the refused ones, `number:code` comma-separated.
    #[serde(default)]
    bulk_refused: Option<String>,
}

/// Rows a queue page shows.
const PAGE_SIZE: i64 = 50;

pub struct Row {
    number: String,
    title: String,
    /// A mass incident, marked as such (it has no account).
    incident: bool,
    account: String,
    fault_type: String,
    status_key: String,
    stage: String,
    owner: String,
    reported: String,
    due: String,
    remaining: String,
    sla_class: &'static str,
    sla_key: &'static str,
}

#[derive(Template)]
#[template(path = "ui/queue.html")]
struct QueuePage {
    tr: Tr,
    chrome: Chrome,
    groups: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    group: String,
    status: String,
    breached: bool,
    q: String,
    /// The owner filter (`me`, `none` or empty), for staff.
    owner: String,
    may_filter_owner: bool,
    total: String,
    query: String,
    /// The page shown, for the rows' refresh.
    page: i64,
    rows: Vec<Row>,
    /// The database's change mark the rows were read at: the live stream's
    /// first word only refreshes them when something changed since.
    mark: i64,
    /// "Page 2 of 3", and the links to the pages before and after.
    pager: Pager,
    /// The caller's saved views: (id, name, query).
    views: Vec<(String, String, String)>,
    /// Rows carry a box and the bulk form shows (roles that work tickets).
    selectable: bool,
    /// Colleagues a selection may be assigned to.
    colleagues: Vec<String>,
    /// What the last bulk step did, and what it could not do, in words.
    bulk_done: Option<String>,
    bulk_refused: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "ui/_queue_rows.html")]
struct QueueRows {
    tr: Tr,
    query: String,
    page: i64,
    rows: Vec<Row>,
    mark: i64,
    selectable: bool,
}

/// Roles whose queue rows can be selected for a bulk step.
fn selectable(s: &Signed) -> bool {
    use averias_domain::Role;
    matches!(
        s.caller.actor.role,
        Role::Csm | Role::Cor | Role::Sigis | Role::Gsac | Role::Admin
    )
}

/// Why a bulk step was refused for one ticket, in words: the common
/// reasons by name; the full reason is the ticket's own page's.
fn bulk_refusal(tr: Tr, code: &str) -> String {
    match code {
        "forbidden" | "not_found" | "illegal_transition" | "nothing_to_change"
        | "owner_not_in_group" | "ticket_not_open" | "stale_version" | "concurrent_update" => {
            tr.label("bulk", code)
        }
        _ => tr.t("bulk-other"),
    }
}

const STATUSES: &[(&str, &str)] = &[
    ("acknowledged", "status-acknowledged"),
    ("inProgress", "status-inProgress"),
    ("pending", "status-pending"),
    ("held", "status-held"),
    ("resolved", "status-resolved"),
    ("closed", "status-closed"),
    ("cancelled", "status-cancelled"),
];

/// The query as the page shows it: the caller's own group by default, open
/// faults by default.
fn effective(s: &Signed, q: &QueueQuery) -> (String, String, bool) {
    let group = q
        .group
        .clone()
        .unwrap_or_else(|| s.caller.actor.group.clone().unwrap_or_default());
    let status = q.status.clone().unwrap_or_else(|| "open".to_owned());
    (group, status, q.breached.unwrap_or(false))
}

/// The owner filter as the page offers it: `me`, `none`, or anyone's.
fn owner_word(q: &QueueQuery) -> &'static str {
    match q.owner.as_deref().map(str::trim) {
        Some("me") => "me",
        Some("none") => "none",
        _ => "",
    }
}

fn row(tr: Tr, v: &TicketView, zone: chrono_tz::Tz, names: &HashMap<String, String>) -> Row {
    let r = &v.record;
    let (sla_class, sla_key, remaining) = if r.status.is_final() || r.clock_stopped_at.is_some() {
        ("none", "sla-stopped", "—".to_owned())
    } else {
        sla_look(r.sla_due_at, v.now)
    };
    Row {
        number: r.number.to_string(),
        title: r.title.clone(),
        incident: r.kind == averias_domain::TicketKind::Incident,
        account: match (&r.account_number, &r.account_name) {
            (Some(n), Some(name)) => format!("{n} · {name}"),
            _ => String::new(),
        },
        fault_type: fault_type_label(r.fault_type.as_deref(), names),
        status_key: format!("status-{}", r.status.as_str()),
        stage: tr.stage(r.stage),
        owner: r.owner_name.clone().unwrap_or_default(),
        reported: when(r.reported_at, zone),
        due: r.sla_due_at.map(|d| when(d, zone)).unwrap_or_default(),
        remaining,
        sla_class,
        sla_key,
    }
}

/// Where a queue page sits among the pages of its query.
pub struct Pager {
    /// "Página 2 de 3".
    label: String,
    page: i64,
    /// Links (with the query) to the page before and after, if any.
    previous: Option<String>,
    next: Option<String>,
}

async fn load(
    app: &App,
    s: &Signed,
    q: &QueueQuery,
) -> Result<(Vec<Row>, i64, String, Pager), Response> {
    let (group, status, breached) = effective(s, q);
    let text = q.q.clone().unwrap_or_default().trim().to_owned();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let owner = owner_word(q);
    let owner_is = match owner {
        "" => None,
        word => Some(
            app.services
                .tickets
                .owner_is(&s.caller.actor, word)
                .await
                .map_err(|e| error_page(s.tr, &e))?,
        ),
    };
    let mut filter = TicketFilter {
        group: (!group.is_empty()).then(|| group.clone()),
        breached: breached.then_some(true),
        text: (!text.is_empty()).then(|| text.clone()),
        owner: owner_is,
        sort: TicketSort::DeadlineFirst,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        ..TicketFilter::default()
    };
    filter.status = match status.as_str() {
        "" => Vec::new(),
        "open" => vec![
            Status::Acknowledged,
            Status::InProgress,
            Status::Pending,
            Status::Held,
            Status::Resolved,
        ],
        other => match other.parse::<Status>() {
            Ok(st) => vec![st],
            Err(_) => Vec::new(),
        },
    };
    let (found, names) = futures::try_join!(
        app.services.tickets.tickets(&s.caller.actor, filter),
        fault_type_names(app)
    )
    .map_err(|e| error_page(s.tr, &e))?;
    let zone = app.services.reports.settings.zone;
    let rows = found
        .items
        .iter()
        .map(|v| row(s.tr, v, zone, &names))
        .collect();
    let base = [
        ("group", group.as_str()),
        ("status", status.as_str()),
        ("breached", if breached { "true" } else { "false" }),
        ("q", text.as_str()),
        ("owner", owner),
    ];
    // The query without its page: what a saved view keeps.
    let query = serde_html_form::to_string(base).unwrap_or_default();
    let link = |to: i64| format!("/ui/queue?{query}&page={to}");
    // Past the count's cap the number of pages is unknown: "Page 201",
    // with a next page while pages come full.
    let (label, last) = if found.total_exact {
        let pages = ((found.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let label = s.tr.t_with(
            "queue-page_of",
            &[
                ("page", averias_i18n::Arg::from(page)),
                ("pages", averias_i18n::Arg::from(pages)),
            ],
        );
        (label, page >= pages)
    } else {
        let label =
            s.tr.t_with("queue-page", &[("page", averias_i18n::Arg::from(page))]);
        (label, (found.items.len() as i64) < PAGE_SIZE)
    };
    let pager = Pager {
        label,
        page,
        previous: (page > 1).then(|| link(page - 1)),
        next: (!last).then(|| link(page + 1)),
    };
    Ok((rows, found.total, query, pager))
}

pub async fn page(State(app): State<App>, s: Signed, Query(q): Query<QueueQuery>) -> Response {
    // A ticket number typed into the search box opens the ticket.
    if let Some(n) = q.q.as_deref().and_then(|typed| {
        use chrono::Datelike;
        averias_domain::TicketNumber::read_loosely(typed, app.services.clock.now().year())
    }) {
        return axum::response::IntoResponse::into_response(axum::response::Redirect::to(
            &format!("/ui/tickets/{n}"),
        ));
    }
    // Read before the rows: a change in between comes as a newer mark.
    let mark = change_mark(&app).await;
    let (rows, total, query, pager) = match load(&app, &s, &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (groups, views) = match futures::try_join!(
        app.services.admin.groups(),
        app.services.auth.views(&s.caller.actor)
    ) {
        Ok((g, v)) => (
            g.into_iter().map(|g| (g.code, g.name)).collect(),
            v.into_iter()
                .map(|v| (v.id.to_string(), v.name, v.query))
                .collect(),
        ),
        Err(e) => return error_page(s.tr, &e),
    };
    let (group, status, breached) = effective(&s, &q);
    let colleagues = match app.services.tickets.colleagues(&s.caller.actor).await {
        Ok(users) => users.into_iter().map(|u| u.name).collect(),
        Err(e) => return error_page(s.tr, &e),
    };
    let bulk_done = q.bulk_done.map(|n| {
        s.tr.t_with("bulk-done", &[("count", averias_i18n::Arg::from(n as i64))])
    });
    let bulk_refused = q
        .bulk_refused
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(number, code)| (number.to_owned(), bulk_refusal(s.tr, code)))
        .collect();
    render(&QueuePage {
        selectable: selectable(&s),
        colleagues,
        bulk_done,
        bulk_refused,
        tr: s.tr,
        chrome: Chrome::of(&s),
        groups,
        statuses: STATUSES.to_vec(),
        group,
        status,
        breached,
        q: q.q.clone().unwrap_or_default(),
        owner: owner_word(&q).to_owned(),
        may_filter_owner: s.caller.actor.role.is_operator_staff(),
        total: total.to_string(),
        query,
        page: pager.page,
        rows,
        mark,
        pager,
        views,
    })
}

#[derive(Debug, Deserialize)]
pub struct SaveView {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

pub async fn save_view(State(app): State<App>, p: super::session::Posted<SaveView>) -> Response {
    let s = p.signed;
    match app
        .services
        .auth
        .save_view(&s.caller.actor, &p.form.name, &p.form.query)
        .await
    {
        Ok(v) => axum::response::IntoResponse::into_response(axum::response::Redirect::to(
            &format!("/ui/queue?{}", v.query),
        )),
        Err(e) => error_page(s.tr, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn delete_view(
    State(app): State<App>,
    axum::extract::Path(id): axum::extract::Path<String>,
    p: super::session::Posted<Empty>,
) -> Response {
    let s = p.signed;
    match app.services.auth.delete_view(&s.caller.actor, &id).await {
        Ok(()) => {
            axum::response::IntoResponse::into_response(axum::response::Redirect::to("/ui/queue"))
        }
        Err(e) => error_page(s.tr, &e),
    }
}

/// The rows alone, for the page's periodic refresh.
pub async fn rows(State(app): State<App>, s: Signed, Query(q): Query<QueueQuery>) -> Response {
    let mark = change_mark(&app).await;
    match load(&app, &s, &q).await {
        Ok((rows, _, query, pager)) => render(&QueueRows {
            mark,
            selectable: selectable(&s),
            tr: s.tr,
            query,
            page: pager.page,
            rows,
        }),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    tickets: Vec<String>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    incident: String,
    /// The queue's query, to come back to it.
    #[serde(default)]
    query: String,
}

/// A bulk step on the ticked rows; back on the same queue, which says how
/// many it was done on and why each other one was refused.
pub async fn bulk(State(app): State<App>, p: super::session::Posted<BulkForm>) -> Response {
    use averias_services::bulk::BulkAction;
    let s = p.signed;
    let f = p.form;
    let action = match f.action.as_str() {
        "take" => BulkAction::Take,
        "assign" => BulkAction::Assign(f.owner),
        "note" => BulkAction::Note(averias_domain::Visibility::Internal, f.note),
        "close" => BulkAction::Close,
        "link_to_incident" => {
            use chrono::Datelike;
            let year = app.services.clock.now().year();
            let typed = f.incident.trim();
            BulkAction::LinkToIncident(
                averias_domain::TicketNumber::read_loosely(typed, year)
                    .map_or_else(|| typed.to_owned(), |n| n.to_string()),
            )
        }
        _ => {
            let e = averias_services::ServiceError::invalid(
                "unknown_action",
                "action",
                "choose what to do with the selection",
            );
            return error_page(s.tr, &e);
        }
    };
    let outcomes = match app.services.bulk(&s.caller.actor, &f.tickets, action).await {
        Ok(o) => o,
        Err(e) => return error_page(s.tr, &e),
    };
    let done = outcomes.iter().filter(|o| o.refused.is_none()).count();
    let refused: Vec<String> = outcomes
        .iter()
        .filter_map(|o| Some(format!("{}:{}", o.ticket, o.refused.as_ref()?.code())))
        .collect();
    // Only a query this page wrote comes back (no open redirect).
    let query: String = f
        .query
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=&%+-_.".contains(*c))
        .collect();
    let mut to = format!("/ui/queue?{query}&bulk_done={done}");
    if !refused.is_empty() {
        to.push_str("&bulk_refused=");
        to.push_str(&refused.join(","));
    }
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(&to))
}

/// The database's change mark now (0 if it cannot be read: the page then
/// refreshes on the stream's first word, as it would anyway).
async fn change_mark(app: &App) -> i64 {
    app.services.store.change_mark().await.unwrap_or(0)
}
