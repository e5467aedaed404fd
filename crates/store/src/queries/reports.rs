//! The weekly report's and the fault statistics' SQL ([`ReportStore`]).
//! Each query reads one window through an index on
//! its instant (`tickets.reported_at`, `status_changes(status, at)`,
//! `escalations.fired_at`, ...), so a week costs what that week holds, not
//! what the whole database holds. The backlog reads the open faults and
//! those stopped after the window's end from one index, and who solved a
//! fault and whether it reached second level are facts kept on the ticket
//! (migration 0009), not read from its history.

use super::*;

/// Faults that entered `resolved` in the window `[$1, $2)`, each with the
/// first such instant in it, as rows `(ticket_id, at)`.
pub(crate) const RESOLVED_IN_WINDOW: &str = "(SELECT ticket_id, MIN(at) AS at FROM status_changes
    WHERE status = 'resolved' AND at >= $1 AND at < $2 GROUP BY ticket_id)";

/// Opened and resolved (and resolved within 24 hours) faults of the window
/// `[$1, $2)`, as one row `(opened, resolved, within_24h)` to select from.
pub(crate) fn opened_and_resolved() -> String {
    format!(
        "(SELECT COUNT(*) AS n FROM tickets
           WHERE reported_at >= $1 AND reported_at < $2 AND kind = 'fault') o,
         (SELECT COUNT(*) AS n,
            CAST(COALESCE(SUM(CASE WHEN r.at - t.reported_at <= 86400000 THEN 1 ELSE 0 END), 0) AS BIGINT) AS w
          FROM {RESOLVED_IN_WINDOW} r
          JOIN tickets t ON t.id = r.ticket_id WHERE t.kind = 'fault') r"
    )
}

#[async_trait]
impl ReportStore for This {
    async fn opened_by_channel_and_level(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<OpenedCount>> {
        let rows = sqlx::query(
            "SELECT channel, CAST(CASE WHEN second_level_group IS NULL THEN 1 ELSE 2 END AS BIGINT) AS level, COUNT(*) AS n
             FROM tickets WHERE reported_at >= $1 AND reported_at < $2 AND kind = 'fault'
             GROUP BY channel, CASE WHEN second_level_group IS NULL THEN 1 ELSE 2 END",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let level: i64 = Cells::get(r, "level")?;
                Ok(OpenedCount {
                    channel: Cells::get(r, "channel")?,
                    level: if level == 2 { 2 } else { 1 },
                    count: Cells::get(r, "n")?,
                })
            })
            .collect()
    }

