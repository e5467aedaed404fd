//! Durable jobs (timers and queued work) on both backends: scheduling is
//! idempotent, a due job is claimed by one worker at a time, a dead worker's
//! lease expires and another takes the job over, and the late worker learns
//! its completion did not count.

use std::collections::HashSet;

use averias_store::NewJob;
use chrono::Duration;
use serde_json::json;

use crate::helpers::*;

fn job(key: &str, due_at: chrono::DateTime<chrono::Utc>) -> NewJob {
    NewJob {
        kind: "sla_deadline".into(),
        dedupe_key: Some(key.into()),
        payload: json!({"ticket": key}),
        due_at,
    }
}

#[tokio::test]
async fn a_due_job_is_claimed_once_and_a_dead_workers_lease_is_taken_over() {
    for_each_backend(Setup::Empty, async |app: TestApp| {
        let (s, now) = (&app.store, app.clock.now());
        let lease = Duration::seconds(30);
        assert!(s.schedule_job(&job("a", now), now).await.unwrap());
        assert!(
            !s.schedule_job(&job("a", now), now).await.unwrap(),
            "the same key schedules once"
        );
        s.schedule_job(&job("b", now + Duration::seconds(1)), now)
            .await
            .unwrap();
        s.schedule_job(&job("c", now + Duration::hours(1)), now)
            .await
            .unwrap();

        let t1 = now + Duration::seconds(1);
        let held = s.claim_jobs("worker-a", t1, lease, 10).await.unwrap();
        let keys: Vec<_> = held.iter().map(|j| j.dedupe_key.clone().unwrap()).collect();
        assert_eq!(keys, ["a", "b"], "only due jobs, oldest first");
        assert_eq!(held[0].payload, json!({"ticket": "a"}));
        assert!(
            s.claim_jobs("worker-b", t1, lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "leased jobs are not claimed twice"
        );
        assert!(s.complete_job(&held[0].id, "worker-a", t1).await.unwrap());

        // worker-a dies holding "b"; once its lease runs out worker-b takes over.
        let t2 = t1 + Duration::seconds(31);
        let taken = s.claim_jobs("worker-b", t2, lease, 10).await.unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!(
            (taken[0].id.as_str(), taken[0].attempts),
            (held[1].id.as_str(), 2)
        );
        assert!(
            !s.complete_job(&held[1].id, "worker-a", t2).await.unwrap(),
            "a lost lease does not complete"
        );
        assert!(s.complete_job(&held[1].id, "worker-b", t2).await.unwrap());
        assert!(
            !s.complete_job(&held[1].id, "worker-b", t2).await.unwrap(),
            "done once"
        );

        // A failing job is retried later, then given up after its attempts.
        let t3 = now + Duration::hours(1);
        let c = s
            .claim_jobs("worker-b", t3, lease, 10)
            .await
            .unwrap()
            .remove(0);
        assert!(
            s.fail_job(&c.id, "worker-b", "smtp down", t3 + Duration::minutes(5), 2)
                .await
                .unwrap()
        );
        assert!(
            s.claim_jobs("worker-b", t3 + Duration::minutes(1), lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "not before the retry time"
        );
        let again = s
            .claim_jobs("worker-a", t3 + Duration::minutes(5), lease, 10)
            .await
            .unwrap();
        assert_eq!(again[0].attempts, 2);
        assert!(
            s.fail_job(
                &c.id,
                "worker-a",
                "smtp down",
                t3 + Duration::minutes(10),
                2
            )
            .await
            .unwrap()
        );
        assert!(
            s.claim_jobs("worker-a", t3 + Duration::hours(1), lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "dead after two attempts"
        );
    })
    .await;
}

#[tokio::test]
async fn concurrent_claimers_never_get_the_same_job() {
    for_each_backend(Setup::Empty, async |app: TestApp| {
        let now = app.clock.now();
        for i in 0..200 {
            app.store
                .schedule_job(&job(&format!("j{i}"), now), now)
                .await
                .unwrap();
        }
        let claimers = (0..4).map(|w| {
            let store = app.store.clone();
            async move {
                let mut mine = Vec::new();
                loop {
                    let batch = store
                        .claim_jobs(&format!("w{w}"), now, Duration::minutes(5), 7)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|j| j.id));
                }
            }
        });
        let all: Vec<String> = futures::future::join_all(claimers)
            .await
            .into_iter()
            .flatten()
            .collect();
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!((all.len(), unique.len()), (200, 200));
    })
    .await;
}
