//! The [`IntakeStore`] implementation: opening tickets (through the group
//! committer), idempotency look-ups, refused reports and bulk loads.

use super::*;

#[async_trait]
impl IntakeStore for This {
    async fn open_ticket(&self, ticket: NewTicket) -> StoreResult<TicketRecord> {
        self.committer.open(ticket).await
    }

    async fn idempotent_ticket(
        &self,
        user: UserId,
        key: &str,
    ) -> StoreResult<Option<(TicketId, String)>> {
        let row = sqlx::query(
            "SELECT ticket_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(user.to_string())
        .bind(key)
        .fetch_optional(&self.writer)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((
                parse_id(&r, "ticket_id", "idempotency_keys")?,
                r.try_get("request_hash")?,
            ))),
        }
    }

    async fn record_refused_report(
        &self,
        report: &RefusedReport,
        audit: &AuditEvent,
        messages: &[OutboundMessage],
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        super::ticket_writes::insert_messages(&mut tx, messages).await?;
        sqlx::query(
            "INSERT INTO refused_reports (id, account_id, at, actor_id, channel, reason, debt_minor, currency, reporter_name, description)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(report.id.to_string())
        .bind(report.account_id.to_string())
        .bind(ms(report.at))
        .bind(report.actor_id.to_string())
        .bind(report.channel.as_str())
        .bind(&report.reason)
        .bind(report.debt_minor)
        .bind(&report.currency)
        .bind(&report.reporter_name)
        .bind(&report.description)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_refused_reports(
        &self,
        since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<RefusedReport>> {
        let rows = sqlx::query(
            "SELECT id, account_id, at, actor_id, channel, reason, debt_minor, currency, reporter_name, description
             FROM refused_reports WHERE at >= $1 ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(since.map_or(0, ms))
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(refused_from_row).collect()
    }

    async fn bulk_load_tickets(
        &self,
        tickets: Vec<BulkTicket>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        super::ticket_writes::bulk_load(&self.writer, tickets, audit).await
    }
}
