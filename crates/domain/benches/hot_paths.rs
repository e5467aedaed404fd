//! Micro-benchmarks of the hot pure paths: `cargo bench -p averias-domain`.
//! The state machine runs on every action and every ticket shown (next
//! actions); the attention clock on every ticket shown.

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
