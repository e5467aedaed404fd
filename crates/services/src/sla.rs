//! SLA policies and the escalation matrix (R-SLA-1..3) as the services use
//! them: a catalog (policies, rules, calendars) read from the store and
//! kept a few seconds, the clocks of one ticket, the deadlines stored for
//! lists, and the per-ticket timer that wakes the escalation worker.
//!
//! Clocks are always computed from the status history and the catalog,
//! never accumulated: the stored `sla_due_at` / `response_due_at` are
//! derived copies, rewritten by every change of the ticket and, after a
//! policy or calendar change, by the recompute job (`sla.recompute`).

use std::collections::HashMap;
use std::sync::Arc;

use averias_domain::calendar::Calendar;
use averias_domain::escalation::{EscalationPlan, EscalationRule, Level, TicketTimeline};
use averias_domain::sla_policy::{PolicyClock, SlaPolicy, policy_clock, response_clock};
use averias_domain::{Severity, Stage, Status, TicketId};
use averias_store::{ChangeSet, StatusChange, TicketRecord, TimerChange};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::ServiceResult;

/// Job kind of the per-ticket SLA timer.
pub const TIMER_KIND: &str = "sla.timer";
/// Job kind of the deadline recomputation after a policy or calendar change.
pub const RECOMPUTE_KIND: &str = "sla.recompute";

/// The ticket's timer row: one per ticket, moved as the ticket changes.
pub(crate) fn timer(ticket: TicketId, due_at: Option<DateTime<Utc>>) -> TimerChange {
    TimerChange {
        key: format!("sla:{ticket}"),
        kind: TIMER_KIND.into(),
        payload: serde_json::json!({ "ticket": ticket.to_string() }),
        due_at,
    }
}

/// Name of the default business calendar.
pub const BUSINESS: &str = "caracas-business";
/// Name of the 24×7 calendar R-SLA-1 measures on.
pub const ALWAYS: &str = "24x7";

/// Policies, escalation rules and calendars, as of one read.
#[derive(Debug)]
pub struct Catalog {
    policies: Vec<SlaPolicy>,
    rules: Vec<EscalationRule>,
    calendars: HashMap<String, Calendar>,
    default_policy: SlaPolicy,
    always: Calendar,
}

/// One clock of a ticket, with the calendar it runs on.
#[derive(Debug, Clone, Serialize)]
pub struct NamedClock {
    pub calendar: String,
    #[serde(flatten)]
    pub clock: PolicyClock,
}

/// A ticket's SLA clocks under the policy that covers it.
#[derive(Debug, Clone, Serialize)]
pub struct TicketClocks {
    pub policy: String,
    pub resolution: NamedClock,
    pub response: Option<NamedClock>,
}

impl TicketClocks {
    /// The deadlines stored for lists.
    pub(crate) fn due(&self, catalog: &Catalog) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let due = |c: &NamedClock| c.clock.due(catalog.calendar(&c.calendar));
        (due(&self.resolution), self.response.as_ref().and_then(due))
    }
}

impl Catalog {
    /// The policy covering a ticket: the most specific match, else R-SLA-1.
    pub fn policy(&self, fault_type: Option<&str>, severity: Severity) -> &SlaPolicy {
        averias_domain::sla_policy::select_policy(&self.policies, fault_type, severity)
            .unwrap_or(&self.default_policy)
    }

    /// A calendar by name; a name that no longer exists counts as 24×7
    /// (policies are checked on save, so only a deleted calendar gets here).
    pub fn calendar(&self, name: &str) -> &Calendar {
        self.calendars.get(name).unwrap_or(&self.always)
    }

    /// Whether a calendar of that name exists.
    pub fn has_calendar(&self, name: &str) -> bool {
        self.calendars.contains_key(name)
    }

    pub fn policies(&self) -> &[SlaPolicy] {
        &self.policies
    }

    pub fn rules(&self) -> &[EscalationRule] {
        &self.rules
    }

    /// A ticket's clocks at `now` from its status history.
    pub fn clocks(
        &self,
        fault_type: Option<&str>,
        severity: Severity,
        history: &[(DateTime<Utc>, Status)],
        now: DateTime<Utc>,
    ) -> TicketClocks {
        let policy = self.policy(fault_type, severity);
        let named = |spec: &averias_domain::sla_policy::ClockSpec, response: bool| {
            let cal = self.calendar(&spec.calendar);
            let clock = if response {
                response_clock(history, cal, &spec.clock_policy(), now)
            } else {
                policy_clock(history, cal, &spec.clock_policy(), now)
            };
            NamedClock {
                calendar: spec.calendar.clone(),
                clock,
            }
        };
        TicketClocks {
            policy: policy.name.clone(),
            resolution: named(&policy.resolution, false),
            response: policy.response.as_ref().map(|r| named(r, true)),
        }
    }

