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
    x.sla_due_at, x.response_due_at, x.maintenance_id";

/// One ticket: the columns of [`RAW_COLUMNS`] in order.
#[derive(Debug, Deserialize)]
pub(crate) struct Raw(
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

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
    chrono::DateTime::from_timestamp_millis(ms).ok_or(StoreError::Corrupt {
        table: "tickets",
        detail: format!("instant {ms}"),
    })
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
        id: field(&r.0, "id")?,
        number: field(&r.1, "number")?,
        kind: field(&r.2, "kind")?,
        account_id: opt_field(r.3, "account_id")?,
        channel: field(&r.4, "channel")?,
        fault_type: r.5,
        severity: field(&r.6, "severity")?,
        title: r.7,
        description: r.8,
        status: field(&r.9, "status")?,
        stage: averias_domain::Stage::from_parts(&r.10, &r.11).map_err(|detail| {
            StoreError::Corrupt {
                table: "tickets",
                detail,
            }
        })?,
        parent_id: opt_field(r.12, "parent_id")?,
        reporter: Reporter {
            name: r.13,
            phone: r.14,
            email: opt_field(r.15, "reporter_email")?,
        },
        reported_by: field(&r.16, "reported_by")?,
        reported_at: instant(r.17)?,
        updated_at: instant(r.18)?,
        deadline_at: instant(r.19)?,
        clock_stopped_at: r.20.map(instant).transpose()?,
        resolution: r.21,
        cancel_reason: r.22,
        version: r.23,
        account_number: r.24,
        account_name: r.25,
        parent_number: r.26,
        lines: csv_values(r.27)?,
        equipment: csv_values(r.28)?,
        sla_due_at: r.29.map(instant).transpose()?,
        response_due_at: r.30.map(instant).transpose()?,
        maintenance_id: opt_field(r.31, "maintenance_id")?,
    })
}

pub(crate) fn decode(json: &str) -> StoreResult<TicketRecord> {
    record(serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        table: "tickets",
        detail: e.to_string(),
    })?)
}
