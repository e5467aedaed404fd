//! What the store answers for the weekly fault report and the fault
//! statistics (R-REPORT-1/2): per-ticket facts where the report needs them
//! (durations), counts where a count is enough. Windows are `[from, to)`.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Faults opened in the window with one channel and attention level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedCount {
    pub channel: String,
    /// 2 once a second-level group held the fault (R-TRIAGE-4, R-TRIAGE-6),
    /// else 1 (CSM and the centers are first level).
    pub level: u8,
    pub count: i64,
}

/// A fault that entered `resolved` in the window (its first time there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFault {
    /// From its report to that resolution.
    pub seconds: i64,
    /// Who solved it: the center that certified its repair, else the last
    /// second-level group that held it before its first resolution, else
    /// `csm`.
    pub group: String,
}

/// Counts of one window that need no per-ticket work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WindowCounts {
    pub opened: i64,
    pub resolved: i64,
    /// Of `resolved`, how many within 24 hours of being reported (R-SLA-1).
    pub resolved_within_24h: i64,
    pub closed: i64,
}

/// Refused reports (R-INTAKE-3) of a window in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedTotal {
    pub currency: String,
    pub count: i64,
    pub debt_minor: i64,
}

/// A mass incident opened in the window and how many customer faults hang on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncidentTouch {
    pub number: String,
    pub title: String,
    pub group: String,
    pub children: i64,
    pub accounts: i64,
}

/// The repair loop in a window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RepairCounts {
    /// Certifications per center: `(center, certified, with a backup unit)`.
    pub by_center: Vec<(String, i64, i64)>,
    pub replenishments_requested: i64,
    pub replenishments_shipped: i64,
    pub replenishments_received: i64,
}

/// A maintenance work planned to start in the window, with its notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaintenanceLine {
    pub title: String,
    pub start: DateTime<Utc>,
    pub latest_notice_at: DateTime<Utc>,
    pub notice_sent_at: Option<DateTime<Utc>>,
    pub late_seconds: Option<i64>,
    pub accounts: i64,
    pub objections: i64,
}

/// A count under a name (an account, a model, a fault type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCount {
    pub key: String,
    pub label: String,
    pub count: i64,
}

/// A fault on a line that had another fault within the 30 days before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatFault {
    pub msisdn: String,
    pub account: String,
    pub ticket: String,
    pub previous_ticket: String,
    pub days_apart: f64,
}

/// A finished week's report as generated and mailed (kept for download).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReport {
    pub week: String,
    pub generated_at: DateTime<Utc>,
    pub body: serde_json::Value,
}
