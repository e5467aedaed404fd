//! The escalation matrix of R-SLA-2 as data: per fault type and level, an
//! ordered list of steps, each due a delay (on a calendar) after a clock
//! event, fired while its condition holds, with actions to take. This
//! module decides which steps are due for one ticket and when the next one
//! will be; the server records each firing once and acts on it.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::role::{Role, SecondLevel};
use crate::sla_policy::{ALWAYS_CALENDAR, PolicyClock};
use crate::ticket::{Severity, Stage, Status};

/// Which side owns the ticket: CSM (first level) or a second-level group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    First,
    Second,
}

impl Level {
    /// The level a ticket at `stage` is at.
    pub fn of(stage: Stage) -> Level {
        match stage {
            Stage::Escalated(_) | Stage::LinkedToIncident(_) => Level::Second,
            _ => Level::First,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::First => "first",
            Level::Second => "second",
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "first" => Ok(Level::First),
            "second" => Ok(Level::Second),
            other => Err(format!("unknown level '{other}'; expected first or second")),
        }
    }
}

/// The clock event a step's delay is measured from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Trigger {
    /// The customer's report.
    Opened,
    /// The resolution clock reaching `percent` of its target.
    Warning { percent: u8 },
    /// The resolution clock reaching its target.
    Breach,
    /// The ticket entering `stage` (e.g. `escalated`), measured from its latest entry.
    Stage { stage: String },
}

/// What must still hold for a step to fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The ticket is not resolved, closed or cancelled.
    Unresolved,
    /// Nobody has moved the ticket since it entered its current stage (the
    /// owning group has not acknowledged it by acting on it).
    NotTaken,
}

/// What a step does when it fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepAction {
    /// Tell everyone with this role (supervisors, customer-service management...).
    NotifyRole { role: Role },
    /// Tell the members of a group.
    NotifyGroup { group: String },
    /// Tell one named user.
    NotifyUser { user: String },
    /// Tell the ticket's contact the fault is at risk (R-INFORM-1: SLA at risk).
    NotifyContact,
    /// Raise severity one step (minor → major → critical).
    RaisePriority,
    /// Hand the ticket to a second-level group (as CSM escalating it would).
    Reassign { group: SecondLevel },
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationStep {
    /// Unique within its rule; firings are recorded under it.
    pub name: String,
    #[serde(flatten)]
    pub from: Trigger,
    #[serde(default)]
    pub delay_minutes: i64,
    /// The calendar the delay is measured on.
    #[serde(default = "always")]
    pub calendar: String,
    #[serde(default = "unresolved")]
    pub condition: Condition,
    pub actions: Vec<StepAction>,
    /// Fire again this often while the condition holds...
    #[serde(default)]
    pub repeat_every_minutes: Option<i64>,
    /// ...up to this many firings in all (1 unless repeating).
    #[serde(default = "once")]
    pub max_firings: u32,
}

fn always() -> String {
    ALWAYS_CALENDAR.into()
}
fn unresolved() -> Condition {
    Condition::Unresolved
}
fn once() -> u32 {
    1
}

/// The steps for one fault type (or every fault type) at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRule {
    /// `None` applies to fault types without a rule of their own.
    #[serde(default)]
    pub fault_type: Option<String>,
    pub level: Level,
    pub steps: Vec<EscalationStep>,
}

