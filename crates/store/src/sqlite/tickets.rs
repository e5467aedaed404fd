//! Ticket reads and writes for SQLite: opening (number assignment,
//! idempotency), filtered lists, and the one-transaction change sets.

use std::collections::HashMap;

use averias_domain::{Imei, Msisdn, TicketNumber};
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, QueryBuilder, Row, Sqlite, SqlitePool};

use super::rows::*;
use super::{insert_audit, map_write_error, ms};
use crate::*;

const TICKET_COLUMNS: &str = "SELECT t.id, t.number, t.kind, t.account_id, t.channel, t.fault_type, t.severity, t.title,
    t.description, t.status, t.stage, t.group_code, t.parent_id, t.reporter_name, t.reporter_phone, t.reporter_email,
    t.reported_by, t.reported_at, t.updated_at, t.deadline_at, t.clock_stopped_at, t.resolution, t.cancel_reason,
    t.version, a.number AS account_number, a.name AS account_name, p.number AS parent_number
    FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN tickets p ON p.id = t.parent_id";

fn ticket_from_row(r: &SqliteRow) -> StoreResult<TicketRecord> {
    Ok(TicketRecord {
        id: parse(r, "id", "tickets")?,
        number: parse(r, "number", "tickets")?,
        kind: parse(r, "kind", "tickets")?,
        account_id: parse_opt(r, "account_id", "tickets")?,
        account_number: r.try_get("account_number")?,
        account_name: r.try_get("account_name")?,
        channel: parse(r, "channel", "tickets")?,
        fault_type: r.try_get("fault_type")?,
        severity: parse(r, "severity", "tickets")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        status: parse(r, "status", "tickets")?,
        stage: stage_from_row(r, "tickets")?,
        parent_id: parse_opt(r, "parent_id", "tickets")?,
        parent_number: r.try_get("parent_number")?,
        reporter: Reporter {
            name: r.try_get("reporter_name")?,
            phone: r.try_get("reporter_phone")?,
            email: parse_opt(r, "reporter_email", "tickets")?,
        },
        reported_by: parse(r, "reported_by", "tickets")?,
        reported_at: at(r, "reported_at")?,
        updated_at: at(r, "updated_at")?,
        deadline_at: at(r, "deadline_at")?,
        clock_stopped_at: opt_at(r, "clock_stopped_at")?,
        resolution: r.try_get("resolution")?,
        cancel_reason: r.try_get("cancel_reason")?,
        version: r.try_get("version")?,
        lines: Vec::new(),
        equipment: Vec::new(),
    })
}

/// Fills `lines` and `equipment` for a page of tickets with two queries.
async fn attach_items(pool: &SqlitePool, tickets: &mut [TicketRecord]) -> StoreResult<()> {
    if tickets.is_empty() {
        return Ok(());
    }
    let index: HashMap<String, usize> = tickets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.to_string(), i))
        .collect();
    for (table, col) in [("ticket_lines", "msisdn"), ("ticket_equipment", "imei")] {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT ticket_id, {col} FROM {table} WHERE ticket_id IN ("
        ));
        let mut sep = qb.separated(", ");
        for id in index.keys() {
            sep.push_bind(id.clone());
        }
        qb.push(format!(") ORDER BY {col}"));
        for row in qb.build().fetch_all(pool).await? {
            let tid: String = row.try_get(0)?;
            let value: String = row.try_get(1)?;
            let Some(&i) = index.get(&tid) else { continue };
            if col == "msisdn" {
                let m: Msisdn =
                    value
                        .parse()
                        .map_err(|e: averias_domain::ValueError| StoreError::Corrupt {
                            table,
                            detail: e.to_string(),
                        })?;
                tickets[i].lines.push(m);
            } else {
                let m: Imei =
                    value
                        .parse()
                        .map_err(|e: averias_domain::ValueError| StoreError::Corrupt {
                            table,
                            detail: e.to_string(),
                        })?;
                tickets[i].equipment.push(m);
            }
        }
    }
    Ok(())
}

pub(super) async fn get_one(
    pool: &SqlitePool,
    condition: &str,
    key: String,
) -> StoreResult<Option<TicketRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{TICKET_COLUMNS} WHERE {condition}")))
        .bind(key)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut t = [ticket_from_row(&row)?];
    attach_items(pool, &mut t).await?;
    let [t] = t;
    Ok(Some(t))
}

