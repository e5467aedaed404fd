//! Planned maintenance works (R-MAINT-1, R-MAINT-2): when the notice to
//! customer-service management must go at the latest (16 business hours
//! before the start), when the customers' objection window closes (8
//! business hours after the notice), and the states a work goes through.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::Calendar;

/// R-MAINT-1: the notice goes at least this many business hours before the start.
pub const NOTICE_BUSINESS_HOURS: i64 = 16;
/// R-MAINT-2: customers may object within this many business hours of the notice.
pub const OBJECTION_BUSINESS_HOURS: i64 = 8;

/// Where a maintenance work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    /// Planned, notice not sent.
    Draft,
    /// Notice sent; the objection window is open.
    Notified,
    /// The window closed with no objection, or an objection was overridden.
    Confirmed,
    /// A customer objected: reschedule, or override with a recorded reason.
    Objected,
    InProgress,
    Completed,
    Cancelled,
}

impl WorkState {
    pub const ALL: [WorkState; 7] = [
        WorkState::Draft,
        WorkState::Notified,
        WorkState::Confirmed,
        WorkState::Objected,
        WorkState::InProgress,
        WorkState::Completed,
        WorkState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkState::Draft => "draft",
            WorkState::Notified => "notified",
            WorkState::Confirmed => "confirmed",
            WorkState::Objected => "objected",
            WorkState::InProgress => "in_progress",
            WorkState::Completed => "completed",
            WorkState::Cancelled => "cancelled",
        }
    }

    /// Whether faults reported on an affected account now are flagged with
    /// the work (announced or running, not finished or cancelled).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            WorkState::Notified
                | WorkState::Confirmed
                | WorkState::Objected
                | WorkState::InProgress
        )
    }
}

impl fmt::Display for WorkState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WorkState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WorkState::ALL
            .into_iter()
            .find(|w| w.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown maintenance state '{s}'; expected one of draft, notified, confirmed, objected, in_progress, completed, cancelled"
                )
            })
    }
}

/// A step in a work's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkAction {
    /// Send the notice to customer-service management.
    Notify,
    /// The objection window closed (the timer).
    CloseWindow {
        objections: bool,
    },
    /// Go ahead despite objections, with a recorded reason.
    Override,
    /// New dates: back to draft, a new notice is needed.
    Reschedule,
    Start,
    Complete,
    Cancel,
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MaintenanceRefusal {
    #[error("a {state} maintenance work cannot be {action}")]
    IllegalTransition {
        state: WorkState,
        action: &'static str,
    },
    #[error(
        "the notice is late: it had to be sent by {latest} ({NOTICE_BUSINESS_HOURS} business hours before the start); an emergency notice needs a justification"
    )]
    NoticeTooLate { latest: DateTime<Utc> },
    #[error("the calendar has no working time before the start, so no notice time can be computed")]
    NoWorkingTime,
}

fn action_name(a: WorkAction) -> &'static str {
    match a {
        WorkAction::Notify => "notified",
        WorkAction::CloseWindow { .. } => "closed for objections",
        WorkAction::Override => "overridden",
        WorkAction::Reschedule => "rescheduled",
        WorkAction::Start => "started",
        WorkAction::Complete => "completed",
        WorkAction::Cancel => "cancelled",
    }
}

/// The state after `action`, or why not.
pub fn transition(state: WorkState, action: WorkAction) -> Result<WorkState, MaintenanceRefusal> {
    use WorkState::*;
    let next = match (state, action) {
        (Draft, WorkAction::Notify) => Notified,
        (Notified, WorkAction::CloseWindow { objections }) => {
            if objections {
                Objected
            } else {
                Confirmed
            }
        }
        (Objected, WorkAction::Override) => Confirmed,
        (Notified | Confirmed | Objected, WorkAction::Reschedule) => Draft,
        (Draft, WorkAction::Reschedule) => Draft,
        (Confirmed, WorkAction::Start) => InProgress,
        (InProgress, WorkAction::Complete) => Completed,
        (Draft | Notified | Confirmed | Objected, WorkAction::Cancel) => Cancelled,
        _ => {
            return Err(MaintenanceRefusal::IllegalTransition {
                state,
                action: action_name(action),
            });
        }
    };
    Ok(next)
}

/// The latest instant the notice may be sent: the start minus 16 business hours.
pub fn latest_notice(calendar: &Calendar, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
    calendar.subtract(start, Duration::hours(NOTICE_BUSINESS_HOURS))
}