impl EscalationRule {
    /// Checks the steps (calendars are checked against the database by the service).
    pub fn validate(&self) -> Result<(), String> {
        let mut names = HashSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            let at = format!("steps[{i}]");
            if step.name.trim().is_empty() || step.name.len() > 64 {
                return Err(format!("{at}.name must be 1–64 characters"));
            }
            if !names.insert(step.name.as_str()) {
                return Err(format!("{at}.name '{}' is used twice", step.name));
            }
            if !(0..=366 * 24 * 60).contains(&step.delay_minutes) {
                return Err(format!(
                    "{at}.delay_minutes must be between 0 and one year of minutes"
                ));
            }
            if step.actions.is_empty() {
                return Err(format!("{at}.actions must hold at least one action"));
            }
            if let Trigger::Warning { percent } = step.from
                && !(1..=99).contains(&percent)
            {
                return Err(format!("{at}.percent must be between 1 and 99"));
            }
            if let Trigger::Stage { stage } = &step.from
                && Stage::all().iter().all(|s| s.as_str() != stage)
            {
                return Err(format!("{at}.stage '{stage}' is not a stage"));
            }
            match (step.repeat_every_minutes, step.max_firings) {
                (_, 0) => return Err(format!("{at}.max_firings must be at least 1")),
                (None, n) if n > 1 => {
                    return Err(format!(
                        "{at}.max_firings is {n} but repeat_every_minutes is not set"
                    ));
                }
                (Some(r), _) if r <= 0 => {
                    return Err(format!("{at}.repeat_every_minutes must be positive"));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The key firings of `step` are recorded under: rule and step name, so
    /// reordering steps does not make them fire again.
    pub fn step_key(&self, step: &EscalationStep) -> String {
        format!(
            "{}/{}/{}",
            self.fault_type.as_deref().unwrap_or("*"),
            self.level.as_str(),
            step.name
        )
    }
}

/// The rule for a ticket: its fault type's rule at its level, else the catch-all.
pub fn select_rule<'a>(
    rules: &'a [EscalationRule],
    fault_type: Option<&str>,
    level: Level,
) -> Option<&'a EscalationRule> {
    let at_level = || rules.iter().filter(move |r| r.level == level);
    at_level()
        .find(|r| r.fault_type.is_some() && r.fault_type.as_deref() == fault_type)
        .or_else(|| at_level().find(|r| r.fault_type.is_none()))
}

/// What the planner needs to know about a ticket.
#[derive(Debug, Clone)]
pub struct TicketTimeline<'a> {
    pub reported_at: DateTime<Utc>,
    /// Status history `(instant, status, stage)`, oldest first; the last
    /// entry is where the ticket is now.
    pub history: &'a [(DateTime<Utc>, Status, Stage)],
    /// The resolution clock now, and the calendar it runs on.
    pub clock: &'a PolicyClock,
    pub clock_calendar: &'a Calendar,
}

impl TicketTimeline<'_> {
    fn current(&self) -> Option<&(DateTime<Utc>, Status, Stage)> {
        self.history.last()
    }

    /// When the latest run of the current stage began.
    fn entered_current_stage(&self) -> Option<(DateTime<Utc>, Stage, usize)> {
        let (_, _, stage) = *self.current()?;
        let mut start = self.history.len() - 1;
        while start > 0 && self.history[start - 1].2 == stage {
            start -= 1;
        }
        Some((self.history[start].0, stage, start))
    }

    /// The instant `trigger` happened or will happen; `None` when it does
    /// not apply now (another stage, a paused clock).
    pub fn anchor(&self, trigger: &Trigger) -> Option<DateTime<Utc>> {
        match trigger {
            Trigger::Opened => Some(self.reported_at),
            Trigger::Warning { percent } => self
                .clock
                .instant_at_percent(self.clock_calendar, u32::from(*percent)),
            Trigger::Breach => self.clock.instant_at_percent(self.clock_calendar, 100),
            Trigger::Stage { stage } => self
                .entered_current_stage()
                .filter(|(_, s, _)| s.as_str() == stage)
                .map(|(at, _, _)| at),
        }
    }

    /// Whether `condition` holds now.
    pub fn holds(&self, condition: Condition) -> bool {
        let Some((_, status, _)) = self.current() else {
            return false;
        };
        if status.stops_attention_clock() {
            return false;
        }
        match condition {
            Condition::Unresolved => true,
            Condition::NotTaken => self
                .entered_current_stage()
                .is_some_and(|(_, _, start)| start == self.history.len() - 1),
        }
    }
}

