//! The repair loop's row readers (generic over [`Cells`]) and the column
//! lists they read; the writes and the [`crate::RepairStore`] reads are in
//! `queries/repair.rs` and `queries/repair_reads.rs`.
//!
//! Capacity and stock races are settled by conditional single statements
//! (an upsert that increments a slot's count only below capacity, an update
//! that moves a unit only from the expected place and status), which hold
//! on PostgreSQL's concurrent writers as on SQLite's single one.

use averias_domain::repair::EndorsementNumber;

use crate::rows::{Cells, at, parse, parse_opt};
use crate::*;

use crate::rows::at_opt;

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
