//! Opening tickets with group commit. Reports arriving together are queued
//! to one task that writes up to [`MAX_BATCH`] of them in one transaction
//! with multi-row INSERTs, then answers each caller. A caller is answered
//! only after COMMIT, so an acknowledged ticket is on disk. If a batch fails
//! as a whole, its reports are retried one by one so that one bad report
//! cannot sink the others.

use std::collections::{HashMap, HashSet};

use averias_domain::{TicketId, TicketNumber};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::ms;
use crate::*;

/// Most reports written by one transaction.
const MAX_BATCH: usize = 256;
/// Rows per multi-row INSERT statement (SQLite allows 32,766 bound values).
const ROWS: usize = 400;

type Reply = oneshot::Sender<StoreResult<TicketRecord>>;

/// The handle services use; cheap to clone.
#[derive(Debug, Clone)]
pub(super) struct Committer {
    queue: mpsc::Sender<(NewTicket, Reply)>,
}

impl Committer {
    /// Starts the committing task on the current runtime.
    pub(super) fn spawn(pool: SqlitePool) -> Self {
        let (queue, rx) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(pool, rx));
        Self { queue }
    }

    /// Opens one ticket; resolves once it is committed.
    pub(super) async fn open(&self, ticket: NewTicket) -> StoreResult<TicketRecord> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send((ticket, reply))
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        answer
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<(NewTicket, Reply)>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(item) => batch.push(item),
                Err(_) => break,
            }
        }
        let (tickets, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        match write(&pool, &tickets).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(e) if tickets.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, reports = tickets.len(), "group commit failed; retrying reports one by one");
                for (ticket, reply) in tickets.into_iter().zip(replies) {
                    let result = match write(&pool, std::slice::from_ref(&ticket)).await {
                        Ok(mut r) => r.pop().unwrap_or(Err(StoreError::Corrupt {
                            table: "tickets",
                            detail: "no result".into(),
                        })),
                        Err(e) => Err(e),
                    };
                    let _ = reply.send(result);
                }
            }
        }
    }
}

/// Writes a batch in one transaction. The outer error means nothing was
/// written; inner errors are per report (an idempotency key already used).
async fn write(
    pool: &SqlitePool,
    tickets: &[NewTicket],
) -> StoreResult<Vec<StoreResult<TicketRecord>>> {
    let mut tx = pool.begin().await?;
    let verdicts = check_idempotency(&mut tx, tickets).await?;
    let accepted: Vec<(&NewTicket, TicketNumber)> = {
        let fresh: Vec<&NewTicket> = tickets
            .iter()
            .zip(&verdicts)
            .filter(|(_, v)| v.is_none())
            .map(|(t, _)| t)
            .collect();
        let numbers = assign_numbers(&mut tx, &fresh).await?;
        fresh.into_iter().zip(numbers).collect()
    };
    insert_tickets(&mut tx, &accepted).await?;
    tx.commit().await?;

    let mut numbers: HashMap<TicketId, TicketNumber> =
        accepted.into_iter().map(|(t, n)| (t.id, n)).collect();
    Ok(tickets
        .iter()
        .zip(verdicts)
        .map(|(t, verdict)| match verdict {
            Some((id, hash)) => Err(StoreError::IdempotencyReplay(id, hash)),
            None => Ok(record(
                t.clone(),
                numbers.remove(&t.id).unwrap_or(TicketNumber::new(0, 0)),
            )),
        })
        .collect())
}

/// For each report, the ticket its idempotency key already opened (in the
/// database or earlier in this batch), or `None` when it may open one.
async fn check_idempotency(
    tx: &mut SqliteConnection,
    tickets: &[NewTicket],
) -> StoreResult<Vec<Option<(TicketId, String)>>> {
    let mut seen: HashMap<(String, String), (TicketId, String)> = HashMap::new();
    let mut out = Vec::with_capacity(tickets.len());
    for t in tickets {
        let Some((key, hash)) = &t.idempotency else {
            out.push(None);
            continue;
        };
        let user_key = (t.reported_by.to_string(), key.clone());
        if let Some(earlier) = seen.get(&user_key) {
            out.push(Some(earlier.clone()));
            continue;
        }
        let row = sqlx::query(
            "SELECT ticket_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(&user_key.0)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        match row {
            Some(r) => {
                let id: String = r.try_get(0)?;
                let id = id.parse().map_err(|e: uuid::Error| StoreError::Corrupt {
                    table: "idempotency_keys",
                    detail: e.to_string(),
                })?;
                out.push(Some((id, r.try_get(1)?)));
            }
            None => {
                seen.insert(user_key, (t.id, hash.clone()));
                out.push(None);
            }
        }
    }
    Ok(out)
}

/// Next numbers per report year: one read and one write per year in the batch.
async fn assign_numbers(
    tx: &mut SqliteConnection,
    tickets: &[&NewTicket],
) -> StoreResult<Vec<TicketNumber>> {
    let mut last: HashMap<i32, i64> = HashMap::new();
    let mut numbers = Vec::with_capacity(tickets.len());
    for t in tickets {
        let year = chrono::Datelike::year(&t.reported_at);
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
        numbers.push(TicketNumber::new(year, *seq as u64));
    }
    for (year, seq) in last {
        sqlx::query("INSERT INTO ticket_counters (year, last) VALUES ($1, $2) ON CONFLICT(year) DO UPDATE SET last = excluded.last")
            .bind(year)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
    }
    Ok(numbers)
}

