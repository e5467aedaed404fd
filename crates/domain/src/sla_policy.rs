//! SLA clocks on business calendars (R-SLA-1..3), computed from a ticket's
//! status history, never accumulated in place: a changed policy or calendar
//! recomputes the clock, and every figure can be explained segment by
//! segment (counted, paused, stopped).
//!
//! About 370 lines of code and 150 of tests: the tests build calendars and
//! histories by hand and pin each kind of segment, so they stay beside the
//! arithmetic they check.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::sla::ClockState;
use crate::ticket::{Severity, Status};

/// What a policy asks of one clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockPolicy {
    /// Business time allowed.
    pub target: Duration,
    /// Percentages of the target at which a warning is due, e.g. `[75, 90]`.
    pub warn_at: Vec<u8>,
    /// Statuses during which the clock does not run (e.g. `pending`
    /// waiting on the customer). Empty by default.
    pub pause_statuses: Vec<Status>,
}

/// One clock of an SLA policy as configured: a target in business minutes
/// on a named calendar, warning thresholds and pause statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSpec {
    pub target_minutes: i64,
    /// The calendar the target is measured on (`24x7`, `caracas-business`...).
    #[serde(default = "always_calendar")]
    pub calendar: String,
    /// Percentages of the target at which a warning is due.
    #[serde(default = "default_warnings")]
    pub warn_at: Vec<u8>,
    /// Statuses that stop the clock without stopping the ticket.
    #[serde(default)]
    pub pause_statuses: Vec<Status>,
}

fn always_calendar() -> String {
    ALWAYS_CALENDAR.into()
}

fn default_warnings() -> Vec<u8> {
    vec![75, 90]
}

/// The name of the 24×7 calendar the default policy measures on.
pub const ALWAYS_CALENDAR: &str = "24x7";

impl ClockSpec {
    /// The clock policy, once the spec is known to be valid.
    pub fn clock_policy(&self) -> ClockPolicy {
        ClockPolicy {
            target: Duration::minutes(self.target_minutes),
            warn_at: self.warn_at.clone(),
            pause_statuses: self.pause_statuses.clone(),
        }
    }

    fn validate(&self, which: &str) -> Result<(), String> {
        if self.target_minutes <= 0 || self.target_minutes > 366 * 24 * 60 {
            return Err(format!(
                "{which}.target_minutes must be between 1 and one year of minutes, not {}",
                self.target_minutes
            ));
        }
        if self.calendar.trim().is_empty() {
            return Err(format!("{which}.calendar must name a calendar"));
        }
        if let Some(w) = self.warn_at.iter().find(|w| **w == 0 || **w >= 100) {
            return Err(format!(
                "{which}.warn_at holds {w}; warnings are percentages between 1 and 99"
            ));
        }
        if let Some(s) = self
            .pause_statuses
            .iter()
            .find(|s| s.stops_attention_clock())
        {
            return Err(format!(
                "{which}.pause_statuses holds '{s}', which already stops the clock; pause statuses are open ones such as 'pending'"
            ));
        }
        Ok(())
    }
}

/// An SLA policy (R-SLA-1..3): which tickets it covers (a fault type, a
/// severity, both, or neither for a catch-all) and its clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub name: String,
    #[serde(default)]
    pub fault_type: Option<String>,
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Time to resolve.
    pub resolution: ClockSpec,
    /// Optional time to first response (someone starts work).
    #[serde(default)]
    pub response: Option<ClockSpec>,
}

/// The policy that applies when none matches: R-SLA-1's 24 hours on the
/// 24×7 calendar, no pauses.
pub const DEFAULT_POLICY: &str = "default";

impl SlaPolicy {
    /// R-SLA-1 as a policy.
    pub fn procedure_default() -> Self {
        Self {
            name: DEFAULT_POLICY.into(),
            fault_type: None,
            severity: None,
            resolution: ClockSpec {
                target_minutes: crate::sla::ATTENTION_HOURS * 60,
                calendar: always_calendar(),
                warn_at: default_warnings(),
                pause_statuses: Vec::new(),
            },
            response: None,
        }
    }

