//! Ticket reads and writes for SQLite: opening (number assignment,
//! idempotency), filtered lists, and the one-transaction change sets.

use std::collections::HashMap;

use crate::ticket_json::{RAW_COLUMNS, Raw, decode, record};
use averias_domain::TicketNumber;
use sqlx::{AssertSqlSafe, QueryBuilder, Row, Sqlite, SqlitePool};

use super::{insert_audit, map_write_error, ms};
use crate::*;

const TICKET_COLUMNS: &str = "SELECT t.id, t.number, t.kind, t.account_id, t.channel, t.fault_type, t.severity, t.title,
    t.description, t.status, t.stage, t.group_code, t.parent_id, t.reporter_name, t.reporter_phone, t.reporter_email,
    t.reported_by, t.reported_at, t.updated_at, t.deadline_at, t.clock_stopped_at, t.resolution, t.cancel_reason,
    t.version, a.number AS account_number, a.name AS account_name, p.number AS parent_number,
    (SELECT group_concat(l.msisdn, ',') FROM ticket_lines l WHERE l.ticket_id = t.id) AS lines_csv,
    (SELECT group_concat(e.imei, ',') FROM ticket_equipment e WHERE e.ticket_id = t.id) AS equipment_csv
    FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN tickets p ON p.id = t.parent_id";

/// `json_array(...)` over the aliased columns of `TICKET_COLUMNS` (as `x`).
fn raw_json() -> String {
    format!("json_array({RAW_COLUMNS})")
}

pub(super) async fn get_one(
    pool: &SqlitePool,
    condition: &str,
    key: String,
) -> StoreResult<Option<TicketRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {} FROM ({TICKET_COLUMNS} WHERE {condition}) x",
        raw_json()
    )))
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(0)?;
    Ok(Some(decode(&json)?))
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
    // One round trip: the count and the whole page (as one JSON array) in one row.
    let order = match f.sort {
        TicketSort::NewestFirst => "reported_at DESC, id DESC",
        TicketSort::OldestFirst => "reported_at ASC, id ASC",
        TicketSort::DeadlineFirst => "deadline_at ASC, id ASC",
    };
    let mut qb: QueryBuilder<Sqlite> =
        QueryBuilder::new("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM tickets t");
    push_filter(&mut qb, f);
    qb.push(format!(" LIMIT {})", COUNT_CAP + 1));
    qb.push(format!(
        "), (SELECT json_group_array({} ORDER BY x.{order}) FROM (",
        raw_json()
    ));
    qb.push(TICKET_COLUMNS);
    push_filter(&mut qb, f);
    qb.push(format!(" ORDER BY t.{}", order.replace(", ", ", t.")));
    qb.push(" LIMIT ")
        .push_bind(f.limit)
        .push(" OFFSET ")
        .push_bind(f.offset);
    qb.push(") x)");
    let row = qb.build().fetch_one(pool).await?;
    let total: i64 = row.try_get(0)?;
    let page: Option<String> = row.try_get(1)?;
    let raws: Vec<Raw> =
        serde_json::from_str(page.as_deref().unwrap_or("[]")).map_err(|e| StoreError::Corrupt {
            table: "tickets",
            detail: e.to_string(),
        })?;
    let items = raws
        .into_iter()
        .map(record)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total: total.min(COUNT_CAP),
        total_exact: total <= COUNT_CAP,
    })
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

