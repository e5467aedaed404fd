//! The repair loop's SQL, shared by both backends like `sql.rs`: row
//! readers (generic over [`Cells`]), the [`RepairOp`] writes applied inside
//! a change set's transaction, and the [`crate::RepairStore`] reads.
//!
//! Capacity and stock races are settled by conditional single statements
//! (an upsert that increments a slot's count only below capacity, an update
//! that moves a unit only from the expected place and status), which hold
//! on PostgreSQL's concurrent writers as on SQLite's single one.

use averias_domain::repair::EndorsementNumber;
use chrono::{DateTime, Utc};

use crate::rows::{Cells, at, parse, parse_opt};
use crate::*;

fn at_opt(row: &impl Cells, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let v: Option<i64> = row.get(col)?;
    v.map(|v| {
        DateTime::from_timestamp_millis(v).ok_or(StoreError::Corrupt {
            table: "?",
            detail: format!("{col}={v}"),
        })
    })
    .transpose()
}

pub(crate) const WAREHOUSE_COLUMNS: &str =
    "SELECT code, name, business_unit, address, created_at, updated_at FROM warehouses";

pub(crate) fn warehouse(r: &impl Cells) -> StoreResult<Warehouse> {
    Ok(Warehouse {
        code: r.get("code")?,
        name: r.get("name")?,
        business_unit: r.get("business_unit")?,
        address: r.get("address")?,
        created_at: at(r, "created_at")?,
        updated_at: at(r, "updated_at")?,
    })
}

pub(crate) const CENTER_COLUMNS: &str =
    "SELECT code, name, address, area, business_unit, warehouse_code, calendar,
    slot_minutes, slot_capacity, active, created_at, updated_at FROM centers";

pub(crate) fn center(r: &impl Cells) -> StoreResult<Center> {
    let minutes: i64 = r.get("slot_minutes")?;
    let capacity: i64 = r.get("slot_capacity")?;
    Ok(Center {
        code: r.get("code")?,
        name: r.get("name")?,
        address: r.get("address")?,
        area: r.get("area")?,
        business_unit: r.get("business_unit")?,
        warehouse_code: r.get("warehouse_code")?,
        calendar: r.get("calendar")?,
        slot_minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
        slot_capacity: u32::try_from(capacity).unwrap_or(u32::MAX),
        active: r.get("active")?,
        created_at: at(r, "created_at")?,
        updated_at: at(r, "updated_at")?,
    })
}

pub(crate) const APPOINTMENT_COLUMNS: &str = "SELECT a.id, a.ticket_id, t.number AS ticket_number, a.center_code,
    a.start_at, a.end_at, a.status, a.booked_by, a.booked_by_name, a.reason, a.created_at, a.updated_at, a.version
    FROM appointments a JOIN tickets t ON t.id = a.ticket_id";

pub(crate) fn appointment(r: &impl Cells) -> StoreResult<Appointment> {
    const T: &str = "appointments";
    Ok(Appointment {
        id: parse(r, "id", T)?,
        ticket_id: parse(r, "ticket_id", T)?,
        ticket_number: parse_opt(r, "ticket_number", T)?,
        center_code: r.get("center_code")?,
        start: at(r, "start_at")?,
        end: at(r, "end_at")?,
        status: parse(r, "status", T)?,
        booked_by: parse(r, "booked_by", T)?,
        booked_by_name: r.get("booked_by_name")?,
        reason: r.get("reason")?,
        created_at: at(r, "created_at")?,
        updated_at: at(r, "updated_at")?,
        version: r.get("version")?,
    })
}

pub(crate) const UNIT_COLUMNS: &str =
    "SELECT imei, make, model, status, location, ticket_id, updated_at, version FROM stock_units";

pub(crate) fn unit(r: &impl Cells) -> StoreResult<StockUnit> {
    const T: &str = "stock_units";
    Ok(StockUnit {
        imei: r.get("imei")?,
        make: r.get("make")?,
        model: r.get("model")?,
        status: parse(r, "status", T)?,
        location: r.get("location")?,
        ticket_id: parse_opt(r, "ticket_id", T)?,
        updated_at: at(r, "updated_at")?,
        version: r.get("version")?,
    })
}

