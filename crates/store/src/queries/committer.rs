//! Opening tickets with group commit. Reports arriving together are queued
//! to one task that writes up to [`MAX_BATCH`] of them in one transaction
//! with multi-row INSERTs, then answers each caller. A caller is answered
//! only after COMMIT, so an acknowledged ticket is on disk. If a batch fails
//! as a whole, its reports are retried one by one so that one bad report
//! cannot sink the others.

use std::collections::{HashMap, HashSet};

use tokio::sync::{mpsc, oneshot};

use super::*;

/// Most reports written by one transaction.
const MAX_BATCH: usize = 256;
/// Rows per multi-row INSERT statement (SQLite allows 32,766 bound values).
const ROWS: usize = 400;

type Reply = oneshot::Sender<StoreResult<TicketRecord>>;

/// The handle services use; cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct Committer {
    queue: mpsc::Sender<(NewTicket, Reply)>,
}

impl Committer {
    /// Starts the committing task on the current runtime.
    pub(crate) fn spawn(pool: sqlx::Pool<Db>) -> Self {
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

async fn run(pool: sqlx::Pool<Db>, mut rx: mpsc::Receiver<(NewTicket, Reply)>) {
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
    pool: &sqlx::Pool<Db>,
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
    let ids: Vec<String> = accepted.iter().map(|(t, _)| t.id.to_string()).collect();
    super::search::index_tickets(&mut tx, &ids).await?;
    tx.commit().await?;

    let mut numbers: HashMap<TicketId, TicketNumber> =
        accepted.into_iter().map(|(t, n)| (t.id, n)).collect();
    Ok(tickets
        .iter()
        .zip(verdicts)
        .map(|(t, verdict)| match verdict {
            Some((id, hash)) => Err(StoreError::IdempotencyReplay(id, hash)),
            // Every accepted report was given a number above; one without
            // is a bug to report, not a ticket numbered AV-0000-000000.
            None => numbers
                .remove(&t.id)
                .map(|n| record(t.clone(), n))
                .ok_or_else(|| StoreError::Corrupt {
                    table: "tickets",
                    detail: format!("no number was assigned to ticket {}", t.id),
                }),
        })
        .collect())
}

/// For each report, the ticket its idempotency key already opened (in the
/// database or earlier in this batch), or `None` when it may open one.
async fn check_idempotency(
    tx: &mut <Db as sqlx::Database>::Connection,
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
    tx: &mut <Db as sqlx::Database>::Connection,
    tickets: &[&NewTicket],
) -> StoreResult<Vec<TicketNumber>> {
    let years: Vec<i32> = tickets
        .iter()
        .map(|t| chrono::Datelike::year(&t.reported_at))
        .collect();
    super::ticket_writes::reserve_numbers(tx, &years).await
}

async fn insert_tickets(
    tx: &mut <Db as sqlx::Database>::Connection,
    accepted: &[(&NewTicket, TicketNumber)],
) -> StoreResult<()> {
    if accepted.is_empty() {
        return Ok(());
    }
    for chunk in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO tickets (id, number, kind, account_id, channel, fault_type, severity, title, description, status,
             stage, group_code, parent_id, reporter_name, reporter_phone, reporter_email, reported_by, reported_at,
             updated_at, deadline_at, clock_stopped_at, resolution, cancel_reason, version, search_text,
             sla_due_at, response_due_at, maintenance_id) ",
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
                .push_bind(crate::search_text(&t.title, &t.description))
                .push_bind(t.sla_due_at.map(ms))
                .push_bind(t.response_due_at.map(ms))
                .push_bind(t.maintenance_id.map(|m| m.to_string()));
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
    insert_pairs(tx, "INSERT INTO ticket_lines (ticket_id, msisdn) ", &lines).await?;
    insert_pairs(
        tx,
        "INSERT INTO ticket_equipment (ticket_id, imei) ",
        &equipment,
    )
    .await?;
    let external: Vec<_> = accepted
        .iter()
        .flat_map(|(t, _)| {
            t.external_ids
                .iter()
                .enumerate()
                .map(move |(i, k)| (t.id.to_string(), i as i64, k))
        })
        .collect();
    for part in external.chunks(ROWS / 5) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO ticket_external_ids (ticket_id, position, owner, id_type, external_id) ",
        );
        qb.push_values(part, |mut b, (t, i, k)| {
            b.push_bind(t.clone())
                .push_bind(*i)
                .push_bind(k.owner.clone())
                .push_bind(k.kind.clone())
                .push_bind(k.id.clone());
        });
        qb.build()
            .execute(&mut *tx)
            .await
            .map_err(|e| super::map_write_error(e, "external identifier", part[0].2.id.clone()))?;
    }

