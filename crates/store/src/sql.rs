//! The SQL both backends share, written once as a macro and expanded per
//! backend with its sqlx database type and its [`Dialect`]: the `Store`
//! implementation, ticket reads and change sets, and group-commit intake.
//! Everything backend-specific (connecting, pools, migrations) stays in
//! `sqlite.rs` and `postgres.rs`. The SQL avoids dialect differences where
//! it can (`ON CONFLICT DO NOTHING`, `TRUE`, `CAST(.. AS TEXT)`, `$n`).

/// Function names that differ between the SQL dialects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// Backend name, for logs and `/readyz`.
    pub name: &'static str,
    /// Builds a JSON array from values.
    pub json_array: &'static str,
    /// Aggregates JSON values into one array (with `ORDER BY` inside).
    pub json_agg: &'static str,
    /// Concatenates strings with a separator.
    pub string_agg: &'static str,
    /// Builds a JSON object from key/value pairs.
    pub json_object: &'static str,
    /// Row locking for job claims: SQLite's single writer needs none.
    pub skip_locked: &'static str,
}

pub(crate) const SQLITE: Dialect = Dialect {
    name: "sqlite",
    json_array: "json_array",
    json_agg: "json_group_array",
    string_agg: "group_concat",
    json_object: "json_object",
    skip_locked: "",
};

pub(crate) const POSTGRES: Dialect = Dialect {
    name: "postgres",
    json_array: "json_build_array",
    json_agg: "json_agg",
    string_agg: "string_agg",
    json_object: "json_build_object",
    skip_locked: " FOR UPDATE SKIP LOCKED",
};

