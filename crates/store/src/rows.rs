//! Row → record decoding shared by every backend, through the small [`Cells`]
//! trait each backend's row type implements. A value that does not parse
//! back into its domain type is reported as [`StoreError::Corrupt`].

use std::str::FromStr;

use averias_domain::{BillingState, Lang, Money, Stage};
use chrono::{DateTime, Utc};

use crate::*;

/// Typed access to one row's columns; each backend implements the three
/// primitive reads and everything else is shared.
pub(crate) trait Cells {
    fn text(&self, col: &str) -> StoreResult<Option<String>>;
    fn int(&self, col: &str) -> StoreResult<Option<i64>>;
    fn flag(&self, col: &str) -> StoreResult<bool>;

    /// A column as `T`.
    fn get<T: Cell>(&self, col: &str) -> StoreResult<T>
    where
        Self: Sized,
    {
        T::read(self, col)
    }
}

/// A type a column can be read as.
pub(crate) trait Cell: Sized {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self>;
}

fn null(col: &str) -> StoreError {
    StoreError::Corrupt {
        table: "?",
        detail: format!("{col} is NULL"),
    }
}

impl Cell for String {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self> {
        row.text(col)?.ok_or_else(|| null(col))
    }
}

impl Cell for Option<String> {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self> {
        row.text(col)
    }
}

impl Cell for i64 {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self> {
        row.int(col)?.ok_or_else(|| null(col))
    }
}

impl Cell for Option<i64> {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self> {
        row.int(col)
    }
}

impl Cell for bool {
    fn read(row: &impl Cells, col: &str) -> StoreResult<Self> {
        row.flag(col)
    }
}

impl Cells for sqlx::sqlite::SqliteRow {
    fn text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::Row::try_get(self, col)?)
    }
    fn int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::Row::try_get(self, col)?)
    }
    fn flag(&self, col: &str) -> StoreResult<bool> {
        Ok(sqlx::Row::try_get(self, col)?)
    }
}

pub(crate) const USER_COLUMNS: &str =
    "SELECT id, name, role, group_code, account_id, active, created_at, email FROM users";
pub(crate) const ACCOUNT_COLUMNS: &str = "SELECT id, number, name, billing_state, debt_minor, currency, sales_consultant_id, created_at, updated_at FROM accounts";

/// A stored instant (milliseconds since the epoch). Every instant the store
/// reads comes through here, so one out of chrono's range is `Corrupt`,
/// naming its table and column, never a silent `None` or a panic.
pub(crate) fn instant(ms: i64, table: &'static str, col: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or(StoreError::Corrupt {
        table,
        detail: format!("{col}={ms}"),
    })
}

/// As [`instant`], for a nullable column.
pub(crate) fn instant_opt(
    ms: Option<i64>,
    table: &'static str,
    col: &str,
) -> StoreResult<Option<DateTime<Utc>>> {
    ms.map(|ms| instant(ms, table, col)).transpose()
}

/// The instant in column `col` of a row.
pub(crate) fn at(row: &impl Cells, col: &str) -> StoreResult<DateTime<Utc>> {
    instant(row.get(col)?, "?", col)
}

/// The instant, if any, in nullable column `col` of a row.
pub(crate) fn at_opt(row: &impl Cells, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
    instant_opt(row.get(col)?, "?", col)
}

pub(crate) fn parse<T: FromStr>(row: &impl Cells, col: &str, table: &'static str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.get(col)?;
    s.parse().map_err(|e: T::Err| StoreError::Corrupt {
        table,
        detail: format!("{col}: {e}"),
    })
}

pub(crate) fn parse_opt<T: FromStr>(
    row: &impl Cells,
    col: &str,
    table: &'static str,
) -> StoreResult<Option<T>>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = row.get(col)?;
    s.map(|s| {
        s.parse().map_err(|e: T::Err| StoreError::Corrupt {
            table,
            detail: format!("{col}: {e}"),
        })
    })
    .transpose()
}

pub(crate) fn parse_id<T: FromStr>(
    row: &impl Cells,
    col: &str,
    table: &'static str,
) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    parse(row, col, table)
}

pub(crate) fn billing_columns(b: &BillingState) -> (&'static str, i64, String) {
    match b {
        BillingState::Operative => ("operative", 0, "VES".to_owned()),
        BillingState::Debt(m) => ("debt", m.minor, m.currency.clone()),
    }
}

pub(crate) fn group_from_row(r: &impl Cells) -> StoreResult<Group> {
    Ok(Group {
        code: r.get("code")?,
        name: r.get("name")?,
        kind: r.get("kind")?,
    })
}

pub(crate) fn user_from_row(r: &impl Cells) -> StoreResult<User> {
    Ok(User {
        id: parse(r, "id", "users")?,
        name: r.get("name")?,
        role: parse(r, "role", "users")?,
        group_code: r.get("group_code")?,
        account_id: parse_opt(r, "account_id", "users")?,
        active: r.get("active")?,
        created_at: at(r, "created_at")?,
        email: parse_opt(r, "email", "users")?,
    })
}

