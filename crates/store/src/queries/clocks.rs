//! Calendars, SLA policies, the escalation matrix and the clock refreshes
//! they cause.

use super::*;

#[async_trait]
impl ClockStore for This {
    async fn upsert_calendar(
        &self,
        name: &str,
        definition: &serde_json::Value,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO calendars (name, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(definition.to_string())
        .bind(ms(audit.at))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn ensure_calendar(
        &self,
        name: &str,
        definition: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO calendars (name, definition, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(definition.to_string())
            .bind(ms(now))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn get_calendar(&self, name: &str) -> StoreResult<Option<serde_json::Value>> {
        let row = sqlx::query("SELECT definition FROM calendars WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| {
            let text: String = Cells::get(&r, "definition")?;
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                table: "calendars",
                detail: e.to_string(),
            })
        })
        .transpose()
    }

    async fn list_calendars(&self) -> StoreResult<Vec<(String, serde_json::Value)>> {
        let rows = sqlx::query("SELECT name, definition FROM calendars ORDER BY name")
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                let text: String = Cells::get(r, "definition")?;
                let value = serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    table: "calendars",
                    detail: e.to_string(),
                })?;
                Ok((Cells::get(r, "name")?, value))
            })
            .collect()
    }

    async fn upsert_sla_policy(
        &self,
        policy: &averias_domain::sla_policy::SlaPolicy,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let definition = serde_json::to_string(policy).map_err(|e| StoreError::Corrupt {
            table: "sla_policies",
            detail: e.to_string(),
        })?;
        sqlx::query(
            "INSERT INTO sla_policies (name, fault_type, severity, definition, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (name) DO UPDATE SET fault_type = excluded.fault_type, severity = excluded.severity,
             definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(&policy.name)
        .bind(&policy.fault_type)
        .bind(policy.severity.map(|s| s.as_str()))
        .bind(definition)
        .bind(ms(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "SLA policy for that fault type and severity", policy.name.clone()))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_sla_policy(&self, name: &str, audit: &AuditEvent) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("DELETE FROM sla_policies WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn list_sla_policies(&self) -> StoreResult<Vec<averias_domain::sla_policy::SlaPolicy>> {
        let rows = sqlx::query("SELECT definition FROM sla_policies ORDER BY name")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(|r| json_cell(r, "sla_policies")).collect()
    }

    async fn upsert_escalation_rule(
        &self,
        rule: &averias_domain::escalation::EscalationRule,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let definition = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt {
            table: "escalation_rules",
            detail: e.to_string(),
        })?;
        sqlx::query(
            "INSERT INTO escalation_rules (fault_type, level, definition, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (fault_type, level) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(rule.fault_type.as_deref().unwrap_or("*"))
        .bind(rule.level.as_str())
        .bind(definition)
        .bind(ms(audit.at))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_escalation_rule(
        &self,
        fault_type: Option<&str>,
        level: averias_domain::escalation::Level,
        audit: &AuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("DELETE FROM escalation_rules WHERE fault_type = $1 AND level = $2")
            .bind(fault_type.unwrap_or("*"))
            .bind(level.as_str())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn list_escalation_rules(
        &self,
    ) -> StoreResult<Vec<averias_domain::escalation::EscalationRule>> {
        let rows =
            sqlx::query("SELECT definition FROM escalation_rules ORDER BY fault_type, level")
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| json_cell(r, "escalation_rules"))
            .collect()
    }

    async fn escalations_of(&self, ticket: TicketId) -> StoreResult<Vec<Escalation>> {
        let rows = sqlx::query(
            "SELECT step_key, occurrence, due_at, fired_at, reason, actions FROM escalations
             WHERE ticket_id = $1 ORDER BY fired_at, step_key, occurrence",
        )
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let instant = |col: &str| -> StoreResult<DateTime<Utc>> {
                    crate::rows::instant(Cells::get(r, col)?, "escalations", col)
                };
                Ok(Escalation {
                    ticket_id: ticket,
                    step_key: Cells::get(r, "step_key")?,
                    occurrence: Cells::get(r, "occurrence")?,
                    due_at: instant("due_at")?,
                    fired_at: instant("fired_at")?,
                    reason: Cells::get(r, "reason")?,
                    actions: {
                        let text: String = Cells::get(r, "actions")?;
                        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                            table: "escalations",
                            detail: e.to_string(),
                        })?
                    },
                })
            })
            .collect()
    }

    async fn tickets_to_reclock(
        &self,
        after: Option<TicketId>,
        limit: i64,
    ) -> StoreResult<Vec<TicketRecord>> {
        let filter = TicketFilter {
            limit,
            ..TicketFilter::default()
        };
        tickets::reclock_batch(&self.reader, after, &filter).await
    }

    async fn refresh_clocks(
        &self,
        refreshes: &[ClockRefresh],
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut tx = self.writer.begin().await?;
        let mut written = 0;
        for r in refreshes {
            let done = sqlx::query("UPDATE tickets SET sla_due_at = $3, response_due_at = $4 WHERE id = $1 AND version = $2")
                .bind(r.id.to_string())
                .bind(r.version)
                .bind(r.sla_due_at.map(ms))
                .bind(r.response_due_at.map(ms))
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 1 {
                super::ticket_writes::set_timer(&mut tx, &r.timer, now).await?;
                written += 1;
            }
        }
        tx.commit().await?;
        Ok(written)
    }
}