/// A step occurrence that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueFiring<'a> {
    pub step_key: String,
    pub step: &'a EscalationStep,
    /// 1 for the first firing, 2 for the first repeat...
    pub occurrence: u32,
    pub due_at: DateTime<Utc>,
}

/// What to fire now and when to look again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPlan<'a> {
    pub due: Vec<DueFiring<'a>>,
    /// The next instant a step falls due; `None` when none will unless the ticket changes.
    pub next_due: Option<DateTime<Utc>>,
}

/// Plans `rule` for a ticket: every step whose condition holds and whose
/// next unfired occurrence is due by `now` fires (one occurrence per step
/// per plan, so a long outage does not fire a burst of repeats at once);
/// `fired` holds `(step_key, occurrence)` already recorded. `calendar`
/// resolves a step's calendar by name (unknown names fall back to 24×7).
pub fn plan<'a>(
    rule: &'a EscalationRule,
    ticket: &TicketTimeline<'_>,
    fired: &HashSet<(String, u32)>,
    calendar: &dyn Fn(&str) -> Calendar,
    now: DateTime<Utc>,
) -> EscalationPlan<'a> {
    let mut due = Vec::new();
    let mut next_due: Option<DateTime<Utc>> = None;
    for step in &rule.steps {
        if !ticket.holds(step.condition) {
            continue;
        }
        let Some(anchor) = ticket.anchor(&step.from) else {
            continue;
        };
        let key = rule.step_key(step);
        let Some(occurrence) = (1..=step.max_firings).find(|n| !fired.contains(&(key.clone(), *n)))
        else {
            continue;
        };
        let cal = calendar(&step.calendar);
        let delay = Duration::minutes(
            step.delay_minutes + i64::from(occurrence - 1) * step.repeat_every_minutes.unwrap_or(0),
        );
        let Some(at) = cal.add(anchor, delay) else {
            continue;
        };
        if at <= now {
            due.push(DueFiring {
                step_key: key,
                step,
                occurrence,
                due_at: at,
            });
            // A later occurrence may be due right after this one is recorded.
            if occurrence < step.max_firings {
                next_due = Some(next_due.map_or(now, |n| n.min(now)));
            }
        } else {
            next_due = Some(next_due.map_or(at, |n| n.min(at)));
        }
    }
    EscalationPlan { due, next_due }
}

