//! Bulk ticket generation for benchmarks: a year of realistic history on top
//! of the demo operator, written through `Store::bulk_load_tickets` in large
//! transactions. Every ticket's path is walked with the real state machine,
//! so statuses, stages and histories are ones the procedure can produce.

use std::sync::Arc;

use averias_domain::{
    Action, Channel, Msisdn, Position, Role, SecondLevel, Severity, Status, TicketId, TicketNumber,
    UserId, decide,
};
use averias_store::{
    AccountFilter, AuditEvent, BulkTicket, Note, Reporter, StatusChange, Store, TicketRecord,
};

use crate::bulk_text;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use averias_services::{ServiceError, ServiceResult};

/// Tickets per transaction.
const BATCH: usize = 5_000;

const FAULTS: &[(&str, SecondLevel, &str)] = &[
    ("no_signal", SecondLevel::Cor, "Sin señal en la sede"),
    (
        "dropped_calls",
        SecondLevel::Cor,
        "Llamadas caídas en la zona industrial",
    ),
    ("slow_data", SecondLevel::Cor, "Datos móviles lentos"),
    ("sms_failure", SecondLevel::Sigis, "No se reciben SMS"),
    ("roaming", SecondLevel::Sigis, "Roaming no registra"),
    (
        "device_failure",
        SecondLevel::Gsac,
        "El equipo se reinicia solo",
    ),
    ("sim_failure", SecondLevel::Gsac, "SIM no reconocida"),
];

struct Walk {
    pos: Position,
    history: Vec<StatusChange>,
    at: DateTime<Utc>,
    resolution: Option<String>,
    stopped: Option<DateTime<Utc>>,
}

/// Adds `count` tickets to a database that already holds the demo operator,
/// reported over the year before `now`. `progress` is called after each batch
/// with the number written so far.
pub async fn load(
    store: Arc<dyn Store>,
    count: usize,
    now: DateTime<Utc>,
    progress: impl Fn(usize),
) -> ServiceResult<()> {
    load_over(store, count, now, Duration::days(365), progress).await
}