    /// Checks targets, thresholds and pause statuses (calendars and fault
    /// types are checked against the database by the service).
    pub fn validate(&self) -> Result<(), String> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 64
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(format!(
                "policy name '{}' must be 1–64 letters, digits, '-' or '_'",
                self.name
            ));
        }
        self.resolution.validate("resolution")?;
        if let Some(r) = &self.response {
            r.validate("response")?;
        }
        Ok(())
    }

    /// How specific the match is: both keys beat fault type, which beats severity.
    fn specificity(&self) -> u8 {
        u8::from(self.fault_type.is_some()) * 2 + u8::from(self.severity.is_some())
    }

    /// Whether the policy covers a ticket of `fault_type` and `severity`.
    pub fn covers(&self, fault_type: Option<&str>, severity: Severity) -> bool {
        self.fault_type
            .as_deref()
            .is_none_or(|f| Some(f) == fault_type)
            && self.severity.is_none_or(|s| s == severity)
    }
}

/// The most specific policy covering a ticket; `None` means the procedure default.
pub fn select_policy<'a>(
    policies: &'a [SlaPolicy],
    fault_type: Option<&str>,
    severity: Severity,
) -> Option<&'a SlaPolicy> {
    policies
        .iter()
        .filter(|p| p.covers(fault_type, severity))
        .max_by_key(|p| p.specificity())
}

/// How one span of the history counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// Running: its business time counted.
    Counted,
    /// In a pause status: nothing counted.
    Paused,
    /// Resolved, closed or cancelled: nothing counted.
    Stopped,
}

/// One span of the status history and what it contributed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub status: Status,
    pub kind: SegmentKind,
    /// Business time counted in this span (zero unless `Counted`; also zero
    /// for a counted span wholly outside working hours).
    pub counted_seconds: i64,
}

/// A clock at one instant, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyClock {
    pub target_seconds: i64,
    pub elapsed_seconds: i64,
    /// Negative once breached.
    pub remaining_seconds: i64,
    /// When the target is (or was) reached if the clock keeps running from
    /// now; `None` while paused or stopped in time.
    pub deadline: Option<DateTime<Utc>>,
    /// `running`, `paused`, `met` or `breached`.
    pub state: ClockState,
    pub paused: bool,
    /// Warning thresholds already reached, in percent.
    pub warnings_reached: Vec<u8>,
    pub segments: Vec<Segment>,
}

/// Computes the clock at `now` from the status history `(instant, status)`
/// in order (the first entry is the report), on `calendar`, under `policy`.
/// It stops while the ticket is resolved, closed or cancelled.
pub fn policy_clock(
    history: &[(DateTime<Utc>, Status)],
    calendar: &Calendar,
    policy: &ClockPolicy,
    now: DateTime<Utc>,
) -> PolicyClock {
    clock_until(history, calendar, policy, now, usize::MAX)
}

/// The first-response clock: it runs from the report until the ticket first
/// leaves `acknowledged` (someone started work on it, or it moved on), and
/// never runs again.
pub fn response_clock(
    history: &[(DateTime<Utc>, Status)],
    calendar: &Calendar,
    policy: &ClockPolicy,
    now: DateTime<Utc>,
) -> PolicyClock {
    let answered = history
        .iter()
        .position(|(_, s)| *s != Status::Acknowledged)
        .unwrap_or(usize::MAX);
    clock_until(history, calendar, policy, now, answered)
}

