//! Micro-benchmarks of the hot pure paths: `cargo bench -p averias-domain`.
//! The state machine runs on every action and every ticket shown (next
//! actions); the attention clock on every ticket shown; business-hour
//! arithmetic and policy clocks on every SLA computation.

use averias_domain::sla::{attention_clock, stop_instant};
use averias_domain::{Action, Position, Role, Status, decide};
use chrono::{Duration, TimeZone, Utc};
use divan::black_box;

fn main() {
    divan::main();
}

/// One decision: CSM resolves a fault it is working on.
#[divan::bench]
fn decide_one_transition() -> bool {
    let pos = Position {
        status: Status::InProgress,
        ..Position::new_fault()
    };
    decide(
        black_box(pos),
        black_box(Action::Resolve),
        black_box(Role::Csm),
    )
    .is_ok()
}

/// What a ticket view does: every action checked for one role.
#[divan::bench]
fn next_actions_for_one_ticket(bencher: divan::Bencher) {
    let actions = Action::all();
    let pos = Position::new_fault();
    bencher.bench(|| {
        actions
            .iter()
            .filter(|a| decide(black_box(pos), **a, Role::Csm).is_ok())
            .count()
    });
}

/// The clock of a ticket with a long history (reopened many times).
#[divan::bench(args = [10, 100, 1000])]
fn attention_clock_over_history(bencher: divan::Bencher, len: usize) {
    let start = Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap();
    let history: Vec<_> = (0..len)
        .map(|i| {
            let status = if i % 2 == 0 {
                Status::InProgress
            } else {
                Status::Resolved
            };
            (start + Duration::minutes(i as i64 * 7), status)
        })
        .collect();
    let now = start + Duration::days(30);
    bencher.bench(|| {
        let stop = stop_instant(black_box(&history));
        attention_clock(start, stop, false, now)
    });
}

/// Business-hour arithmetic: 16 business hours back from a start (the
/// latest maintenance notice) and 8 forward (the objection window), on
/// Caracas business hours with Venezuela's holidays.
#[divan::bench]
fn business_hours_add_and_subtract(bencher: divan::Bencher) {
    let cal = averias_domain::calendar::caracas_business();
    let start = Utc.with_ymd_and_hms(2027, 2, 11, 14, 0, 0).unwrap();
    bencher.bench(|| {
        let latest = cal.subtract(black_box(start), Duration::hours(16));
        let closes = cal.add(black_box(start), Duration::hours(8));
        (latest, closes)
    });
}

/// Business time between two instants a month apart.
#[divan::bench]
fn business_time_over_a_month(bencher: divan::Bencher) {
    let cal = averias_domain::calendar::caracas_business();
    let a = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
    let b = a + Duration::days(30);
    bencher.bench(|| cal.between(black_box(a), black_box(b)));
}

/// A policy clock on business hours with pauses, over a long history.
#[divan::bench(args = [10, 100, 1000])]
fn policy_clock_over_history(bencher: divan::Bencher, len: usize) {
    use averias_domain::sla_policy::{ClockPolicy, policy_clock};
    let cal = averias_domain::calendar::caracas_business();
    let start = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
    let history: Vec<_> = (0..len)
        .map(|i| {
            let status = if i % 2 == 0 {
                Status::InProgress
            } else {
                Status::Pending
            };
            (start + Duration::minutes(i as i64 * 41), status)
        })
        .collect();
    let policy = ClockPolicy {
        target: Duration::hours(16),
        warn_at: vec![75, 90],
        pause_statuses: vec![Status::Pending],
    };
    let now = start + Duration::days(60);
    bencher.bench(|| policy_clock(black_box(&history), &cal, &policy, now));
}
