//! The notification outbox (claims with leases) and webhook subscriptions.

use super::*;
use averias_domain::Lang;

#[async_trait]
impl OutboxStore for This {
    async fn claim_messages(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>> {
        let sql = format!(
            "UPDATE messages SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id IN (SELECT m.id FROM messages m WHERE m.state = 'pending' AND m.next_attempt_at <= $3
                          AND (m.lease_until IS NULL OR m.lease_until < $3)
                          AND NOT EXISTS (SELECT 1 FROM messages e
                              WHERE e.ticket_id = m.ticket_id AND e.channel = m.channel AND e.recipient = m.recipient
                                AND e.state = 'pending' AND e.id < m.id)
                          ORDER BY m.next_attempt_at, m.id LIMIT $4{})
             RETURNING *",
            DIALECT.skip_locked
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(worker)
            .bind(ms(now + lease))
            .bind(ms(now))
            .bind(limit)
            .fetch_all(&self.writer)
            .await?;
        let mut out = rows
            .iter()
            .map(message_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        out.sort_by_key(|m| m.next_attempt_at);
        Ok(out)
    }

    async fn message_sent(
        &self,
        id: uuid::Uuid,
        worker: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE messages SET state = 'sent', sent_at = $3, lease_owner = NULL, lease_until = NULL, last_error = NULL
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
        )
        .bind(id.to_string())
        .bind(worker)
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn message_failed(
        &self,
        id: uuid::Uuid,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE messages SET last_error = $3, next_attempt_at = $4, lease_owner = NULL, lease_until = NULL,
             state = CASE WHEN attempts >= $5 THEN 'dead' ELSE 'pending' END
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
        )
        .bind(id.to_string())
        .bind(worker)
        .bind(error)
        .bind(ms(retry_at))
        .bind(max_attempts)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn list_messages(
        &self,
        state: Option<&str>,
        ticket: Option<TicketId>,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>> {
        let (condition, key) = match (state, ticket) {
            (_, Some(t)) => ("ticket_id = $1", t.to_string()),
            (Some(s), None) => ("state = $1", s.to_owned()),
            (None, None) => ("$1 = $1", String::new()),
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT * FROM messages WHERE {condition} ORDER BY created_at DESC, id LIMIT $2"
        )))
        .bind(key)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    async fn retry_message(
        &self,
        id: uuid::Uuid,
        now: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE messages SET state = 'pending', attempts = 0, next_attempt_at = $2, lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND state = 'dead'",
        )
        .bind(id.to_string())
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn insert_webhook(&self, hook: &Webhook, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("INSERT INTO webhooks (id, callback, events, secret, created_by, created_at, api) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(hook.id.to_string())
            .bind(&hook.callback)
            .bind(serde_json::to_string(&hook.events).unwrap_or_else(|_| "[]".into()))
            .bind(&hook.secret)
            .bind(hook.created_by.to_string())
            .bind(ms(hook.created_at))
            .bind(&hook.api)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_webhook(&self, id: uuid::Uuid, audit: &AuditEvent) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("DELETE FROM webhooks WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>> {
        let rows = sqlx::query("SELECT * FROM webhooks ORDER BY created_at, id")
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                let id: String = Cells::get(r, "id")?;
                let events: String = Cells::get(r, "events")?;
                let by: String = Cells::get(r, "created_by")?;
                let at: i64 = Cells::get(r, "created_at")?;
                let corrupt = |d: String| StoreError::Corrupt {
                    table: "webhooks",
                    detail: d,
                };
                Ok(Webhook {
                    id: id
                        .parse()
                        .map_err(|e: uuid::Error| corrupt(e.to_string()))?,
                    callback: Cells::get(r, "callback")?,
                    events: serde_json::from_str(&events).map_err(|e| corrupt(e.to_string()))?,
                    api: Cells::get(r, "api")?,
                    secret: Cells::get(r, "secret")?,
                    created_by: by
                        .parse()
                        .map_err(|e: uuid::Error| corrupt(e.to_string()))?,
                    created_at: crate::rows::instant(at, "webhooks", "created_at")?,
                })
            })
            .collect()
    }
}

/// An outbox row.
fn message_from_row(r: &<Db as sqlx::Database>::Row) -> StoreResult<StoredMessage> {
    let corrupt = |d: String| StoreError::Corrupt {
        table: "messages",
        detail: d,
    };
    let instant = |v: i64| crate::rows::instant(v, "messages", "instant");
    let id: String = Cells::get(r, "id")?;
    let data: String = Cells::get(r, "data")?;
    let ticket: Option<String> = Cells::get(r, "ticket_id")?;
    let sent: Option<i64> = Cells::get(r, "sent_at")?;
    Ok(StoredMessage {
        message: OutboundMessage {
            id: id
                .parse()
                .map_err(|e: uuid::Error| corrupt(e.to_string()))?,
            event: Cells::get(r, "event")?,
            channel: Cells::get(r, "channel")?,
            recipient: Cells::get(r, "recipient")?,
            language: Lang::or_default(&Cells::get::<String>(r, "language")?),
            data: serde_json::from_str(&data).map_err(|e| corrupt(e.to_string()))?,
            dedupe_key: Cells::get(r, "dedupe_key")?,
            ticket_id: ticket
                .map(|t| t.parse().map_err(|e: uuid::Error| corrupt(e.to_string())))
                .transpose()?,
            created_at: instant(Cells::get(r, "created_at")?)?,
            deliver: true,
        },
        state: Cells::get(r, "state")?,
        attempts: Cells::get(r, "attempts")?,
        next_attempt_at: instant(Cells::get(r, "next_attempt_at")?)?,
        last_error: Cells::get(r, "last_error")?,
        sent_at: sent.map(instant).transpose()?,
    })
}