async fn insert_tickets(
    tx: &mut SqliteConnection,
    accepted: &[(&NewTicket, TicketNumber)],
) -> StoreResult<()> {
    if accepted.is_empty() {
        return Ok(());
    }
    for chunk in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO tickets (id, number, kind, account_id, channel, fault_type, severity, title, description, status,
             stage, group_code, parent_id, reporter_name, reporter_phone, reporter_email, reported_by, reported_at,
             updated_at, deadline_at, clock_stopped_at, resolution, cancel_reason, version, search_text) ",
        );
        qb.push_values(chunk, |mut b, (t, number)| {
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
                .push_bind(None::<String>)
                .push_bind(t.reporter.name.clone())
                .push_bind(t.reporter.phone.clone())
                .push_bind(t.reporter.email.as_ref().map(|e| e.as_str().to_owned()))
                .push_bind(t.reported_by.to_string())
                .push_bind(ms(t.reported_at))
                .push_bind(ms(t.reported_at))
                .push_bind(ms(t.deadline_at))
                .push_bind(None::<i64>)
                .push_bind(None::<String>)
                .push_bind(None::<String>)
                .push_bind(1_i64)
                .push_bind(crate::search_text(&t.title, &t.description));
        });
        qb.build()
            .execute(&mut *tx)
            .await
            .map_err(|e| super::map_write_error(e, "ticket", "batch"))?;
    }
    let pairs = |f: &dyn Fn(&NewTicket) -> Vec<String>| -> Vec<(String, String)> {
        accepted
            .iter()
            .flat_map(|(t, _)| f(t).into_iter().map(|v| (t.id.to_string(), v)))
            .collect()
    };
    let lines = pairs(&|t| t.lines.iter().map(|m| m.as_str().to_owned()).collect());
    let equipment = pairs(&|t| t.equipment.iter().map(|i| i.as_str().to_owned()).collect());
    insert_pairs(
        tx,
        "INSERT OR IGNORE INTO ticket_lines (ticket_id, msisdn) ",
        &lines,
    )
    .await?;
    insert_pairs(
        tx,
        "INSERT OR IGNORE INTO ticket_equipment (ticket_id, imei) ",
        &equipment,
    )
    .await?;

    let followers: Vec<(String, String, String)> = accepted
        .iter()
        .flat_map(|(t, _)| {
            t.followers
                .iter()
                .map(|(u, r)| (t.id.to_string(), u.to_string(), r.clone()))
        })
        .collect();
    for part in followers.chunks(ROWS) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT OR IGNORE INTO ticket_followers (ticket_id, user_id, reason) ",
        );
        qb.push_values(part, |mut b, (t, u, r)| {
            b.push_bind(t.clone())
                .push_bind(u.clone())
                .push_bind(r.clone());
        });
        qb.build().execute(&mut *tx).await?;
    }
    for part in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO status_changes (ticket_id, at, status, stage, group_code, action, reason, actor_id) ",
        );
        qb.push_values(part, |mut b, (t, _)| {
            b.push_bind(t.id.to_string())
                .push_bind(ms(t.reported_at))
                .push_bind(t.status.as_str())
                .push_bind(t.stage.as_str())
                .push_bind(t.stage.group())
                .push_bind("open")
                .push_bind(None::<String>)
                .push_bind(t.reported_by.to_string());
        });
        qb.build().execute(&mut *tx).await?;

        let keyed: Vec<_> = part
            .iter()
            .filter(|(t, _)| t.idempotency.is_some())
            .collect();
        if !keyed.is_empty() {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO idempotency_keys (user_id, key, request_hash, ticket_id, created_at) ",
            );
            qb.push_values(keyed, |mut b, (t, _)| {
                let (key, hash) = t.idempotency.clone().unwrap_or_default();
                b.push_bind(t.reported_by.to_string())
                    .push_bind(key)
                    .push_bind(hash)
                    .push_bind(t.id.to_string())
                    .push_bind(ms(t.reported_at));
            });
            qb.build().execute(&mut *tx).await?;
        }

        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO audit_events (at, actor_id, actor_name, entity_type, entity_id, action, before, after) ",
        );
        qb.push_values(part, |mut b, (t, number)| {
            let after = serde_json::json!({
                "number": number.to_string(),
                "status": t.status.as_str(),
                "stage": t.stage.as_str(),
                "group": t.stage.group(),
                "channel": t.channel.as_str(),
            });
            b.push_bind(ms(t.reported_at))
                .push_bind(t.reported_by.to_string())
                .push_bind(t.actor_name.clone())
                .push_bind("ticket")
                .push_bind(t.id.to_string())
                .push_bind("open")
                .push_bind(None::<String>)
                .push_bind(after.to_string());
        });
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

async fn insert_pairs(
    tx: &mut SqliteConnection,
    head: &'static str,
    rows: &[(String, String)],
) -> StoreResult<()> {
    let mut unique = HashSet::new();
    let rows: Vec<_> = rows
        .iter()
        .filter(|r| unique.insert((*r).clone()))
        .collect();
    for part in rows.chunks(ROWS) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(head);
        qb.push_values(part, |mut b, (a, v)| {
            b.push_bind(a.clone()).push_bind(v.clone());
        });
        qb.build().execute(&mut *tx).await?;
    }
    Ok(())
}

fn record(t: NewTicket, number: TicketNumber) -> TicketRecord {
    TicketRecord {
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
    }
}