/// The clock, with every entry from index `stopped_from` on counted as stopped.
fn clock_until(
    history: &[(DateTime<Utc>, Status)],
    calendar: &Calendar,
    policy: &ClockPolicy,
    now: DateTime<Utc>,
    stopped_from: usize,
) -> PolicyClock {
    let mut segments = Vec::with_capacity(history.len());
    let mut elapsed = Duration::zero();
    for (i, (from, status)) in history.iter().enumerate() {
        let to = history.get(i + 1).map_or(now, |(t, _)| *t).max(*from);
        let to = to.min(now.max(*from));
        let kind = if i >= stopped_from || status.stops_attention_clock() {
            SegmentKind::Stopped
        } else if policy.pause_statuses.contains(status) {
            SegmentKind::Paused
        } else {
            SegmentKind::Counted
        };
        let counted = if kind == SegmentKind::Counted {
            calendar.between(*from, to)
        } else {
            Duration::zero()
        };
        elapsed += counted;
        segments.push(Segment {
            from: *from,
            to,
            status: *status,
            kind,
            counted_seconds: counted.num_seconds(),
        });
    }
    let current = segments.last().map_or(SegmentKind::Counted, |s| s.kind);
    let remaining = policy.target - elapsed;
    // Exactly on target is breached once the instant it was reached has
    // passed: on a business calendar the remaining time stays at zero all
    // night after a 17:00 deadline, and that ticket is late.
    let breached = remaining < Duration::zero()
        || (remaining == Duration::zero()
            && current == SegmentKind::Counted
            && reach_instant(&segments, calendar, policy.target).is_some_and(|at| at < now));
    let state = match current {
        _ if breached => ClockState::Breached,
        SegmentKind::Stopped => ClockState::Met,
        SegmentKind::Paused => ClockState::Paused,
        SegmentKind::Counted => ClockState::Running,
    };
    let deadline = match (current, breached) {
        (SegmentKind::Counted, false) => calendar.add(now, remaining),
        (_, true) => reach_instant(&segments, calendar, policy.target),
        _ => None,
    };
    let percent = if policy.target > Duration::zero() {
        elapsed.num_seconds() * 100 / policy.target.num_seconds().max(1)
    } else {
        100
    };
    PolicyClock {
        target_seconds: policy.target.num_seconds(),
        elapsed_seconds: elapsed.num_seconds(),
        remaining_seconds: remaining.num_seconds(),
        deadline,
        state,
        paused: current == SegmentKind::Paused,
        warnings_reached: policy
            .warn_at
            .iter()
            .copied()
            .filter(|w| i64::from(*w) <= percent)
            .collect(),
        segments,
    }
}

impl PolicyClock {
    /// When the counted time reaches `percent` of the target: in the past
    /// if it already did, in the future if the clock is running, `None`
    /// while it is paused or stopped short of it. Warnings and breaches are
    /// these instants for 75, 90, 100 %.
    pub fn instant_at_percent(&self, calendar: &Calendar, percent: u32) -> Option<DateTime<Utc>> {
        let mark = Duration::seconds(self.target_seconds * i64::from(percent) / 100);
        let elapsed = Duration::seconds(self.elapsed_seconds);
        if elapsed >= mark {
            return reach_instant(&self.segments, calendar, mark);
        }
        match self.state {
            ClockState::Running => {
                let now = self.segments.last()?.to;
                calendar.add(now, mark - elapsed)
            }
            _ => None,
        }
    }

    /// The instant worth storing for lists: when the target is, was or
    /// will be reached while nothing changes; `None` when it will not be
    /// (paused with time left, or stopped within the target).
    pub fn due(&self, calendar: &Calendar) -> Option<DateTime<Utc>> {
        self.instant_at_percent(calendar, 100)
    }
}