/// Severity one step up; critical stays critical.
pub fn raised(severity: Severity) -> Severity {
    match severity {
        Severity::Minor => Severity::Major,
        Severity::Major | Severity::Critical => Severity::Critical,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::sla_policy::{ClockPolicy, policy_clock};

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    fn rule() -> EscalationRule {
        serde_json::from_value(serde_json::json!({
            "level": "first",
            "steps": [
                {"name": "untouched", "event": "opened", "delay_minutes": 30,
                 "condition": "not_taken", "actions": [{"type": "notify_role", "role": "csm"}]},
                {"name": "at-risk", "event": "warning", "percent": 75,
                 "actions": [{"type": "notify_role", "role": "customer_service_mgmt"}]},
                {"name": "breached", "event": "breach", "repeat_every_minutes": 60, "max_firings": 3,
                 "actions": [{"type": "raise_priority"}]}
            ]
        }))
        .unwrap()
    }

    fn timeline_plan(
        history: &[(DateTime<Utc>, Status, Stage)],
        fired: &HashSet<(String, u32)>,
        now: DateTime<Utc>,
    ) -> (Vec<(String, u32)>, Option<DateTime<Utc>>) {
        let always = Calendar::always("24x7");
        let statuses: Vec<_> = history.iter().map(|(t, s, _)| (*t, *s)).collect();
        let policy = ClockPolicy {
            target: Duration::hours(24),
            warn_at: vec![75],
            pause_statuses: vec![],
        };
        let clock = policy_clock(&statuses, &always, &policy, now);
        let r = rule();
        let t = TicketTimeline {
            reported_at: history[0].0,
            history,
            clock: &clock,
            clock_calendar: &always,
        };
        let p = plan(&r, &t, fired, &|_| Calendar::always("24x7"), now);
        (
            p.due
                .iter()
                .map(|d| (d.step.name.clone(), d.occurrence))
                .collect(),
            p.next_due,
        )
    }

    #[test]
    fn steps_fall_due_in_order_and_fire_once() {
        let h = [(at(23, 9, 0), Status::Acknowledged, Stage::WithCsm)];
        let mut fired = HashSet::new();
        let (due, next) = timeline_plan(&h, &fired, at(23, 9, 10));
        assert!(due.is_empty());
        assert_eq!(next, Some(at(23, 9, 30)));
        let (due, next) = timeline_plan(&h, &fired, at(23, 9, 30));
        assert_eq!(due, vec![("untouched".to_owned(), 1)]);
        assert_eq!(next, Some(at(24, 3, 0)));
        fired.insert(("*/first/untouched".to_owned(), 1));
        // Once recorded it never fires again; the 75 % warning is next (18 h).
        assert_eq!(
            timeline_plan(&h, &fired, at(23, 9, 31)),
            (vec![], Some(at(24, 3, 0)))
        );
    }

    #[test]
    fn taking_the_ticket_moots_the_not_taken_step_and_a_breach_repeats() {
        let h = [
            (at(23, 9, 0), Status::Acknowledged, Stage::WithCsm),
            (at(23, 9, 20), Status::InProgress, Stage::WithCsm),
        ];
        let mut fired = HashSet::new();
        fired.insert(("*/first/at-risk".to_owned(), 1));
        // Two days later (the server was down): the breach fires once, late.
        let (due, next) = timeline_plan(&h, &fired, at(25, 9, 0));
        assert_eq!(due, vec![("breached".to_owned(), 1)]);
        assert_eq!(
            next,
            Some(at(25, 9, 0)),
            "the repeat is looked at right away"
        );
        fired.insert(("*/first/breached".to_owned(), 1));
        let (due, _) = timeline_plan(&h, &fired, at(25, 9, 0));
        assert_eq!(due, vec![("breached".to_owned(), 2)]);
        fired.insert(("*/first/breached".to_owned(), 2));
        fired.insert(("*/first/breached".to_owned(), 3));
        assert_eq!(timeline_plan(&h, &fired, at(25, 9, 0)), (vec![], None));
    }

    #[test]
    fn a_resolved_ticket_plans_nothing() {
        let h = [
            (at(23, 9, 0), Status::Acknowledged, Stage::WithCsm),
            (at(23, 10, 0), Status::Resolved, Stage::Resolved),
        ];
        assert_eq!(
            timeline_plan(&h, &HashSet::new(), at(26, 0, 0)),
            (vec![], None)
        );
    }

    #[test]
    fn rules_are_validated_and_selected_by_fault_type_then_catch_all() {
        let mut bad = rule();
        bad.steps[1].name = "untouched".into();
        assert!(bad.validate().unwrap_err().contains("used twice"));
        let mut bad = rule();
        bad.steps[0].max_firings = 2;
        assert!(bad.validate().unwrap_err().contains("repeat_every_minutes"));
        let catch_all = rule();
        let mut own = rule();
        own.fault_type = Some("no_signal".into());
        let rules = vec![catch_all, own];
        assert_eq!(
            select_rule(&rules, Some("no_signal"), Level::First)
                .unwrap()
                .fault_type
                .as_deref(),
            Some("no_signal")
        );
        assert_eq!(
            select_rule(&rules, Some("sms"), Level::First)
                .unwrap()
                .fault_type,
            None
        );
        assert!(select_rule(&rules, Some("sms"), Level::Second).is_none());
    }
}
