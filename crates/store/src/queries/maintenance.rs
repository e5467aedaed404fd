//! Maintenance works: one row per work, its affected accounts beside it.

use super::*;

/// Inserts (`expected` = None) or updates a work at `expected` version, and
/// replaces its affected accounts.
pub(super) async fn write(
    tx: &mut <Db as sqlx::Database>::Connection,
    w: &MaintenanceWork,
    expected: Option<i64>,
) -> StoreResult<()> {
    let elements = serde_json::to_string(&w.elements).unwrap_or_else(|_| "[]".into());
    let sql = match expected {
        None => "INSERT INTO maintenance_works (id, title, description, elements, impact, calendar, planned_start, planned_end,
                 state, latest_notice_at, notice_sent_at, notice_late_seconds, emergency_reason, window_closes_at,
                 override_reason, cancel_reason, created_by, created_at, updated_at, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        Some(_) => "UPDATE maintenance_works SET title = $2, description = $3, elements = $4, impact = $5, calendar = $6,
                 planned_start = $7, planned_end = $8, state = $9, latest_notice_at = $10, notice_sent_at = $11,
                 notice_late_seconds = $12, emergency_reason = $13, window_closes_at = $14, override_reason = $15,
                 cancel_reason = $16, created_by = $17, created_at = $18, updated_at = $19, version = $20
                 WHERE id = $1 AND version = $21",
    };
    let done = sqlx::query(sql)
        .bind(w.id.to_string())
        .bind(&w.title)
        .bind(&w.description)
        .bind(elements)
        .bind(&w.impact)
        .bind(&w.calendar)
        .bind(ms(w.planned_start))
        .bind(ms(w.planned_end))
        .bind(w.state.as_str())
        .bind(ms(w.latest_notice_at))
        .bind(w.notice_sent_at.map(ms))
        .bind(w.notice_late_seconds)
        .bind(&w.emergency_reason)
        .bind(w.window_closes_at.map(ms))
        .bind(&w.override_reason)
        .bind(&w.cancel_reason)
        .bind(w.created_by.to_string())
        .bind(ms(w.created_at))
        .bind(ms(w.updated_at))
        .bind(w.version)
        .bind(expected.unwrap_or(0))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "maintenance work", w.id.to_string()))?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Stale {
            entity: "maintenance work",
            key: w.id.to_string(),
        });
    }
    sqlx::query("DELETE FROM maintenance_accounts WHERE work_id = $1")
        .bind(w.id.to_string())
        .execute(&mut *tx)
        .await?;
    for a in &w.accounts {
        sqlx::query(
            "INSERT INTO maintenance_accounts (work_id, account_id, informed_at, answered_by, objection, alternative)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(w.id.to_string())
        .bind(a.account_id.to_string())
        .bind(a.informed_at.map(ms))
        .bind(&a.answered_by)
        .bind(&a.objection)
        .bind(&a.alternative)
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "account", a.account_id.to_string()))?;
    }
    Ok(())
}

fn instant(v: Option<i64>) -> StoreResult<Option<DateTime<Utc>>> {
    crate::rows::instant_opt(v, "maintenance_works", "instant")
}

fn parse<T: std::str::FromStr>(v: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    v.parse().map_err(|e: T::Err| StoreError::Corrupt {
        table: "maintenance_works",
        detail: e.to_string(),
    })
}

