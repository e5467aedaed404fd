//! What a whole-installation export holds: every table, its columns and
//! their kinds, in an order that satisfies foreign keys on import. Used by
//! `averias export` / `averias import installation` to move an installation
//! between SQLite and PostgreSQL without losing history.

/// How a column is carried in the export (JSON) and bound on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Int,
    /// INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL.
    Bool,
}

/// One table of the export.
#[derive(Debug, Clone, Copy)]
pub struct DumpTable {
    pub name: &'static str,
    /// Columns copied; identity columns (`id` of the log tables) are left
    /// out and renumbered in export order by the target.
    pub columns: &'static [(&'static str, ColumnKind)],
    /// Export order: parents before children, history in its order.
    pub order_by: &'static str,
    /// For tables every database is seeded with at start-up (the default
    /// calendars): the conflict clause that lets an import replace them.
    pub on_conflict: Option<&'static str>,
}

use ColumnKind::{Bool, Int, Text};

/// Every table, in import order.
pub const TABLES: &[DumpTable] = &[
    DumpTable {
        name: "groups",
        columns: &[("code", Text), ("name", Text), ("kind", Text)],
        order_by: "code",
        on_conflict: None,
    },
    DumpTable {
        name: "users",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("role", Text),
            ("group_code", Text),
            ("account_id", Text),
            ("token_hash", Text),
            ("active", Bool),
            ("created_at", Int),
        ],
        order_by: "id",
        on_conflict: None,
    },
    DumpTable {
        name: "accounts",
        columns: &[
            ("id", Text),
            ("number", Text),
            ("name", Text),
            ("billing_state", Text),
            ("debt_minor", Int),
            ("currency", Text),
            ("sales_consultant_id", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        order_by: "id",
        on_conflict: None,
    },
    DumpTable {
        name: "equipment",
        columns: &[
            ("imei", Text),
            ("account_id", Text),
            ("make", Text),
            ("model", Text),
            ("created_at", Int),
        ],
        order_by: "imei",
        on_conflict: None,
    },
    DumpTable {
        name: "lines",
        columns: &[
            ("msisdn", Text),
            ("account_id", Text),
            ("imei", Text),
            ("created_at", Int),
        ],
        order_by: "msisdn",
        on_conflict: None,
    },
    DumpTable {
        name: "contacts",
        columns: &[
            ("id", Text),
            ("account_id", Text),
            ("name", Text),
            ("phone", Text),
            ("email", Text),
            ("language", Text),
        ],
        order_by: "id",
        on_conflict: None,
    },
    DumpTable {
        name: "fault_types",
        columns: &[
            ("code", Text),
            ("name", Text),
            ("default_severity", Text),
            ("second_level", Text),
            ("active", Bool),
        ],
        order_by: "code",
        on_conflict: None,
    },
    DumpTable {
        name: "calendars",
        columns: &[("name", Text), ("definition", Text), ("updated_at", Int)],
        order_by: "name",
        on_conflict: Some(
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        ),
    },
    DumpTable {
        name: "sla_policies",
        columns: &[
            ("name", Text),
            ("fault_type", Text),
            ("severity", Text),
            ("definition", Text),
            ("updated_at", Int),
        ],
        order_by: "name",
        on_conflict: None,
    },
    DumpTable {
        name: "escalation_rules",
        columns: &[
            ("fault_type", Text),
            ("level", Text),
            ("definition", Text),
            ("updated_at", Int),
        ],
        order_by: "fault_type, level",
        on_conflict: None,
    },
    DumpTable {
        name: "ticket_counters",
        columns: &[("year", Int), ("last", Int)],
        order_by: "year",
        on_conflict: None,
    },
    DumpTable {
        name: "tickets",
        columns: &[
            ("id", Text),
            ("number", Text),
            ("kind", Text),
            ("account_id", Text),
            ("channel", Text),
            ("fault_type", Text),
            ("severity", Text),
            ("title", Text),
            ("description", Text),
            ("search_text", Text),
            ("status", Text),
            ("stage", Text),
            ("group_code", Text),
            ("parent_id", Text),
            ("reporter_name", Text),
            ("reporter_phone", Text),
            ("reporter_email", Text),
            ("reported_by", Text),
            ("reported_at", Int),
            ("updated_at", Int),
            ("deadline_at", Int),
            ("clock_stopped_at", Int),
            ("resolution", Text),
            ("cancel_reason", Text),
            ("version", Int),
            ("sla_due_at", Int),
            ("response_due_at", Int),
        ],
        // Incidents (no parent) before the faults that hang on them.
        order_by: "(parent_id IS NOT NULL), reported_at, id",
        on_conflict: None,
    },
    DumpTable {
        name: "ticket_lines",
        columns: &[("ticket_id", Text), ("msisdn", Text)],
        order_by: "ticket_id, msisdn",
        on_conflict: None,
    },
    DumpTable {
        name: "ticket_equipment",
        columns: &[("ticket_id", Text), ("imei", Text)],
        order_by: "ticket_id, imei",
        on_conflict: None,
    },
    DumpTable {
        name: "ticket_followers",
        columns: &[("ticket_id", Text), ("user_id", Text), ("reason", Text)],
        order_by: "ticket_id, user_id",
        on_conflict: None,
    },
    DumpTable {
        name: "notes",
        columns: &[
            ("id", Text),
            ("ticket_id", Text),
            ("author_id", Text),
            ("author_name", Text),
            ("author_role", Text),
            ("visibility", Text),
            ("body", Text),
            ("created_at", Int),
        ],
        order_by: "created_at, id",
        on_conflict: None,
    },
    DumpTable {
        name: "status_changes",
        columns: &[
            ("ticket_id", Text),
            ("at", Int),
            ("status", Text),
            ("stage", Text),
            ("group_code", Text),
            ("action", Text),
            ("reason", Text),
            ("actor_id", Text),
        ],
        order_by: "id",
        on_conflict: None,
    },
    DumpTable {
        name: "audit_events",
        columns: &[
            ("at", Int),
            ("actor_id", Text),
            ("actor_name", Text),
            ("entity_type", Text),
            ("entity_id", Text),
            ("action", Text),
            ("before", Text),
            ("after", Text),
        ],
        order_by: "id",
        on_conflict: None,
    },
    DumpTable {
        name: "escalations",
        columns: &[
            ("ticket_id", Text),
            ("step_key", Text),
            ("occurrence", Int),
            ("due_at", Int),
            ("fired_at", Int),
            ("reason", Text),
            ("actions", Text),
        ],
        order_by: "ticket_id, step_key, occurrence",
        on_conflict: None,
    },
    DumpTable {
        name: "refused_reports",
        columns: &[
            ("id", Text),
            ("account_id", Text),
            ("at", Int),
            ("actor_id", Text),
            ("channel", Text),
            ("reason", Text),
            ("debt_minor", Int),
            ("currency", Text),
            ("reporter_name", Text),
            ("description", Text),
        ],
        order_by: "at, id",
        on_conflict: None,
    },
    DumpTable {
        name: "jobs",
        columns: &[
            ("id", Text),
            ("kind", Text),
            ("dedupe_key", Text),
            ("payload", Text),
            ("due_at", Int),
            ("state", Text),
            ("attempts", Int),
            ("lease_owner", Text),
            ("lease_until", Int),
            ("last_error", Text),
            ("created_at", Int),
            ("done_at", Int),
        ],
        order_by: "created_at, id",
        on_conflict: None,
    },
    DumpTable {
        name: "idempotency_keys",
        columns: &[
            ("user_id", Text),
            ("key", Text),
            ("request_hash", Text),
            ("ticket_id", Text),
            ("created_at", Int),
        ],
        order_by: "user_id, key",
        on_conflict: None,
    },
];
