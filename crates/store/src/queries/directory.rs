//! Reference data: groups, users, accounts, their lines, equipment and
//! contacts, and fault types.

use super::*;

#[async_trait]
impl DirectoryStore for This {
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
            "INSERT INTO accounts (id, number, name, billing_state, debt_minor, currency, sales_consultant_id, created_at, updated_at, search_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
        .bind(averias_search::fold(&account.name))
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
             sales_consultant_id = $7, updated_at = $8, search_name = $9 WHERE id = $1",
        )
        .bind(account.id.to_string())
        .bind(&account.number)
        .bind(&account.name)
        .bind(state)
        .bind(debt)
        .bind(currency)
        .bind(account.sales_consultant_id.map(|u| u.to_string()))
        .bind(ms(account.updated_at))
        .bind(averias_search::fold(&account.name))
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
        let mut count: QueryBuilder<Db> = QueryBuilder::new("SELECT COUNT(*) FROM accounts");
        append_account_filter(&mut count, filter);
        let total: i64 = count.build().fetch_one(&self.reader).await?.try_get(0)?;
        let mut list: QueryBuilder<Db> = QueryBuilder::new(ACCOUNT_COLUMNS);
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
        .bind(contact.language.code())
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
}

/// `%` and `_` typed in a search mean themselves (the pattern escapes them
/// with a backslash, as `ESCAPE` says).
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Fills the folded name of accounts that lack it (written before the
/// migration that added it, or imported), in one transaction.
pub(super) async fn fill_search_names(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    let rows = sqlx::query("SELECT id, name FROM accounts WHERE search_name IS NULL")
        .fetch_all(pool)
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for r in &rows {
        let id: String = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        sqlx::query("UPDATE accounts SET search_name = $2 WHERE id = $1")
            .bind(id)
            .bind(averias_search::fold(&name))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn append_account_filter(qb: &mut QueryBuilder<Db>, filter: &AccountFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        qb.push(" AND (number = ").push_bind(q.to_owned());
        qb.push(" OR search_name LIKE ")
            .push_bind(format!("%{}%", like_escaped(&averias_search::fold(q))))
            .push(" ESCAPE '\\'");
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
