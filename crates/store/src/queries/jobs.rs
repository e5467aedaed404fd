//! Durable jobs: scheduling, claims with leases, completion and retries.

use super::*;

#[async_trait]
impl JobStore for This {
    async fn schedule_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO jobs (id, kind, dedupe_key, payload, due_at, state, attempts, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6) ON CONFLICT DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&job.kind)
        .bind(&job.dedupe_key)
        .bind(job.payload.to_string())
        .bind(ms(job.due_at))
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' AND due_at <= $3
                          AND (lease_until IS NULL OR lease_until < $3)
                          ORDER BY due_at LIMIT $4{})
             RETURNING id, kind, dedupe_key, payload, due_at, attempts, lease_until",
            DIALECT.skip_locked
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(worker)
            .bind(ms(now + lease))
            .bind(ms(now))
            .bind(limit)
            .fetch_all(&self.writer)
            .await?;
        let mut jobs = rows
            .iter()
            .map(|r| {
                let payload: String = Cells::get(r, "payload")?;
                let instant = |col: &str| -> StoreResult<DateTime<Utc>> {
                    crate::rows::instant(Cells::get(r, col)?, "jobs", col)
                };
                Ok(Job {
                    id: Cells::get(r, "id")?,
                    kind: Cells::get(r, "kind")?,
                    dedupe_key: Cells::get(r, "dedupe_key")?,
                    payload: serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt {
                        table: "jobs",
                        detail: e.to_string(),
                    })?,
                    due_at: instant("due_at")?,
                    attempts: Cells::get(r, "attempts")?,
                    lease_until: instant("lease_until")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        jobs.sort_by_key(|j| j.due_at);
        Ok(jobs)
    }

    async fn complete_job(&self, id: &str, worker: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'done', done_at = $3, lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending' AND lease_until >= $3",
        )
        .bind(id)
        .bind(worker)
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET last_error = $3, due_at = $4, lease_owner = NULL, lease_until = NULL,
             state = CASE WHEN attempts >= $5 THEN 'dead' ELSE 'pending' END
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
        )
        .bind(id)
        .bind(worker)
        .bind(error)
        .bind(ms(retry_at))
        .bind(max_attempts)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
