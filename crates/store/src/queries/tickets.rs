//! Ticket reads (single and paged) and the [`TicketStore`] implementation.

use crate::ticket_json::{RAW_COLUMNS, Raw, decode, record};

use super::*;

/// The ticket select, joined with account and parent, items comma-joined.
fn ticket_columns() -> String {
    let agg = DIALECT.string_agg;
    format!(
        "SELECT t.id, t.number, t.kind, t.account_id, t.channel, t.fault_type, t.severity, t.title,
    t.description, t.status, t.stage, t.group_code, t.parent_id, t.reporter_name, t.reporter_phone, t.reporter_email,
    t.reported_by, t.reported_at, t.updated_at, t.deadline_at, t.clock_stopped_at, t.resolution, t.cancel_reason,
    t.version, a.number AS account_number, a.name AS account_name, p.number AS parent_number,
    (SELECT {agg}(l.msisdn, ',') FROM ticket_lines l WHERE l.ticket_id = t.id) AS lines_csv,
    (SELECT {agg}(e.imei, ',') FROM ticket_equipment e WHERE e.ticket_id = t.id) AS equipment_csv,
    t.sla_due_at, t.response_due_at, t.maintenance_id, t.deleted_at,
    t.owner_id, (SELECT u.name FROM users u WHERE u.id = t.owner_id) AS owner_name,
    t.duplicate_of, (SELECT d.number FROM tickets d WHERE d.id = t.duplicate_of) AS duplicate_of_number
    FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN tickets p ON p.id = t.parent_id"
    )
}

/// One ticket as a JSON array of the aliased columns of `ticket_columns()` (as `x`).
fn raw_json() -> String {
    format!("{}({RAW_COLUMNS})", DIALECT.json_array)
}

pub(super) async fn get_one(
    pool: &sqlx::Pool<Db>,
    condition: &str,
    key: String,
) -> StoreResult<Option<TicketRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT CAST({} AS TEXT) FROM ({} WHERE {condition}) x",
        raw_json(),
        ticket_columns()
    )))
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(0)?;
    Ok(Some(decode(&json)?))
}

/// One ticket and its `(instant, status)` history in one round trip: what a
/// single-ticket read needs to show its SLA clocks.
pub(super) async fn get_with_history(
    pool: &sqlx::Pool<Db>,
    key: &TicketKey,
) -> StoreResult<Option<(TicketRecord, Vec<(DateTime<Utc>, averias_domain::Status)>)>> {
    let (condition, value) = match key {
        TicketKey::Id(id) => ("t.id = $1", id.to_string()),
        TicketKey::Number(n) => ("t.number = $1", n.to_string()),
    };
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT CAST({} AS TEXT), (SELECT CAST({}({}(s.at, s.status) ORDER BY s.id) AS TEXT)
           FROM status_changes s WHERE s.ticket_id = x.id)
         FROM ({} WHERE {condition}) x",
        raw_json(),
        DIALECT.json_agg,
        DIALECT.json_array,
        ticket_columns()
    )))
    .bind(value)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(0)?;
    let history: Option<String> = row.try_get(1)?;
    let pairs: Vec<(i64, String)> = serde_json::from_str(history.as_deref().unwrap_or("[]"))
        .map_err(|e| StoreError::Corrupt {
            table: "status_changes",
            detail: e.to_string(),
        })?;
    let corrupt = |detail: String| StoreError::Corrupt {
        table: "status_changes",
        detail,
    };
    let history = pairs
        .into_iter()
        .map(|(at, status)| {
            let at = crate::rows::instant(at, "status_history", "at")?;
            let status = status
                .parse::<averias_domain::Status>()
                .map_err(|e| corrupt(e.to_string()))?;
            Ok((at, status))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some((decode(&json)?, history)))
}

