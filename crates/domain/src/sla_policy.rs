//! SLA clocks on business calendars (R-SLA-1..3), computed from a ticket's
//! status history, never accumulated in place: a changed policy or calendar
//! recomputes the clock, and every figure can be explained segment by
//! segment (counted, paused, stopped).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::calendar::Calendar;
use crate::sla::ClockState;
use crate::ticket::Status;

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
pub fn policy_clock(
    history: &[(DateTime<Utc>, Status)],
    calendar: &Calendar,
    policy: &ClockPolicy,
    now: DateTime<Utc>,
) -> PolicyClock {
    let mut segments = Vec::with_capacity(history.len());
    let mut elapsed = Duration::zero();
    for (i, (from, status)) in history.iter().enumerate() {
        let to = history.get(i + 1).map_or(now, |(t, _)| *t).max(*from);
        let to = to.min(now.max(*from));
        let kind = if status.stops_attention_clock() {
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
    let breached = remaining < Duration::zero();
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
