//! A ticket's page: its facts, its clock, its notes and timeline, and only
//! the actions the caller's role may take now (the services' own list).
//! Each action form carries the version the page showed, so a form that
//! went stale (someone else changed the ticket) says so instead of
//! overwriting. The forms that change the ticket (an action, a note) are
//! in `writes.rs`.

use askama::Template;
use averias_domain::{Role, Visibility};
use averias_store::TicketFilter;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render_status, when};
use super::queue::sla_look;
use super::session::Signed;
use crate::App;

mod context;
mod files;
mod writes;
use averias_services::tickets::{ActionName, TicketView};
pub use files::{delete as delete_attachment, upload as upload_attachments};
pub(crate) use writes::refused;
pub use writes::{act, edit_facts, merge, note, set_owner};

struct TicketFacts {
    number: String,
    title: String,
    status: &'static str,
    status_key: String,
    next_key: String,
    stage: String,
    account: String,
    lines: String,
    fault_type: String,
    channel: String,
    reported: String,
    reporter: String,
    description: String,
    resolution: Option<String>,
    parent: Option<String>,
    /// Whether the reader may open the mass incident (a sales consultant
    /// or a customer sees its number only).
    incident_link: bool,
    deadline: String,
    remaining: String,
    sla_class: &'static str,
    sla_key: &'static str,
    policy: Option<String>,
    version: i64,
}

struct ActionForm {
    name: &'static str,
    label_key: String,
    /// The text field the action needs, if any, and its label's key.
    needs: Option<(&'static str, &'static str)>,
    /// It ends or undoes something: drawn apart from the step forward,
    /// and asks first (the catalog's `confirm-<action>`).
    danger: bool,
    /// Escalation goes by fault type (R-TRIAGE-4): the types to choose
    /// from as (code, "name → group", chosen now), so an unclassified
    /// fault is classified in the same step instead of refused.
    fault_types: Vec<(String, String, bool)>,
}

struct NoteLine {
    at: String,
    author: String,
    visibility: &'static str,
    internal: bool,
    body: String,
}

struct Event {
    at: String,
    status_key: String,
    stage: String,
    action: String,
    reason: Option<String>,
}

/// How the resolution clock counted: on which calendar, what each span of
/// the history added.
struct ClockExplained {
    calendar: String,
    target: String,
    counted: String,
    spans: Vec<Span>,
}

struct Span {
    from: String,
    to: String,
    status_key: String,
    kind: &'static str,
    counted: String,
}

/// An escalation step that fired (R-SLA-2).
struct Fired {
    at: String,
    step: String,
    reason: String,
}

/// A notification about the ticket and how its delivery went (R-INFORM-1).
struct Sent {
    at: String,
    event: String,
    channel: String,
    recipient: String,
    state: String,
}

/// The form that corrects what intake recorded (fault type, severity,
/// lines, description, contact), for staff who may (the services' rule).
struct FactsForm {
    fault_types: Vec<(String, String, bool)>,
    severities: Vec<(&'static str, String, bool)>,
    lines: Vec<(String, bool)>,
    description: String,
    reporter_name: String,
    reporter_phone: String,
    reporter_email: String,
}

/// Who may own the ticket now, for the take / assign / release forms.
struct OwnerForm {
    /// The reader owns it (no "take it").
    mine: bool,
    /// Somebody owns it (offer "release").
    owned: bool,
    /// The people of the group working it: (name, owns it now).
    people: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "ui/ticket.html")]