fn push_filter(qb: &mut QueryBuilder<Db>, f: &TicketFilter) {
    qb.push(" WHERE 1 = 1");
    super::scope::push_scope(qb, &f.scope);
    if !f.include_deleted {
        qb.push(" AND t.deleted_at IS NULL");
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
    if let Some(sev) = f.severity {
        qb.push(" AND t.severity = ").push_bind(sev.as_str());
    }
    for (attribute, value) in &f.shown {
        // The client's word if it gave one, else Averías's own column.
        let given =
            "SELECT 1 FROM ticket_client_values cv WHERE cv.ticket_id = t.id AND cv.attribute = ";
        qb.push(" AND (EXISTS (")
            .push(given)
            .push_bind(attribute.name())
            .push(" AND cv.value = ")
            .push_bind(value.clone())
            .push(")");
        let own = match attribute {
            ShownAttribute::Severity => Some("t.severity"),
            ShownAttribute::TicketType => Some("t.kind"),
            ShownAttribute::Priority => None,
        };
        if let Some(column) = own {
            qb.push(" OR (NOT EXISTS (")
                .push(given)
                .push_bind(attribute.name())
                .push(format!(") AND {column} = "))
                .push_bind(value.clone())
                .push(")");
        }
        qb.push(")");
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
    match f.owner {
        Some(OwnerIs::User(u)) => {
            qb.push(" AND t.owner_id = ").push_bind(u.to_string());
        }
        Some(OwnerIs::Nobody) => {
            qb.push(" AND t.owner_id IS NULL");
        }
        None => {}
    }
    if let (Some(b), Some(now)) = (f.breached, f.now) {
        // Breached: the resolution target was reached by now (running past
        // it, or stopped after it); the deadline is NULL when it will not be.
        let now = ms(now);
        if b {
            qb.push(" AND t.sla_due_at < ").push_bind(now);
        } else {
            qb.push(" AND (t.sla_due_at IS NULL OR t.sla_due_at >= ")
                .push_bind(now)
                .push(")");
        }
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        super::search::push_text_match(qb, text, &f.scope);
    }
}

pub(super) async fn list(
    pool: &sqlx::Pool<Db>,
    f: &TicketFilter,
) -> StoreResult<Page<TicketRecord>> {
    // One round trip: the count and the whole page (as one JSON array) in one row.
    let order = match f.sort {
        TicketSort::NewestFirst => "reported_at DESC, id DESC",
        TicketSort::OldestFirst => "reported_at ASC, id ASC",
        TicketSort::DeadlineFirst => "sla_due_at ASC NULLS LAST, id ASC",
    };
    let mut qb: QueryBuilder<Db> =
        QueryBuilder::new("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM tickets t");
    push_filter(&mut qb, f);
    qb.push(format!(" LIMIT {}) c", COUNT_CAP + 1));
    qb.push(format!(
        "), (SELECT CAST({}({} ORDER BY x.{order}) AS TEXT) FROM (",
        DIALECT.json_agg,
        raw_json()
    ));
    qb.push(ticket_columns());
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

/// Tickets whose clocks may still move, in id order after `after`.
pub(super) async fn reclock_batch(
    pool: &sqlx::Pool<Db>,
    after: Option<TicketId>,
    f: &TicketFilter,
) -> StoreResult<Vec<TicketRecord>> {
    let mut qb: QueryBuilder<Db> = QueryBuilder::new(format!(
        "SELECT CAST({}({} ORDER BY x.id) AS TEXT) FROM (",
        DIALECT.json_agg,
        raw_json()
    ));
    qb.push(ticket_columns());
    qb.push(" WHERE t.status NOT IN ('closed', 'cancelled', 'rejected') AND t.id > ")
        .push_bind(after.map(|a| a.to_string()).unwrap_or_default())
        .push(" ORDER BY t.id LIMIT ")
        .push_bind(f.limit)
        .push(") x");
    let page: Option<String> = qb.build().fetch_one(pool).await?.try_get(0)?;
    let raws: Vec<Raw> =
        serde_json::from_str(page.as_deref().unwrap_or("[]")).map_err(|e| StoreError::Corrupt {
            table: "tickets",
            detail: e.to_string(),
        })?;
    raws.into_iter().map(record).collect()
}

#[async_trait]
impl TicketStore for This {
    async fn get_ticket(&self, id: TicketId) -> StoreResult<Option<TicketRecord>> {
        tickets::get_one(&self.reader, "t.id = $1", id.to_string()).await
    }

    async fn ticket_by_number(&self, number: &TicketNumber) -> StoreResult<Option<TicketRecord>> {
        tickets::get_one(&self.reader, "t.number = $1", number.to_string()).await
    }

    async fn ticket_with_history(
        &self,
        key: &TicketKey,
    ) -> StoreResult<Option<(TicketRecord, Vec<(DateTime<Utc>, averias_domain::Status)>)>> {
        tickets::get_with_history(&self.reader, key).await
    }

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Page<TicketRecord>> {
        tickets::list(&self.reader, filter).await
    }

    async fn children_of(&self, incident: TicketId) -> StoreResult<Vec<TicketRecord>> {
        let filter = TicketFilter {
            parent_id: Some(incident),
            limit: i64::MAX,
            sort: TicketSort::OldestFirst,
            ..Default::default()
        };
        Ok(tickets::list(&self.reader, &filter).await?.items)
    }

    async fn external_ids_of(&self, ticket: TicketId) -> StoreResult<Vec<ExternalId>> {
        let rows = sqlx::query(
            "SELECT owner, id_type, external_id FROM ticket_external_ids WHERE ticket_id = $1 ORDER BY position",
        )
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ExternalId {
                    owner: r.try_get("owner")?,
                    kind: r.try_get("id_type")?,
                    id: r.try_get("external_id")?,
                })
            })
            .collect()
    }

    async fn client_values_of(&self, ticket: TicketId) -> StoreResult<ClientValues> {
        let rows =
            sqlx::query("SELECT attribute, value FROM ticket_client_values WHERE ticket_id = $1")
                .bind(ticket.to_string())
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("attribute")?, r.try_get("value")?)))
            .collect()
    }

    async fn ticket_by_external_id(&self, key: &ExternalId) -> StoreResult<Option<TicketId>> {
        let row = sqlx::query(
            "SELECT ticket_id FROM ticket_external_ids WHERE owner = $1 AND id_type = $2 AND external_id = $3",
        )
        .bind(&key.owner)
        .bind(&key.kind)
        .bind(&key.id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| parse_id(&r, "ticket_id", "ticket_external_ids"))
            .transpose()
    }

    async fn notes_of(&self, ticket: TicketId) -> StoreResult<Vec<Note>> {
        let rows = sqlx::query(
            "SELECT id, ticket_id, author_id, author_name, author_role, visibility, body, created_at
             FROM notes WHERE ticket_id = $1 ORDER BY created_at, id",
        )
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(note_from_row).collect()
    }

    async fn attachments_of(&self, ticket: TicketId) -> StoreResult<Vec<Attachment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = $1 ORDER BY created_at, id"
        )))
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    async fn attachment(&self, id: uuid::Uuid) -> StoreResult<Option<Attachment>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(attachment_from_row).transpose()
    }

    async fn attachments_pending_scan(&self, limit: i64) -> StoreResult<Vec<Attachment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments
             WHERE scan = 'pending_scan' AND deleted_at IS NULL ORDER BY created_at, id LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    async fn blob_in_use(&self, sha256: &str) -> StoreResult<bool> {
        // COUNT is a BIGINT on both backends (a bare 1 is INT4 on PostgreSQL).
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM attachments WHERE sha256 = $1 AND deleted_at IS NULL LIMIT 1) x",
        )
        .bind(sha256)
        .fetch_one(&self.writer)
        .await?;
        Ok(found > 0)
    }

    async fn status_changes_of(&self, ticket: TicketId) -> StoreResult<Vec<StatusChange>> {
        let rows = sqlx::query(
            "SELECT ticket_id, at, status, stage, group_code, action, reason, actor_id
             FROM status_changes WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(status_change_from_row).collect()
    }

    async fn followers_of(&self, ticket: TicketId) -> StoreResult<Vec<Follower>> {
        let rows = sqlx::query(
            "SELECT f.user_id, u.name, f.reason FROM ticket_followers f JOIN users u ON u.id = f.user_id
             WHERE f.ticket_id = $1 ORDER BY u.name",
        )
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Follower {
                    user_id: parse_id(r, "user_id", "ticket_followers")?,
                    name: r.try_get("name")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    async fn apply_ticket_changes(&self, changes: ChangeSet) -> StoreResult<()> {
        super::ticket_writes::apply_changes(&self.writer, changes).await
    }

    async fn audit_of(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, actor_name, entity_type, entity_id, action, before, after
             FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn open_ticket_counts(&self) -> StoreResult<Vec<(String, String, i64)>> {
        let rows = sqlx::query(
            "SELECT group_code, status, COUNT(*) FROM tickets
             WHERE status NOT IN ('closed', 'cancelled', 'rejected') GROUP BY group_code, status",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }
}

const ATTACHMENT_COLUMNS: &str = "id, ticket_id, sha256, name, size, media_type, visibility, note_id, created_by, created_by_name, created_at, deleted_at, deleted_by, scan, scan_detail";

fn attachment_from_row(r: &<Db as sqlx::Database>::Row) -> StoreResult<Attachment> {
    let table = "attachments";
    Ok(Attachment {
        id: parse(r, "id", table)?,
        ticket_id: parse(r, "ticket_id", table)?,
        sha256: Cells::get(r, "sha256")?,
        name: Cells::get(r, "name")?,
        size: Cells::get(r, "size")?,
        media_type: Cells::get(r, "media_type")?,
        visibility: parse(r, "visibility", table)?,
        note_id: parse_opt(r, "note_id", table)?,
        created_by: parse(r, "created_by", table)?,
        created_by_name: Cells::get(r, "created_by_name")?,
        created_at: at(r, "created_at")?,
        deleted_at: at_opt(r, "deleted_at")?,
        deleted_by: Cells::get(r, "deleted_by")?,
        scan: parse(r, "scan", table)?,
        scan_detail: Cells::get(r, "scan_detail")?,
    })
}
