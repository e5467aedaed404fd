//! The attention clock of R-SLA-1: every fault is attended within 24 hours of
//! the report. Computed from the report instant and the status history at
//! read time, never accumulated in place, so it can always be explained.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::ticket::Status;

/// The attention target of R-SLA-1, in calendar hours.
pub const ATTENTION_HOURS: i64 = 24;

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Still counting, deadline not reached.
    Running,
    /// Stopped (resolved, closed) on or before the deadline.
    Met,
    /// Deadline passed while running, or stopped after it.
    Breached,
    /// Stopped by cancellation before the deadline: neither met nor breached.
    Stopped,
    /// Held by a pause status of its policy (business-hour SLA clocks).
    Paused,
}

/// The attention clock as shown in every ticket response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttentionClock {
    /// When the clock started: the customer's report.
    pub started_at: DateTime<Utc>,
    /// The 24-hour deadline.
    pub deadline: DateTime<Utc>,
    /// When the clock stopped, if it did.
    pub stopped_at: Option<DateTime<Utc>>,
    /// Seconds counted so far (up to now, or up to the stop).
    pub elapsed_seconds: i64,
    /// Seconds left until the deadline; negative once past it.
    pub remaining_seconds: i64,
    pub state: ClockState,
    /// Convenience flag: `state == breached`.
    pub breached: bool,
}

/// The instant the attention clock stopped, from a status history of
/// `(instant, status)` in order: the last move into a clock-stopping status,
/// if the ticket is still in one. A reopened ticket's clock runs again.
pub fn stop_instant(history: &[(DateTime<Utc>, Status)]) -> Option<DateTime<Utc>> {
    let (_, current) = history.last()?;
    if !current.stops_attention_clock() {
        return None;
    }
    let mut stop = None;
    for window in history.windows(2) {
        let (_, prev) = window[0];
        let (at, next) = window[1];
        if next.stops_attention_clock() && !prev.stops_attention_clock() {
            stop = Some(at);
        }
    }
    stop.or(Some(history[0].0))
}

/// The 24-hour attention deadline for a report made at `reported_at`.
pub fn attention_deadline(reported_at: DateTime<Utc>) -> DateTime<Utc> {
    reported_at + Duration::hours(ATTENTION_HOURS)
}

/// Computes the clock at `now` for a ticket reported at `reported_at`,
/// stopped at `stopped_at` (see [`stop_instant`]) in `final_status`.
pub fn attention_clock(
    reported_at: DateTime<Utc>,
    stopped_at: Option<DateTime<Utc>>,
    cancelled: bool,
    now: DateTime<Utc>,
) -> AttentionClock {
    let deadline = attention_deadline(reported_at);
    let until = stopped_at.unwrap_or(now).max(reported_at);
    let state = match stopped_at {
        None if now > deadline => ClockState::Breached,
        None => ClockState::Running,
        Some(at) if at > deadline => ClockState::Breached,
        Some(_) if cancelled => ClockState::Stopped,
        Some(_) => ClockState::Met,
    };
    AttentionClock {
        started_at: reported_at,
        deadline,
        stopped_at,
        elapsed_seconds: (until - reported_at).num_seconds(),
        remaining_seconds: (deadline - until).num_seconds(),
        state,
        breached: state == ClockState::Breached,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap()
            + Duration::minutes((h as f64 * 60.0) as i64)
    }

    #[test]
    fn a_running_clock_counts_down_to_24_hours_after_the_report() {
        let c = attention_clock(t(0), None, false, t(10));
        assert_eq!(c.deadline, t(24));
        assert_eq!(c.remaining_seconds, 14 * 3600);
        assert_eq!(c.state, ClockState::Running);
    }

    #[test]
    fn a_clock_past_its_deadline_is_breached_even_before_resolution() {
        let c = attention_clock(t(0), None, false, t(25));
        assert_eq!(c.state, ClockState::Breached);
        assert!(c.breached);
        assert_eq!(c.remaining_seconds, -3600);
    }

    #[test]
    fn resolution_in_time_is_met_and_late_resolution_is_breached() {
        assert_eq!(
            attention_clock(t(0), Some(t(23)), false, t(100)).state,
            ClockState::Met
        );
        assert_eq!(
            attention_clock(t(0), Some(t(30)), false, t(100)).state,
            ClockState::Breached
        );
        assert_eq!(
            attention_clock(t(0), Some(t(2)), true, t(100)).state,
            ClockState::Stopped
        );
    }

    #[test]
    fn a_rejected_resolution_restarts_the_clock_from_the_report() {
        let h = [
            (t(0), Status::Acknowledged),
            (t(2), Status::Resolved),
            (t(5), Status::InProgress),
        ];
        assert_eq!(stop_instant(&h), None);
        let h2 = [
            (t(0), Status::Acknowledged),
            (t(2), Status::Resolved),
            (t(5), Status::InProgress),
            (t(9), Status::Resolved),
            (t(10), Status::Closed),
        ];
        assert_eq!(stop_instant(&h2), Some(t(9)));
    }

    proptest! {
        #[test]
        fn elapsed_plus_remaining_is_always_the_target(now_h in 0i64..200, stop in proptest::option::of(0i64..200)) {
            let c = attention_clock(t(0), stop.map(t), false, t(now_h));
            prop_assert_eq!(c.elapsed_seconds + c.remaining_seconds, ATTENTION_HOURS * 3600);
            prop_assert_eq!(c.breached, c.remaining_seconds < 0);
        }
    }
}