/// Works matching `condition` (one optional `$1` bind), with their accounts.
pub(super) async fn read(
    pool: &sqlx::Pool<Db>,
    condition: &str,
    key: Option<String>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<MaintenanceWork>> {
    let (l, o) = if key.is_some() {
        ("$2", "$3")
    } else {
        ("$1", "$2")
    };
    let sql = format!(
        "SELECT w.* FROM maintenance_works w WHERE {condition} ORDER BY w.planned_start DESC, w.id LIMIT {l} OFFSET {o}"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    if let Some(k) = key {
        q = q.bind(k);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(pool).await?;
    let mut works = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = Cells::get(r, "id")?;
        let elements: String = Cells::get(r, "elements")?;
        let state: String = Cells::get(r, "state")?;
        let created_by: String = Cells::get(r, "created_by")?;
        let accounts = sqlx::query(
            "SELECT m.account_id, a.number, a.name, m.informed_at, m.answered_by, m.objection, m.alternative
             FROM maintenance_accounts m JOIN accounts a ON a.id = m.account_id WHERE m.work_id = $1 ORDER BY a.number",
        )
        .bind(&id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|a| {
            let account: String = a.try_get(0)?;
            Ok(AffectedAccount {
                account_id: parse(&account)?,
                account_number: a.try_get(1)?,
                account_name: a.try_get(2)?,
                informed_at: instant(a.try_get(3)?)?,
                answered_by: a.try_get(4)?,
                objection: a.try_get(5)?,
                alternative: a.try_get(6)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        works.push(MaintenanceWork {
            id: parse(&id)?,
            title: Cells::get(r, "title")?,
            description: Cells::get(r, "description")?,
            elements: serde_json::from_str(&elements).map_err(|e| StoreError::Corrupt {
                table: "maintenance_works",
                detail: e.to_string(),
            })?,
            impact: Cells::get(r, "impact")?,
            calendar: Cells::get(r, "calendar")?,
            planned_start: instant(Some(Cells::get(r, "planned_start")?))?.unwrap_or_default(),
            planned_end: instant(Some(Cells::get(r, "planned_end")?))?.unwrap_or_default(),
            state: parse(&state)?,
            latest_notice_at: instant(Some(Cells::get(r, "latest_notice_at")?))?
                .unwrap_or_default(),
            notice_sent_at: instant(Cells::get(r, "notice_sent_at")?)?,
            notice_late_seconds: Cells::get(r, "notice_late_seconds")?,
            emergency_reason: Cells::get(r, "emergency_reason")?,
            window_closes_at: instant(Cells::get(r, "window_closes_at")?)?,
            override_reason: Cells::get(r, "override_reason")?,
            cancel_reason: Cells::get(r, "cancel_reason")?,
            created_by: parse(&created_by)?,
            created_at: instant(Some(Cells::get(r, "created_at")?))?.unwrap_or_default(),
            updated_at: instant(Some(Cells::get(r, "updated_at")?))?.unwrap_or_default(),
            version: Cells::get(r, "version")?,
            accounts,
        });
    }
    Ok(works)
}

#[async_trait]
impl MaintenanceStore for This {
    async fn insert_maintenance(
        &self,
        work: &MaintenanceWork,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        maintenance::write(&mut tx, work, None).await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_maintenance(
        &self,
        work: &MaintenanceWork,
        expected_version: i64,
        audit: &AuditEvent,
        timers: &[TimerChange],
        messages: &[OutboundMessage],
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        maintenance::write(&mut tx, work, Some(expected_version)).await?;
        super::ticket_writes::insert_messages(&mut tx, messages).await?;
        insert_audit(&mut *tx, audit).await?;
        for t in timers {
            super::ticket_writes::set_timer(&mut tx, t, audit.at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn get_maintenance(&self, id: uuid::Uuid) -> StoreResult<Option<MaintenanceWork>> {
        let mut found =
            maintenance::read(&self.reader, "w.id = $1", Some(id.to_string()), 1, 0).await?;
        Ok(found.pop())
    }

    async fn list_maintenance(
        &self,
        state: Option<averias_domain::maintenance::WorkState>,
        account: Option<AccountId>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<MaintenanceWork>> {
        match (state, account) {
            (Some(s), None) => {
                maintenance::read(
                    &self.reader,
                    "w.state = $1",
                    Some(s.as_str().to_owned()),
                    limit,
                    offset,
                )
                .await
            }
            (None, Some(a)) => {
                maintenance::read(
                    &self.reader,
                    "w.id IN (SELECT work_id FROM maintenance_accounts WHERE account_id = $1)",
                    Some(a.to_string()),
                    limit,
                    offset,
                )
                .await
            }
            (Some(s), Some(a)) => {
                let mut all = maintenance::read(
                    &self.reader,
                    "w.id IN (SELECT work_id FROM maintenance_accounts WHERE account_id = $1)",
                    Some(a.to_string()),
                    10_000,
                    0,
                )
                .await?;
                all.retain(|w| w.state == s);
                Ok(all
                    .into_iter()
                    .skip(offset.max(0) as usize)
                    .take(limit.max(0) as usize)
                    .collect())
            }
            (None, None) => maintenance::read(&self.reader, "1 = 1", None, limit, offset).await,
        }
    }

    async fn live_maintenance_for(
        &self,
        account: AccountId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<uuid::Uuid>> {
        let row = sqlx::query(
            "SELECT w.id FROM maintenance_works w JOIN maintenance_accounts a ON a.work_id = w.id
             WHERE a.account_id = $1 AND w.state IN ('notified', 'confirmed', 'objected', 'in_progress')
               AND w.planned_start <= $2 AND w.planned_end >= $2
             ORDER BY w.planned_start LIMIT 1",
        )
        .bind(account.to_string())
        .bind(ms(now))
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            let id: String = r.try_get(0)?;
            id.parse().map_err(|e: uuid::Error| StoreError::Corrupt {
                table: "maintenance_works",
                detail: e.to_string(),
            })
        })
        .transpose()
    }
}
