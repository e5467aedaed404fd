//! Export and import of a whole installation, table by table.

use super::*;

#[async_trait]
impl TransferStore for This {
    async fn export_rows(
        &self,
        table: &crate::dump::DumpTable,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<serde_json::Value>> {
        let pairs: Vec<String> = table
            .columns
            .iter()
            .map(|(c, _)| format!("'{c}', {c}"))
            .collect();
        let sql = format!(
            "SELECT CAST({}({}) AS TEXT) FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
            DIALECT.json_object,
            pairs.join(", "),
            table.name,
            table.order_by
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                let text: String = r.try_get(0)?;
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    table: table.name,
                    detail: e.to_string(),
                })
            })
            .collect()
    }

    async fn count_rows(&self, table: &crate::dump::DumpTable) -> StoreResult<i64> {
        let sql = format!("SELECT COUNT(*) FROM {}", table.name);
        Ok(sqlx::query(AssertSqlSafe(sql))
            .fetch_one(&self.reader)
            .await?
            .try_get(0)?)
    }

    async fn import_rows(
        &self,
        table: &crate::dump::DumpTable,
        rows: &[serde_json::Value],
    ) -> StoreResult<()> {
        use crate::dump::ColumnKind;
        let mut tx = self.writer.begin().await?;
        let names: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        // Few enough rows per statement to stay under every bind limit.
        for part in rows.chunks(4000 / table.columns.len().max(1)) {
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(format!(
                "INSERT INTO {} ({}) ",
                table.name,
                names.join(", ")
            ));
            qb.push_values(part, |mut b, row| {
                for (col, kind) in table.columns {
                    let v = &row[*col];
                    match kind {
                        ColumnKind::Text => {
                            b.push_bind(v.as_str().map(str::to_owned));
                        }
                        ColumnKind::TextSince(before) => {
                            b.push_bind(v.as_str().unwrap_or(before).to_owned());
                        }
                        ColumnKind::Int => {
                            b.push_bind(v.as_i64());
                        }
                        ColumnKind::Bool => {
                            b.push_bind(
                                v.as_bool().unwrap_or_else(|| v.as_i64().unwrap_or(0) != 0),
                            );
                        }
                    }
                }
            });
            if let Some(clause) = table.on_conflict {
                qb.push(" ").push(clause);
            }
            qb.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| map_write_error(e, table.name, "import"))?;
        }
        tx.commit().await?;
        Ok(())
    }
}