pub(super) async fn bulk_load(
    pool: &SqlitePool,
    tickets: Vec<BulkTicket>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    // Multi-row INSERTs: one statement per few hundred rows instead of one per
    // row, since each statement is a round trip to the connection's thread.
    const ROWS: usize = 500;
    let mut tx = pool.begin().await?;
    // Numbers: read each year's counter once, count on in memory, write it back.
    let mut last: HashMap<i32, i64> = HashMap::new();
    let mut numbered = Vec::with_capacity(tickets.len());
    for BulkTicket { record, history } in tickets {
        let year = chrono::Datelike::year(&record.reported_at);
        if let std::collections::hash_map::Entry::Vacant(slot) = last.entry(year) {
            let current: Option<i64> =
                sqlx::query("SELECT last FROM ticket_counters WHERE year = $1")
                    .bind(year)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get(0))
                    .transpose()?;
            slot.insert(current.unwrap_or(0));
        }
        let seq = last.entry(year).or_default();
        *seq += 1;
        numbered.push((TicketNumber::new(year, *seq as u64), record, history));
    }
    for (year, seq) in &last {
        sqlx::query("INSERT INTO ticket_counters (year, last) VALUES ($1, $2) ON CONFLICT(year) DO UPDATE SET last = excluded.last")
            .bind(year)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
    }
    for chunk in numbered.chunks(ROWS) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO tickets (id, number, kind, account_id, channel, fault_type, severity, title, description, status,
             stage, group_code, parent_id, reporter_name, reporter_phone, reporter_email, reported_by, reported_at,
             updated_at, deadline_at, clock_stopped_at, resolution, cancel_reason, version, search_text) ",
        );
        qb.push_values(chunk, |mut b, (number, t, _)| {
            b.push_bind(t.id.to_string())
                .push_bind(number.to_string())
                .push_bind(t.kind.as_str())
                .push_bind(t.account_id.map(|a| a.to_string()))
                .push_bind(t.channel.as_str())
                .push_bind(t.fault_type.clone())
                .push_bind(t.severity.as_str())
                .push_bind(t.title.clone())
                .push_bind(t.description.clone())
                .push_bind(t.status.as_str())
                .push_bind(t.stage.as_str())
                .push_bind(t.stage.group())
                .push_bind(t.parent_id.map(|p| p.to_string()))
                .push_bind(t.reporter.name.clone())
                .push_bind(t.reporter.phone.clone())
                .push_bind(t.reporter.email.as_ref().map(|e| e.as_str().to_owned()))
                .push_bind(t.reported_by.to_string())
                .push_bind(ms(t.reported_at))
                .push_bind(ms(t.updated_at))
                .push_bind(ms(t.deadline_at))
                .push_bind(t.clock_stopped_at.map(ms))
                .push_bind(t.resolution.clone())
                .push_bind(t.cancel_reason.clone())
                .push_bind(t.version)
                .push_bind(crate::search_text(&t.title, &t.description));
        });
        qb.build().execute(&mut *tx).await?;

        let lines: Vec<(String, String)> = chunk
            .iter()
            .flat_map(|(_, t, _)| {
                t.lines
                    .iter()
                    .map(|m| (t.id.to_string(), m.as_str().to_owned()))
            })
            .collect();
        for part in lines.chunks(ROWS) {
            let mut qb: QueryBuilder<Sqlite> =
                QueryBuilder::new("INSERT OR IGNORE INTO ticket_lines (ticket_id, msisdn) ");
            qb.push_values(part, |mut b, (id, m)| {
                b.push_bind(id.clone()).push_bind(m.clone());
            });
            qb.build().execute(&mut *tx).await?;
        }
        let history: Vec<&StatusChange> = chunk.iter().flat_map(|(_, _, h)| h.iter()).collect();
        for part in history.chunks(ROWS) {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO status_changes (ticket_id, at, status, stage, group_code, action, reason, actor_id) ",
            );
            qb.push_values(part, |mut b, s| {
                b.push_bind(s.ticket_id.to_string())
                    .push_bind(ms(s.at))
                    .push_bind(s.status.as_str())
                    .push_bind(s.stage.as_str())
                    .push_bind(s.stage.group())
                    .push_bind(s.action.clone())
                    .push_bind(s.reason.clone())
                    .push_bind(s.actor_id.to_string());
            });
            qb.build().execute(&mut *tx).await?;
        }
    }
    insert_audit(&mut *tx, audit).await?;
    tx.commit().await?;
    Ok(())
}