pub(crate) const EVENT_COLUMNS: &str =
    "SELECT imei, msisdn, at, event, location, ticket_id, actor_name, detail FROM device_history";

pub(crate) fn event(r: &impl Cells) -> StoreResult<DeviceEvent> {
    Ok(DeviceEvent {
        imei: r.get("imei")?,
        msisdn: r.get("msisdn")?,
        at: at(r, "at")?,
        event: r.get("event")?,
        location: r.get("location")?,
        ticket_id: parse_opt(r, "ticket_id", "device_history")?,
        actor_name: r.get("actor_name")?,
        detail: r.get("detail")?,
    })
}

pub(crate) const ENTRY_COLUMNS: &str =
    "SELECT id, ticket_id, center_code, kind, body, author_id, author_name, at FROM repair_entries";

pub(crate) fn entry(r: &impl Cells) -> StoreResult<RepairEntry> {
    const T: &str = "repair_entries";
    Ok(RepairEntry {
        id: parse(r, "id", T)?,
        ticket_id: parse(r, "ticket_id", T)?,
        center_code: r.get("center_code")?,
        kind: parse(r, "kind", T)?,
        body: r.get("body")?,
        author_id: parse(r, "author_id", T)?,
        author_name: r.get("author_name")?,
        at: at(r, "at")?,
    })
}

pub(crate) const CERTIFICATE_COLUMNS: &str =
    "SELECT ticket_id, center_code, technician_id, technician_name,
    work_done, result, msisdn, old_imei, new_imei, certified_at FROM repair_certificates";

pub(crate) fn certificate(r: &impl Cells) -> StoreResult<Certificate> {
    const T: &str = "repair_certificates";
    Ok(Certificate {
        ticket_id: parse(r, "ticket_id", T)?,
        center_code: r.get("center_code")?,
        technician_id: parse(r, "technician_id", T)?,
        technician_name: r.get("technician_name")?,
        work_done: r.get("work_done")?,
        result: r.get("result")?,
        msisdn: r.get("msisdn")?,
        old_imei: r.get("old_imei")?,
        new_imei: r.get("new_imei")?,
        certified_at: at(r, "certified_at")?,
    })
}

pub(crate) const ENDORSEMENT_COLUMNS: &str = "SELECT number, ticket_id, msisdn, old_imei, old_make, old_model,
    new_imei, center_code, warehouse_code, technician_id, technician_name, created_at, received_at, received_by,
    received_note FROM endorsements";

pub(crate) fn endorsement(r: &impl Cells) -> StoreResult<Endorsement> {
    const T: &str = "endorsements";
    Ok(Endorsement {
        number: Some(parse::<EndorsementNumber>(r, "number", T)?),
        ticket_id: parse(r, "ticket_id", T)?,
        msisdn: r.get("msisdn")?,
        old_imei: r.get("old_imei")?,
        old_make: r.get("old_make")?,
        old_model: r.get("old_model")?,
        new_imei: r.get("new_imei")?,
        center_code: r.get("center_code")?,
        warehouse_code: r.get("warehouse_code")?,
        technician_id: parse(r, "technician_id", T)?,
        technician_name: r.get("technician_name")?,
        created_at: at(r, "created_at")?,
        received_at: at_opt(r, "received_at")?,
        received_by: r.get("received_by")?,
        received_note: r.get("received_note")?,
    })
}

pub(crate) const REPLENISHMENT_COLUMNS: &str =
    "SELECT id, center_code, warehouse_code, make, model, ticket_id,
    status, requested_at, shipped_at, shipped_imei, received_at, updated_at FROM replenishments";

