//! Repair-loop writes inside a change set's transaction.

use super::*;

type Conn = <Db as sqlx::Database>::Connection;

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
async fn take_place(
    tx: &mut Conn,
    center: &str,
    start: DateTime<Utc>,
    capacity: u32,
) -> StoreResult<()> {
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
        None => Err(StoreError::Unavailable {
            entity: "slot",
            key: format!("{center} {}", start.to_rfc3339()),
        }),
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
pub(super) async fn apply_ops(tx: &mut Conn, ops: &[RepairOp]) -> StoreResult<()> {
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
        RepairOp::Book {
            appointment: a,
            capacity,
        } => {
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
        RepairOp::Reschedule {
            id,
            expected_version,
            old_center,
            old_start,
            center,
            start,
            end,
            capacity,
            at,
        } => {
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
                return Err(StoreError::Stale {
                    entity: "appointment",
                    key: id.to_string(),
                });
            }
        }
        RepairOp::EndAppointment {
            id,
            expected_version,
            center,
            start,
            status,
            reason,
            at,
        } => {
            let done = sqlx::query(
                "UPDATE appointments SET status = $3, reason = $4, updated_at = $5, version = version + 1
                 WHERE id = $1 AND version = $2 AND status = 'booked'",
            )
            .bind(id.to_string()).bind(expected_version).bind(status.as_str()).bind(reason).bind(ms(*at))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Stale {
                    entity: "appointment",
                    key: id.to_string(),
                });
            }
            // A completed appointment was used; a cancelled or missed one frees its place.
            if *status != averias_domain::repair::AppointmentStatus::Completed {
                give_place(tx, center, *start).await?;
            }
        }
        RepairOp::PutUnit(u) => put_unit(tx, u).await?,
        RepairOp::MoveUnit {
            imei,
            condition,
            status,
            location,
            ticket_id,
            at,
        } => {
            let statuses: Vec<&str> = condition.statuses.iter().map(|s| s.as_str()).collect();
            let list = statuses
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ");
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
                return Err(StoreError::Unavailable {
                    entity: "unit",
                    key: imei.clone(),
                });
            }
        }
        RepairOp::SetLineDevice {
            msisdn,
            account_id,
            imei,
            make,
            model,
            at,
        } => {
            sqlx::query(
                "INSERT INTO equipment (imei, account_id, make, model, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (imei) DO UPDATE SET account_id = excluded.account_id, make = excluded.make,
                   model = excluded.model",
            )
            .bind(imei).bind(account_id.to_string()).bind(make).bind(model).bind(ms(*at))
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("UPDATE lines SET imei = $2 WHERE msisdn = $1")
                .bind(msisdn)
                .bind(imei)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::MissingReference {
                    entity: "line",
                    key: msisdn.clone(),
                });
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
            let number = averias_domain::repair::EndorsementNumber::new(
                year,
                u64::try_from(last).unwrap_or(0),
            );
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
        RepairOp::UpdateReplenishment {
            replenishment: r,
            from,
        } => {
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
                return Err(StoreError::Stale {
                    entity: "replenishment",
                    key: r.id.to_string(),
                });
            }
        }
        RepairOp::ReceiveEndorsement {
            number,
            at,
            by,
            note,
        } => {
            let done = sqlx::query(
                "UPDATE endorsements SET received_at = $2, received_by = $3, received_note = $4
                 WHERE number = $1 AND received_at IS NULL",
            )
            .bind(number.to_string())
            .bind(ms(*at))
            .bind(by)
            .bind(note)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Stale {
                    entity: "endorsement",
                    key: number.to_string(),
                });
            }
        }
        RepairOp::SetReorderLevel(l) => {
            sqlx::query(
                "INSERT INTO reorder_levels (location, model, minimum) VALUES ($1, $2, $3)
                 ON CONFLICT (location, model) DO UPDATE SET minimum = excluded.minimum",
            )
            .bind(&l.location)
            .bind(&l.model)
            .bind(l.minimum)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