    let client_values: Vec<(String, String, String)> = accepted
        .iter()
        .flat_map(|(t, _)| {
            t.client_values
                .iter()
                .map(move |(a, v)| (t.id.to_string(), a.clone(), v.clone()))
        })
        .collect();
    for part in client_values.chunks(ROWS / 3) {
        let mut qb: QueryBuilder<Db> =
            QueryBuilder::new("INSERT INTO ticket_client_values (ticket_id, attribute, value) ");
        qb.push_values(part, |mut b, (t, a, v)| {
            b.push_bind(t.clone())
                .push_bind(a.clone())
                .push_bind(v.clone());
        });
        qb.build().execute(&mut *tx).await?;
    }

    let notes: Vec<&Note> = accepted.iter().flat_map(|(t, _)| &t.notes).collect();
    super::ticket_writes::insert_notes(tx, &notes, ROWS / 8).await?;

    for a in accepted.iter().flat_map(|(t, _)| &t.attachments) {
        super::ticket_writes::insert_attachment(&mut *tx, a).await?;
    }

    let followers: Vec<(String, String, String)> = accepted
        .iter()
        .flat_map(|(t, _)| {
            t.followers
                .iter()
                .map(|(u, r)| (t.id.to_string(), u.to_string(), r.clone()))
        })
        .collect();
    for part in followers.chunks(ROWS) {
        let mut qb: QueryBuilder<Db> =
            QueryBuilder::new("INSERT INTO ticket_followers (ticket_id, user_id, reason) ");
        qb.push_values(part, |mut b, (t, u, r)| {
            b.push_bind(t.clone())
                .push_bind(u.clone())
                .push_bind(r.clone());
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *tx).await?;
    }
    for part in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
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
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
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

        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
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

        let timed: Vec<(&TimerChange, DateTime<Utc>, DateTime<Utc>)> = part
            .iter()
            .filter_map(|(t, _)| {
                t.timer
                    .as_ref()
                    .and_then(|x| x.due_at.map(|d| (x, d, t.reported_at)))
            })
            .collect();
        if !timed.is_empty() {
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO jobs (id, kind, dedupe_key, payload, due_at, state, attempts, created_at) ",
            );
            qb.push_values(timed, |mut b, (x, due, now)| {
                b.push_bind(uuid::Uuid::now_v7().to_string())
                    .push_bind(x.kind.clone())
                    .push_bind(x.key.clone())
                    .push_bind(x.payload.to_string())
                    .push_bind(ms(due))
                    .push_bind("pending")
                    .push_bind(0_i64)
                    .push_bind(ms(now));
            });
            qb.push(" ON CONFLICT DO NOTHING");
            qb.build().execute(&mut *tx).await?;
        }
        let messages: Vec<OutboundMessage> = part
            .iter()
            .flat_map(|(t, _)| t.messages.iter().cloned())
            .collect();
        super::ticket_writes::insert_messages(tx, &messages).await?;
    }
    Ok(())
}

async fn insert_pairs(
    tx: &mut <Db as sqlx::Database>::Connection,
    head: &'static str,
    rows: &[(String, String)],
) -> StoreResult<()> {
    let mut unique = HashSet::new();
    let rows: Vec<_> = rows
        .iter()
        .filter(|r| unique.insert((*r).clone()))
        .collect();
    for part in rows.chunks(ROWS) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(head);
        qb.push_values(part, |mut b, (a, v)| {
            b.push_bind(a.clone()).push_bind(v.clone());
        });
        qb.push(" ON CONFLICT DO NOTHING");
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
        sla_due_at: t.sla_due_at,
        response_due_at: t.response_due_at,
        maintenance_id: t.maintenance_id,
        lines: t.lines,
        equipment: t.equipment,
        deleted_at: None,
        owner_id: None,
        owner_name: None,
        duplicate_of: None,
        duplicate_of_number: None,
    }
}