pub(crate) fn replenishment(r: &impl Cells) -> StoreResult<Replenishment> {
    const T: &str = "replenishments";
    Ok(Replenishment {
        id: parse(r, "id", T)?,
        center_code: r.get("center_code")?,
        warehouse_code: r.get("warehouse_code")?,
        make: r.get("make")?,
        model: r.get("model")?,
        ticket_id: parse_opt(r, "ticket_id", T)?,
        status: parse(r, "status", T)?,
        requested_at: at(r, "requested_at")?,
        shipped_at: at_opt(r, "shipped_at")?,
        shipped_imei: r.get("shipped_imei")?,
        received_at: at_opt(r, "received_at")?,
        updated_at: at(r, "updated_at")?,
    })
}

/// Expands the repair writes (`mod repair`) and the [`crate::RepairStore`]
/// reads for one backend, like `sql_backend!`.
macro_rules! repair_backend {
    ($store:ident, $db:ty) => {
mod repair {
    //! Repair-loop writes inside a change set's transaction.
    use sqlx::Row;

    use crate::sql::{map_write_error, ms};
    use crate::*;

    type Conn = <$db as sqlx::Database>::Connection;

    async fn put_group(tx: &mut Conn, code: &str, name: &str, kind: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO groups (code, name, kind) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
        )
        .bind(code)
        .bind(name)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    /// Takes a place in a slot, or fails with `Unavailable` when it is full.
    async fn take_place(tx: &mut Conn, center: &str, start: DateTime<Utc>, capacity: u32) -> StoreResult<()> {
        let row = sqlx::query(
            "INSERT INTO appointment_slots (center_code, start_at, booked) VALUES ($1, $2, 1)
             ON CONFLICT (center_code, start_at) DO UPDATE SET booked = appointment_slots.booked + 1
             WHERE appointment_slots.booked < $3
             RETURNING booked",
        )
        .bind(center)
        .bind(ms(start))
        .bind(i64::from(capacity))
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| map_write_error(e, "center", center))?;
        match row {
            Some(_) => Ok(()),
            None => Err(StoreError::Unavailable { entity: "slot", key: format!("{center} {}", start.to_rfc3339()) }),
        }
    }

    async fn give_place(tx: &mut Conn, center: &str, start: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE appointment_slots SET booked = booked - 1 WHERE center_code = $1 AND start_at = $2 AND booked > 0")
            .bind(center)
            .bind(ms(start))
            .execute(&mut *tx)
            .await?;
        Ok(())
    }

    async fn put_unit(tx: &mut Conn, u: &StockUnit) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO stock_units (imei, make, model, status, location, ticket_id, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)
             ON CONFLICT (imei) DO UPDATE SET make = excluded.make, model = excluded.model, status = excluded.status,
               location = excluded.location, ticket_id = excluded.ticket_id, updated_at = excluded.updated_at,
               version = stock_units.version + 1",
        )
        .bind(&u.imei)
        .bind(&u.make)
        .bind(&u.model)
        .bind(u.status.as_str())
        .bind(&u.location)
        .bind(u.ticket_id.map(|t| t.to_string()))
        .bind(ms(u.updated_at))
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    /// Applies `ops` in order on `tx`.
    pub(in super) async fn apply_ops(tx: &mut Conn, ops: &[RepairOp]) -> StoreResult<()> {
        for op in ops {
            apply(tx, op).await?;
        }
        Ok(())
    }

    async fn apply(tx: &mut Conn, op: &RepairOp) -> StoreResult<()> {
        match op {
            RepairOp::PutWarehouse(w) => {
                put_group(tx, &w.code, &w.name, "warehouse").await?;
                sqlx::query(
                    "INSERT INTO warehouses (code, name, business_unit, address, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, business_unit = excluded.business_unit,
                       address = excluded.address, updated_at = excluded.updated_at",
                )
                .bind(&w.code).bind(&w.name).bind(&w.business_unit).bind(&w.address)
                .bind(ms(w.created_at)).bind(ms(w.updated_at))
                .execute(&mut *tx)
                .await?;
            }
            RepairOp::PutCenter(c) => {
                put_group(tx, &c.code, &c.name, "installation_center").await?;
                sqlx::query(
                    "INSERT INTO centers (code, name, address, area, business_unit, warehouse_code, calendar,
                       slot_minutes, slot_capacity, active, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, address = excluded.address,
                       area = excluded.area, business_unit = excluded.business_unit,
                       warehouse_code = excluded.warehouse_code, calendar = excluded.calendar,
                       slot_minutes = excluded.slot_minutes, slot_capacity = excluded.slot_capacity,
                       active = excluded.active, updated_at = excluded.updated_at",
                )
                .bind(&c.code).bind(&c.name).bind(&c.address).bind(&c.area).bind(&c.business_unit)
                .bind(&c.warehouse_code).bind(&c.calendar)
                .bind(i64::from(c.slot_minutes)).bind(i64::from(c.slot_capacity)).bind(c.active)
                .bind(ms(c.created_at)).bind(ms(c.updated_at))
                .execute(&mut *tx)
                .await
                .map_err(|e| map_write_error(e, "warehouse", c.warehouse_code.clone()))?;
            }
            RepairOp::Book { appointment: a, capacity } => {
                take_place(tx, &a.center_code, a.start, *capacity).await?;
                sqlx::query(
                    "INSERT INTO appointments (id, ticket_id, center_code, start_at, end_at, status, booked_by,
                       booked_by_name, reason, created_at, updated_at, version)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)",
                )
                .bind(a.id.to_string()).bind(a.ticket_id.to_string()).bind(&a.center_code)
                .bind(ms(a.start)).bind(ms(a.end)).bind(a.status.as_str())
                .bind(a.booked_by.to_string()).bind(&a.booked_by_name).bind(&a.reason)
                .bind(ms(a.created_at)).bind(ms(a.updated_at))
                .execute(&mut *tx)
                .await
                .map_err(|e| map_write_error(e, "active appointment of ticket", a.ticket_id.to_string()))?;
            }
            RepairOp::Reschedule { id, expected_version, old_center, old_start, center, start, end, capacity, at } => {
                give_place(tx, old_center, *old_start).await?;
                take_place(tx, center, *start, *capacity).await?;
                let done = sqlx::query(
                    "UPDATE appointments SET center_code = $3, start_at = $4, end_at = $5, updated_at = $6,
                       version = version + 1
                     WHERE id = $1 AND version = $2 AND status = 'booked'",
                )
                .bind(id.to_string()).bind(expected_version).bind(center).bind(ms(*start)).bind(ms(*end)).bind(ms(*at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Stale { entity: "appointment", key: id.to_string() });
                }
            }
            RepairOp::EndAppointment { id, expected_version, center, start, status, reason, at } => {
                let done = sqlx::query(
                    "UPDATE appointments SET status = $3, reason = $4, updated_at = $5, version = version + 1
                     WHERE id = $1 AND version = $2 AND status = 'booked'",
                )
                .bind(id.to_string()).bind(expected_version).bind(status.as_str()).bind(reason).bind(ms(*at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Stale { entity: "appointment", key: id.to_string() });
                }
                // A completed appointment was used; a cancelled or missed one frees its place.
                if *status != averias_domain::repair::AppointmentStatus::Completed {
                    give_place(tx, center, *start).await?;
                }
            }
            RepairOp::PutUnit(u) => put_unit(tx, u).await?,
            RepairOp::MoveUnit { imei, condition, status, location, ticket_id, at } => {
                let statuses: Vec<&str> = condition.statuses.iter().map(|s| s.as_str()).collect();
                let list = statuses.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
                // A reserved unit qualifies only for the ticket it was set aside for.
                let reserved_clause = match condition.reserved_for {
                    Some(_) => "AND (status <> 'reserved' OR ticket_id = $6)",
                    None => "AND status <> 'reserved' AND $6 IS NULL",
                };
                let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE stock_units SET status = $2, location = $3, ticket_id = $4, updated_at = $5, version = version + 1
                     WHERE imei = $1 AND location = $7 AND status IN ({list}) {reserved_clause}"
                )))
                .bind(imei).bind(status.as_str()).bind(location).bind(ticket_id.map(|t| t.to_string())).bind(ms(*at))
                .bind(condition.reserved_for.map(|t| t.to_string())).bind(&condition.location)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Unavailable { entity: "unit", key: imei.clone() });
                }
            }
            RepairOp::SetLineDevice { msisdn, account_id, imei, make, model, at } => {
                sqlx::query(
                    "INSERT INTO equipment (imei, account_id, make, model, created_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (imei) DO UPDATE SET account_id = excluded.account_id, make = excluded.make,
                       model = excluded.model",
                )
                .bind(imei).bind(account_id.to_string()).bind(make).bind(model).bind(ms(*at))
                .execute(&mut *tx)
                .await?;
                let done = sqlx::query("UPDATE lines SET imei = $2 WHERE msisdn = $1")
                    .bind(msisdn).bind(imei)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::MissingReference { entity: "line", key: msisdn.clone() });
                }
            }
            RepairOp::Event(e) => {
                sqlx::query(
                    "INSERT INTO device_history (imei, msisdn, at, event, location, ticket_id, actor_name, detail)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&e.imei).bind(&e.msisdn).bind(ms(e.at)).bind(&e.event).bind(&e.location)
                .bind(e.ticket_id.map(|t| t.to_string())).bind(&e.actor_name).bind(&e.detail)
                .execute(&mut *tx)
                .await?;
            }
            RepairOp::Entry(e) => {
                sqlx::query(
                    "INSERT INTO repair_entries (id, ticket_id, center_code, kind, body, author_id, author_name, at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(e.id.to_string()).bind(e.ticket_id.to_string()).bind(&e.center_code).bind(e.kind.as_str())
                .bind(&e.body).bind(e.author_id.to_string()).bind(&e.author_name).bind(ms(e.at))
                .execute(&mut *tx)
                .await?;
            }
            RepairOp::Certify(c) => {
                sqlx::query(
                    "INSERT INTO repair_certificates (ticket_id, center_code, technician_id, technician_name,
                       work_done, result, msisdn, old_imei, new_imei, certified_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(c.ticket_id.to_string()).bind(&c.center_code).bind(c.technician_id.to_string())
                .bind(&c.technician_name).bind(&c.work_done).bind(&c.result).bind(&c.msisdn)
                .bind(&c.old_imei).bind(&c.new_imei).bind(ms(c.certified_at))
                .execute(&mut *tx)
                .await
                .map_err(|e| map_write_error(e, "repair certificate of ticket", c.ticket_id.to_string()))?;
            }
            RepairOp::Endorse(e) => {
                use chrono::Datelike;
                let year = e.created_at.year();
                let last: i64 = sqlx::query(
                    "INSERT INTO endorsement_counters (year, last) VALUES ($1, 1)
                     ON CONFLICT (year) DO UPDATE SET last = endorsement_counters.last + 1
                     RETURNING last",
                )
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let number = averias_domain::repair::EndorsementNumber::new(year, u64::try_from(last).unwrap_or(0));
                sqlx::query(
                    "INSERT INTO endorsements (number, ticket_id, msisdn, old_imei, old_make, old_model, new_imei,
                       center_code, warehouse_code, technician_id, technician_name, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(number.to_string()).bind(e.ticket_id.to_string()).bind(&e.msisdn).bind(&e.old_imei)
                .bind(&e.old_make).bind(&e.old_model).bind(&e.new_imei).bind(&e.center_code)
                .bind(&e.warehouse_code).bind(e.technician_id.to_string()).bind(&e.technician_name)
                .bind(ms(e.created_at))
                .execute(&mut *tx)
                .await?;
            }
            RepairOp::Replenish(r) => {
                sqlx::query(
                    "INSERT INTO replenishments (id, center_code, warehouse_code, make, model, ticket_id, status,
                       requested_at, shipped_at, shipped_imei, received_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(r.id.to_string()).bind(&r.center_code).bind(&r.warehouse_code).bind(&r.make).bind(&r.model)
                .bind(r.ticket_id.map(|t| t.to_string())).bind(r.status.as_str()).bind(ms(r.requested_at))
                .bind(r.shipped_at.map(ms)).bind(&r.shipped_imei).bind(r.received_at.map(ms)).bind(ms(r.updated_at))
                .execute(&mut *tx)
                .await?;
            }
            RepairOp::UpdateReplenishment { replenishment: r, from } => {
                let done = sqlx::query(
                    "UPDATE replenishments SET status = $3, shipped_at = $4, shipped_imei = $5, received_at = $6,
                       updated_at = $7
                     WHERE id = $1 AND status = $2",
                )
                .bind(r.id.to_string()).bind(from.as_str()).bind(r.status.as_str()).bind(r.shipped_at.map(ms))
                .bind(&r.shipped_imei).bind(r.received_at.map(ms)).bind(ms(r.updated_at))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Stale { entity: "replenishment", key: r.id.to_string() });
                }
            }
            RepairOp::ReceiveEndorsement { number, at, by, note } => {
                let done = sqlx::query(
                    "UPDATE endorsements SET received_at = $2, received_by = $3, received_note = $4
                     WHERE number = $1 AND received_at IS NULL",
                )
                .bind(number.to_string()).bind(ms(*at)).bind(by).bind(note)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Stale { entity: "endorsement", key: number.to_string() });
                }
            }
            RepairOp::SetReorderLevel(l) => {
                sqlx::query(
                    "INSERT INTO reorder_levels (location, model, minimum) VALUES ($1, $2, $3)
                     ON CONFLICT (location, model) DO UPDATE SET minimum = excluded.minimum",
                )
                .bind(&l.location).bind(&l.model).bind(l.minimum)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok(())
    }
}