pub(crate) fn account_from_row(r: &impl Cells) -> StoreResult<Account> {
    let state: String = r.get("billing_state")?;
    let billing = match state.as_str() {
        "debt" => BillingState::owing(Money {
            minor: r.get("debt_minor")?,
            currency: r.get("currency")?,
        }),
        _ => BillingState::Operative,
    };
    Ok(Account {
        id: parse(r, "id", "accounts")?,
        number: r.get("number")?,
        name: r.get("name")?,
        billing,
        sales_consultant_id: parse_opt(r, "sales_consultant_id", "accounts")?,
        created_at: at(r, "created_at")?,
        updated_at: at(r, "updated_at")?,
    })
}

pub(crate) fn equipment_from_row(r: &impl Cells) -> StoreResult<Equipment> {
    Ok(Equipment {
        imei: parse(r, "imei", "equipment")?,
        account_id: parse_opt(r, "account_id", "equipment")?,
        make: r.get("make")?,
        model: r.get("model")?,
    })
}

pub(crate) fn line_from_row(r: &impl Cells) -> StoreResult<Line> {
    Ok(Line {
        msisdn: parse(r, "msisdn", "lines")?,
        account_id: parse(r, "account_id", "lines")?,
        imei: parse_opt(r, "imei", "lines")?,
    })
}

pub(crate) fn contact_from_row(r: &impl Cells) -> StoreResult<Contact> {
    Ok(Contact {
        id: parse(r, "id", "contacts")?,
        account_id: parse(r, "account_id", "contacts")?,
        name: r.get("name")?,
        phone: r.get("phone")?,
        email: parse_opt(r, "email", "contacts")?,
        language: Lang::or_default(&r.get::<String>("language")?),
    })
}

pub(crate) fn fault_type_from_row(r: &impl Cells) -> StoreResult<FaultType> {
    Ok(FaultType {
        code: r.get("code")?,
        name: r.get("name")?,
        default_severity: parse(r, "default_severity", "fault_types")?,
        second_level: parse(r, "second_level", "fault_types")?,
        active: r.get("active")?,
    })
}

pub(crate) fn stage_from_row(r: &impl Cells, table: &'static str) -> StoreResult<Stage> {
    let stage: String = r.get("stage")?;
    let group: String = r.get("group_code")?;
    Stage::from_parts(&stage, &group).map_err(|detail| StoreError::Corrupt { table, detail })
}

pub(crate) fn note_from_row(r: &impl Cells) -> StoreResult<Note> {
    Ok(Note {
        id: parse(r, "id", "notes")?,
        ticket_id: parse(r, "ticket_id", "notes")?,
        author_id: parse(r, "author_id", "notes")?,
        author_name: r.get("author_name")?,
        author_role: parse(r, "author_role", "notes")?,
        visibility: parse(r, "visibility", "notes")?,
        body: r.get("body")?,
        created_at: at(r, "created_at")?,
    })
}

pub(crate) fn status_change_from_row(r: &impl Cells) -> StoreResult<StatusChange> {
    Ok(StatusChange {
        ticket_id: parse(r, "ticket_id", "status_changes")?,
        at: at(r, "at")?,
        status: parse(r, "status", "status_changes")?,
        stage: stage_from_row(r, "status_changes")?,
        action: r.get("action")?,
        reason: r.get("reason")?,
        actor_id: parse(r, "actor_id", "status_changes")?,
    })
}

pub(crate) fn audit_from_row(r: &impl Cells) -> StoreResult<AuditEvent> {
    let json = |col: &str| -> StoreResult<Option<serde_json::Value>> {
        let s: Option<String> = r.get(col)?;
        s.map(|s| {
            serde_json::from_str(&s).map_err(|e| StoreError::Corrupt {
                table: "audit_events",
                detail: e.to_string(),
            })
        })
        .transpose()
    };
    Ok(AuditEvent {
        at: at(r, "at")?,
        actor_id: parse_opt(r, "actor_id", "audit_events")?,
        actor_name: r.get("actor_name")?,
        entity_type: r.get("entity_type")?,
        entity_id: r.get("entity_id")?,
        action: r.get("action")?,
        before: json("before")?,
        after: json("after")?,
    })
}

pub(crate) fn refused_from_row(r: &impl Cells) -> StoreResult<RefusedReport> {
    Ok(RefusedReport {
        id: parse(r, "id", "refused_reports")?,
        account_id: parse(r, "account_id", "refused_reports")?,
        at: at(r, "at")?,
        actor_id: parse(r, "actor_id", "refused_reports")?,
        channel: parse(r, "channel", "refused_reports")?,
        reason: r.get("reason")?,
        debt_minor: r.get("debt_minor")?,
        currency: r.get("currency")?,
        reporter_name: r.get("reporter_name")?,
        description: r.get("description")?,
    })
}
