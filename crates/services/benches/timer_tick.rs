//! The SLA timer worker at scale: how long one worker tick takes with a
//! million open tickets, each with a pending timer row. Not a test: it
//! prints figures for BENCHMARKS.md.
//!
//! `cargo bench -p averias-services --bench timer_tick`
//! (`AVERIAS_BENCH_TICKETS=N` to load N tickets instead of 1,400,000, of
//! which about 72 % stay open).
//!
//! It loads the tickets through the bulk path into a fresh SQLite file,
//! installs a catch-all escalation rule (breach → raise priority and tell
//! CSM), gives every open ticket a timer spread over the next 30 days, then
//! measures (1) ticks with nothing due — the cost of finding due work among a
//! million pending timers — and (2) ticks that fire 200 timers each, which
//! re-plan each ticket from its history and write the step.

use std::sync::Arc;
use std::time::Instant;

use averias_domain::escalation::EscalationRule;
use averias_services::{Clock, Services};
use averias_store::{ChangeSet, SqliteStore, Store, TimerChange};
use chrono::{Duration, Utc};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name}_ticks={} {name}_p50_ms={:.3} {name}_p99_ms={:.3} {name}_max_ms={:.3}",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms[ms.len() - 1]
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let count: usize = std::env::var("AVERIAS_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_400_000);
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("timers.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::connect(&url).await?);
    store.migrate().await?;
    let now = Utc::now();
    averias_services::calendars::seed_defaults(store.as_ref(), now).await?;
    averias_demo::seed(store.clone(), now).await?;

    let started = Instant::now();
    averias_demo::bulk::load_over(store.clone(), count, now, Duration::days(2), |_| {}).await?;
    eprintln!("loaded {count} tickets in {:.0?}", started.elapsed());

    // The rule every timer will be planned against (written directly, so no
    // recompute job walks the backlog before the measurement).
    let rule: EscalationRule = serde_json::from_value(serde_json::json!({
        "level": "first",
        "steps": [{"name": "vencido", "event": "breach",
                   "actions": [{"type": "raise_priority"}, {"type": "notify_role", "role": "csm"}]}]
    }))?;
    let audit = averias_store::AuditEvent {
        at: now,
        actor_id: None,
        actor_name: "bench".into(),
        entity_type: "escalation_rule".into(),
        entity_id: "*/first".into(),
        action: "upsert".into(),
        before: None,
        after: None,
    };
    store.upsert_escalation_rule(&rule, &audit).await?;

    // One timer per open ticket, spread over the next 30 days.
    let started = Instant::now();
    let mut open = Vec::new();
    let mut after = None;
    loop {
        let batch = store.tickets_to_reclock(after, 5_000).await?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        open.extend(
            batch
                .into_iter()
                .filter(|t| !t.status.stops_attention_clock())
                .map(|t| t.id),
        );
    }
    let spread = Duration::days(30).num_milliseconds() / open.len().max(1) as i64;
    for (chunk_no, chunk) in open.chunks(10_000).enumerate() {
        let timers = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| TimerChange {
                key: format!("sla:{id}"),
                kind: "sla.timer".into(),
                payload: serde_json::json!({ "ticket": id.to_string() }),
                due_at: Some(
                    now + Duration::minutes(1)
                        + Duration::milliseconds(spread * (chunk_no * 10_000 + i) as i64),
                ),
            })
            .collect();
        store
            .apply_ticket_changes(ChangeSet {
                timers,
                ..Default::default()
            })
            .await?;
    }
    eprintln!(
        "{} open tickets given timers in {:.0?}",
        open.len(),
        started.elapsed()
    );
    println!(
        "tickets={count} open_tickets={} pending_timers={}",
        open.len(),
        open.len()
    );

    // (1) Ticks with nothing due.
    let clock = Clock::manual(now);
    let services = Services::new(store.clone(), clock.clone());
    let mut empty = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        let ran = services.worker.run_due_jobs("bench", 200).await?;
        empty.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(ran, 0, "nothing should be due yet");
    }
    summary("empty_tick", empty);

    // (2) Ticks that each find and fire about 200 timers.
    let step = Duration::milliseconds(spread * 200);
    clock.advance(Duration::minutes(1));
    let mut busy = Vec::new();
    let mut fired = 0;
    for _ in 0..50 {
        clock.advance(step);
        let t = Instant::now();
        let ran = services.worker.run_due_jobs("bench", 200).await?;
        busy.push(t.elapsed().as_secs_f64() * 1e3);
        fired += ran;
    }
    println!("busy_tick_timers_run={fired}");
    summary("busy_tick", busy);
    Ok(())
}
