//! The [`RepairStore`] reads: warehouses, centers, slots, appointments,
//! stock, device histories, certificates, endorsements and replenishments.

use super::*;

#[async_trait]
impl RepairStore for This {
    async fn list_warehouses(&self) -> StoreResult<Vec<Warehouse>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} ORDER BY code",
            crate::repair_rows::WAREHOUSE_COLUMNS
        )))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(crate::repair_rows::warehouse).collect()
    }

    async fn get_warehouse(&self, code: &str) -> StoreResult<Option<Warehouse>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE code = $1",
            crate::repair_rows::WAREHOUSE_COLUMNS
        )))
        .bind(code)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(crate::repair_rows::warehouse).transpose()
    }

    async fn list_centers(&self, area: Option<&str>) -> StoreResult<Vec<Center>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR lower(area) = lower($1)) ORDER BY code",
            crate::repair_rows::CENTER_COLUMNS
        )))
        .bind(area)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(crate::repair_rows::center).collect()
    }

    async fn get_center(&self, code: &str) -> StoreResult<Option<Center>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE code = $1",
            crate::repair_rows::CENTER_COLUMNS
        )))
        .bind(code)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(crate::repair_rows::center).transpose()
    }

    async fn slot_bookings(
        &self,
        center: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<(DateTime<Utc>, i64)>> {
        let rows = sqlx::query(
            "SELECT start_at, booked FROM appointment_slots WHERE center_code = $1 AND start_at >= $2 AND start_at < $3",
        )
        .bind(center).bind(ms(from)).bind(ms(to))
        .fetch_all(&self.reader).await?;
        rows.iter()
            .map(|r| Ok((crate::rows::at(r, "start_at")?, Cells::get(r, "booked")?)))
            .collect()
    }

    async fn appointments(&self, f: &AppointmentFilter) -> StoreResult<Vec<Appointment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR a.center_code = $1) AND ($2 IS NULL OR a.ticket_id = $2)
               AND ($3 IS NULL OR a.status = $3) AND ($4 IS NULL OR a.start_at >= $4) AND ($5 IS NULL OR a.start_at < $5)
             ORDER BY a.start_at, a.id LIMIT $6",
            crate::repair_rows::APPOINTMENT_COLUMNS
        )))
        .bind(&f.center).bind(f.ticket.map(|t| t.to_string())).bind(f.status.map(|s| s.as_str()))
        .bind(f.from.map(ms)).bind(f.to.map(ms)).bind(f.limit)
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_rows::appointment).collect()
    }

    async fn get_appointment(&self, id: uuid::Uuid) -> StoreResult<Option<Appointment>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE a.id = $1",
            crate::repair_rows::APPOINTMENT_COLUMNS
        )))
        .bind(id.to_string())
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref()
            .map(crate::repair_rows::appointment)
            .transpose()
    }

    async fn units(&self, f: &UnitFilter) -> StoreResult<Vec<StockUnit>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR location = $1) AND ($2 IS NULL OR model = $2) AND ($3 IS NULL OR status = $3)
             ORDER BY location, model, imei LIMIT $4 OFFSET $5",
            crate::repair_rows::UNIT_COLUMNS
        )))
        .bind(&f.location).bind(&f.model).bind(f.status.map(|s| s.as_str())).bind(f.limit).bind(f.offset)
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_rows::unit).collect()
    }

    async fn get_unit(&self, imei: &str) -> StoreResult<Option<StockUnit>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE imei = $1",
            crate::repair_rows::UNIT_COLUMNS
        )))
        .bind(imei)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(crate::repair_rows::unit).transpose()
    }

    async fn stock_counts(&self, location: Option<&str>) -> StoreResult<Vec<StockCount>> {
        let rows = sqlx::query(
            "SELECT location, make, model, status, COUNT(*) AS n FROM stock_units
             WHERE ($1 IS NULL OR location = $1) AND status <> 'installed'
             GROUP BY location, make, model, status ORDER BY location, model, status",
        )
        .bind(location)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StockCount {
                    location: Cells::get(r, "location")?,
                    make: Cells::get(r, "make")?,
                    model: Cells::get(r, "model")?,
                    status: crate::rows::parse(r, "status", "stock_units")?,
                    count: Cells::get(r, "n")?,
                })
            })
            .collect()
    }

    async fn stock_models(&self) -> StoreResult<Vec<(String, String)>> {
        // Backup stock only: a customer's swapped-out device (on its way
        // back, or returned defective) is no model a center keeps.
        let rows = sqlx::query(
            "SELECT DISTINCT make, model FROM stock_units
             WHERE status IN ('available', 'reserved', 'installed') AND model <> '?'
             ORDER BY model, make",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| Ok((Cells::get(r, "make")?, Cells::get(r, "model")?)))
            .collect()
    }

    async fn reorder_levels(&self) -> StoreResult<Vec<ReorderLevel>> {
        let rows = sqlx::query(
            "SELECT location, model, minimum FROM reorder_levels ORDER BY location, model",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReorderLevel {
                    location: Cells::get(r, "location")?,
                    model: Cells::get(r, "model")?,
                    minimum: Cells::get(r, "minimum")?,
                })
            })
            .collect()
    }

    async fn device_history(&self, imei: &str) -> StoreResult<Vec<DeviceEvent>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE imei = $1 ORDER BY id",
            crate::repair_rows::EVENT_COLUMNS
        )))
        .bind(imei)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(crate::repair_rows::event).collect()
    }

    async fn line_history(&self, msisdn: &str) -> StoreResult<Vec<DeviceEvent>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE msisdn = $1 ORDER BY id",
            crate::repair_rows::EVENT_COLUMNS
        )))
        .bind(msisdn)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(crate::repair_rows::event).collect()
    }

    async fn repair_entries(&self, ticket: TicketId) -> StoreResult<Vec<RepairEntry>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ticket_id = $1 ORDER BY at, id",
            crate::repair_rows::ENTRY_COLUMNS
        )))
        .bind(ticket.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(crate::repair_rows::entry).collect()
    }

    async fn certificate(&self, ticket: TicketId) -> StoreResult<Option<Certificate>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ticket_id = $1",
            crate::repair_rows::CERTIFICATE_COLUMNS
        )))
        .bind(ticket.to_string())
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref()
            .map(crate::repair_rows::certificate)
            .transpose()
    }

    async fn endorsements(
        &self,
        warehouse: Option<&str>,
        ticket: Option<TicketId>,
        pending_only: bool,
    ) -> StoreResult<Vec<Endorsement>> {
        let pending = if pending_only {
            " AND received_at IS NULL"
        } else {
            ""
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR warehouse_code = $1) AND ($2 IS NULL OR ticket_id = $2){pending}
             ORDER BY created_at DESC, number DESC LIMIT 500",
            crate::repair_rows::ENDORSEMENT_COLUMNS
        )))
        .bind(warehouse).bind(ticket.map(|t| t.to_string()))
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_rows::endorsement).collect()
    }

    async fn get_endorsement(
        &self,
        number: &averias_domain::repair::EndorsementNumber,
    ) -> StoreResult<Option<Endorsement>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE number = $1",
            crate::repair_rows::ENDORSEMENT_COLUMNS
        )))
        .bind(number.to_string())
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref()
            .map(crate::repair_rows::endorsement)
            .transpose()
    }

    async fn replenishments(
        &self,
        center: Option<&str>,
        warehouse: Option<&str>,
        status: Option<averias_domain::repair::ReplenishmentStatus>,
    ) -> StoreResult<Vec<Replenishment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR center_code = $1) AND ($2 IS NULL OR warehouse_code = $2) AND ($3 IS NULL OR status = $3)
             ORDER BY requested_at, id LIMIT 500",
            crate::repair_rows::REPLENISHMENT_COLUMNS
        )))
        .bind(center).bind(warehouse).bind(status.map(|s| s.as_str()))
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_rows::replenishment).collect()
    }

    async fn get_replenishment(&self, id: uuid::Uuid) -> StoreResult<Option<Replenishment>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE id = $1",
            crate::repair_rows::REPLENISHMENT_COLUMNS
        )))
        .bind(id.to_string())
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref()
            .map(crate::repair_rows::replenishment)
            .transpose()
    }
}
