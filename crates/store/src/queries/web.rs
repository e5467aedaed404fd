//! Sign-in for the web console and the customer portal: passwords and
//! server-side sessions.

use super::*;

#[async_trait]
impl WebStore for This {
    async fn set_password(
        &self,
        user: UserId,
        hash: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO user_passwords (user_id, hash, set_at, set_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at, set_by = excluded.set_by",
        )
        .bind(user.to_string())
        .bind(hash)
        .bind(ms(at))
        .bind(&audit.actor_name)
        .execute(&mut *tx)
        .await?;
        // A new password signs the user out everywhere.
        sqlx::query("DELETE FROM web_sessions WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn password_by_user_name(&self, name: &str) -> StoreResult<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.group_code, u.account_id, u.active, u.created_at, u.email, p.hash
             FROM users u JOIN user_passwords p ON p.user_id = u.id WHERE u.name = $1",
        )
        .bind(name)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| Ok((crate::rows::user_from_row(&r)?, Cells::get(&r, "hash")?)))
            .transpose()
    }

    async fn has_password(&self, user: UserId) -> StoreResult<bool> {
        let row = sqlx::query("SELECT COUNT(*) FROM user_passwords WHERE user_id = $1")
            .bind(user.to_string())
            .fetch_one(&self.reader)
            .await?;
        let n: i64 = row.try_get(0)?;
        Ok(n > 0)
    }

    async fn create_session(&self, s: &WebSession, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        // Sessions that ran out are swept as new ones begin.
        sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1")
            .bind(ms(s.created_at))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO web_sessions (id_hash, user_id, csrf, created_at, last_seen_at, expires_at, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.id_hash)
        .bind(s.user_id.to_string())
        .bind(&s.csrf)
        .bind(ms(s.created_at))
        .bind(ms(s.last_seen_at))
        .bind(ms(s.expires_at))
        .bind(&s.user_agent)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, id_hash: &str) -> StoreResult<Option<(WebSession, User)>> {
        // From a reader: in WAL mode a new read sees every commit, so a
        // session created a moment ago is found, and page views do not
        // queue behind the single writer.
        let row = sqlx::query(
            "SELECT s.id_hash, s.user_id, s.csrf, s.created_at AS s_created_at, s.last_seen_at, s.expires_at,
               s.user_agent, u.id, u.name, u.role, u.group_code, u.account_id, u.active, u.created_at, u.email
             FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok((
                WebSession {
                    id_hash: Cells::get(&r, "id_hash")?,
                    user_id: crate::rows::parse(&r, "user_id", "web_sessions")?,
                    csrf: Cells::get(&r, "csrf")?,
                    created_at: crate::rows::at(&r, "s_created_at")?,
                    last_seen_at: crate::rows::at(&r, "last_seen_at")?,
                    expires_at: crate::rows::at(&r, "expires_at")?,
                    user_agent: Cells::get(&r, "user_agent")?,
                },
                crate::rows::user_from_row(&r)?,
            ))
        })
        .transpose()
    }

    async fn touch_session(
        &self,
        id_hash: &str,
        seen: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE web_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1",
        )
        .bind(id_hash)
        .bind(ms(seen))
        .bind(ms(expires))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn end_sessions(&self, end: SessionEnd<'_>, audit: &AuditEvent) -> StoreResult<u64> {
        let mut tx = self.writer.begin().await?;
        let done = match end {
            SessionEnd::One(id_hash) => {
                sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&mut *tx)
                    .await?
            }
            SessionEnd::AllOf(user) => {
                sqlx::query("DELETE FROM web_sessions WHERE user_id = $1")
                    .bind(user.to_string())
                    .execute(&mut *tx)
                    .await?
            }
        };
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn save_view(&self, v: &SavedView) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO saved_views (id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query",
        )
        .bind(v.id.to_string())
        .bind(v.user_id.to_string())
        .bind(&v.name)
        .bind(&v.query)
        .bind(ms(v.created_at))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn views_of(&self, user: UserId) -> StoreResult<Vec<SavedView>> {
        let rows = sqlx::query(
            "SELECT id, user_id, name, query, created_at FROM saved_views WHERE user_id = $1 ORDER BY name",
        )
        .bind(user.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SavedView {
                    id: crate::rows::parse(r, "id", "saved_views")?,
                    user_id: crate::rows::parse(r, "user_id", "saved_views")?,
                    name: Cells::get(r, "name")?,
                    query: Cells::get(r, "query")?,
                    created_at: crate::rows::at(r, "created_at")?,
                })
            })
            .collect()
    }

    async fn delete_view(&self, user: UserId, id: uuid::Uuid) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM saved_views WHERE user_id = $1 AND id = $2")
            .bind(user.to_string())
            .bind(id.to_string())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn save_canned(&self, c: &CannedResponse, audit: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO canned_responses (id, group_code, name, body_es, body_en, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET group_code = excluded.group_code, name = excluded.name,
               body_es = excluded.body_es, body_en = excluded.body_en,
               updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(c.id.to_string())
        .bind(&c.group)
        .bind(&c.name)
        .bind(&c.body_es)
        .bind(&c.body_en)
        .bind(&c.updated_by)
        .bind(ms(c.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "canned response", c.name.clone()))?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn canned_responses(&self, group: Option<&str>) -> StoreResult<Vec<CannedResponse>> {
        let rows = sqlx::query(
            "SELECT id, group_code, name, body_es, body_en, updated_by, updated_at FROM canned_responses
             WHERE (CAST($1 AS TEXT) IS NULL OR group_code = $1) ORDER BY group_code, name",
        )
        .bind(group.map(str::to_owned))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CannedResponse {
                    id: crate::rows::parse(r, "id", "canned_responses")?,
                    group: Cells::get(r, "group_code")?,
                    name: Cells::get(r, "name")?,
                    body_es: Cells::get(r, "body_es")?,
                    body_en: Cells::get(r, "body_en")?,
                    updated_by: Cells::get(r, "updated_by")?,
                    updated_at: crate::rows::at(r, "updated_at")?,
                })
            })
            .collect()
    }

    async fn delete_canned(&self, id: uuid::Uuid, audit: &AuditEvent) -> StoreResult<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("DELETE FROM canned_responses WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() > 0 {
            insert_audit(&mut *tx, audit).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn change_mark(&self) -> StoreResult<i64> {
        // Two primary keys' last entries (index reads, whatever the size):
        // every step, note and correction writes an audit event, and every
        // new ticket its first status row; both only grow.
        let mark: i64 = sqlx::query_scalar(
            "SELECT COALESCE((SELECT MAX(id) FROM audit_events), 0)
                  + COALESCE((SELECT MAX(id) FROM status_changes), 0)",
        )
        .fetch_one(&self.reader)
        .await?;
        Ok(mark)
    }
}
