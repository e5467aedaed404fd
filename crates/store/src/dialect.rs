//! What differs between the SQL dialects ([`Dialect`]), and the helpers
//! every backend's queries share: instants as milliseconds and the mapping
//! of key violations to store errors.

/// Function names that differ between the SQL dialects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// Backend name, for logs and `/readyz`.
    pub name: &'static str,
    /// Builds a JSON array from values.
    pub json_array: &'static str,
    /// Aggregates JSON values into one array (with `ORDER BY` inside).
    pub json_agg: &'static str,
    /// Concatenates strings with a separator.
    pub string_agg: &'static str,
    /// Builds a JSON object from key/value pairs.
    pub json_object: &'static str,
    /// Row locking for job claims: SQLite's single writer needs none.
    pub skip_locked: &'static str,
}

pub(crate) const SQLITE: Dialect = Dialect {
    name: "sqlite",
    json_array: "json_array",
    json_agg: "json_group_array",
    string_agg: "group_concat",
    json_object: "json_object",
    skip_locked: "",
};

pub(crate) const POSTGRES: Dialect = Dialect {
    name: "postgres",
    json_array: "json_build_array",
    json_agg: "json_agg",
    string_agg: "string_agg",
    json_object: "json_build_object",
    skip_locked: " FOR UPDATE SKIP LOCKED",
};

pub(crate) fn ms(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

/// Maps unique and foreign-key violations to store errors, for every backend.
pub(crate) fn map_write_error(
    err: sqlx::Error,
    entity: &'static str,
    key: impl Into<String>,
) -> crate::StoreError {
    use crate::StoreError;
    if let sqlx::Error::Database(db) = &err {
        match db.kind() {
            sqlx::error::ErrorKind::UniqueViolation => {
                return StoreError::Duplicate {
                    entity,
                    key: key.into(),
                };
            }
            sqlx::error::ErrorKind::ForeignKeyViolation => {
                return StoreError::MissingReference {
                    entity: "referenced row",
                    key: key.into(),
                };
            }
            _ => {}
        }
    }
    StoreError::from(err)
}