fn push_filter(qb: &mut QueryBuilder<Sqlite>, f: &TicketFilter) {
    qb.push(" WHERE 1 = 1");
    match &f.scope {
        TicketScope::All => {}
        TicketScope::Account(a) => {
            qb.push(" AND t.kind = 'fault' AND t.account_id = ")
                .push_bind(a.to_string());
        }
        TicketScope::Consultant(u) => {
            qb.push(" AND t.kind = 'fault' AND t.account_id IN (SELECT id FROM accounts WHERE sales_consultant_id = ")
                .push_bind(u.to_string())
                .push(")");
        }
        TicketScope::RepairQueue => {
            qb.push(" AND t.kind = 'fault' AND t.stage IN ('awaiting_repair', 'repaired')");
        }
    }
    if let Some(k) = f.kind {
        qb.push(" AND t.kind = ").push_bind(k.as_str());
    }
    if !f.status.is_empty() {
        qb.push(" AND t.status IN (");
        let mut sep = qb.separated(", ");
        for s in &f.status {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(s) = &f.stage {
        qb.push(" AND t.stage = ").push_bind(s.clone());
    }
    if let Some(g) = &f.group {
        qb.push(" AND t.group_code = ").push_bind(g.clone());
    }
    if let Some(a) = f.account_id {
        qb.push(" AND t.account_id = ").push_bind(a.to_string());
    }
    if let Some(ft) = &f.fault_type {
        qb.push(" AND t.fault_type = ").push_bind(ft.clone());
    }
    if let Some(p) = f.parent_id {
        qb.push(" AND t.parent_id = ").push_bind(p.to_string());
    }
    if let Some(m) = &f.msisdn {
        qb.push(" AND t.id IN (SELECT ticket_id FROM ticket_lines WHERE msisdn = ")
            .push_bind(m.clone())
            .push(")");
    }
    if let (Some(b), Some(now)) = (f.breached, f.now) {
        // Breached: still running past the deadline, or stopped after it.
        let now = ms(now);
        if b {
            qb.push(" AND ((t.clock_stopped_at IS NULL AND t.deadline_at < ")
                .push_bind(now)
                .push(") OR t.clock_stopped_at > t.deadline_at)");
        } else {
            qb.push(" AND ((t.clock_stopped_at IS NULL AND t.deadline_at >= ")
                .push_bind(now)
                .push(") OR t.clock_stopped_at <= t.deadline_at)");
        }
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let text = text.to_lowercase();
        let like = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        qb.push(" AND t.search_text LIKE ")
            .push_bind(like)
            .push(" ESCAPE '\\'");
    }
}

pub(super) async fn list(pool: &SqlitePool, f: &TicketFilter) -> StoreResult<Page<TicketRecord>> {
    let mut count: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT COUNT(*) FROM tickets t");
    // The count needs no joins: filters only touch `t`.
    push_filter(&mut count, f);
    let total: i64 = count.build().fetch_one(pool).await?.try_get(0)?;

    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(TICKET_COLUMNS);
    push_filter(&mut qb, f);
    qb.push(match f.sort {
        TicketSort::NewestFirst => " ORDER BY t.reported_at DESC, t.id DESC",
        TicketSort::OldestFirst => " ORDER BY t.reported_at ASC, t.id ASC",
        TicketSort::DeadlineFirst => " ORDER BY t.deadline_at ASC, t.id ASC",
    });
    qb.push(" LIMIT ")
        .push_bind(f.limit)
        .push(" OFFSET ")
        .push_bind(f.offset);
    let rows = qb.build().fetch_all(pool).await?;
    let mut items = rows
        .iter()
        .map(ticket_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_items(pool, &mut items).await?;
    Ok(Page { items, total })
}

pub(super) async fn open_ticket(pool: &SqlitePool, t: NewTicket) -> StoreResult<TicketRecord> {
    let mut tx = pool.begin().await?;
    let year = chrono::Datelike::year(&t.reported_at);

    if let Some((key, _)) = &t.idempotency {
        // Checked again inside the write transaction: the single writer makes
        // this race-free, so two concurrent retries open one ticket.
        let existing = sqlx::query(
            "SELECT ticket_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(t.reported_by.to_string())
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            return Err(StoreError::IdempotencyReplay(
                parse(&row, "ticket_id", "idempotency_keys")?,
                row.try_get("request_hash")?,
            ));
        }
    }

    let seq: i64 = sqlx::query(
        "INSERT INTO ticket_counters (year, last) VALUES ($1, 1)
         ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let number = TicketNumber::new(year, seq as u64);

    sqlx::query(
        "INSERT INTO tickets (id, number, kind, account_id, channel, fault_type, severity, title, description, status,
         stage, group_code, parent_id, reporter_name, reporter_phone, reporter_email, reported_by, reported_at,
         updated_at, deadline_at, clock_stopped_at, resolution, cancel_reason, version, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $15, $16, $17, $17, $18, NULL, NULL, NULL, 1, $19)",
    )
    .bind(t.id.to_string())
    .bind(number.to_string())
    .bind(t.kind.as_str())
    .bind(t.account_id.map(|a| a.to_string()))
    .bind(t.channel.as_str())
    .bind(&t.fault_type)
    .bind(t.severity.as_str())
    .bind(&t.title)
    .bind(&t.description)
    .bind(t.status.as_str())
    .bind(t.stage.as_str())
    .bind(t.stage.group())
    .bind(&t.reporter.name)
    .bind(&t.reporter.phone)
    .bind(t.reporter.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(t.reported_by.to_string())
    .bind(ms(t.reported_at))
    .bind(ms(t.deadline_at))
    .bind(crate::search_text(&t.title, &t.description))
    .execute(&mut *tx)
    .await
    .map_err(|e| map_write_error(e, "ticket", number.to_string()))?;

    for m in &t.lines {
        sqlx::query("INSERT OR IGNORE INTO ticket_lines (ticket_id, msisdn) VALUES ($1, $2)")
            .bind(t.id.to_string())
            .bind(m.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for i in &t.equipment {
        sqlx::query("INSERT OR IGNORE INTO ticket_equipment (ticket_id, imei) VALUES ($1, $2)")
            .bind(t.id.to_string())
            .bind(i.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for (user, reason) in &t.followers {
        sqlx::query("INSERT OR IGNORE INTO ticket_followers (ticket_id, user_id, reason) VALUES ($1, $2, $3)")
            .bind(t.id.to_string())
            .bind(user.to_string())
            .bind(reason)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO status_changes (ticket_id, at, status, stage, group_code, action, reason, actor_id)
         VALUES ($1, $2, $3, $4, $5, 'open', NULL, $6)",
    )
    .bind(t.id.to_string())
    .bind(ms(t.reported_at))
    .bind(t.status.as_str())
    .bind(t.stage.as_str())
    .bind(t.stage.group())
    .bind(t.reported_by.to_string())
    .execute(&mut *tx)
    .await?;
    if let Some((key, hash)) = &t.idempotency {
        sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, ticket_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(t.reported_by.to_string())
        .bind(key)
        .bind(hash)
        .bind(t.id.to_string())
        .bind(ms(t.reported_at))
        .execute(&mut *tx)
        .await?;
    }
    let record = TicketRecord {
        id: t.id,
        number,
        kind: t.kind,
        account_id: t.account_id,
        account_number: t.account_number,
        account_name: t.account_name,
        channel: t.channel,
        fault_type: t.fault_type,
        severity: t.severity,
        title: t.title,
        description: t.description,
        status: t.status,
        stage: t.stage,
        parent_id: None,
        parent_number: None,
        reporter: t.reporter,
        reported_by: t.reported_by,
        reported_at: t.reported_at,
        updated_at: t.reported_at,
        deadline_at: t.deadline_at,
        clock_stopped_at: None,
        resolution: None,
        cancel_reason: None,
        version: 1,
        lines: t.lines,
        equipment: t.equipment,
    };
    let audit = AuditEvent {
        at: record.reported_at,
        actor_id: Some(record.reported_by),
        actor_name: t.actor_name,
        entity_type: "ticket".into(),
        entity_id: record.id.to_string(),
        action: "open".into(),
        before: None,
        after: Some(serde_json::json!({
            "number": record.number.to_string(),
            "status": record.status.as_str(),
            "stage": record.stage.as_str(),
            "group": record.stage.group(),
            "channel": record.channel.as_str(),
        })),
    };
    insert_audit(&mut *tx, &audit).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn apply_changes(pool: &SqlitePool, c: ChangeSet) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    for u in &c.updates {
        let done = sqlx::query(
            "UPDATE tickets SET status = $3, stage = $4, group_code = $5, parent_id = $6, fault_type = $7, severity = $8,
             clock_stopped_at = $9, resolution = $10, cancel_reason = $11, updated_at = $12, version = version + 1
             WHERE id = $1 AND version = $2",
        )
        .bind(u.id.to_string())
        .bind(u.expected_version)
        .bind(u.status.as_str())
        .bind(u.stage.as_str())
        .bind(u.stage.group())
        .bind(u.parent_id.map(|p| p.to_string()))
        .bind(&u.fault_type)
        .bind(u.severity.as_str())
        .bind(u.clock_stopped_at.map(ms))
        .bind(&u.resolution)
        .bind(&u.cancel_reason)
        .bind(ms(u.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "ticket", u.id.to_string()))?;
        if done.rows_affected() != 1 {
            return Err(StoreError::VersionConflict(u.id));
        }
    }
    for s in &c.status_changes {
        sqlx::query(
            "INSERT INTO status_changes (ticket_id, at, status, stage, group_code, action, reason, actor_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.ticket_id.to_string())
        .bind(ms(s.at))
        .bind(s.status.as_str())
        .bind(s.stage.as_str())
        .bind(s.stage.group())
        .bind(&s.action)
        .bind(&s.reason)
        .bind(s.actor_id.to_string())
        .execute(&mut *tx)
        .await?;
    }
    for n in &c.notes {
        sqlx::query(
            "INSERT INTO notes (id, ticket_id, author_id, author_name, author_role, visibility, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(n.id.to_string())
        .bind(n.ticket_id.to_string())
        .bind(n.author_id.to_string())
        .bind(&n.author_name)
        .bind(n.author_role.as_str())
        .bind(n.visibility.as_str())
        .bind(&n.body)
        .bind(ms(n.created_at))
        .execute(&mut *tx)
        .await?;
    }
    for a in &c.audit {
        insert_audit(&mut *tx, a).await?;
    }
    tx.commit().await?;
    Ok(())
}