/// When the objection window of a notice sent at `sent_at` closes.
pub fn objection_window_closes(
    calendar: &Calendar,
    sent_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    calendar.add(sent_at, Duration::hours(OBJECTION_BUSINESS_HOURS))
}

/// How a notice sent at `sent_at` stands against R-MAINT-1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTiming {
    pub latest: DateTime<Utc>,
    /// Seconds after the latest time; `None` when on time.
    pub late_by_seconds: Option<i64>,
    pub window_closes: DateTime<Utc>,
}

/// Checks a notice: on time, or late and accepted only as an emergency
/// with a justification (which the caller records and reports).
pub fn check_notice(
    calendar: &Calendar,
    start: DateTime<Utc>,
    sent_at: DateTime<Utc>,
    emergency: bool,
) -> Result<NoticeTiming, MaintenanceRefusal> {
    let latest = latest_notice(calendar, start).ok_or(MaintenanceRefusal::NoWorkingTime)?;
    let window_closes =
        objection_window_closes(calendar, sent_at).ok_or(MaintenanceRefusal::NoWorkingTime)?;
    if sent_at <= latest {
        return Ok(NoticeTiming {
            latest,
            late_by_seconds: None,
            window_closes,
        });
    }
    if !emergency {
        return Err(MaintenanceRefusal::NoticeTooLate { latest });
    }
    Ok(NoticeTiming {
        latest,
        late_by_seconds: Some((sent_at - latest).num_seconds()),
        window_closes,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::calendar::caracas_business;

    fn caracas(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::America::Caracas
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_friday_afternoon_notice_crosses_the_weekend_and_carnival() {
        let cal = caracas_business();
        // Carnival 2027: Monday 8 and Tuesday 9 February. Work starts
        // Thursday 11 February 10:00; 16 business hours back: Thursday
        // 08–10 (2 h), Wednesday 8 h, nothing on Carnival or the weekend,
        // then Friday 5 February 13–17 (4 h) and 10–12 (2 h).
        let start = caracas(2027, 2, 11, 10, 0);
        let latest = latest_notice(&cal, start).unwrap();
        assert_eq!(latest, caracas(2027, 2, 5, 10, 0));
        // Sent Friday 5 Feb at 16:00: late by six hours of wall time.
        let late = check_notice(&cal, start, caracas(2027, 2, 5, 16, 0), false);
        assert_eq!(late, Err(MaintenanceRefusal::NoticeTooLate { latest }));
        let emergency = check_notice(&cal, start, caracas(2027, 2, 5, 16, 0), true).unwrap();
        assert_eq!(emergency.late_by_seconds, Some(6 * 3600));
        // On time at 09:30; its objection window (8 business hours) runs
        // 09:30–12, 13–17 Friday and 08–09:30 Wednesday after Carnival.
        let on_time = check_notice(&cal, start, caracas(2027, 2, 5, 9, 30), false).unwrap();
        assert_eq!(on_time.late_by_seconds, None);
        assert_eq!(on_time.window_closes, caracas(2027, 2, 10, 9, 30));
    }

    #[test]
    fn an_objection_window_crosses_a_night() {
        let cal = caracas_business();
        // Notice Tuesday 24 Nov 2026 at 15:00: 2 h that day, 6 h Wednesday.
        let closes = objection_window_closes(&cal, caracas(2026, 11, 24, 15, 0)).unwrap();
        assert_eq!(closes, caracas(2026, 11, 25, 15, 0));
    }

    #[test]
    fn the_window_closes_into_confirmed_or_objected() {
        use WorkState::*;
        assert_eq!(transition(Draft, WorkAction::Notify), Ok(Notified));
        assert_eq!(
            transition(Notified, WorkAction::CloseWindow { objections: false }),
            Ok(Confirmed)
        );
        assert_eq!(
            transition(Notified, WorkAction::CloseWindow { objections: true }),
            Ok(Objected)
        );
        assert_eq!(transition(Objected, WorkAction::Override), Ok(Confirmed));
        assert_eq!(transition(Objected, WorkAction::Reschedule), Ok(Draft));
        assert!(transition(Objected, WorkAction::Start).is_err());
        assert!(transition(Draft, WorkAction::Start).is_err());
        assert_eq!(transition(Confirmed, WorkAction::Start), Ok(InProgress));
        assert_eq!(transition(InProgress, WorkAction::Complete), Ok(Completed));
        assert!(transition(Completed, WorkAction::Cancel).is_err());
        for s in WorkState::ALL {
            assert_eq!(s.as_str().parse::<WorkState>(), Ok(s));
        }
    }
}
