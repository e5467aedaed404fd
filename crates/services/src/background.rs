//! The background worker inside `averias serve`: every interval it runs the
//! due timers and jobs (escalation steps, deadline recomputation...). Work
//! that fell due while no server was running is due at once, so it runs on
//! the first tick after start-up. Each instance runs one; leases keep them
//! from doing the same job twice.

use std::time::Duration;

use crate::Services;

/// Jobs claimed per tick; a full tick is followed at once by another.
const BATCH: i64 = 200;
/// How often unreferenced attachment bytes are swept, and how old they
/// must be (an upload under way writes its bytes before its rows).
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Starts the worker on the current runtime.
pub fn spawn(services: Services, every: Duration) -> tokio::task::JoinHandle<()> {
    let name = format!("worker-{}", uuid::Uuid::now_v7());
    tracing::info!(worker = %name, interval_ms = every.as_millis() as u64, "background worker started");
    tokio::spawn(async move {
        if let Err(e) = services.reports.ensure_weekly_report_job().await {
            tracing::warn!(error = %e, "cannot schedule the Monday report");
        }
        let mut swept = std::time::Instant::now();
        loop {
            if swept.elapsed() >= SWEEP_EVERY {
                swept = std::time::Instant::now();
                match services.attachments.sweep(SWEEP_EVERY).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(blobs = n, "unreferenced attachment bytes removed"),
                    Err(e) => tracing::warn!(error = %e, "attachment sweep failed"),
                }
            }
            match services.attachments.scan_pending().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(attachments = n, "attachments scanned"),
                Err(e) => tracing::warn!(error = %e, "attachment scan pass failed"),
            }
            match services.worker.run_due_work(&name, BATCH).await {
                Ok((jobs, messages)) if jobs as i64 == BATCH || messages as i64 == BATCH => {
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "worker tick failed"),
            }
            tokio::time::sleep(every).await;
        }
    })
}