    /// The stored deadlines and first timer of a ticket opened at `now`.
    pub(crate) fn opening(
        &self,
        id: TicketId,
        fault_type: Option<&str>,
        severity: Severity,
        status: Status,
        stage: Stage,
        now: DateTime<Utc>,
    ) -> (
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<TimerChange>,
    ) {
        let clocks = self.clocks(fault_type, severity, &[(now, status)], now);
        let (sla_due, response_due) = clocks.due(self);
        let wake = self
            .plan(
                fault_type,
                now,
                &[(now, status, stage)],
                &clocks,
                &Default::default(),
                now,
            )
            .and_then(|(_, p)| {
                if p.due.is_empty() {
                    p.next_due
                } else {
                    Some(now)
                }
            });
        (sla_due, response_due, wake.map(|at| timer(id, Some(at))))
    }

    /// The escalation rule for a ticket and what it plans now; `None` when
    /// no rule covers the ticket's fault type at its level.
    pub fn plan<'a>(
        &'a self,
        fault_type: Option<&str>,
        reported_at: DateTime<Utc>,
        history: &[(DateTime<Utc>, Status, Stage)],
        clocks: &TicketClocks,
        fired: &std::collections::HashSet<(String, u32)>,
        now: DateTime<Utc>,
    ) -> Option<(&'a EscalationRule, EscalationPlan<'a>)> {
        let stage = history.last()?.2;
        let rule =
            averias_domain::escalation::select_rule(&self.rules, fault_type, Level::of(stage))?;
        let timeline = TicketTimeline {
            reported_at,
            history,
            clock: &clocks.resolution.clock,
            clock_calendar: self.calendar(&clocks.resolution.calendar),
        };
        let lookup = |name: &str| self.calendar(name).clone();
        Some((
            rule,
            averias_domain::escalation::plan(rule, &timeline, fired, &lookup, now),
        ))
    }
}

/// The catalog as last read (see [`super::cache`]).
pub(crate) type CatalogCache = super::cache::Cached<Catalog>;

/// `(instant, status)` pairs of a stored history.
pub(crate) fn statuses(history: &[StatusChange]) -> Vec<(DateTime<Utc>, Status)> {
    history.iter().map(|c| (c.at, c.status)).collect()
}

/// `(instant, status, stage)` triples of a stored history.
pub(crate) fn timeline(history: &[StatusChange]) -> Vec<(DateTime<Utc>, Status, Stage)> {
    history.iter().map(|c| (c.at, c.status, c.stage)).collect()
}

/// Business calendars, SLA policies and the escalation matrix (R-SLA-*), their cached catalog, and the clocks computed from them.
#[derive(Debug, Clone)]
pub struct Sla {
    pub(crate) clock_store: Arc<dyn averias_store::ClockStore>,
    pub(crate) directory_store: Arc<dyn averias_store::DirectoryStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) catalog: crate::sla::CatalogCache,
}

impl Sla {
    /// The SLA catalog, read from the store at most every few seconds.
    pub async fn sla_catalog(&self) -> ServiceResult<Arc<Catalog>> {
        if let Some(c) = self.catalog.get() {
            return Ok(c);
        }
        let calendars = self
            .calendars()
            .await?
            .into_iter()
            .map(|c| (c.name.clone(), c))
            .collect();
        let catalog = Arc::new(Catalog {
            policies: self.clock_store.list_sla_policies().await?,
            rules: self.clock_store.list_escalation_rules().await?,
            calendars,
            default_policy: SlaPolicy::procedure_default(),
            always: Calendar::always(ALWAYS),
        });
        self.catalog.put(catalog.clone());
        Ok(catalog)
    }

    /// A ticket's SLA clocks now, from its stored history.
    pub async fn ticket_clocks(&self, t: &TicketRecord) -> ServiceResult<TicketClocks> {
        let catalog = self.sla_catalog().await?;
        let history = self.ticket_store.status_changes_of(t.id).await?;
        Ok(catalog.clocks(
            t.fault_type.as_deref(),
            t.severity,
            &statuses(&history),
            self.clock.now(),
        ))
    }

    /// Fills in the SLA deadlines of every ticket update in `changes` from
    /// its history plus the moves in `changes`, and wakes each ticket's
    /// timer so the escalation worker re-plans it (or retires it once the
    /// ticket stops). Call right before `apply_ticket_changes`.
    pub(crate) async fn reclock(&self, changes: &mut ChangeSet) -> ServiceResult<()> {
        let catalog = self.sla_catalog().await?;
        let now = self.clock.now();
        for u in &mut changes.updates {
            let mut history = statuses(&self.ticket_store.status_changes_of(u.id).await?);
            history.extend(
                changes
                    .status_changes
                    .iter()
                    .filter(|c| c.ticket_id == u.id)
                    .map(|c| (c.at, c.status)),
            );
            let clocks = catalog.clocks(u.fault_type.as_deref(), u.severity, &history, now);
            (u.sla_due_at, u.response_due_at) = clocks.due(&catalog);
            let wake = (!u.status.stops_attention_clock()).then_some(now);
            changes.timers.retain(|t| t.key != timer(u.id, None).key);
            changes.timers.push(timer(u.id, wake));
        }
        Ok(())
    }
}