pub(crate) fn ms(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

/// Maps unique and foreign-key violations to store errors, for every backend.
pub(crate) fn map_write_error(
    err: sqlx::Error,
    entity: &'static str,
    key: impl Into<String>,
) -> crate::StoreError {
    use crate::StoreError;
    if let sqlx::Error::Database(db) = &err {
        match db.kind() {
            sqlx::error::ErrorKind::UniqueViolation => {
                return StoreError::Duplicate {
                    entity,
                    key: key.into(),
                };
            }
            sqlx::error::ErrorKind::ForeignKeyViolation => {
                return StoreError::MissingReference {
                    entity: "referenced row",
                    key: key.into(),
                };
            }
            _ => {}
        }
    }
    StoreError::from(err)
}

/// Expands the shared SQL for one backend: `$store` is the store type (with
/// `writer`, `reader` and `committer` fields), `$db` its sqlx database type,
/// `$dialect` its [`Dialect`].
macro_rules! sql_backend {
    ($store:ident, $db:ty, $dialect:expr) => {
async fn insert_audit<'e, E>(exec: E, event: &AuditEvent) -> StoreResult<()>
where
    E: Executor<'e, Database = $db>,
{
    sqlx::query(
        "INSERT INTO audit_events (at, actor_id, actor_name, entity_type, entity_id, action, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ms(event.at))
    .bind(event.actor_id.map(|u| u.to_string()))
    .bind(&event.actor_name)
    .bind(&event.entity_type)
    .bind(&event.entity_id)
    .bind(&event.action)
    .bind(event.before.as_ref().map(|v| v.to_string()))
    .bind(event.after.as_ref().map(|v| v.to_string()))
    .execute(exec)
    .await?;
    Ok(())
}

#[async_trait]
impl Store for $store {
    fn backend(&self) -> &'static str {
        $dialect.name
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        migrator().run(&self.writer).await?;
        Ok(())
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let row =
            sqlx::query("SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM tickets)")
                .fetch_one(&self.reader)
                .await?;
        Ok(row.try_get::<i64, _>(0)? == 0)
    }

    async fn upsert_group(&self, group: &Group) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO groups (code, name, kind) VALUES ($1, $2, $3)
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
        )
        .bind(&group.code)
        .bind(&group.name)
        .bind(&group.kind)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn list_groups(&self) -> StoreResult<Vec<Group>> {
        let rows = sqlx::query("SELECT code, name, kind FROM groups ORDER BY code")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(group_from_row).collect()
    }

    async fn get_group(&self, code: &str) -> StoreResult<Option<Group>> {
        let row = sqlx::query("SELECT code, name, kind FROM groups WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(group_from_row).transpose()
    }

    async fn insert_user(
        &self,
        user: &User,
        token_hash: &str,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, name, role, group_code, account_id, token_hash, active, created_at, email)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(user.id.to_string())
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&user.group_code)
        .bind(user.account_id.map(|a| a.to_string()))
        .bind(token_hash)
        .bind(user.active)
        .bind(ms(user.created_at))
        .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "user", &user.name))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_user(
        &self,
        user: &User,
        token_hash: Option<&str>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET role = $2, group_code = $3, account_id = $4, active = $5,
             token_hash = COALESCE($6, token_hash), email = $7 WHERE id = $1",
        )
        .bind(user.id.to_string())
        .bind(user.role.as_str())
        .bind(&user.group_code)
        .bind(user.account_id.map(|a| a.to_string()))
        .bind(user.active)
        .bind(token_hash)
        .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "user", &user.name))?;
        if done.rows_affected() != 1 {
            return Err(StoreError::MissingReference {
                entity: "user",
                key: user.id.to_string(),
            });
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{USER_COLUMNS} WHERE token_hash = $1 AND active = TRUE"
        )))
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row = sqlx::query(AssertSqlSafe(format!("{USER_COLUMNS} WHERE id = $1")))
            .bind(id.to_string())
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(AssertSqlSafe(format!("{USER_COLUMNS} ORDER BY name")))
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn insert_account(&self, account: &Account, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let (state, debt, currency) = billing_columns(&account.billing);
        sqlx::query(
            "INSERT INTO accounts (id, number, name, billing_state, debt_minor, currency, sales_consultant_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(account.id.to_string())
        .bind(&account.number)
        .bind(&account.name)
        .bind(state)
        .bind(debt)
        .bind(currency)
        .bind(account.sales_consultant_id.map(|u| u.to_string()))
        .bind(ms(account.created_at))
        .bind(ms(account.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "account", &account.number))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_account(&self, account: &Account, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let (state, debt, currency) = billing_columns(&account.billing);
        sqlx::query(
            "UPDATE accounts SET number = $2, name = $3, billing_state = $4, debt_minor = $5, currency = $6,
             sales_consultant_id = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(account.id.to_string())
        .bind(&account.number)
        .bind(&account.name)
        .bind(state)
        .bind(debt)
        .bind(currency)
        .bind(account.sales_consultant_id.map(|u| u.to_string()))
        .bind(ms(account.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "account", &account.number))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        let row = sqlx::query(AssertSqlSafe(format!("{ACCOUNT_COLUMNS} WHERE id = $1")))
            .bind(id.to_string())
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn account_by_number(&self, number: &str) -> StoreResult<Option<Account>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{ACCOUNT_COLUMNS} WHERE number = $1"
        )))
        .bind(number)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn list_accounts(&self, filter: &AccountFilter) -> StoreResult<Page<Account>> {
        let mut count: QueryBuilder<$db> = QueryBuilder::new("SELECT COUNT(*) FROM accounts");
        append_account_filter(&mut count, filter);
        let total: i64 = count.build().fetch_one(&self.reader).await?.try_get(0)?;
        let mut list: QueryBuilder<$db> = QueryBuilder::new(ACCOUNT_COLUMNS);
        append_account_filter(&mut list, filter);
        list.push(" ORDER BY number LIMIT ")
            .push_bind(filter.limit)
            .push(" OFFSET ")
            .push_bind(filter.offset);
        let rows = list.build().fetch_all(&self.reader).await?;
        Ok(Page {
            items: rows
                .iter()
                .map(account_from_row)
                .collect::<StoreResult<_>>()?,
            total,
            total_exact: true,
        })
    }

    async fn upsert_equipment(&self, equipment: &Equipment, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO equipment (imei, account_id, make, model, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT(imei) DO UPDATE SET account_id = excluded.account_id, make = excluded.make, model = excluded.model",
        )
        .bind(equipment.imei.as_str())
        .bind(equipment.account_id.map(|a| a.to_string()))
        .bind(&equipment.make)
        .bind(&equipment.model)
        .bind(ms(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "equipment", equipment.imei.as_str()))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_equipment(&self, imei: &str) -> StoreResult<Option<Equipment>> {
        let row =
            sqlx::query("SELECT imei, account_id, make, model FROM equipment WHERE imei = $1")
                .bind(imei)
                .fetch_optional(&self.reader)
                .await?;
        row.as_ref().map(equipment_from_row).transpose()
    }

    async fn upsert_line(&self, line: &Line, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO lines (msisdn, account_id, imei, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT(msisdn) DO UPDATE SET account_id = excluded.account_id, imei = excluded.imei",
        )
        .bind(line.msisdn.as_str())
        .bind(line.account_id.to_string())
        .bind(line.imei.as_ref().map(|i| i.as_str().to_owned()))
        .bind(ms(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "line", line.msisdn.as_str()))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_line(&self, msisdn: &str) -> StoreResult<Option<Line>> {
        let row = sqlx::query("SELECT msisdn, account_id, imei FROM lines WHERE msisdn = $1")
            .bind(msisdn)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(line_from_row).transpose()
    }

    async fn lines_of_account(&self, account: AccountId) -> StoreResult<Vec<Line>> {
        let rows = sqlx::query(
            "SELECT msisdn, account_id, imei FROM lines WHERE account_id = $1 ORDER BY msisdn",
        )
        .bind(account.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(line_from_row).collect()
    }

    async fn insert_contact(&self, contact: &Contact, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO contacts (id, account_id, name, phone, email, language) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(contact.id.to_string())
        .bind(contact.account_id.to_string())
        .bind(&contact.name)
        .bind(&contact.phone)
        .bind(contact.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(&contact.language)
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "contact", &contact.name))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn contacts_of_account(&self, account: AccountId) -> StoreResult<Vec<Contact>> {
        let rows = sqlx::query(
            "SELECT id, account_id, name, phone, email, language FROM contacts WHERE account_id = $1 ORDER BY name",
        )
        .bind(account.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn upsert_fault_type(
        &self,
        fault_type: &FaultType,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO fault_types (code, name, default_severity, second_level, active) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, default_severity = excluded.default_severity,
             second_level = excluded.second_level, active = excluded.active",
        )
        .bind(&fault_type.code)
        .bind(&fault_type.name)
        .bind(fault_type.default_severity.as_str())
        .bind(fault_type.second_level.as_str())
        .bind(fault_type.active)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_fault_type(&self, code: &str) -> StoreResult<Option<FaultType>> {
        let row = sqlx::query(
            "SELECT code, name, default_severity, second_level, active FROM fault_types WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(fault_type_from_row).transpose()
    }

    async fn list_fault_types(&self) -> StoreResult<Vec<FaultType>> {
        let rows = sqlx::query("SELECT code, name, default_severity, second_level, active FROM fault_types ORDER BY code")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(fault_type_from_row).collect()
    }

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
        tickets::insert_messages(&mut tx, messages).await?;
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

    async fn get_ticket(&self, id: TicketId) -> StoreResult<Option<TicketRecord>> {
        tickets::get_one(&self.reader, "t.id = $1", id.to_string()).await
    }

    async fn ticket_by_number(&self, number: &TicketNumber) -> StoreResult<Option<TicketRecord>> {
        tickets::get_one(&self.reader, "t.number = $1", number.to_string()).await
    }

    async fn ticket_with_history(&self, key: &TicketKey) -> StoreResult<Option<(TicketRecord, Vec<(DateTime<Utc>, averias_domain::Status)>)>> {
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

    async fn ticket_by_external_id(&self, key: &ExternalId) -> StoreResult<Option<TicketId>> {
        let row = sqlx::query(
            "SELECT ticket_id FROM ticket_external_ids WHERE owner = $1 AND id_type = $2 AND external_id = $3",
        )
        .bind(&key.owner)
        .bind(&key.kind)
        .bind(&key.id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| parse_id(&r, "ticket_id", "ticket_external_ids")).transpose()
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
        tickets::apply_changes(&self.writer, changes).await
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

    async fn bulk_load_tickets(
        &self,
        tickets: Vec<BulkTicket>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        tickets::bulk_load(&self.writer, tickets, audit).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        // PostgreSQL needs statistics to plan pages after a bulk load, and a
        // VACUUM to mark the new pages all-visible: until autovacuum gets
        // there, every index-only scan (a queue's count) visits the heap
        // too; the list page's query took 4.7 ms instead of 1.5 ms at a
        // million tickets (BENCHMARKS.md). VACUUM runs outside a
        // transaction, as a pool query does. On SQLite, ANALYZE made ticket
        // reads three times slower, so SQLite keeps its built-in estimates.
        if $dialect.name == "postgres" {
            sqlx::query("VACUUM (ANALYZE)").execute(&self.writer).await?;
        }
        Ok(())
    }

    async fn upsert_calendar(&self, name: &str, definition: &serde_json::Value, audit: &AuditEvent) -> StoreResult<()> {
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

    async fn ensure_calendar(&self, name: &str, definition: &serde_json::Value, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO calendars (name, definition, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(definition.to_string())
            .bind(ms(now))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn get_calendar(&self, name: &str) -> StoreResult<Option<serde_json::Value>> {
        let row = sqlx::query("SELECT definition FROM calendars WHERE name = $1").bind(name).fetch_optional(&self.reader).await?;
        row.map(|r| {
            let text: String = Cells::get(&r, "definition")?;
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table: "calendars", detail: e.to_string() })
        })
        .transpose()
    }

    async fn list_calendars(&self) -> StoreResult<Vec<(String, serde_json::Value)>> {
        let rows = sqlx::query("SELECT name, definition FROM calendars ORDER BY name").fetch_all(&self.reader).await?;
        rows.iter()
            .map(|r| {
                let text: String = Cells::get(r, "definition")?;
                let value = serde_json::from_str(&text)
                    .map_err(|e| StoreError::Corrupt { table: "calendars", detail: e.to_string() })?;
                Ok((Cells::get(r, "name")?, value))
            })
            .collect()
    }

    async fn upsert_sla_policy(&self, policy: &averias_domain::sla_policy::SlaPolicy, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let definition = serde_json::to_string(policy).map_err(|e| StoreError::Corrupt { table: "sla_policies", detail: e.to_string() })?;
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
        let done = sqlx::query("DELETE FROM sla_policies WHERE name = $1").bind(name).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn list_sla_policies(&self) -> StoreResult<Vec<averias_domain::sla_policy::SlaPolicy>> {
        let rows = sqlx::query("SELECT definition FROM sla_policies ORDER BY name").fetch_all(&self.reader).await?;
        rows.iter().map(|r| json_cell(r, "sla_policies")).collect()
    }

    async fn upsert_escalation_rule(&self, rule: &averias_domain::escalation::EscalationRule, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let definition = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt { table: "escalation_rules", detail: e.to_string() })?;
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

    async fn delete_escalation_rule(&self, fault_type: Option<&str>, level: averias_domain::escalation::Level, audit: &AuditEvent) -> StoreResult<bool> {
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

    async fn list_escalation_rules(&self) -> StoreResult<Vec<averias_domain::escalation::EscalationRule>> {
        let rows = sqlx::query("SELECT definition FROM escalation_rules ORDER BY fault_type, level").fetch_all(&self.reader).await?;
        rows.iter().map(|r| json_cell(r, "escalation_rules")).collect()
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
                    let v: i64 = Cells::get(r, col)?;
                    DateTime::from_timestamp_millis(v).ok_or(StoreError::Corrupt { table: "escalations", detail: format!("{col}={v}") })
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
                        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table: "escalations", detail: e.to_string() })?
                    },
                })
            })
            .collect()
    }

    async fn tickets_to_reclock(&self, after: Option<TicketId>, limit: i64) -> StoreResult<Vec<TicketRecord>> {
        let filter = TicketFilter { limit, ..TicketFilter::default() };
        tickets::reclock_batch(&self.reader, after, &filter).await
    }

    async fn refresh_clocks(&self, refreshes: &[ClockRefresh], now: DateTime<Utc>) -> StoreResult<u64> {
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
                tickets::set_timer(&mut tx, &r.timer, now).await?;
                written += 1;
            }
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn insert_maintenance(&self, work: &MaintenanceWork, audit: &AuditEvent) -> StoreResult<()> {
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
        tickets::insert_messages(&mut tx, messages).await?;
        insert_audit(&mut *tx, audit).await?;
        for t in timers {
            tickets::set_timer(&mut tx, t, audit.at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn get_maintenance(&self, id: uuid::Uuid) -> StoreResult<Option<MaintenanceWork>> {
        let mut found = maintenance::read(&self.reader, "w.id = $1", Some(id.to_string()), 1, 0).await?;
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
            (Some(s), None) => maintenance::read(&self.reader, "w.state = $1", Some(s.as_str().to_owned()), limit, offset).await,
            (None, Some(a)) => {
                maintenance::read(&self.reader, "w.id IN (SELECT work_id FROM maintenance_accounts WHERE account_id = $1)", Some(a.to_string()), limit, offset).await
            }
            (Some(s), Some(a)) => {
                let mut all = maintenance::read(&self.reader, "w.id IN (SELECT work_id FROM maintenance_accounts WHERE account_id = $1)", Some(a.to_string()), 10_000, 0).await?;
                all.retain(|w| w.state == s);
                Ok(all.into_iter().skip(offset.max(0) as usize).take(limit.max(0) as usize).collect())
            }
            (None, None) => maintenance::read(&self.reader, "1 = 1", None, limit, offset).await,
        }
    }

    async fn live_maintenance_for(&self, account: AccountId, now: DateTime<Utc>) -> StoreResult<Option<uuid::Uuid>> {
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
            id.parse().map_err(|e: uuid::Error| StoreError::Corrupt { table: "maintenance_works", detail: e.to_string() })
        })
        .transpose()
    }

    async fn claim_messages(&self, worker: &str, now: DateTime<Utc>, lease: chrono::Duration, limit: i64) -> StoreResult<Vec<StoredMessage>> {
        let sql = format!(
            "UPDATE messages SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id IN (SELECT m.id FROM messages m WHERE m.state = 'pending' AND m.next_attempt_at <= $3
                          AND (m.lease_until IS NULL OR m.lease_until < $3)
                          AND NOT EXISTS (SELECT 1 FROM messages e
                              WHERE e.ticket_id = m.ticket_id AND e.channel = m.channel AND e.recipient = m.recipient
                                AND e.state = 'pending' AND e.id < m.id)
                          ORDER BY m.next_attempt_at, m.id LIMIT $4{})
             RETURNING *",
            $dialect.skip_locked
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(worker)
            .bind(ms(now + lease))
            .bind(ms(now))
            .bind(limit)
            .fetch_all(&self.writer)
            .await?;
        let mut out = rows.iter().map(message_from_row).collect::<StoreResult<Vec<_>>>()?;
        out.sort_by_key(|m| m.next_attempt_at);
        Ok(out)
    }

    async fn message_sent(&self, id: uuid::Uuid, worker: &str, now: DateTime<Utc>) -> StoreResult<bool> {
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

    async fn message_failed(&self, id: uuid::Uuid, worker: &str, error: &str, retry_at: DateTime<Utc>, max_attempts: i64) -> StoreResult<bool> {
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

    async fn list_messages(&self, state: Option<&str>, ticket: Option<TicketId>, limit: i64) -> StoreResult<Vec<StoredMessage>> {
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

    async fn retry_message(&self, id: uuid::Uuid, now: DateTime<Utc>, audit: &AuditEvent) -> StoreResult<bool> {
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
        let done = sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id.to_string()).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn list_webhooks(&self) -> StoreResult<Vec<Webhook>> {
        let rows = sqlx::query("SELECT * FROM webhooks ORDER BY created_at, id").fetch_all(&self.reader).await?;
        rows.iter()
            .map(|r| {
                let id: String = Cells::get(r, "id")?;
                let events: String = Cells::get(r, "events")?;
                let by: String = Cells::get(r, "created_by")?;
                let at: i64 = Cells::get(r, "created_at")?;
                let corrupt = |d: String| StoreError::Corrupt { table: "webhooks", detail: d };
                Ok(Webhook {
                    id: id.parse().map_err(|e: uuid::Error| corrupt(e.to_string()))?,
                    callback: Cells::get(r, "callback")?,
                    events: serde_json::from_str(&events).map_err(|e| corrupt(e.to_string()))?,
                    api: Cells::get(r, "api")?,
                    secret: Cells::get(r, "secret")?,
                    created_by: by.parse().map_err(|e: uuid::Error| corrupt(e.to_string()))?,
                    created_at: DateTime::from_timestamp_millis(at).ok_or_else(|| corrupt(format!("created_at {at}")))?,
                })
            })
            .collect()
    }

    async fn schedule_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO jobs (id, kind, dedupe_key, payload, due_at, state, attempts, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6) ON CONFLICT DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&job.kind)
        .bind(&job.dedupe_key)
        .bind(job.payload.to_string())
        .bind(ms(job.due_at))
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' AND due_at <= $3
                          AND (lease_until IS NULL OR lease_until < $3)
                          ORDER BY due_at LIMIT $4{})
             RETURNING id, kind, dedupe_key, payload, due_at, attempts, lease_until",
            $dialect.skip_locked
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(worker)
            .bind(ms(now + lease))
            .bind(ms(now))
            .bind(limit)
            .fetch_all(&self.writer)
            .await?;
        let mut jobs = rows
            .iter()
            .map(|r| {
                let payload: String = Cells::get(r, "payload")?;
                let instant = |col: &str| -> StoreResult<DateTime<Utc>> {
                    let v: i64 = Cells::get(r, col)?;
                    DateTime::from_timestamp_millis(v).ok_or(StoreError::Corrupt { table: "jobs", detail: format!("{col}={v}") })
                };
                Ok(Job {
                    id: Cells::get(r, "id")?,
                    kind: Cells::get(r, "kind")?,
                    dedupe_key: Cells::get(r, "dedupe_key")?,
                    payload: serde_json::from_str(&payload)
                        .map_err(|e| StoreError::Corrupt { table: "jobs", detail: e.to_string() })?,
                    due_at: instant("due_at")?,
                    attempts: Cells::get(r, "attempts")?,
                    lease_until: instant("lease_until")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        jobs.sort_by_key(|j| j.due_at);
        Ok(jobs)
    }

    async fn complete_job(&self, id: &str, worker: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'done', done_at = $3, lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending' AND lease_until >= $3",
        )
        .bind(id)
        .bind(worker)
        .bind(ms(now))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
        max_attempts: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET last_error = $3, due_at = $4, lease_owner = NULL, lease_until = NULL,
             state = CASE WHEN attempts >= $5 THEN 'dead' ELSE 'pending' END
             WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
        )
        .bind(id)
        .bind(worker)
        .bind(error)
        .bind(ms(retry_at))
        .bind(max_attempts)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn export_rows(
        &self,
        table: &crate::dump::DumpTable,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<serde_json::Value>> {
        let pairs: Vec<String> = table.columns.iter().map(|(c, _)| format!("'{c}', {c}")).collect();
        let sql = format!(
            "SELECT CAST({}({}) AS TEXT) FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
            $dialect.json_object,
            pairs.join(", "),
            table.name,
            table.order_by
        );
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(limit).bind(offset).fetch_all(&self.reader).await?;
        rows.iter()
            .map(|r| {
                let text: String = r.try_get(0)?;
                serde_json::from_str(&text)
                    .map_err(|e| StoreError::Corrupt { table: table.name, detail: e.to_string() })
            })
            .collect()
    }

    async fn count_rows(&self, table: &crate::dump::DumpTable) -> StoreResult<i64> {
        let sql = format!("SELECT COUNT(*) FROM {}", table.name);
        Ok(sqlx::query(AssertSqlSafe(sql)).fetch_one(&self.reader).await?.try_get(0)?)
    }

    async fn import_rows(&self, table: &crate::dump::DumpTable, rows: &[serde_json::Value]) -> StoreResult<()> {
        use crate::dump::ColumnKind;
        let mut tx = self.writer.begin().await?;
        let names: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        // Few enough rows per statement to stay under every bind limit.
        for part in rows.chunks(4000 / table.columns.len().max(1)) {
            let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!("INSERT INTO {} ({}) ", table.name, names.join(", ")));
            qb.push_values(part, |mut b, row| {
                for (col, kind) in table.columns {
                    let v = &row[*col];
                    match kind {
                        ColumnKind::Text => {
                            b.push_bind(v.as_str().map(str::to_owned));
                        }
                        ColumnKind::Int => {
                            b.push_bind(v.as_i64());
                        }
                        ColumnKind::Bool => {
                            b.push_bind(v.as_bool().unwrap_or_else(|| v.as_i64().unwrap_or(0) != 0));
                        }
                    }
                }
            });
            if let Some(clause) = table.on_conflict {
                qb.push(" ").push(clause);
            }
            qb.build().execute(&mut *tx).await.map_err(|e| map_write_error(e, table.name, "import"))?;
        }
        tx.commit().await?;
        Ok(())
    }

    fn repair(&self) -> &dyn RepairStore {
        self
    }

    fn reports(&self) -> &dyn ReportStore {
        self
    }

    fn web(&self) -> &dyn WebStore {
        self
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

/// An outbox row.
fn message_from_row(r: &<$db as sqlx::Database>::Row) -> StoreResult<StoredMessage> {
    let corrupt = |d: String| StoreError::Corrupt { table: "messages", detail: d };
    let instant = |v: i64| DateTime::from_timestamp_millis(v).ok_or_else(|| corrupt(format!("instant {v}")));
    let id: String = Cells::get(r, "id")?;
    let data: String = Cells::get(r, "data")?;
    let ticket: Option<String> = Cells::get(r, "ticket_id")?;
    let sent: Option<i64> = Cells::get(r, "sent_at")?;
    Ok(StoredMessage {
        message: OutboundMessage {
            id: id.parse().map_err(|e: uuid::Error| corrupt(e.to_string()))?,
            event: Cells::get(r, "event")?,
            channel: Cells::get(r, "channel")?,
            recipient: Cells::get(r, "recipient")?,
            language: Cells::get(r, "language")?,
            data: serde_json::from_str(&data).map_err(|e| corrupt(e.to_string()))?,
            dedupe_key: Cells::get(r, "dedupe_key")?,
            ticket_id: ticket.map(|t| t.parse().map_err(|e: uuid::Error| corrupt(e.to_string()))).transpose()?,
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

/// A `definition` column holding a JSON document of `T`.
fn json_cell<T: serde::de::DeserializeOwned>(r: &<$db as sqlx::Database>::Row, table: &'static str) -> StoreResult<T> {
    let text: String = Cells::get(r, "definition")?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table, detail: e.to_string() })
}

fn append_account_filter(qb: &mut QueryBuilder<$db>, filter: &AccountFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        qb.push(" AND (number = ").push_bind(q.to_owned());
        qb.push(" OR lower(name) LIKE ")
            .push_bind(format!("%{}%", q.to_lowercase()));
        if let Ok(msisdn) = q.parse::<averias_domain::Msisdn>() {
            qb.push(" OR id IN (SELECT account_id FROM lines WHERE msisdn = ")
                .push_bind(msisdn.to_string())
                .push(")");
        }
        qb.push(")");
    }
    if let Some(c) = filter.consultant {
        qb.push(" AND sales_consultant_id = ")
            .push_bind(c.to_string());
    }
}


mod tickets {
    //! Ticket reads (single and paged), change sets and bulk loads.
    use std::collections::HashMap;

    use averias_domain::TicketNumber;
    use sqlx::{AssertSqlSafe, QueryBuilder, Row};

    use super::insert_audit;
    use crate::sql::{map_write_error, ms};
    use crate::ticket_json::{RAW_COLUMNS, Raw, decode, record};
    use crate::*;

/// The ticket select, joined with account and parent, items comma-joined.
fn ticket_columns() -> String {
    let agg = $dialect.string_agg;
    format!(
        "SELECT t.id, t.number, t.kind, t.account_id, t.channel, t.fault_type, t.severity, t.title,
    t.description, t.status, t.stage, t.group_code, t.parent_id, t.reporter_name, t.reporter_phone, t.reporter_email,
    t.reported_by, t.reported_at, t.updated_at, t.deadline_at, t.clock_stopped_at, t.resolution, t.cancel_reason,
    t.version, a.number AS account_number, a.name AS account_name, p.number AS parent_number,
    (SELECT {agg}(l.msisdn, ',') FROM ticket_lines l WHERE l.ticket_id = t.id) AS lines_csv,
    (SELECT {agg}(e.imei, ',') FROM ticket_equipment e WHERE e.ticket_id = t.id) AS equipment_csv,
    t.sla_due_at, t.response_due_at, t.maintenance_id
    FROM tickets t LEFT JOIN accounts a ON a.id = t.account_id LEFT JOIN tickets p ON p.id = t.parent_id"
    )
}

/// One ticket as a JSON array of the aliased columns of `ticket_columns()` (as `x`).
fn raw_json() -> String {
    format!("{}({RAW_COLUMNS})", $dialect.json_array)
}

pub(super) async fn get_one(
    pool: &sqlx::Pool<$db>,
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
    pool: &sqlx::Pool<$db>,
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
        $dialect.json_agg,
        $dialect.json_array,
        ticket_columns()
    )))
    .bind(value)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get(0)?;
    let history: Option<String> = row.try_get(1)?;
    let pairs: Vec<(i64, String)> = serde_json::from_str(history.as_deref().unwrap_or("[]"))
        .map_err(|e| StoreError::Corrupt { table: "status_changes", detail: e.to_string() })?;
    let corrupt = |detail: String| StoreError::Corrupt { table: "status_changes", detail };
    let history = pairs
        .into_iter()
        .map(|(at, status)| {
            let at = DateTime::from_timestamp_millis(at).ok_or_else(|| corrupt(format!("instant {at}")))?;
            let status = status.parse::<averias_domain::Status>().map_err(|e| corrupt(e.to_string()))?;
            Ok((at, status))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some((decode(&json)?, history)))
}

fn push_filter(qb: &mut QueryBuilder<$db>, f: &TicketFilter) {
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
        TicketScope::RepairQueue(center) => {
            qb.push(" AND t.kind = 'fault' AND t.stage IN ('awaiting_repair', 'repaired')
                AND EXISTS (SELECT 1 FROM appointments ap WHERE ap.ticket_id = t.id AND ap.status IN ('booked', 'completed')
                AND ap.center_code = ")
                .push_bind(center.clone())
                .push(")");
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
    if let Some(sev) = f.severity {
        qb.push(" AND t.severity = ").push_bind(sev.as_str());
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

pub(super) async fn list(pool: &sqlx::Pool<$db>, f: &TicketFilter) -> StoreResult<Page<TicketRecord>> {
    // One round trip: the count and the whole page (as one JSON array) in one row.
    let order = match f.sort {
        TicketSort::NewestFirst => "reported_at DESC, id DESC",
        TicketSort::OldestFirst => "reported_at ASC, id ASC",
        TicketSort::DeadlineFirst => "sla_due_at ASC NULLS LAST, id ASC",
    };
    let mut qb: QueryBuilder<$db> =
        QueryBuilder::new("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM tickets t");
    push_filter(&mut qb, f);
    qb.push(format!(" LIMIT {}) c", COUNT_CAP + 1));
    qb.push(format!(
        "), (SELECT CAST({}({} ORDER BY x.{order}) AS TEXT) FROM (",
        $dialect.json_agg,
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
    pool: &sqlx::Pool<$db>,
    after: Option<TicketId>,
    f: &TicketFilter,
) -> StoreResult<Vec<TicketRecord>> {
    let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!(
        "SELECT CAST({}({} ORDER BY x.id) AS TEXT) FROM (",
        $dialect.json_agg,
        raw_json()
    ));
    qb.push(ticket_columns());
    qb.push(" WHERE t.status NOT IN ('closed', 'cancelled', 'rejected') AND t.id > ")
        .push_bind(after.map(|a| a.to_string()).unwrap_or_default())
        .push(" ORDER BY t.id LIMIT ")
        .push_bind(f.limit)
        .push(") x");
    let page: Option<String> = qb.build().fetch_one(pool).await?.try_get(0)?;
    let raws: Vec<Raw> = serde_json::from_str(page.as_deref().unwrap_or("[]"))
        .map_err(|e| StoreError::Corrupt { table: "tickets", detail: e.to_string() })?;
    raws.into_iter().map(record).collect()
}

pub(super) async fn apply_changes(pool: &sqlx::Pool<$db>, c: ChangeSet) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    for u in &c.updates {
        let done = sqlx::query(
            "UPDATE tickets SET status = $3, stage = $4, group_code = $5, parent_id = $6, fault_type = $7, severity = $8,
             clock_stopped_at = $9, resolution = $10, cancel_reason = $11, updated_at = $12, version = version + 1,
             sla_due_at = $13, response_due_at = $14
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
        set_timer(&mut tx, t, c.audit.first().map_or_else(chrono::Utc::now, |a| a.at)).await?;
    }
    insert_messages(&mut tx, &c.messages).await?;
    super::repair::apply_ops(&mut tx, &c.repair).await?;
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

/// Queues messages in the outbox inside a transaction; a dedupe key already
/// queued is skipped (the change that caused it was retried).
pub(super) async fn insert_messages(
    tx: &mut <$db as sqlx::Database>::Connection,
    messages: &[OutboundMessage],
) -> StoreResult<()> {
    for part in messages.chunks(300) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
            "INSERT INTO messages (id, event, channel, recipient, language, data, dedupe_key, ticket_id,
             state, attempts, next_attempt_at, created_at) ",
        );
        qb.push_values(part, |mut b, m| {
            b.push_bind(m.id.to_string())
                .push_bind(m.event.clone())
                .push_bind(m.channel.clone())
                .push_bind(m.recipient.clone())
                .push_bind(m.language.clone())
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
    tx: &mut <$db as sqlx::Database>::Connection,
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
    tx: &mut <$db as sqlx::Database>::Connection,
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
    pool: &sqlx::Pool<$db>,
    tickets: Vec<BulkTicket>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    // Multi-row INSERTs: one statement per few hundred rows instead of one per
    // row, since each statement is a round trip to the connection's thread.
    const ROWS: usize = 500;
    let mut tx = pool.begin().await?;
    let years: Vec<i32> = tickets.iter().map(|t| chrono::Datelike::year(&t.record.reported_at)).collect();
    let numbers = reserve_numbers(&mut tx, &years).await?;
    let numbered: Vec<_> =
        numbers.into_iter().zip(tickets).map(|(n, BulkTicket { record, history })| (n, record, history)).collect();
    for chunk in numbered.chunks(ROWS) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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
            let mut qb: QueryBuilder<$db> =
                QueryBuilder::new("INSERT INTO ticket_lines (ticket_id, msisdn) ");
            qb.push_values(part, |mut b, (id, m)| {
                b.push_bind(id.clone()).push_bind(m.clone());
            });
            qb.push(" ON CONFLICT DO NOTHING");
            qb.build().execute(&mut *tx).await?;
        }
        let history: Vec<&StatusChange> = chunk.iter().flat_map(|(_, _, h)| h.iter()).collect();
        for part in history.chunks(ROWS) {
            let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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

}

mod maintenance {
    //! Maintenance works: one row per work, its affected accounts beside it.
    use sqlx::{AssertSqlSafe, Row};

    use crate::rows::Cells;
    use crate::sql::{map_write_error, ms};
    use crate::*;

/// Inserts (`expected` = None) or updates a work at `expected` version, and
/// replaces its affected accounts.
pub(super) async fn write(
    tx: &mut <$db as sqlx::Database>::Connection,
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
        return Err(StoreError::Stale { entity: "maintenance work", key: w.id.to_string() });
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
    v.map(|ms| DateTime::from_timestamp_millis(ms).ok_or(StoreError::Corrupt { table: "maintenance_works", detail: format!("instant {ms}") }))
        .transpose()
}

fn parse<T: std::str::FromStr>(v: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    v.parse().map_err(|e: T::Err| StoreError::Corrupt { table: "maintenance_works", detail: e.to_string() })
}

/// Works matching `condition` (one optional `$1` bind), with their accounts.
pub(super) async fn read(
    pool: &sqlx::Pool<$db>,
    condition: &str,
    key: Option<String>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<MaintenanceWork>> {
    let (l, o) = if key.is_some() { ("$2", "$3") } else { ("$1", "$2") };
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
            elements: serde_json::from_str(&elements).map_err(|e| StoreError::Corrupt { table: "maintenance_works", detail: e.to_string() })?,
            impact: Cells::get(r, "impact")?,
            calendar: Cells::get(r, "calendar")?,
            planned_start: instant(Some(Cells::get(r, "planned_start")?))?.unwrap_or_default(),
            planned_end: instant(Some(Cells::get(r, "planned_end")?))?.unwrap_or_default(),
            state: parse(&state)?,
            latest_notice_at: instant(Some(Cells::get(r, "latest_notice_at")?))?.unwrap_or_default(),
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

}

mod intake {
    //! Opening tickets with group commit. Reports arriving together are queued
    //! to one task that writes up to [`MAX_BATCH`] of them in one transaction
    //! with multi-row INSERTs, then answers each caller. A caller is answered
    //! only after COMMIT, so an acknowledged ticket is on disk. If a batch fails
    //! as a whole, its reports are retried one by one so that one bad report
    //! cannot sink the others.

    use std::collections::{HashMap, HashSet};

    use averias_domain::{TicketId, TicketNumber};
    use sqlx::{QueryBuilder, Row};
    use tokio::sync::{mpsc, oneshot};

    use crate::sql::ms;
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
    pub(super) fn spawn(pool: sqlx::Pool<$db>) -> Self {
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

async fn run(pool: sqlx::Pool<$db>, mut rx: mpsc::Receiver<(NewTicket, Reply)>) {
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
    pool: &sqlx::Pool<$db>,
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
    tx: &mut <$db as sqlx::Database>::Connection,
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
    tx: &mut <$db as sqlx::Database>::Connection,
    tickets: &[&NewTicket],
) -> StoreResult<Vec<TicketNumber>> {
    let years: Vec<i32> = tickets.iter().map(|t| chrono::Datelike::year(&t.reported_at)).collect();
    super::tickets::reserve_numbers(tx, &years).await
}

async fn insert_tickets(
    tx: &mut <$db as sqlx::Database>::Connection,
    accepted: &[(&NewTicket, TicketNumber)],
) -> StoreResult<()> {
    if accepted.is_empty() {
        return Ok(());
    }
    for chunk in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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
    insert_pairs(
        tx,
        "INSERT INTO ticket_lines (ticket_id, msisdn) ",
        &lines,
    )
    .await?;
    insert_pairs(
        tx,
        "INSERT INTO ticket_equipment (ticket_id, imei) ",
        &equipment,
    )
    .await?;
    let external: Vec<_> = accepted
        .iter()
        .flat_map(|(t, _)| t.external_ids.iter().enumerate().map(move |(i, k)| (t.id.to_string(), i as i64, k)))
        .collect();
    for part in external.chunks(ROWS / 5) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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

    let followers: Vec<(String, String, String)> = accepted
        .iter()
        .flat_map(|(t, _)| {
            t.followers
                .iter()
                .map(|(u, r)| (t.id.to_string(), u.to_string(), r.clone()))
        })
        .collect();
    for part in followers.chunks(ROWS) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
            "INSERT INTO ticket_followers (ticket_id, user_id, reason) ",
        );
        qb.push_values(part, |mut b, (t, u, r)| {
            b.push_bind(t.clone())
                .push_bind(u.clone())
                .push_bind(r.clone());
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *tx).await?;
    }
    for part in accepted.chunks(ROWS / 2) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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
            let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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

        let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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
            .filter_map(|(t, _)| t.timer.as_ref().and_then(|x| x.due_at.map(|d| (x, d, t.reported_at))))
            .collect();
        if !timed.is_empty() {
            let mut qb: QueryBuilder<$db> = QueryBuilder::new(
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
        let messages: Vec<OutboundMessage> = part.iter().flat_map(|(t, _)| t.messages.iter().cloned()).collect();
        super::tickets::insert_messages(tx, &messages).await?;
    }
    Ok(())
}

async fn insert_pairs(
    tx: &mut <$db as sqlx::Database>::Connection,
    head: &'static str,
    rows: &[(String, String)],
) -> StoreResult<()> {
    let mut unique = HashSet::new();
    let rows: Vec<_> = rows
        .iter()
        .filter(|r| unique.insert((*r).clone()))
        .collect();
    for part in rows.chunks(ROWS) {
        let mut qb: QueryBuilder<$db> = QueryBuilder::new(head);
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
    }
}

}
    };
}

pub(crate) use sql_backend;
