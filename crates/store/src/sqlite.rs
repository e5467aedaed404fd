//! The SQLite backend: WAL mode, one writer connection (SQLite serialises
//! writes anyway; one connection avoids busy retries) and a pool of readers.

mod intake;
mod tickets;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use averias_domain::{AccountId, TicketId, TicketNumber, UserId};
use chrono::{DateTime, Utc};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Executor, QueryBuilder, Row, SqlSafeStr, Sqlite, SqlitePool};

use crate::rows::*;
use crate::*;

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    committer: intake::Committer,
}

/// Migrations shipped in the binary, in order. Names match `migrations/postgres/`.
fn migrator() -> Migrator {
    Migrator::with_migrations(vec![Migration::new(
        1,
        "initial".into(),
        MigrationType::Simple,
        include_str!("../migrations/sqlite/0001_initial.sql").into_sql_str(),
        false,
    )])
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite:path`).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a committed transaction survives a process
            // crash (kill -9); only an OS crash or power loss can lose the
            // last commits. FULL would fsync on every commit.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-8000")
            .pragma("temp_store", "memory");
        // No liveness ping before each use: an embedded database does not drop
        // connections, and the ping is a round trip to sqlx's worker thread.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        // More readers than cores: each has its own thread, and while one waits for its hand-off another runs (measured in BENCHMARKS.md).
        let readers = std::env::var("AVERIAS_SQLITE_READERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(8, |n| n.get() as u32 * 4)
            });
        let reader = SqlitePoolOptions::new()
            .max_connections(readers.max(1))
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        let committer = intake::Committer::spawn(writer.clone());
        Ok(Self {
            writer,
            reader,
            committer,
        })
    }
}

pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn map_write_error(err: sqlx::Error, entity: &'static str, key: impl Into<String>) -> StoreError {
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
    StoreError::Database(err)
}

async fn insert_audit<'e, E>(exec: E, event: &AuditEvent) -> StoreResult<()>
where
    E: Executor<'e, Database = Sqlite>,
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
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
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
            "INSERT INTO users (id, name, role, group_code, account_id, token_hash, active, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(user.id.to_string())
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&user.group_code)
        .bind(user.account_id.map(|a| a.to_string()))
        .bind(token_hash)
        .bind(user.active)
        .bind(ms(user.created_at))
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
             token_hash = COALESCE($6, token_hash) WHERE id = $1",
        )
        .bind(user.id.to_string())
        .bind(user.role.as_str())
        .bind(&user.group_code)
        .bind(user.account_id.map(|a| a.to_string()))
        .bind(user.active)
        .bind(token_hash)
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
            "{USER_COLUMNS} WHERE token_hash = $1 AND active = 1"
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
        let mut count: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT COUNT(*) FROM accounts");
        append_account_filter(&mut count, filter);
        let total: i64 = count.build().fetch_one(&self.reader).await?.try_get(0)?;
        let mut list: QueryBuilder<Sqlite> = QueryBuilder::new(ACCOUNT_COLUMNS);
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
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
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
             FROM refused_reports WHERE at >= $1 ORDER BY at DESC LIMIT $2",
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

fn append_account_filter(qb: &mut QueryBuilder<Sqlite>, filter: &AccountFilter) {
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