struct TicketPage {
    tr: Tr,
    chrome: Chrome,
    t: TicketFacts,
    customer: bool,
    actions: Vec<ActionForm>,
    may_note: bool,
    notes: Vec<NoteLine>,
    timeline: Vec<Event>,
    children: Vec<String>,
    clock: Option<ClockExplained>,
    escalations: Vec<Fired>,
    sent: Vec<Sent>,
    /// Link to book or see the repair appointment (awaiting repair).
    repair_link: bool,
    /// For center staff who may certify: the backup units they hold.
    certify_units: Option<Vec<(String, String)>>,
    facts_form: Option<FactsForm>,
    /// The account's other faults and its lines (staff only).
    context: Option<context::CustomerContext>,
    /// The account's other open faults this one may be merged into, as
    /// (number, "number · title"); empty when it may not be merged.
    merge_into: Vec<(String, String)>,
    /// The fault this one was merged into, and whether the reader may open it.
    duplicate_of: Option<String>,
    /// The ticket's files the reader may see.
    files: Vec<files::FileLine>,
    /// The reader may attach files (a note writer, the ticket open).
    may_attach: bool,
    /// The reader may delete files (operator staff).
    may_delete_files: bool,
    /// Canned responses to insert in the note: (value, label, text), each
    /// in Spanish and in English.
    canned: Vec<(String, String, String)>,
    /// What the note box starts with (a canned response inserted).
    note_text: String,
    /// Who works the ticket (staff only; `None` to others).
    owner: Option<String>,
    /// Take / assign / release, for who may set the owner.
    owner_form: Option<OwnerForm>,
    /// The customer's devices on the ticket ("Samsung Galaxy A05s · IMEI …").
    devices: Vec<String>,
    stale: bool,
    /// What the step just taken did ("Escalada a COR").
    done: Option<String>,
    form_error: Option<String>,
    note_error: Option<String>,
}

/// What the page says besides the ticket itself.
#[derive(Default)]
struct Outcome {
    stale: bool,
    /// The step just taken (`?done=escalate`), said in words on the page.
    done: Option<String>,
    form_error: Option<String>,
    note_error: Option<String>,
    /// The canned response chosen for the note box (`<id>` or `<id>:en`).
    canned: Option<String>,
}

