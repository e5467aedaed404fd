//! The background worker's unit of work: claim due jobs (timers and queued
//! work) from the store with a lease, run each by kind, and mark it done or
//! give it back for a retry. `averias serve` calls [`Worker::run_due_work`]
//! in a loop; tests call it directly to play one tick at a chosen instant.
//! Any number of instances may run it: claims never overlap (leases, and
//! `SKIP LOCKED` on PostgreSQL).

use std::sync::Arc;

use averias_store::Job;
use chrono::Duration;

use super::{ServiceResult, sla};

/// How long a claimed job is held before another worker may take it.
const LEASE_MINUTES: i64 = 5;
/// Attempts before a failing job is dead (kept for an admin to see).
const MAX_ATTEMPTS: i64 = 10;

/// One tick of the background worker: due timers, jobs and messages.
#[derive(Debug, Clone)]
pub struct Worker {
    pub(crate) job_store: Arc<dyn averias_store::JobStore>,
    pub(crate) clock: crate::clock::Clock,
    pub(crate) escalations: crate::escalations::Escalations,
    pub(crate) maintenance: crate::maintenance::Maintenance,
    pub(crate) notifications: crate::notifications::Notifications,
    pub(crate) repair: crate::repair_booking::Repair,
    pub(crate) reports: crate::weekly_report::Reports,
}

impl Worker {
    /// One tick of the background worker: due timers and jobs, then due
    /// notifications; returns how many of each ran.
    pub async fn run_due_work(&self, worker: &str, limit: i64) -> ServiceResult<(usize, usize)> {
        let jobs = self.run_due_jobs(worker, limit).await?;
        let messages = self.notifications.run_due_messages(worker, limit).await?;
        Ok((jobs, messages))
    }

    /// Runs up to `limit` due jobs once as `worker`; returns how many ran.
    pub async fn run_due_jobs(&self, worker: &str, limit: i64) -> ServiceResult<usize> {
        let now = self.clock.now();
        let jobs = self
            .job_store
            .claim_jobs(worker, now, Duration::minutes(LEASE_MINUTES), limit)
            .await?;
        let count = jobs.len();
        for job in jobs {
            match self.run_job(&job).await {
                Ok(Finish::Complete) => {
                    self.job_store
                        .complete_job(&job.id, worker, self.clock.now())
                        .await?;
                }
                // The job moved its own row (a timer set to its next due time).
                Ok(Finish::Rescheduled) => {}
                Err(e) => {
                    tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, error = %e, "job failed; will retry");
                    let backoff = Duration::seconds(30 * job.attempts.clamp(1, 20));
                    self.job_store
                        .fail_job(
                            &job.id,
                            worker,
                            &e.to_string(),
                            self.clock.now() + backoff,
                            MAX_ATTEMPTS,
                        )
                        .await?;
                }
            }
        }
        Ok(count)
    }

    async fn run_job(&self, job: &Job) -> ServiceResult<Finish> {
        match job.kind.as_str() {
            sla::TIMER_KIND => {
                self.escalations.fire_timer(job).await?;
                Ok(Finish::Rescheduled)
            }
            sla::RECOMPUTE_KIND => {
                let n = self.escalations.recompute_clocks().await?;
                tracing::debug!(tickets = n, "SLA deadlines recomputed");
                Ok(Finish::Complete)
            }
            super::maintenance::WORK_REMINDER_KIND => {
                self.maintenance.remind_objection_window(job).await?;
                Ok(Finish::Complete)
            }
            super::weekly_report::WEEKLY_KIND => {
                self.reports.run_weekly_report_job().await?;
                Ok(Finish::Rescheduled)
            }
            super::repair_booking::APPOINTMENT_REMINDER_KIND => {
                self.repair.remind_appointment(job).await?;
                Ok(Finish::Complete)
            }
            super::maintenance::WINDOW_KIND => {
                self.maintenance.close_objection_window(job).await?;
                Ok(Finish::Complete)
            }
            other => Err(super::ServiceError::invalid(
                "unknown_job_kind",
                "kind",
                format!("no worker handles jobs of kind '{other}'"),
            )),
        }
    }
}

/// What a job left to do with its row.
enum Finish {
    Complete,
    Rescheduled,
}
