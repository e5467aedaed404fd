//! Ticket writes inside one transaction: change sets, outbox messages,
//! timers, number reservation and bulk loads.

use std::collections::HashMap;

use super::*;

pub(super) async fn apply_changes(pool: &sqlx::Pool<Db>, c: ChangeSet) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    for u in &c.updates {
        let done = sqlx::query(
            "UPDATE tickets SET status = $3, stage = $4, group_code = $5, parent_id = $6, fault_type = $7, severity = $8,
             clock_stopped_at = $9, resolution = $10, cancel_reason = $11, updated_at = $12, version = version + 1,
             sla_due_at = $13, response_due_at = $14, owner_id = $15
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
        .bind(u.sla_due_at.map(ms))
        .bind(u.response_due_at.map(ms))
        .bind(u.owner_id.map(|o| o.to_string()))
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
    for a in &c.attachments {
        insert_attachment(&mut tx, a).await?;
    }
    for v in &c.scan_verdicts {
        sqlx::query(
            "UPDATE attachments SET scan = $2, scan_detail = $3 WHERE id = $1 AND scan = 'pending_scan'",
        )
        .bind(v.attachment.to_string())
        .bind(v.scan.as_str())
        .bind(&v.detail)
        .execute(&mut *tx)
        .await?;
    }
    for (id, at, by) in &c.attachment_deletions {
        sqlx::query(
            "UPDATE attachments SET deleted_at = $2, deleted_by = $3 WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id.to_string())
        .bind(ms(*at))
        .bind(by)
        .execute(&mut *tx)
        .await?;
    }
    for f in &c.facts {
        let id = f.ticket_id.to_string();
        sqlx::query(
            "UPDATE tickets SET title = $2, description = $3, search_text = $4, reporter_name = $5,
             reporter_phone = $6, reporter_email = $7 WHERE id = $1",
        )
        .bind(&id)
        .bind(&f.title)
        .bind(&f.description)
        .bind(crate::search_text(&f.title, &f.description))
        .bind(&f.reporter.name)
        .bind(&f.reporter.phone)
        .bind(f.reporter.email.as_ref().map(|e| e.as_str().to_owned()))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "ticket", id.clone()))?;
        sqlx::query("DELETE FROM ticket_lines WHERE ticket_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        for m in &f.lines {
            sqlx::query("INSERT INTO ticket_lines (ticket_id, msisdn) VALUES ($1, $2)")
                .bind(&id)
                .bind(m.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM ticket_equipment WHERE ticket_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        for i in &f.equipment {
            sqlx::query("INSERT INTO ticket_equipment (ticket_id, imei) VALUES ($1, $2)")
                .bind(&id)
                .bind(i.as_str())
                .execute(&mut *tx)
                .await?;
        }
    }
    for (ticket, at) in &c.deletions {
        sqlx::query("UPDATE tickets SET deleted_at = $2 WHERE id = $1")
            .bind(ticket.to_string())
            .bind(ms(*at))
            .execute(&mut *tx)
            .await?;
    }
    for m in &c.merges {
        sqlx::query("UPDATE tickets SET duplicate_of = $2 WHERE id = $1")
            .bind(m.duplicate.to_string())
            .bind(m.original.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE notes SET ticket_id = $2 WHERE ticket_id = $1")
            .bind(m.duplicate.to_string())
            .bind(m.original.to_string())
            .execute(&mut *tx)
            .await?;
    }
    for (ticket, attribute, value) in &c.client_values {
        sqlx::query(
            "INSERT INTO ticket_client_values (ticket_id, attribute, value) VALUES ($1, $2, $3)
             ON CONFLICT (ticket_id, attribute) DO UPDATE SET value = excluded.value",
        )
        .bind(ticket.to_string())
        .bind(attribute)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    for a in &c.audit {
        insert_audit(&mut *tx, a).await?;
    }
    for e in &c.escalations {
        sqlx::query(
            "INSERT INTO escalations (ticket_id, step_key, occurrence, due_at, fired_at, reason, actions)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.ticket_id.to_string())
        .bind(&e.step_key)
        .bind(e.occurrence)
        .bind(ms(e.due_at))
        .bind(ms(e.fired_at))
        .bind(&e.reason)
        .bind(e.actions.to_string())
        .execute(&mut *tx)
        .await
        .map_err(|e2| map_write_error(e2, "escalation", format!("{} #{}", e.step_key, e.occurrence)))?;
    }
    for t in &c.timers {
        set_timer(
            &mut tx,
            t,
            c.audit.first().map_or_else(chrono::Utc::now, |a| a.at),
        )
        .await?;
    }
    insert_messages(&mut tx, &c.messages).await?;
    super::repair::apply_ops(&mut tx, &c.repair).await?;
    let touched = text_changed(&mut tx, &c).await?;
    super::search::index_tickets(&mut tx, &touched).await?;
    for r in &c.reports {
        sqlx::query(
            "INSERT INTO weekly_reports (week, generated_at, body) VALUES ($1, $2, $3)
             ON CONFLICT (week) DO UPDATE SET generated_at = excluded.generated_at, body = excluded.body",
        )
        .bind(&r.week)
        .bind(ms(r.generated_at))
        .bind(r.body.to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The tickets whose searchable text a change set touches: notes, files,
/// facts, a resolution or cancel reason, a deletion, a merge.
async fn text_changed(
    tx: &mut <Db as sqlx::Database>::Connection,
    c: &ChangeSet,
) -> StoreResult<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(c.notes.iter().map(|n| n.ticket_id.to_string()));
    ids.extend(c.attachments.iter().map(|a| a.ticket_id.to_string()));
    ids.extend(c.facts.iter().map(|f| f.ticket_id.to_string()));
    ids.extend(
        c.updates
            .iter()
            .filter(|u| u.resolution.is_some() || u.cancel_reason.is_some())
            .map(|u| u.id.to_string()),
    );
    ids.extend(c.deletions.iter().map(|(t, _)| t.to_string()));
    for m in &c.merges {
        ids.push(m.duplicate.to_string());
        ids.push(m.original.to_string());
    }
    for (attachment, _, _) in &c.attachment_deletions {
        let ticket: Option<String> =
            sqlx::query_scalar("SELECT ticket_id FROM attachments WHERE id = $1")
                .bind(attachment.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        ids.extend(ticket);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Queues messages in the outbox inside a transaction; a dedupe key already
/// queued is skipped (the change that caused it was retried).
pub(super) async fn insert_messages(
    tx: &mut <Db as sqlx::Database>::Connection,
    messages: &[OutboundMessage],
) -> StoreResult<()> {
    for part in messages.chunks(300) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO messages (id, event, channel, recipient, language, data, dedupe_key, ticket_id,
             state, attempts, next_attempt_at, created_at) ",
        );
        qb.push_values(part, |mut b, m| {
            b.push_bind(m.id.to_string())
                .push_bind(m.event.clone())
                .push_bind(m.channel.clone())
                .push_bind(m.recipient.clone())
                .push_bind(m.language.code())
                .push_bind(m.data.to_string())
                .push_bind(m.dedupe_key.clone())
                .push_bind(m.ticket_id.map(|t| t.to_string()))
                .push_bind(if m.deliver { "pending" } else { "logged" })
                .push_bind(0_i64)
                .push_bind(ms(m.created_at))
                .push_bind(ms(m.created_at));
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// Sets or retires a keyed timer inside a transaction (see [`TimerChange`]).
pub(super) async fn set_timer(
    tx: &mut <Db as sqlx::Database>::Connection,
    t: &TimerChange,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    match t.due_at {
        Some(due) => {
            sqlx::query(
                "INSERT INTO jobs (id, kind, dedupe_key, payload, due_at, state, attempts, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6)
                 ON CONFLICT (dedupe_key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload,
                 state = 'pending', attempts = 0, lease_owner = NULL, lease_until = NULL, last_error = NULL, done_at = NULL",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(&t.kind)
            .bind(&t.key)
            .bind(t.payload.to_string())
            .bind(ms(due))
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query(
                "UPDATE jobs SET state = 'done', done_at = $2, lease_owner = NULL, lease_until = NULL
                 WHERE dedupe_key = $1 AND state = 'pending'",
            )
            .bind(&t.key)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// Reserves the next numbers of each year for `years` (one entry per
/// ticket, in order) and returns them in the same order. One atomic
/// upsert per year reserves a block, so concurrent batches, also from
/// other instances sharing a PostgreSQL database, never share a number.
pub(super) async fn reserve_numbers(
    tx: &mut <Db as sqlx::Database>::Connection,
    years: &[i32],
) -> StoreResult<Vec<TicketNumber>> {
    let mut wanted: HashMap<i32, i64> = HashMap::new();
    for y in years {
        *wanted.entry(*y).or_default() += 1;
    }
    let mut next: HashMap<i32, i64> = HashMap::new();
    for (year, count) in wanted {
        let last: i64 = sqlx::query(
            "INSERT INTO ticket_counters (year, last) VALUES ($1, $2)
             ON CONFLICT (year) DO UPDATE SET last = ticket_counters.last + $2 RETURNING last",
        )
        .bind(year)
        .bind(count)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        next.insert(year, last - count + 1);
    }
    Ok(years
        .iter()
        .map(|y| {
            let seq = next.entry(*y).or_default();
            *seq += 1;
            TicketNumber::new(*y, (*seq - 1) as u64)
        })
        .collect())
}

pub(super) async fn bulk_load(
    pool: &sqlx::Pool<Db>,
    tickets: Vec<BulkTicket>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    // Multi-row INSERTs: one statement per few hundred rows instead of one per
    // row, since each statement is a round trip to the connection's thread.
    const ROWS: usize = 500;
    let mut tx = pool.begin().await?;
    let years: Vec<i32> = tickets
        .iter()
        .map(|t| chrono::Datelike::year(&t.record.reported_at))
        .collect();
    let numbers = reserve_numbers(&mut tx, &years).await?;
    let numbered: Vec<_> = numbers
        .into_iter()
        .zip(tickets)
        .map(
            |(
                n,
                BulkTicket {
                    record,
                    history,
                    notes,
                },
            )| (n, record, (history, notes)),
        )
        .collect();
    for chunk in numbered.chunks(ROWS) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO tickets (id, number, kind, account_id, channel, fault_type, severity, title, description, status,
             stage, group_code, parent_id, reporter_name, reporter_phone, reporter_email, reported_by, reported_at,
             updated_at, deadline_at, clock_stopped_at, resolution, cancel_reason, version, search_text,
             sla_due_at, response_due_at, maintenance_id) ",
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
                .push_bind(crate::search_text(&t.title, &t.description))
                .push_bind(t.sla_due_at.map(ms))
                .push_bind(t.response_due_at.map(ms))
                .push_bind(t.maintenance_id.map(|m| m.to_string()));
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
            let mut qb: QueryBuilder<Db> =
                QueryBuilder::new("INSERT INTO ticket_lines (ticket_id, msisdn) ");
            qb.push_values(part, |mut b, (id, m)| {
                b.push_bind(id.clone()).push_bind(m.clone());
            });
            qb.push(" ON CONFLICT DO NOTHING");
            qb.build().execute(&mut *tx).await?;
        }
        let history: Vec<&StatusChange> =
            chunk.iter().flat_map(|(_, _, (h, _))| h.iter()).collect();
        for part in history.chunks(ROWS) {
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
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
        let notes: Vec<&Note> = chunk.iter().flat_map(|(_, _, (_, n))| n.iter()).collect();
        insert_notes(&mut tx, &notes, ROWS / 2).await?;
    }
    let ids: Vec<String> = numbered.iter().map(|(_, t, _)| t.id.to_string()).collect();
    super::search::index_tickets(&mut tx, &ids).await?;
    insert_audit(&mut *tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Notes in multi-row INSERTs of `per_statement` rows (intake batches and
/// bulk loads).
pub(super) async fn insert_notes(
    tx: &mut <Db as sqlx::Database>::Connection,
    notes: &[&Note],
    per_statement: usize,
) -> StoreResult<()> {
    for part in notes.chunks(per_statement.max(1)) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO notes (id, ticket_id, author_id, author_name, author_role, visibility, body, created_at) ",
        );
        qb.push_values(part, |mut b, n| {
            b.push_bind(n.id.to_string())
                .push_bind(n.ticket_id.to_string())
                .push_bind(n.author_id.to_string())
                .push_bind(n.author_name.clone())
                .push_bind(n.author_role.as_str())
                .push_bind(n.visibility.as_str())
                .push_bind(n.body.clone())
                .push_bind(ms(n.created_at));
        });
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// One attachment's row (its bytes are in the blob store already).
pub(super) async fn insert_attachment(
    tx: &mut <Db as sqlx::Database>::Connection,
    a: &Attachment,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO attachments (id, ticket_id, sha256, name, size, media_type, visibility, note_id,
           created_by, created_by_name, created_at, scan, scan_detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(a.id.to_string())
    .bind(a.ticket_id.to_string())
    .bind(&a.sha256)
    .bind(&a.name)
    .bind(a.size)
    .bind(&a.media_type)
    .bind(a.visibility.as_str())
    .bind(a.note_id.map(|n| n.to_string()))
    .bind(a.created_by.to_string())
    .bind(&a.created_by_name)
    .bind(ms(a.created_at))
    .bind(a.scan.as_str())
    .bind(&a.scan_detail)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