fn facts(
    tr: Tr,
    v: &TicketView,
    zone: chrono_tz::Tz,
    names: &std::collections::HashMap<String, String>,
) -> TicketFacts {
    let r = &v.record;
    let (sla_class, sla_key, remaining) = if r.clock_stopped_at.is_some() || r.status.is_final() {
        ("none", "sla-stopped", "—".to_owned())
    } else {
        sla_look(r.sla_due_at.or(Some(r.deadline_at)), v.now)
    };
    TicketFacts {
        number: r.number.to_string(),
        title: r.title.clone(),
        status: r.status.as_str(),
        status_key: format!("status-{}", r.status.as_str()),
        next_key: format!("next-{}", r.status.as_str()),
        stage: tr.stage(r.stage),
        account: match (&r.account_number, &r.account_name) {
            (Some(n), Some(name)) => format!("{n} · {name}"),
            _ => String::new(),
        },
        lines: r
            .lines
            .iter()
            .map(|m| m.as_str().to_owned())
            .collect::<Vec<_>>()
            .join(", "),
        fault_type: super::pages::fault_type_label(r.fault_type.as_deref(), names),
        channel: tr.label("channel", r.channel.as_str()),
        reported: when(r.reported_at, zone),
        reporter: [
            r.reporter.name.as_str(),
            r.reporter.phone.as_str(),
            r.reporter.email.as_ref().map(|e| e.as_str()).unwrap_or(""),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · "),
        description: r.description.clone(),
        resolution: r.resolution.clone(),
        parent: r.parent_number.clone(),
        incident_link: false,
        deadline: when(r.sla_due_at.unwrap_or(r.deadline_at), zone),
        remaining,
        sla_class,
        sla_key,
        policy: v.sla.as_ref().map(|c| c.policy.clone()),
        version: r.version,
    }
}

fn action_forms(tr: Tr, v: &TicketView, types: &[averias_store::FaultType]) -> Vec<ActionForm> {
    v.next_actions
        .iter()
        .filter_map(|a| ActionName::parse(a).ok())
        .map(|a| ActionForm {
            name: a.as_str(),
            label_key: format!("action-{}", a.as_str()),
            needs: match a {
                ActionName::Resolve | ActionName::ReturnSolution | ActionName::CertifyRepair => {
                    Some(("resolution", "ticket-done"))
                }
                ActionName::Cancel | ActionName::RejectResolution => {
                    Some(("reason", "ticket-reason"))
                }
                _ => None,
            },
            danger: matches!(
                a,
                ActionName::Cancel | ActionName::Close | ActionName::RejectResolution
            ),
            fault_types: if a == ActionName::Escalate {
                types
                    .iter()
                    .filter(|f| f.active)
                    .map(|f| {
                        let to = tr.label("role", f.second_level.as_str());
                        let chosen = v.record.fault_type.as_deref() == Some(f.code.as_str());
                        (f.code.clone(), format!("{} → {to}", f.name), chosen)
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

async fn show(
    app: &App,
    s: &Signed,
    number: &str,
    outcome: Outcome,
    status: StatusCode,
) -> Response {
    let actor = &s.caller.actor;
    let view = match app.services.tickets.ticket(actor, number).await {
        Ok(v) => v,
        Err(e) => return error_page(s.tr, &e),
    };
    let (notes, history, types) = match futures::try_join!(
        app.services.tickets.notes(actor, number),
        app.services.tickets.history(actor, number),
        app.services.admin.fault_types()
    ) {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let names: std::collections::HashMap<String, String> = types
        .iter()
        .map(|f| (f.code.clone(), f.name.clone()))
        .collect();
    // What only operator staff see: escalations fired, messages sent.
    let (escalations, sent) = if actor.role.is_operator_staff() {
        match futures::try_join!(
            app.services.escalations.escalations(actor, number),
            app.services
                .notifications
                .ticket_notifications(actor, number)
        ) {
            Ok(x) => x,
            Err(e) => return error_page(s.tr, &e),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    // The resolution clock, span by span, for staff (R-SLA-1/3).
    let clock = if actor.role.is_operator_staff() {
        match app
            .services
            .tickets
            .explain_clock(
                actor,
                number,
                averias_services::tickets::ClockKind::Resolution,
                None,
                None,
                None,
            )
            .await
        {
            Ok((calendar, c)) => Some(ClockExplained {
                calendar,
                target: super::pages::span(c.target_seconds),
                counted: super::pages::span(c.elapsed_seconds),
                spans: c
                    .segments
                    .iter()
                    .map(|g| Span {
                        from: when(g.from, app.services.reports.settings.zone),
                        to: when(g.to, app.services.reports.settings.zone),
                        status_key: format!("status-{}", g.status.as_str()),
                        kind: match g.kind {
                            averias_domain::sla_policy::SegmentKind::Counted => "clock-counted",
                            averias_domain::sla_policy::SegmentKind::Paused => "clock-paused",
                            averias_domain::sla_policy::SegmentKind::Stopped => "clock-stopped",
                        },
                        counted: super::pages::span(g.counted_seconds),
                    })
                    .collect(),
            }),
            Err(e) => return error_page(s.tr, &e),
        }
    } else {
        None
    };
    let children = if view.record.kind == averias_domain::TicketKind::Incident {
        let filter = TicketFilter {
            parent_id: Some(view.record.id),
            limit: 200,
            ..TicketFilter::default()
        };
        match app.services.tickets.tickets(actor, filter).await {
            Ok(p) => p
                .items
                .iter()
                .map(|c| c.record.number.to_string())
                .collect(),
            Err(e) => return error_page(s.tr, &e),
        }
    } else {
        Vec::new()
    };
    let zone = app.services.reports.settings.zone;
    let awaiting_repair = matches!(view.record.stage, averias_domain::Stage::AwaitingRepair);
    let devices = if actor.role.is_operator_staff() || actor.role == Role::InstallationCenter {
        match app.services.repair.ticket_devices(actor, number).await {
            Ok(d) => d,
            Err(e) => return error_page(s.tr, &e),
        }
    } else {
        Vec::new()
    };
    let certify_units = if view.next_actions.contains(&"certify_repair")
        && actor.role == Role::InstallationCenter
    {
        let models: Vec<&str> = devices.iter().map(|d| d.model.as_str()).collect();
        Some(backup_units(app, s, &models).await)
    } else {
        None
    };
    let facts_form = if averias_services::tickets::may_edit_facts(actor, &view.record) {
        let r = &view.record;
        let account = r.account_number.clone().unwrap_or_default();
        let lines = match app.services.admin.account_lines(actor, &account).await {
            Ok(lines) => lines,
            Err(e) => return error_page(s.tr, &e),
        };
        Some(FactsForm {
            fault_types: types
                .iter()
                .filter(|f| f.active)
                .map(|f| {
                    let chosen = r.fault_type.as_deref() == Some(f.code.as_str());
                    (f.code.clone(), f.name.clone(), chosen)
                })
                .collect(),
            severities: averias_domain::Severity::ALL
                .iter()
                .map(|v| {
                    (
                        v.as_str(),
                        s.tr.label("severity", v.as_str()),
                        *v == r.severity,
                    )
                })
                .collect(),
            lines: lines
                .iter()
                .map(|l| (l.msisdn.as_str().to_owned(), r.lines.contains(&l.msisdn)))
                .collect(),
            description: r.description.clone(),
            reporter_name: r.reporter.name.clone(),
            reporter_phone: r.reporter.phone.clone(),
            reporter_email: r
                .reporter
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        })
    } else {
        None
    };
    let owner_form = if view.next_actions.contains(&"assign") {
        match app
            .services
            .tickets
            .possible_owners(actor, &view.record)
            .await
        {
            Ok(people) => Some(OwnerForm {
                mine: view.record.owner_id == Some(actor.user_id),
                owned: view.record.owner_id.is_some(),
                people: people
                    .into_iter()
                    .map(|u| {
                        let now = view.record.owner_id == Some(u.id);
                        (u.name, now)
                    })
                    .collect(),
            }),
            Err(e) => return error_page(s.tr, &e),
        }
    } else {
        None
    };
    let context = match context::of(app, actor, &view).await {
        Ok(c) => c,
        Err(e) => return error_page(s.tr, &e),
    };
    let merge_into = match (
        &context,
        averias_services::tickets::may_merge(actor, &view.record),
    ) {
        (Some(c), true) => c
            .faults
            .iter()
            .filter(|f| f.open)
            .map(|f| (f.number.clone(), format!("{} · {}", f.number, f.title)))
            .collect(),
        _ => Vec::new(),
    };
    let (canned_es, canned_en) = match futures::try_join!(
        app.services
            .canned
            .for_ticket(actor, &view.record, averias_domain::Lang::Es),
        app.services
            .canned
            .for_ticket(actor, &view.record, averias_domain::Lang::En)
    ) {
        Ok(x) => x,
        Err(e) => return error_page(s.tr, &e),
    };
    let english = s.tr.t("canned-english");
    let canned: Vec<(String, String, String)> = canned_es
        .into_iter()
        .map(|(c, text)| (c.id.to_string(), c.name, text))
        .chain(canned_en.into_iter().map(|(c, text)| {
            (
                format!("{}:en", c.id),
                format!("{} · {english}", c.name),
                text,
            )
        }))
        .collect();
    let note_text = outcome
        .canned
        .as_deref()
        .and_then(|chosen| canned.iter().find(|c| c.0 == chosen))
        .map(|c| c.2.clone())
        .unwrap_or_default();
    let file_list = match app.services.attachments.list(actor, number).await {
        Ok(f) => files::lines(s.tr, actor, f, zone),
        Err(e) => return error_page(s.tr, &e),
    };
    let page = TicketPage {
        tr: s.tr,
        files: file_list,
        may_attach: view.next_actions.contains(&"add_note"),
        may_delete_files: files::may_delete(actor),
        canned,
        note_text,
        merge_into,
        duplicate_of: view.record.duplicate_of_number.clone(),
        context,
        owner: actor.role.is_operator_staff().then(|| {
            view.record
                .owner_name
                .clone()
                .unwrap_or_else(|| s.tr.t("ticket-no_owner"))
        }),
        owner_form,
        chrome: Chrome::of(s),
        customer: actor.role == Role::Customer,
        // Center staff certify through the full form (with the swap).
        actions: action_forms(s.tr, &view, &types)
            .into_iter()
            .filter(|a| !(a.name == "certify_repair" && certify_units.is_some()))
            .collect(),
        may_note: view.next_actions.contains(&"add_note"),
        notes: notes
            .into_iter()
            .map(|n| NoteLine {
                at: when(n.created_at, zone),
                author: n.author_name,
                visibility: n.visibility.as_str(),
                internal: n.visibility == Visibility::Internal,
                body: n.body,
            })
            .collect(),
        timeline: history
            .status_changes
            .into_iter()
            .map(|c| Event {
                at: when(c.at, zone),
                status_key: format!("status-{}", c.status.as_str()),
                stage: s.tr.stage(c.stage),
                action: s.tr.label("action", &c.action),
                reason: c.reason,
            })
            .collect(),
        children,
        clock,
        escalations: escalations
            .into_iter()
            .map(|e| Fired {
                at: when(e.fired_at, zone),
                reason: escalation_reason(s.tr, &e.actions["why"]).unwrap_or(e.reason),
                step: e.step_key,
            })
            .collect(),
        sent: sent
            .into_iter()
            .map(|m| Sent {
                at: when(m.message.created_at, zone),
                event: s.tr.label("event", &m.message.event),
                channel: s.tr.label("sent", &m.message.channel),
                recipient: m.message.recipient,
                state: s.tr.label("delivery", &m.state),
            })
            .collect(),
        repair_link: awaiting_repair && actor.role != Role::InstallationCenter,
        certify_units,
        facts_form,
        devices: devices
            .iter()
            .map(|d| format!("{} {} · IMEI {}", d.make, d.model, d.imei.as_str()))
            .collect(),
        t: TicketFacts {
            // Incidents are the operator's: staff open them, the others
            // read their number.
            incident_link: actor.role.is_operator_staff(),
            ..facts(s.tr, &view, zone, &names)
        },
        stale: outcome.stale,
        done: outcome
            .done
            .map(|step| done_text(s.tr, &step, &view.record)),
        form_error: outcome.form_error,
        note_error: outcome.note_error,
    };
    render_status(&page, status)
}

/// Why an escalation step fired, in the reader's language, from what the
/// step recorded (`None` for steps recorded before it kept that).
fn escalation_reason(tr: Tr, why: &serde_json::Value) -> Option<String> {
    use averias_i18n::Arg;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let event = match why["trigger"].as_str()? {
        "opened" => tr.t("esc-opened"),
        "warning" => tr.t_with(
            "esc-warning",
            &[("percent", Arg::from(why["percent"].as_i64().unwrap_or(0)))],
        ),
        "breach" => tr.t("esc-breach"),
        "stage" => tr.t_with(
            "esc-stage",
            &[("stage", Arg::from(tr.label("stage", &text(&why["stage"]))))],
        ),
        _ => return None,
    };
    let condition = tr.label("esc", why["condition"].as_str()?);
    let mut out = tr.t_with(
        "esc-why",
        &[
            (
                "delay",
                Arg::from(why["delay_minutes"].as_i64().unwrap_or(0)),
            ),
            ("calendar", Arg::from(text(&why["calendar"]))),
            ("event", Arg::from(event)),
            ("condition", Arg::from(condition)),
        ],
    );
    if let Some(late) = why["late_seconds"].as_i64() {
        out.push_str("; ");
        out.push_str(&tr.t_with("esc-late", &[("seconds", Arg::from(late))]));
    }
    Some(out)
}

/// What a step did, in words: each action says its own outcome (an
/// escalation names the group now holding the ticket); anything else in
/// `?done=` is a plain "Done.".
fn done_text(tr: Tr, step: &str, t: &averias_store::TicketRecord) -> String {
    match step {
        "escalate" => tr.t_with(
            "done-escalate",
            &[(
                "group",
                averias_i18n::Arg::from(tr.label("role", t.stage.group())),
            )],
        ),
        "assign" => match &t.owner_name {
            Some(owner) => tr.t_with(
                "done-assign",
                &[("owner", averias_i18n::Arg::from(owner.clone()))],
            ),
            None => tr.t("done-release"),
        },
        "take" => tr.t("done-take"),
        "attach" => tr.t("done-attach"),
        "detach" => tr.t("done-detach"),
        "merge" => tr.t_with(
            "done-merge",
            &[(
                "original",
                averias_i18n::Arg::from(t.duplicate_of_number.clone().unwrap_or_default()),
            )],
        ),
        "start_work"
        | "resolve"
        | "classify_point_fault"
        | "return_solution"
        | "certify_repair"
        | "reject_resolution"
        | "close"
        | "cancel"
        | "note"
        | "edit_facts" => tr.label("done", step),
        _ => tr.t("ticket-saved"),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Flash {
    #[serde(default)]
    done: Option<String>,
    /// A canned response to put in the note box (`<id>` or `<id>:en`),
    /// from the insert form when the page runs no script.
    #[serde(default)]
    canned: Option<String>,
}

pub async fn page(
    State(app): State<App>,
    s: Signed,
    Path(number): Path<String>,
    Query(flash): Query<Flash>,
) -> Response {
    let outcome = Outcome {
        done: flash.done,
        canned: flash.canned.filter(|c| !c.is_empty()),
        ..Outcome::default()
    };
    show(&app, &s, &number, outcome, StatusCode::OK).await
}

#[derive(Debug, Deserialize, Default)]
pub struct Lookup {
    #[serde(default)]
    number: String,
}

/// `?number=AV-…` from a look-up form: that ticket's page.
/// A number typed into a look-up box, as people type it (any case, short,
/// only its last digits: see `TicketNumber::read_loosely`).
pub async fn lookup(State(app): State<App>, s: Signed, Query(q): Query<Lookup>) -> Response {
    use chrono::Datelike;
    let year = app.services.clock.now().year();
    match averias_domain::TicketNumber::read_loosely(&q.number, year) {
        Some(n) => Redirect::to(&format!("/ui/tickets/{n}")).into_response(),
        None => error_page(
            s.tr,
            &averias_services::ServiceError::not_found("ticket", q.number.trim()),
        ),
    }
}

/// Units a center may put in service, for the certification form: those
/// of the customer's own model first; any other is marked as another
/// model, so a swap to a different phone is a choice, not a slip.
async fn backup_units(app: &App, s: &Signed, models: &[&str]) -> Vec<(String, String)> {
    let actor = &s.caller.actor;
    let filter = averias_store::UnitFilter {
        location: actor.group.clone(),
        status: Some(averias_domain::repair::UnitStatus::Available),
        limit: 200,
        ..averias_store::UnitFilter::default()
    };
    let mut units = app
        .services
        .repair
        .stock_units(actor, filter)
        .await
        .unwrap_or_default();
    let same = |model: &str| models.is_empty() || models.contains(&model);
    units.sort_by_key(|u| !same(&u.model));
    units
        .into_iter()
        .map(|u| {
            let mut label = format!("{} {} · {}", u.make, u.model, u.imei);
            if !same(&u.model) {
                label = format!("{label} — {}", s.tr.t("repair-other_model"));
            }
            (u.imei.clone(), label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::Lang;

    #[test]
    fn an_escalation_says_why_it_fired_in_the_readers_language() {
        let why = serde_json::json!({
            "delay_minutes": 0, "calendar": "24x7", "trigger": "warning", "percent": 75,
            "stage": null, "condition": "unresolved", "late_seconds": 6120,
        });
        let es = escalation_reason(Tr(Lang::Es), &why).unwrap();
        assert!(es.contains("que el plazo llegara al 75"), "{es}");
        assert!(
            es.contains("la avería sigue sin resolver") && es.contains("6120 s tarde"),
            "{es}"
        );
        let en = escalation_reason(Tr(Lang::En), &why).unwrap();
        assert!(en.contains("the resolution clock reaching 75"), "{en}");
        let stage = serde_json::json!({
            "delay_minutes": 30, "calendar": "24x7", "trigger": "stage", "stage": "with_csm",
            "condition": "not_taken", "late_seconds": null,
        });
        let es = escalation_reason(Tr(Lang::Es), &stage).unwrap();
        assert!(
            es.contains("«En el CSM»") && !es.contains("with_csm"),
            "{es}"
        );
        // Steps recorded before the reason was kept as data keep their sentence.
        assert_eq!(
            escalation_reason(Tr(Lang::Es), &serde_json::Value::Null),
            None
        );
    }
}