#[async_trait]
impl RepairStore for $store {
    async fn list_warehouses(&self) -> StoreResult<Vec<Warehouse>> {
        let rows = sqlx::query(AssertSqlSafe(format!("{} ORDER BY code", crate::repair_sql::WAREHOUSE_COLUMNS)))
            .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::warehouse).collect()
    }

    async fn get_warehouse(&self, code: &str) -> StoreResult<Option<Warehouse>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE code = $1", crate::repair_sql::WAREHOUSE_COLUMNS)))
            .bind(code).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::warehouse).transpose()
    }

    async fn list_centers(&self, area: Option<&str>) -> StoreResult<Vec<Center>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR lower(area) = lower($1)) ORDER BY code",
            crate::repair_sql::CENTER_COLUMNS
        )))
        .bind(area).fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::center).collect()
    }

    async fn get_center(&self, code: &str) -> StoreResult<Option<Center>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE code = $1", crate::repair_sql::CENTER_COLUMNS)))
            .bind(code).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::center).transpose()
    }

    async fn slot_bookings(&self, center: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<Vec<(DateTime<Utc>, i64)>> {
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
            crate::repair_sql::APPOINTMENT_COLUMNS
        )))
        .bind(&f.center).bind(f.ticket.map(|t| t.to_string())).bind(f.status.map(|s| s.as_str()))
        .bind(f.from.map(ms)).bind(f.to.map(ms)).bind(f.limit)
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::appointment).collect()
    }

    async fn get_appointment(&self, id: uuid::Uuid) -> StoreResult<Option<Appointment>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE a.id = $1", crate::repair_sql::APPOINTMENT_COLUMNS)))
            .bind(id.to_string()).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::appointment).transpose()
    }

    async fn units(&self, f: &UnitFilter) -> StoreResult<Vec<StockUnit>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR location = $1) AND ($2 IS NULL OR model = $2) AND ($3 IS NULL OR status = $3)
             ORDER BY location, model, imei LIMIT $4 OFFSET $5",
            crate::repair_sql::UNIT_COLUMNS
        )))
        .bind(&f.location).bind(&f.model).bind(f.status.map(|s| s.as_str())).bind(f.limit).bind(f.offset)
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::unit).collect()
    }

    async fn get_unit(&self, imei: &str) -> StoreResult<Option<StockUnit>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE imei = $1", crate::repair_sql::UNIT_COLUMNS)))
            .bind(imei).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::unit).transpose()
    }

    async fn stock_counts(&self, location: Option<&str>) -> StoreResult<Vec<StockCount>> {
        let rows = sqlx::query(
            "SELECT location, make, model, status, COUNT(*) AS n FROM stock_units
             WHERE ($1 IS NULL OR location = $1) AND status <> 'installed'
             GROUP BY location, make, model, status ORDER BY location, model, status",
        )
        .bind(location).fetch_all(&self.reader).await?;
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

    async fn reorder_levels(&self) -> StoreResult<Vec<ReorderLevel>> {
        let rows = sqlx::query("SELECT location, model, minimum FROM reorder_levels ORDER BY location, model")
            .fetch_all(&self.reader).await?;
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
        let rows = sqlx::query(AssertSqlSafe(format!("{} WHERE imei = $1 ORDER BY id", crate::repair_sql::EVENT_COLUMNS)))
            .bind(imei).fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::event).collect()
    }

    async fn line_history(&self, msisdn: &str) -> StoreResult<Vec<DeviceEvent>> {
        let rows = sqlx::query(AssertSqlSafe(format!("{} WHERE msisdn = $1 ORDER BY id", crate::repair_sql::EVENT_COLUMNS)))
            .bind(msisdn).fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::event).collect()
    }

    async fn repair_entries(&self, ticket: TicketId) -> StoreResult<Vec<RepairEntry>> {
        let rows = sqlx::query(AssertSqlSafe(format!("{} WHERE ticket_id = $1 ORDER BY at, id", crate::repair_sql::ENTRY_COLUMNS)))
            .bind(ticket.to_string()).fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::entry).collect()
    }

    async fn certificate(&self, ticket: TicketId) -> StoreResult<Option<Certificate>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE ticket_id = $1", crate::repair_sql::CERTIFICATE_COLUMNS)))
            .bind(ticket.to_string()).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::certificate).transpose()
    }

    async fn endorsements(&self, warehouse: Option<&str>, ticket: Option<TicketId>, pending_only: bool) -> StoreResult<Vec<Endorsement>> {
        let pending = if pending_only { " AND received_at IS NULL" } else { "" };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR warehouse_code = $1) AND ($2 IS NULL OR ticket_id = $2){pending}
             ORDER BY created_at DESC, number DESC LIMIT 500",
            crate::repair_sql::ENDORSEMENT_COLUMNS
        )))
        .bind(warehouse).bind(ticket.map(|t| t.to_string()))
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::endorsement).collect()
    }

    async fn get_endorsement(&self, number: &averias_domain::repair::EndorsementNumber) -> StoreResult<Option<Endorsement>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE number = $1", crate::repair_sql::ENDORSEMENT_COLUMNS)))
            .bind(number.to_string()).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::endorsement).transpose()
    }

    async fn replenishments(&self, center: Option<&str>, warehouse: Option<&str>, status: Option<averias_domain::repair::ReplenishmentStatus>) -> StoreResult<Vec<Replenishment>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1 IS NULL OR center_code = $1) AND ($2 IS NULL OR warehouse_code = $2) AND ($3 IS NULL OR status = $3)
             ORDER BY requested_at, id LIMIT 500",
            crate::repair_sql::REPLENISHMENT_COLUMNS
        )))
        .bind(center).bind(warehouse).bind(status.map(|s| s.as_str()))
        .fetch_all(&self.reader).await?;
        rows.iter().map(crate::repair_sql::replenishment).collect()
    }

    async fn get_replenishment(&self, id: uuid::Uuid) -> StoreResult<Option<Replenishment>> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE id = $1", crate::repair_sql::REPLENISHMENT_COLUMNS)))
            .bind(id.to_string()).fetch_optional(&self.reader).await?;
        row.as_ref().map(crate::repair_sql::replenishment).transpose()
    }
}
    };
}

pub(crate) use repair_backend;
