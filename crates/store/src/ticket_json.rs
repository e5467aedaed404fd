//! Tickets travel from the database as JSON arrays of their columns (one
//! array per ticket, a page as an array of arrays in one row), decoded here
//! for every backend. With SQLite every row that crosses from sqlx's worker
//! thread costs a thread hand-off, so a 50-row page as 50 rows was several
//! times slower; PostgreSQL builds the same arrays with its JSON functions.

use serde::Deserialize;

use crate::*;

/// The columns, in [`Raw`] order, of the ticket select aliased as `x`.
pub(crate) const RAW_COLUMNS: &str = "x.id, x.number, x.kind, x.account_id, x.channel, x.fault_type, x.severity, x.title,
    x.description, x.status, x.stage, x.group_code, x.parent_id, x.reporter_name, x.reporter_phone, x.reporter_email,
    x.reported_by, x.reported_at, x.updated_at, x.deadline_at, x.clock_stopped_at, x.resolution, x.cancel_reason,
    x.version, x.account_number, x.account_name, x.parent_number, x.lines_csv, x.equipment_csv,
    x.sla_due_at, x.response_due_at, x.maintenance_id, x.deleted_at, x.owner_id, x.owner_name,
    x.duplicate_of, x.duplicate_of_number";

/// One ticket, named after the columns of [`RAW_COLUMNS`]. It arrives as a
/// JSON array, not an object (no key repeated in every row of a page);
/// serde fills a struct's fields from an array in declaration order, so
/// the fields must stay in `RAW_COLUMNS` order.
#[derive(Debug, Deserialize)]
pub(crate) struct Raw {
    id: String,
    number: String,
    kind: String,
    account_id: Option<String>,
    channel: String,
    fault_type: Option<String>,
    severity: String,
    title: String,
    description: String,
    status: String,
    stage: String,
    group_code: String,
    parent_id: Option<String>,
    reporter_name: String,
    reporter_phone: String,
    reporter_email: Option<String>,
    reported_by: String,
    reported_at: i64,
    updated_at: i64,
    deadline_at: i64,
    clock_stopped_at: Option<i64>,
    resolution: Option<String>,
    cancel_reason: Option<String>,
    version: i64,
    account_number: Option<String>,
    account_name: Option<String>,
    parent_number: Option<String>,
    lines_csv: Option<String>,
    equipment_csv: Option<String>,
    sla_due_at: Option<i64>,
    response_due_at: Option<i64>,
    maintenance_id: Option<String>,
    deleted_at: Option<i64>,
    owner_id: Option<String>,
    owner_name: Option<String>,
    duplicate_of: Option<String>,
    duplicate_of_number: Option<String>,
}

fn field<T: std::str::FromStr>(value: &str, name: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| StoreError::Corrupt {
        table: "tickets",
        detail: format!("{name}: {e}"),
    })
}

fn opt_field<T: std::str::FromStr>(value: Option<String>, name: &str) -> StoreResult<Option<T>>
where
    T::Err: std::fmt::Display,
{
    value.map(|v| field(&v, name)).transpose()
}

fn instant(ms: i64) -> StoreResult<chrono::DateTime<chrono::Utc>> {
    crate::rows::instant(ms, "tickets", "instant")
}

/// Lines and equipment come comma-joined, sorted here for stable output.
fn csv_values<T: std::str::FromStr + Ord>(joined: Option<String>) -> StoreResult<Vec<T>>
where
    T::Err: std::fmt::Display,
{
    let mut values = joined
        .unwrap_or_default()
        .split(',')
        .filter(|v| !v.is_empty())
        .map(|v| field(v, "ticket items"))
        .collect::<StoreResult<Vec<T>>>()?;
    values.sort();
    Ok(values)
}

pub(crate) fn record(r: Raw) -> StoreResult<TicketRecord> {
    Ok(TicketRecord {
        id: field(&r.id, "id")?,
        number: field(&r.number, "number")?,
        kind: field(&r.kind, "kind")?,
        account_id: opt_field(r.account_id, "account_id")?,
        channel: field(&r.channel, "channel")?,
        fault_type: r.fault_type,
        severity: field(&r.severity, "severity")?,
        title: r.title,
        description: r.description,
        status: field(&r.status, "status")?,
        stage: averias_domain::Stage::from_parts(&r.stage, &r.group_code).map_err(|detail| {
            StoreError::Corrupt {
                table: "tickets",
                detail,
            }
        })?,
        parent_id: opt_field(r.parent_id, "parent_id")?,
        reporter: Reporter {
            name: r.reporter_name,
            phone: r.reporter_phone,
            email: opt_field(r.reporter_email, "reporter_email")?,
        },
        reported_by: field(&r.reported_by, "reported_by")?,
        reported_at: instant(r.reported_at)?,
        updated_at: instant(r.updated_at)?,
        deadline_at: instant(r.deadline_at)?,
        clock_stopped_at: r.clock_stopped_at.map(instant).transpose()?,
        resolution: r.resolution,
        cancel_reason: r.cancel_reason,
        version: r.version,
        account_number: r.account_number,
        account_name: r.account_name,
        parent_number: r.parent_number,
        lines: csv_values(r.lines_csv)?,
        equipment: csv_values(r.equipment_csv)?,
        sla_due_at: r.sla_due_at.map(instant).transpose()?,
        response_due_at: r.response_due_at.map(instant).transpose()?,
        maintenance_id: opt_field(r.maintenance_id, "maintenance_id")?,
        deleted_at: r.deleted_at.map(instant).transpose()?,
        owner_id: opt_field(r.owner_id, "owner_id")?,
        owner_name: r.owner_name,
        duplicate_of: opt_field(r.duplicate_of, "duplicate_of")?,
        duplicate_of_number: r.duplicate_of_number,
    })
}

pub(crate) fn decode(json: &str) -> StoreResult<TicketRecord> {
    record(serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        table: "tickets",
        detail: e.to_string(),
    })?)
}