/// The instant the counted time first reached `target`.
fn reach_instant(
    segments: &[Segment],
    calendar: &Calendar,
    target: Duration,
) -> Option<DateTime<Utc>> {
    let mut left = target;
    for s in segments.iter().filter(|s| s.kind == SegmentKind::Counted) {
        let counted = Duration::seconds(s.counted_seconds);
        if counted >= left {
            return calendar.add(s.from, left);
        }
        left -= counted;
    }
    None
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::caracas_business;

    fn caracas(d: u32, h: u32) -> DateTime<Utc> {
        chrono_tz::America::Caracas
            .with_ymd_and_hms(2026, 11, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn policy(hours: i64, pause: Vec<Status>) -> ClockPolicy {
        ClockPolicy {
            target: Duration::hours(hours),
            warn_at: vec![75, 90],
            pause_statuses: pause,
        }
    }

    #[test]
    fn on_the_24x7_calendar_the_clock_matches_the_attention_clock() {
        let always = Calendar::always("24x7");
        let h = [(caracas(23, 9), Status::Acknowledged)];
        let c = policy_clock(&h, &always, &policy(24, vec![]), caracas(24, 3));
        assert_eq!(
            (c.elapsed_seconds, c.remaining_seconds),
            (18 * 3600, 6 * 3600)
        );
        assert_eq!(c.deadline, Some(caracas(24, 9)));
        assert_eq!(c.warnings_reached, vec![75]);
        assert_eq!(c.state, ClockState::Running);
    }

    #[test]
    fn business_hours_nights_and_a_customer_pause_are_explained() {
        let cal = caracas_business();
        // Reported Monday 23 Nov 16:00; waiting on the customer Tuesday 9–11; resolved Tuesday 15:00.
        let h = [
            (caracas(23, 16), Status::Acknowledged),
            (caracas(24, 9), Status::Pending),
            (caracas(24, 11), Status::InProgress),
            (caracas(24, 15), Status::Resolved),
        ];
        let c = policy_clock(&h, &cal, &policy(8, vec![Status::Pending]), caracas(25, 12));
        let kinds: Vec<_> = c
            .segments
            .iter()
            .map(|s| (s.kind, s.counted_seconds / 3600))
            .collect();
        // Monday 16–17 counts 1 h (the night counts nothing), Tuesday 8–9 one more;
        // the pause counts nothing; Tuesday 11–12 and 13–15 count 3 h.
        assert_eq!(
            kinds,
            [
                (SegmentKind::Counted, 2),
                (SegmentKind::Paused, 0),
                (SegmentKind::Counted, 3),
                (SegmentKind::Stopped, 0)
            ]
        );
        assert_eq!(c.elapsed_seconds, 5 * 3600);
        assert_eq!(c.state, ClockState::Met);
        // Still waiting on the customer: paused, no deadline until it runs again.
        let waiting = policy_clock(
            &h[..2],
            &cal,
            &policy(8, vec![Status::Pending]),
            caracas(24, 10),
        );
        assert_eq!(
            (waiting.state, waiting.paused, waiting.deadline),
            (ClockState::Paused, true, None)
        );
        assert_eq!(waiting.elapsed_seconds, 2 * 3600);
        // Without the pause the same history counts 2 h more.
        let unpaused = policy_clock(&h, &cal, &policy(8, vec![]), caracas(25, 12));
        assert_eq!(unpaused.elapsed_seconds, 7 * 3600);
    }

    #[test]
    fn a_clock_exactly_on_target_is_breached_once_its_deadline_has_passed() {
        let cal = caracas_business();
        let h = [(caracas(23, 5), Status::Acknowledged)];
        // 8 business hours run out at 17:00; at 17:30 nothing more counts.
        let c = policy_clock(
            &h,
            &cal,
            &policy(8, vec![]),
            caracas(23, 17) + Duration::minutes(30),
        );
        assert_eq!(c.remaining_seconds, 0);
        assert_eq!(c.state, ClockState::Breached);
        assert_eq!(c.deadline, Some(caracas(23, 17)));
        let at_deadline = policy_clock(&h, &cal, &policy(8, vec![]), caracas(23, 17));
        assert_eq!(at_deadline.state, ClockState::Running);
    }

    #[test]
    fn a_breached_clock_says_when_it_was_breached() {
        let cal = caracas_business();
        let h = [(caracas(23, 8), Status::InProgress)];
        let c = policy_clock(&h, &cal, &policy(8, vec![]), caracas(24, 10));
        assert_eq!(c.state, ClockState::Breached);
        assert_eq!(c.remaining_seconds, -2 * 3600);
        assert_eq!(c.deadline, Some(caracas(23, 17)));
        assert_eq!(c.warnings_reached, vec![75, 90]);
    }

    proptest! {
        /// Turning any counted span into a pause never brings the deadline
        /// earlier and never adds elapsed time.
        #[test]
        fn a_pause_never_shortens_the_deadline(
            steps in prop::collection::vec((1i64..600, prop::bool::ANY), 1..8),
            paused_index in 0usize..8,
            target_h in 1i64..40,
        ) {
            let cal = caracas_business();
            let start = caracas(23, 8);
            let mut at = start;
            let mut plain = Vec::new();
            let mut with_pause = Vec::new();
            for (i, (minutes, _)) in steps.iter().enumerate() {
                let status = if i == paused_index { Status::Pending } else { Status::InProgress };
                plain.push((at, Status::InProgress));
                with_pause.push((at, status));
                at += Duration::minutes(*minutes);
            }
            let p = policy(target_h, vec![Status::Pending]);
            let now = at;
            let a = policy_clock(&plain, &cal, &p, now);
            let b = policy_clock(&with_pause, &cal, &p, now);
            prop_assert!(b.elapsed_seconds <= a.elapsed_seconds);
            if let (Some(da), Some(db)) = (a.deadline, b.deadline)
                && a.state == ClockState::Running
                && b.state == ClockState::Running
            {
                prop_assert!(db >= da);
            }
            prop_assert_eq!(a.elapsed_seconds + a.remaining_seconds, a.target_seconds);
            let sum: i64 = a.segments.iter().map(|s| s.counted_seconds).sum();
            prop_assert_eq!(sum, a.elapsed_seconds);
        }
    }
}
