//! The weekly fault report and the fault statistics (R-REPORT-1/2,
//! R-SLA-3). Computed from the live tables on request, so the current
//! week's report reflects tickets as they change; each figure beside the
//! previous week's and a 12-week trend.
//!
//! A little over 500 lines: the report's record types (what the API,
//! the documents and the stored copy serialize) and the use cases that fill
//! them, which change together.

use std::sync::Arc;

use std::collections::BTreeMap;

use averias_domain::report::{DurationSummary, IsoWeek, percentage};
use averias_domain::{Actor, Role};
use averias_store::{
    IncidentTouch, MaintenanceLine, NamedCount, RefusedTotal, RepairCounts, RepeatFault,
    WindowCounts,
};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{ServiceError, ServiceResult, require_role};

/// Job kind of the Monday report.
pub const WEEKLY_KIND: &str = "report.weekly";
/// The Monday report's timer row: one, moved each week.
const WEEKLY_KEY: &str = "weekly-report";

/// How weekly reports are counted, and when and to whom they are mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSettings {
    /// Weeks run from Monday 00:00 to Monday 00:00 in this zone.
    pub zone: chrono_tz::Tz,
    /// On Mondays at this wall-clock time the previous week's report is kept and mailed.
    pub weekly_at: chrono::NaiveTime,
    /// Product development and CSM addresses.
    pub mail_to: Vec<String>,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            zone: chrono_tz::America::Caracas,
            weekly_at: chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap_or_default(),
            mail_to: Vec::new(),
        }
    }
}

/// How many weeks the trend covers, this one included.
pub const TREND_WEEKS: usize = 12;
/// The longest range a report or the statistics cover at once.
const MAX_RANGE_DAYS: i64 = 400;

/// Resolutions by the group that solved them (R-SLA-3: compliance per group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    pub group: String,
    pub resolved: i64,
    pub within_24h: i64,
    pub compliance_24h: Option<f64>,
    pub median_seconds: Option<i64>,
}

/// Planned maintenance of the window and how its notices went (R-MAINT-1/2).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MaintenanceSummary {
    pub works: i64,
    /// Notice sent by the latest notice time.
    pub on_time: i64,
    /// Notice sent late, as a justified emergency.
    pub emergency: i64,
    /// No notice sent and the latest notice time has passed.
    pub overdue: i64,
    /// Affected accounts that objected.
    pub objections: i64,
    pub lines: Vec<MaintenanceLine>,
}

/// Every figure of one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub counts: WindowCounts,
    /// Faults reported before the window's end and still open at it.
    pub backlog_at_end: i64,
    /// R-SLA-1: share of the window's resolutions within 24 hours.
    pub compliance_24h: Option<f64>,
    pub time_to_resolve: DurationSummary,
    pub escalations_fired: i64,
    /// Faults opened, by fault type, channel and level (1 or 2).
    pub by_fault_type: Vec<NamedCount>,
    pub by_channel: Vec<NamedCount>,
    pub by_level: Vec<NamedCount>,
    pub by_group: Vec<GroupLine>,
    pub refused: Vec<RefusedTotal>,
    pub incidents: Vec<IncidentTouch>,
    /// Customer faults the window's mass incidents carried.
    pub incident_customers: i64,
    pub repairs: RepairCounts,
    pub backup_units_used: i64,
    pub maintenance: MaintenanceSummary,
}

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub week: IsoWeek,
    pub opened: i64,
    pub resolved: i64,
    pub compliance_24h: Option<f64>,
}

/// The weekly report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyReport {
    pub week: IsoWeek,
    pub zone: String,
    pub generated_at: DateTime<Utc>,
    /// Whether the week is still running (its figures still move).
    pub in_progress: bool,
    pub current: Figures,
    pub previous: Figures,
    /// Oldest first, ending with this week.
    pub trend: Vec<TrendPoint>,
}

/// Fault statistics for product development (R-REPORT-2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaultStatistics {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Accounts with two faults or more, most first.
    pub recurring_accounts: Vec<NamedCount>,
    pub top_accounts: Vec<NamedCount>,
    pub by_model: Vec<NamedCount>,
    pub by_fault_type: Vec<NamedCount>,
    /// Faults on a line that had another fault in the 30 days before.
    pub repeat_faults: Vec<RepeatFault>,
}