    async fn resolved_faults(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<ResolvedFault>> {
        // One row of JSON, not a row per fault: a week holds tens of
        // thousands, and each row crossing from SQLite's worker thread costs
        // more than the query itself (see BENCHMARKS.md).
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT CAST({}({}((r.at - t.reported_at) / 1000,
               COALESCE((SELECT c.center_code FROM repair_certificates c WHERE c.ticket_id = t.id),
                        t.resolved_group, 'csm'))) AS TEXT) AS faults
             FROM {} r
             JOIN tickets t ON t.id = r.ticket_id
             WHERE t.kind = 'fault'",
            DIALECT.json_agg,
            DIALECT.json_array,
            super::reports::RESOLVED_IN_WINDOW,
        )))
        .bind(ms(from))
        .bind(ms(to))
        .fetch_one(&self.reader)
        .await?;
        let faults: Option<String> = Cells::get(&row, "faults")?;
        let pairs: Vec<(i64, String)> = serde_json::from_str(faults.as_deref().unwrap_or("[]"))
            .map_err(|e| StoreError::Corrupt {
                table: "status_changes",
                detail: e.to_string(),
            })?;
        Ok(pairs
            .into_iter()
            .map(|(seconds, group)| ResolvedFault { seconds, group })
            .collect())
    }

    async fn window_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<WindowCounts> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT o.n AS opened, r.n AS resolved, r.w AS within_24h,
               (SELECT COUNT(DISTINCT s.ticket_id) FROM status_changes s JOIN tickets t ON t.id = s.ticket_id
                  WHERE s.status = 'closed' AND s.at >= $1 AND s.at < $2 AND t.kind = 'fault') AS closed
             FROM {}",
            super::reports::opened_and_resolved()
        )))
        .bind(ms(from))
        .bind(ms(to))
        .fetch_one(&self.reader)
        .await?;
        Ok(WindowCounts {
            opened: Cells::get(&row, "opened")?,
            resolved: Cells::get(&row, "resolved")?,
            resolved_within_24h: Cells::get(&row, "within_24h")?,
            closed: Cells::get(&row, "closed")?,
        })
    }

    async fn trend_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<(i64, i64, i64)> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT o.n AS opened, r.n AS resolved, r.w AS within_24h FROM {}",
            super::reports::opened_and_resolved()
        )))
        .bind(ms(from))
        .bind(ms(to))
        .fetch_one(&self.reader)
        .await?;
        Ok((
            Cells::get(&row, "opened")?,
            Cells::get(&row, "resolved")?,
            Cells::get(&row, "within_24h")?,
        ))
    }

    async fn backlog_at(&self, end: DateTime<Utc>) -> StoreResult<i64> {
        let row = sqlx::query(
            // Two ranges of the `tickets_backlog` index: still open, and
            // stopped after the end.
            "SELECT (SELECT COUNT(*) FROM tickets WHERE kind = 'fault' AND clock_stopped_at IS NULL AND reported_at < $1)
                  + (SELECT COUNT(*) FROM tickets WHERE kind = 'fault' AND clock_stopped_at >= $1 AND reported_at < $1)",
        )
        .bind(ms(end))
        .fetch_one(&self.reader)
        .await?;
        Ok(row.try_get(0)?)
    }

    async fn escalations_fired(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<i64> {
        let row =
            sqlx::query("SELECT COUNT(*) FROM escalations WHERE fired_at >= $1 AND fired_at < $2")
                .bind(ms(from))
                .bind(ms(to))
                .fetch_one(&self.reader)
                .await?;
        Ok(row.try_get(0)?)
    }

    async fn refused_totals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<RefusedTotal>> {
        let rows = sqlx::query(
            "SELECT currency, COUNT(*) AS n, CAST(SUM(debt_minor) AS BIGINT) AS debt FROM refused_reports
             WHERE at >= $1 AND at < $2 GROUP BY currency ORDER BY currency",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RefusedTotal {
                    currency: Cells::get(r, "currency")?,
                    count: Cells::get(r, "n")?,
                    debt_minor: Cells::get(r, "debt")?,
                })
            })
            .collect()
    }

    async fn incidents_opened(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<IncidentTouch>> {
        let rows = sqlx::query(
            "SELECT t.number, t.title,
               COALESCE((SELECT s.group_code FROM status_changes s WHERE s.ticket_id = t.id AND s.stage = 'escalated'
                         ORDER BY s.id DESC LIMIT 1), t.group_code) AS owner,
               (SELECT COUNT(*) FROM tickets c WHERE c.parent_id = t.id) AS children,
               (SELECT COUNT(DISTINCT c.account_id) FROM tickets c WHERE c.parent_id = t.id) AS accounts
             FROM tickets t WHERE t.reported_at >= $1 AND t.reported_at < $2 AND t.kind = 'incident'
             ORDER BY t.reported_at, t.number",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(IncidentTouch {
                    number: Cells::get(r, "number")?,
                    title: Cells::get(r, "title")?,
                    group: Cells::get(r, "owner")?,
                    children: Cells::get(r, "children")?,
                    accounts: Cells::get(r, "accounts")?,
                })
            })
            .collect()
    }

    async fn repair_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<RepairCounts> {
        let rows = sqlx::query(
            "SELECT center_code, COUNT(*) AS n, COUNT(new_imei) AS swaps FROM repair_certificates
             WHERE certified_at >= $1 AND certified_at < $2 GROUP BY center_code ORDER BY center_code",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        let by_center = rows
            .iter()
            .map(|r| {
                Ok((
                    Cells::get(r, "center_code")?,
                    Cells::get(r, "n")?,
                    Cells::get(r, "swaps")?,
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let row = sqlx::query(
            "SELECT
               (SELECT COUNT(*) FROM replenishments WHERE requested_at >= $1 AND requested_at < $2) AS requested,
               (SELECT COUNT(*) FROM replenishments WHERE shipped_at >= $1 AND shipped_at < $2) AS shipped,
               (SELECT COUNT(*) FROM replenishments WHERE received_at >= $1 AND received_at < $2) AS received",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_one(&self.reader)
        .await?;
        Ok(RepairCounts {
            by_center,
            replenishments_requested: Cells::get(&row, "requested")?,
            replenishments_shipped: Cells::get(&row, "shipped")?,
            replenishments_received: Cells::get(&row, "received")?,
        })
    }

    async fn maintenance_in(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<MaintenanceLine>> {
        let rows = sqlx::query(
            "SELECT w.title, w.planned_start, w.latest_notice_at, w.notice_sent_at, w.notice_late_seconds,
               (SELECT COUNT(*) FROM maintenance_accounts m WHERE m.work_id = w.id) AS accounts,
               (SELECT COUNT(*) FROM maintenance_accounts m WHERE m.work_id = w.id AND m.objection IS NOT NULL) AS objections
             FROM maintenance_works w
             WHERE w.planned_start >= $1 AND w.planned_start < $2 AND w.state <> 'cancelled'
             ORDER BY w.planned_start, w.id",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MaintenanceLine {
                    title: Cells::get(r, "title")?,
                    start: crate::rows::at(r, "planned_start")?,
                    latest_notice_at: crate::rows::at(r, "latest_notice_at")?,
                    notice_sent_at: crate::rows::at_opt(r, "notice_sent_at")?,
                    late_seconds: Cells::get(r, "notice_late_seconds")?,
                    accounts: Cells::get(r, "accounts")?,
                    objections: Cells::get(r, "objections")?,
                })
            })
            .collect()
    }

    async fn faults_by_account(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        min: i64,
        limit: i64,
    ) -> StoreResult<Vec<NamedCount>> {
        let rows = sqlx::query(
            "SELECT a.number AS k, a.name AS label, COUNT(*) AS n FROM tickets t JOIN accounts a ON a.id = t.account_id
             WHERE t.reported_at >= $1 AND t.reported_at < $2 AND t.kind = 'fault'
             GROUP BY a.number, a.name HAVING COUNT(*) >= $3 ORDER BY n DESC, a.number LIMIT $4",
        )
        .bind(ms(from))
        .bind(ms(to))
        .bind(min)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(super::reports::named).collect()
    }

    async fn faults_by_model(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<NamedCount>> {
        // The device a fault was on: the one a certification replaced, else
        // the line's device now.
        let rows = sqlx::query(
            "SELECT e.make || ' ' || e.model AS k, e.make || ' ' || e.model AS label, COUNT(DISTINCT t.id) AS n
             FROM tickets t JOIN ticket_lines tl ON tl.ticket_id = t.id
             JOIN lines l ON l.msisdn = tl.msisdn
             LEFT JOIN repair_certificates c ON c.ticket_id = t.id AND c.msisdn = tl.msisdn
             JOIN equipment e ON e.imei = COALESCE(c.old_imei, l.imei)
             WHERE t.reported_at >= $1 AND t.reported_at < $2 AND t.kind = 'fault'
             GROUP BY e.make, e.model ORDER BY n DESC, k LIMIT $3",
        )
        .bind(ms(from))
        .bind(ms(to))
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(super::reports::named).collect()
    }

    async fn faults_by_type(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<NamedCount>> {
        let rows = sqlx::query(
            "SELECT COALESCE(t.fault_type, '') AS k, COALESCE(MAX(f.name), '') AS label, COUNT(*) AS n
             FROM tickets t LEFT JOIN fault_types f ON f.code = t.fault_type
             WHERE t.reported_at >= $1 AND t.reported_at < $2 AND t.kind = 'fault'
             GROUP BY t.fault_type ORDER BY n DESC, k",
        )
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(super::reports::named).collect()
    }

    async fn repeat_faults(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        within: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<RepeatFault>> {
        let rows = sqlx::query(
            "SELECT tl.msisdn, COALESCE(a.number, '') AS account, t.number AS ticket, p.number AS previous,
               t.reported_at - p.reported_at AS gap
             FROM tickets t JOIN ticket_lines tl ON tl.ticket_id = t.id
             JOIN ticket_lines pl ON pl.msisdn = tl.msisdn AND pl.ticket_id <> t.id
             JOIN tickets p ON p.id = pl.ticket_id AND p.kind = 'fault'
               AND p.reported_at < t.reported_at AND p.reported_at >= t.reported_at - $3
             LEFT JOIN accounts a ON a.id = t.account_id
             WHERE t.reported_at >= $1 AND t.reported_at < $2 AND t.kind = 'fault'
             ORDER BY t.reported_at, t.number, tl.msisdn, p.reported_at DESC
             LIMIT $4",
        )
        .bind(ms(from))
        .bind(ms(to))
        .bind(within.num_milliseconds())
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        let mut out: Vec<RepeatFault> = Vec::new();
        for r in &rows {
            let ticket: String = Cells::get(r, "ticket")?;
            let msisdn: String = Cells::get(r, "msisdn")?;
            // Only the latest earlier fault on the line: rows come latest first.
            if out
                .last()
                .is_some_and(|x| x.ticket == ticket && x.msisdn == msisdn)
            {
                continue;
            }
            let gap: i64 = Cells::get(r, "gap")?;
            out.push(RepeatFault {
                msisdn,
                account: Cells::get(r, "account")?,
                ticket,
                previous_ticket: Cells::get(r, "previous")?,
                days_apart: (gap as f64 / 86_400_000.0 * 10.0).round() / 10.0,
            });
        }
        Ok(out)
    }

    async fn stored_reports(&self) -> StoreResult<Vec<(String, DateTime<Utc>)>> {
        let rows = sqlx::query("SELECT week, generated_at FROM weekly_reports ORDER BY week DESC")
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| Ok((Cells::get(r, "week")?, crate::rows::at(r, "generated_at")?)))
            .collect()
    }

    async fn stored_report(&self, week: &str) -> StoreResult<Option<StoredReport>> {
        let row =
            sqlx::query("SELECT week, generated_at, body FROM weekly_reports WHERE week = $1")
                .bind(week)
                .fetch_optional(&self.reader)
                .await?;
        row.map(|r| {
            let body: String = Cells::get(&r, "body")?;
            Ok(StoredReport {
                week: Cells::get(&r, "week")?,
                generated_at: crate::rows::at(&r, "generated_at")?,
                body: serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
                    table: "weekly_reports",
                    detail: e.to_string(),
                })?,
            })
        })
        .transpose()
    }
}

/// A `(k, label, n)` row.
pub(crate) fn named(r: &impl crate::rows::Cells) -> crate::StoreResult<crate::NamedCount> {
    Ok(crate::NamedCount {
        key: r.get("k")?,
        label: r.get("label")?,
        count: r.get("n")?,
    })
}