/// As [`load`], with the tickets reported over `span` before `now`. Tickets
/// of the last three days are mostly still open, so a short span loads an
/// open backlog (the timer benchmark's million open tickets).
pub async fn load_over(
    store: Arc<dyn Store>,
    count: usize,
    now: DateTime<Utc>,
    span: Duration,
    progress: impl Fn(usize),
) -> ServiceResult<()> {
    let always = averias_domain::calendar::Calendar::always(averias_services::calendars::ALWAYS);
    let default_policy = averias_domain::sla_policy::SlaPolicy::procedure_default();
    let accounts = store
        .list_accounts(&AccountFilter {
            limit: 10_000,
            ..Default::default()
        })
        .await?
        .items;
    let mut lines: Vec<(averias_domain::AccountId, String, String, Vec<Msisdn>)> = Vec::new();
    for a in accounts
        .iter()
        .filter(|a| matches!(a.billing, averias_domain::BillingState::Operative))
    {
        let l: Vec<Msisdn> = store
            .lines_of_account(a.id)
            .await?
            .into_iter()
            .map(|l| l.msisdn)
            .collect();
        if !l.is_empty() {
            lines.push((a.id, a.number.clone(), a.name.clone(), l));
        }
    }
    if lines.is_empty() {
        return Err(ServiceError::invalid(
            "no_accounts",
            "accounts",
            "bulk tickets need the demo accounts; seed the demo first",
        ));
    }
    let users = store.list_users().await?;
    let by_role = |role: Role| {
        users
            .iter()
            .find(|u| u.role == role)
            .map(|u| u.id)
            .unwrap_or_default()
    };
    let actors: Vec<(Role, UserId)> = [
        Role::Teleservice,
        Role::Csm,
        Role::Cor,
        Role::Sigis,
        Role::Gsac,
        Role::InstallationCenter,
        Role::Customer,
    ]
    .into_iter()
    .map(|r| (r, by_role(r)))
    .collect();
    let names: Vec<(UserId, String)> = users.iter().map(|u| (u.id, u.name.clone())).collect();
    let name_of = |id: UserId| {
        names
            .iter()
            .find(|(u, _)| *u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let actor = |r: Role| {
        actors
            .iter()
            .find(|(x, _)| *x == r)
            .map(|(_, id)| *id)
            .unwrap_or_default()
    };

    let mut rng = StdRng::seed_from_u64(2026);
    let start = now - span;
    let span_ms = (now - start).num_milliseconds();
    let mut written = 0;
    while written < count {
        let n = BATCH.min(count - written);
        let mut batch = Vec::with_capacity(n);
        for i in written..written + n {
            let reported_at =
                start + Duration::milliseconds(span_ms * i as i64 / count.max(1) as i64);
            let (account_id, account_number, account_name, account_lines) =
                &lines[rng.random_range(0..lines.len())];
            let (fault_type, group, text) = FAULTS[rng.random_range(0..FAULTS.len())];
            let recent = now - reported_at < Duration::days(3);
            let reporter = actor(Role::Teleservice);
            let mut walk = Walk {
                pos: Position::new_fault(),
                history: vec![StatusChange {
                    ticket_id: TicketId::default(),
                    at: reported_at,
                    status: Status::Acknowledged,
                    stage: averias_domain::Stage::WithCsm,
                    action: "open".into(),
                    reason: None,
                    actor_id: reporter,
                }],
                at: reported_at,
                resolution: None,
                stopped: None,
            };
            let path = pick_path(&mut rng, recent, group);
            for action in path {
                let role = match action {
                    Action::ReturnSolution => group.role(),
                    Action::CertifyRepair => Role::InstallationCenter,
                    _ => Role::Csm,
                };
                let Ok(out) = decide(walk.pos, action, role) else {
                    break;
                };
                let step = Duration::minutes(rng.random_range(5..=if recent { 90 } else { 900 }));
                walk.at = (walk.at + step).min(now);
                if out.status.stops_attention_clock() && !walk.pos.status.stops_attention_clock() {
                    walk.stopped = Some(walk.at);
                }
                if matches!(
                    action,
                    Action::Resolve | Action::CertifyRepair | Action::ReturnSolution
                ) {
                    walk.resolution =
                        Some("Servicio restablecido y verificado con el cliente".into());
                }
                walk.pos = Position {
                    kind: walk.pos.kind,
                    status: out.status,
                    stage: out.stage,
                };
                walk.history.push(StatusChange {
                    ticket_id: TicketId::default(),
                    at: walk.at,
                    status: out.status,
                    stage: out.stage,
                    action: action.as_str().into(),
                    reason: None,
                    actor_id: actor(role),
                });
            }
            let id = TicketId::new();
            for h in &mut walk.history {
                h.ticket_id = id;
            }
            // Deadlines as the procedure default (R-SLA-1) gives them.
            let statuses: Vec<_> = walk.history.iter().map(|h| (h.at, h.status)).collect();
            let sla_due_at = averias_domain::sla_policy::policy_clock(
                &statuses,
                &always,
                &default_policy.resolution.clock_policy(),
                now,
            )
            .due(&always);
            let line = account_lines[rng.random_range(0..account_lines.len())].clone();
            let channel = Channel::ALL[rng.random_range(0..Channel::ALL.len())];
            let description = bulk_text::description(&mut rng, fault_type, line.as_str());
            // Notes along the way: staff's internal ones, and to the customer.
            let mut notes: Vec<Note> = Vec::new();
            for h in walk.history.iter().skip(1) {
                if notes.len() == 3 || !rng.random_bool(0.5) {
                    continue;
                }
                let internal = rng.random_bool(0.7);
                // CSM writes both: its records, and what the customer is told.
                let author = actor(Role::Csm);
                notes.push(Note {
                    id: uuid::Uuid::now_v7(),
                    ticket_id: id,
                    author_id: author,
                    author_name: name_of(author),
                    author_role: Role::Csm,
                    visibility: if internal {
                        averias_domain::Visibility::Internal
                    } else {
                        averias_domain::Visibility::Public
                    },
                    body: bulk_text::note(&mut rng, internal, line.as_str()),
                    created_at: h.at,
                });
            }
            batch.push(BulkTicket {
                record: TicketRecord {
                    id,
                    number: TicketNumber::new(0, 0),
                    kind: walk.pos.kind,
                    account_id: Some(*account_id),
                    account_number: Some(account_number.clone()),
                    account_name: Some(account_name.clone()),
                    channel,
                    fault_type: Some(fault_type.into()),
                    severity: if group == SecondLevel::Cor {
                        Severity::Major
                    } else {
                        Severity::Minor
                    },
                    title: text.into(),
                    description,
                    status: walk.pos.status,
                    stage: walk.pos.stage,
                    parent_id: None,
                    parent_number: None,
                    reporter: Reporter {
                        name: bulk_text::person(&mut rng),
                        phone: bulk_text::phone(&mut rng),
                        email: None,
                    },
                    reported_by: reporter,
                    reported_at,
                    updated_at: walk.at,
                    deadline_at: averias_domain::sla::attention_deadline(reported_at),
                    clock_stopped_at: walk.stopped,
                    resolution: walk.resolution,
                    cancel_reason: (walk.pos.status == Status::Cancelled)
                        .then(|| "Reporte duplicado".to_owned()),
                    version: walk.history.len() as i64,
                    sla_due_at,
                    response_due_at: None,
                    maintenance_id: None,
                    lines: vec![line],
                    equipment: vec![],
                    deleted_at: None,
                    owner_id: None,
                    owner_name: None,
                    duplicate_of: None,
                    duplicate_of_number: None,
                },
                history: walk.history,
                notes,
            });
        }
        let audit = AuditEvent {
            at: now,
            actor_id: None,
            actor_name: "bulk-load".into(),
            entity_type: "ticket".into(),
            entity_id: "*".into(),
            action: "bulk_load".into(),
            before: None,
            after: Some(serde_json::json!({"tickets": n})),
        };
        store.bulk_load_tickets(batch, &audit).await?;
        written += n;
        progress(written);
    }
    Ok(())
}

/// A realistic path: old tickets are almost all closed; recent ones are spread over every stage.
fn pick_path(rng: &mut StdRng, recent: bool, group: SecondLevel) -> Vec<Action> {
    use Action::*;
    let roll = rng.random_range(0..100);
    let closed_first_level = vec![StartWork, Resolve, Close];
    let closed_escalated = vec![StartWork, Escalate(group), ReturnSolution, Resolve, Close];
    let closed_repaired = vec![StartWork, ClassifyPointFault, CertifyRepair, Close];
    if !recent {
        return match roll {
            0..50 => closed_first_level,
            50..80 => closed_escalated,
            80..95 => closed_repaired,
            _ => vec![Cancel],
        };
    }
    match roll {
        0..20 => vec![],
        20..35 => vec![StartWork],
        35..55 => vec![StartWork, Escalate(group)],
        55..62 => vec![StartWork, Escalate(group), ReturnSolution],
        62..72 => vec![StartWork, ClassifyPointFault],
        72..80 => vec![StartWork, Resolve],
        80..95 => closed_first_level,
        _ => vec![Cancel],
    }
}