fn may_read_reports(actor: &Actor) -> ServiceResult<()> {
    require_role(
        actor,
        &[
            Role::Csm,
            Role::ProductDevelopment,
            Role::CustomerServiceMgmt,
            Role::Admin,
        ],
        "read the fault report",
    )
}

fn check_range(from: DateTime<Utc>, to: DateTime<Utc>) -> ServiceResult<()> {
    if to <= from {
        return Err(ServiceError::invalid(
            "invalid_range",
            "to",
            "the end of the range must come after its start",
        ));
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(ServiceError::invalid(
            "range_too_long",
            "to",
            format!("a report covers at most {MAX_RANGE_DAYS} days"),
        ));
    }
    Ok(())
}

/// The weekly fault report (R-REPORT-*) and the fault statistics.
#[derive(Debug, Clone)]
pub struct Reports {
    pub(crate) job_store: Arc<dyn averias_store::JobStore>,
    pub(crate) report_store: Arc<dyn averias_store::ReportStore>,
    pub(crate) ticket_store: Arc<dyn averias_store::TicketStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) notifications: crate::notifications::Notifications,
    pub settings: crate::weekly_report::ReportSettings,
}

impl Reports {
    /// The week a reference names: `2026-W48`, or `current`.
    pub fn report_week(&self, reference: &str) -> ServiceResult<IsoWeek> {
        if reference == "current" {
            return Ok(IsoWeek::containing(self.clock.now(), self.settings.zone));
        }
        reference
            .parse()
            .map_err(|e: String| ServiceError::invalid("invalid_week", "week", e))
    }

    /// The weekly report of `week`.
    pub async fn weekly_report(&self, actor: &Actor, week: IsoWeek) -> ServiceResult<WeeklyReport> {
        may_read_reports(actor)?;
        self.build_weekly_report(week).await
    }

    /// The weekly report of the week a caller names (`2026-W48` or `current`).
    pub async fn weekly_report_of(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> ServiceResult<WeeklyReport> {
        let week = self.report_week(reference)?;
        self.weekly_report(actor, week).await
    }

    /// The report without the access check, for the scheduled job and the CLI.
    pub async fn build_weekly_report(&self, week: IsoWeek) -> ServiceResult<WeeklyReport> {
        let zone = self.settings.zone;
        let (from, to) = week.bounds(zone);
        let (pfrom, pto) = week.previous().bounds(zone);
        let mut weeks = vec![week];
        while weeks.len() < TREND_WEEKS {
            let before = weeks[weeks.len() - 1].previous();
            weeks.push(before);
        }
        weeks.reverse();
        // The two weeks in full and the ten before them, read concurrently
        // (the store has several readers).
        let older = futures::future::try_join_all(weeks[..TREND_WEEKS - 2].iter().map(|w| {
            let (a, b) = w.bounds(zone);
            self.report_store.trend_counts(a, b)
        }));
        let (current, previous, older) =
            futures::future::try_join3(self.figures(from, to), self.figures(pfrom, pto), async {
                older.await.map_err(ServiceError::from)
            })
            .await?;
        let counts = older.into_iter().chain([
            (
                previous.counts.opened,
                previous.counts.resolved,
                previous.counts.resolved_within_24h,
            ),
            (
                current.counts.opened,
                current.counts.resolved,
                current.counts.resolved_within_24h,
            ),
        ]);
        let trend = weeks
            .into_iter()
            .zip(counts)
            .map(|(w, (opened, resolved, within))| TrendPoint {
                week: w,
                opened,
                resolved,
                compliance_24h: percentage(within as u64, resolved as u64),
            })
            .collect();
        let now = self.clock.now();
        Ok(WeeklyReport {
            week,
            zone: zone.name().to_owned(),
            generated_at: now,
            in_progress: now < to,
            current,
            previous,
            trend,
        })
    }

    /// The report's figures for any range (with the range before it, of the
    /// same length, as `previous`).
    pub async fn range_report(
        &self,
        actor: &Actor,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> ServiceResult<(Figures, Figures)> {
        may_read_reports(actor)?;
        check_range(from, to)?;
        let length = to - from;
        Ok((
            self.figures(from, to).await?,
            self.figures(from - length, from).await?,
        ))
    }

    /// Every figure of `[from, to)`.
    pub async fn figures(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> ServiceResult<Figures> {
        let r = &self.report_store;
        // Independent reads, run together on the store's readers.
        let (
            counts,
            opened,
            resolved,
            backlog_at_end,
            escalations_fired,
            by_fault_type,
            refused,
            incidents,
            repairs,
            lines,
        ) = futures::try_join!(
            r.window_counts(from, to),
            r.opened_by_channel_and_level(from, to),
            r.resolved_faults(from, to),
            r.backlog_at(to),
            r.escalations_fired(from, to),
            r.faults_by_type(from, to),
            r.refused_totals(from, to),
            r.incidents_opened(from, to),
            r.repair_counts(from, to),
            r.maintenance_in(from, to),
        )?;

        let mut by_channel: BTreeMap<String, i64> = BTreeMap::new();
        let mut by_level: BTreeMap<String, i64> = BTreeMap::new();
        for o in &opened {
            *by_channel.entry(o.channel.clone()).or_default() += o.count;
            *by_level.entry(o.level.to_string()).or_default() += o.count;
        }
        let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        let mut durations = Vec::with_capacity(resolved.len());
        for f in &resolved {
            let seconds = f.seconds;
            durations.push(seconds);
            groups.entry(f.group.clone()).or_default().push(seconds);
        }
        let by_group = groups
            .into_iter()
            .map(|(group, seconds)| {
                let within = seconds.iter().filter(|s| **s <= 86_400).count() as i64;
                let resolved = seconds.len() as i64;
                GroupLine {
                    group,
                    resolved,
                    within_24h: within,
                    compliance_24h: percentage(within as u64, resolved as u64),
                    median_seconds: DurationSummary::of(seconds).median_seconds,
                }
            })
            .collect();
        let now = self.clock.now();
        let maintenance = MaintenanceSummary {
            works: lines.len() as i64,
            on_time: lines
                .iter()
                .filter(|l| l.notice_sent_at.is_some() && l.late_seconds.is_none())
                .count() as i64,
            emergency: lines.iter().filter(|l| l.late_seconds.is_some()).count() as i64,
            overdue: lines
                .iter()
                .filter(|l| l.notice_sent_at.is_none() && now > l.latest_notice_at)
                .count() as i64,
            objections: lines.iter().map(|l| l.objections).sum(),
            lines,
        };
        let counted = |m: BTreeMap<String, i64>| -> Vec<NamedCount> {
            m.into_iter()
                .map(|(key, count)| NamedCount {
                    label: key.clone(),
                    key,
                    count,
                })
                .collect()
        };
        Ok(Figures {
            from,
            to,
            compliance_24h: percentage(counts.resolved_within_24h as u64, counts.resolved as u64),
            counts,
            backlog_at_end,
            time_to_resolve: DurationSummary::of(durations),
            escalations_fired,
            by_fault_type,
            by_channel: counted(by_channel),
            by_level: counted(by_level),
            by_group,
            refused,
            incident_customers: incidents.iter().map(|i| i.children).sum(),
            incidents,
            backup_units_used: repairs.by_center.iter().map(|(_, _, swaps)| swaps).sum(),
            repairs,
            maintenance,
        })
    }

    /// Fault statistics for product development over `[from, to)`.
    pub async fn fault_statistics(
        &self,
        actor: &Actor,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> ServiceResult<FaultStatistics> {
        may_read_reports(actor)?;
        check_range(from, to)?;
        let r = &self.report_store;
        Ok(FaultStatistics {
            from,
            to,
            recurring_accounts: r.faults_by_account(from, to, 2, 200).await?,
            top_accounts: r.faults_by_account(from, to, 1, 10).await?,
            by_model: r.faults_by_model(from, to, 100).await?,
            by_fault_type: r.faults_by_type(from, to).await?,
            repeat_faults: r.repeat_faults(from, to, Duration::days(30), 1000).await?,
        })
    }

    /// The next Monday at the configured time, after `after`.
    fn next_weekly_run(&self, after: DateTime<Utc>) -> DateTime<Utc> {
        let s = &self.settings;
        let mut week = IsoWeek::containing(after, s.zone);
        loop {
            let monday = week.monday().and_time(s.weekly_at);
            let at = chrono::TimeZone::from_local_datetime(&s.zone, &monday)
                .earliest()
                .map_or_else(|| week.bounds(s.zone).0, |t| t.with_timezone(&Utc));
            if at > after {
                return at;
            }
            week = IsoWeek::containing(week.bounds(s.zone).1, s.zone);
        }
    }

    /// Makes sure the Monday report is scheduled (once, whatever the number
    /// of instances). Called when the worker starts.
    pub async fn ensure_weekly_report_job(&self) -> ServiceResult<()> {
        let now = self.clock.now();
        let job = averias_store::NewJob {
            kind: WEEKLY_KIND.into(),
            dedupe_key: Some(WEEKLY_KEY.into()),
            payload: serde_json::json!({}),
            due_at: self.next_weekly_run(now),
        };
        self.job_store.schedule_job(&job, now).await?;
        Ok(())
    }

    /// The Monday job: keeps last week's report, mails it to the configured
    /// addresses through the outbox, and moves itself to next Monday, all in
    /// one transaction (a crash repeats the run; the dedupe keys keep the
    /// mail to one per address).
    pub(crate) async fn run_weekly_report_job(&self) -> ServiceResult<()> {
        let now = self.clock.now();
        let this_week = IsoWeek::containing(now, self.settings.zone);
        let week = this_week.previous();
        let report = self.build_weekly_report(week).await?;
        let body = serde_json::to_value(&report).map_err(|e| {
            ServiceError::Store(averias_store::StoreError::Corrupt {
                table: "weekly_reports",
                detail: e.to_string(),
            })
        })?;
        let c = &report.current;
        let data = serde_json::json!({
            "contact": "",
            "week": week.to_string(),
            "opened": c.counts.opened,
            "resolved": c.counts.resolved,
            "closed": c.counts.closed,
            "backlog": c.backlog_at_end,
            "compliance": c.compliance_24h,
            "previous_opened": report.previous.counts.opened,
            "previous_compliance": report.previous.compliance_24h,
            "backup_units": c.backup_units_used,
            "refused": c.refused.iter().map(|r| r.count).sum::<i64>(),
            "path": format!("/api/v1/weekly-reports/stored/{week}"),
        });
        let messages = self
            .settings
            .mail_to
            .iter()
            .filter_map(|to| {
                self.notifications
                    .report_message(to, data.clone(), &week.to_string(), now)
            })
            .collect();
        let changes = averias_store::ChangeSet {
            reports: vec![averias_store::StoredReport {
                week: week.to_string(),
                generated_at: now,
                body,
            }],
            messages,
            timers: vec![averias_store::TimerChange {
                key: WEEKLY_KEY.into(),
                kind: WEEKLY_KIND.into(),
                payload: serde_json::json!({}),
                due_at: Some(self.next_weekly_run(now)),
            }],
            ..Default::default()
        };
        self.ticket_store.apply_ticket_changes(changes).await?;
        tracing::info!(%week, recipients = self.settings.mail_to.len(), "weekly report kept and mailed");
        Ok(())
    }

    /// Weeks whose report was kept, newest first.
    pub async fn stored_reports(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<(String, DateTime<Utc>)>> {
        may_read_reports(actor)?;
        Ok(self.report_store.stored_reports().await?)
    }

    /// A kept report, as it was mailed.
    pub async fn stored_report(
        &self,
        actor: &Actor,
        week: &str,
    ) -> ServiceResult<averias_store::StoredReport> {
        may_read_reports(actor)?;
        let week = self.report_week(week)?;
        self.report_store
            .stored_report(&week.to_string())
            .await?
            .ok_or_else(|| ServiceError::not_found("kept weekly report", week.to_string()))
    }
}
