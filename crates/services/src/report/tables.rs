//! Tables of the weekly report and of the fault statistics.

use averias_i18n::{Lang, text};
use serde::Serialize;

use crate::weekly_report::{FaultStatistics, Figures, WeeklyReport};

/// A cell: text, a whole number, a decimal, or nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

impl Cell {
    /// As CSV writes it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => x.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.into())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl From<Option<i64>> for Cell {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Cell::Empty, Cell::Int)
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Self {
        x.map_or(Cell::Empty, Cell::Num)
    }
}

/// Every table name (and chart name) a report or the statistics have: the
/// catalog gives each a title, `table-<name>`, for pages and alt texts.
pub const TABLES: &[&str] = &[
    "cuentas_principales",
    "cuentas_recurrentes",
    "cumplimiento",
    "incidentes",
    "mantenimientos",
    "por_canal",
    "por_centro",
    "por_grupo",
    "por_modelo",
    "por_nivel",
    "por_tipo",
    "rechazos_deuda",
    "repetidas_30_dias",
    "resumen",
    "tendencia",
];

/// A named table: file name (CSV) and sheet name (XLSX), headers, rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The first column is a key for machines (a fault type's or an
    /// account's code) beside its description: files keep it, pages show
    /// the description alone.
    pub key_column: bool,
}

impl Table {
    /// A table whose headers are the catalog's messages `columns` in `lang`.
    fn new(name: &'static str, lang: Lang, columns: &[&str]) -> Self {
        Self::with_headers(name, columns.iter().map(|id| text(lang, id)).collect())
    }

    fn with_headers(name: &'static str, columns: Vec<String>) -> Self {
        Self {
            name,
            columns,
            rows: Vec::new(),
            key_column: false,
        }
    }

    fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

/// Seconds as hours with one decimal.
fn hours(seconds: Option<i64>) -> Cell {
    seconds.map_or(Cell::Empty, |s| {
        Cell::Num((s as f64 / 360.0).round() / 10.0)
    })
}

/// The summary's lines: (metric, this window, previous window).
fn summary_lines(c: &Figures) -> Vec<(&'static str, Cell)> {
    let refused: i64 = c.refused.iter().map(|r| r.count).sum();
    vec![
        ("report-faults_opened", c.counts.opened.into()),
        ("report-faults_resolved", c.counts.resolved.into()),
        (
            "report-resolved_within_24_hours",
            c.counts.resolved_within_24h.into(),
        ),
        ("report-24_hour_compliance", c.compliance_24h.into()),
        ("report-faults_closed", c.counts.closed.into()),
        ("report-open_at_week_end", c.backlog_at_end.into()),
        (
            "report-time_to_resolve_median_h",
            hours(c.time_to_resolve.median_seconds),
        ),
        (
            "report-time_to_resolve_p90_h",
            hours(c.time_to_resolve.p90_seconds),
        ),
        (
            "report-time_to_resolve_max_h",
            hours(c.time_to_resolve.max_seconds),
        ),
        ("report-reports_refused_for_debt", refused.into()),
        ("report-escalations_fired", c.escalations_fired.into()),
        ("report-mass_incidents", (c.incidents.len() as i64).into()),
        (
            "report-customer_faults_on_incidents",
            c.incident_customers.into(),
        ),
        (
            "report-repairs_certified",
            c.repairs
                .by_center
                .iter()
                .map(|(_, n, _)| n)
                .sum::<i64>()
                .into(),
        ),
        ("report-backup_units_used", c.backup_units_used.into()),
        (
            "report-replenishments_requested",
            c.repairs.replenishments_requested.into(),
        ),
        (
            "report-replenishments_shipped",
            c.repairs.replenishments_shipped.into(),
        ),
        (
            "report-replenishments_received",
            c.repairs.replenishments_received.into(),
        ),
        (
            "report-planned_maintenance_works",
            c.maintenance.works.into(),
        ),
        ("report-notices_on_time", c.maintenance.on_time.into()),
        (
            "report-emergency_late_notices",
            c.maintenance.emergency.into(),
        ),
        (
            "report-notices_overdue_not_sent",
            c.maintenance.overdue.into(),
        ),
        (
            "report-customer_objections",
            c.maintenance.objections.into(),
        ),
    ]
}

/// Counts by key in two windows, keys in order of first appearance.
fn compare(
    name: &'static str,
    lang: Lang,
    header: &str,
    current: &[averias_store::NamedCount],
    previous: &[averias_store::NamedCount],
) -> Table {
    let mut t = Table::new(
        name,
        lang,
        &[
            header,
            "report-description",
            "report-week",
            "report-previous_week",
        ],
    );
    let mut keys: Vec<(&str, &str)> = current
        .iter()
        .map(|c| (c.key.as_str(), c.label.as_str()))
        .collect();
    for p in previous {
        if !keys.iter().any(|(k, _)| *k == p.key) {
            keys.push((p.key.as_str(), p.label.as_str()));
        }
    }
    let count = |list: &[averias_store::NamedCount], key: &str| {
        list.iter().find(|c| c.key == key).map_or(0, |c| c.count)
    };
    for (key, label) in keys {
        t.row(vec![
            key.into(),
            describe(lang, name, key, label).into(),
            count(current, key).into(),
            count(previous, key).into(),
        ]);
    }
    t.key_column = true;
    t
}

/// What a row's key is, in words: the store's label where it has one (a
/// fault type's name), the catalog's for the procedure's own codes (a
/// channel, an attention level), "to be classified" for no fault type.
fn describe(lang: Lang, table: &str, key: &str, label: &str) -> String {
    match table {
        "por_canal" => text(lang, &format!("channel-{key}")),
        "por_nivel" => text(lang, &format!("level-{key}")),
        // People name accounts by number as often as by name.
        "cuentas_principales" | "cuentas_recurrentes" => format!("{key} · {label}"),
        _ if key.is_empty() => text(lang, "report-unclassified"),
        _ if label.is_empty() => key.to_owned(),
        _ => label.to_owned(),
    }
}

/// The weekly report's tables.
pub fn weekly_tables(r: &WeeklyReport, lang: Lang) -> Vec<Table> {
    let (c, p) = (&r.current, &r.previous);
    // The summary's value columns are headed by the weeks themselves.
    let mut summary = Table::with_headers(
        "resumen",
        vec![
            text(lang, "report-metric"),
            r.week.to_string(),
            r.week.previous().to_string(),
        ],
    );
    for ((metric, now), (_, before)) in summary_lines(c).into_iter().zip(summary_lines(p)) {
        summary.row(vec![text(lang, metric).into(), now, before]);
    }
    let mut tables = vec![
        summary,
        compare(
            "por_tipo",
            lang,
            "report-fault_type",
            &c.by_fault_type,
            &p.by_fault_type,
        ),
        compare(
            "por_canal",
            lang,
            "report-channel",
            &c.by_channel,
            &p.by_channel,
        ),
        compare("por_nivel", lang, "report-level", &c.by_level, &p.by_level),
    ];
    let mut groups = Table::new(
        "por_grupo",
        lang,
        &[
            "report-resolving_group",
            "report-resolved",
            "report-within_24_hours",
            "report-compliance",
            "report-median_h",
        ],
    );
    for g in &c.by_group {
        groups.row(vec![
            g.group.clone().into(),
            g.resolved.into(),
            g.within_24h.into(),
            g.compliance_24h.into(),
            hours(g.median_seconds),
        ]);
    }
    tables.push(groups);
    let mut centers = Table::new(
        "por_centro",
        lang,
        &[
            "report-center",
            "report-repairs_certified",
            "report-backup_units_used",
        ],
    );
    for (center, certified, swaps) in &c.repairs.by_center {
        centers.row(vec![
            center.clone().into(),
            (*certified).into(),
            (*swaps).into(),
        ]);
    }
    tables.push(centers);
    let mut refused = Table::new(
        "rechazos_deuda",
        lang,
        &["report-currency", "report-reports", "report-total_debt"],
    );
    for x in &c.refused {
        refused.row(vec![
            x.currency.clone().into(),
            x.count.into(),
            Cell::Num(x.debt_minor as f64 / 100.0),
        ]);
    }
    tables.push(refused);
    let mut incidents = Table::new(
        "incidentes",
        lang,
        &[
            "report-incident",
            "report-title",
            "report-group",
            "report-faults_attached",
            "report-accounts_affected",
        ],
    );
    for i in &c.incidents {
        incidents.row(vec![
            i.number.clone().into(),
            i.title.clone().into(),
            i.group.clone().into(),
            i.children.into(),
            i.accounts.into(),
        ]);
    }
    tables.push(incidents);
    let mut works = Table::new(
        "mantenimientos",
        lang,
        &[
            "report-work",
            "report-start",
            "report-latest_notice",
            "report-notice_sent",
            "report-delay_h",
            "report-accounts",
            "report-objections",
        ],
    );
    for w in &c.maintenance.lines {
        works.row(vec![
            w.title.clone().into(),
            w.start.to_rfc3339().into(),
            w.latest_notice_at.to_rfc3339().into(),
            w.notice_sent_at
                .map_or(Cell::Empty, |t| t.to_rfc3339().into()),
            hours(w.late_seconds),
            w.accounts.into(),
            w.objections.into(),
        ]);
    }
    tables.push(works);
    let mut trend = Table::new(
        "tendencia",
        lang,
        &[
            "report-week",
            "report-opened",
            "report-resolved",
            "report-24_hour_compliance",
        ],
    );
    for t in &r.trend {
        trend.row(vec![
            t.week.to_string().into(),
            t.opened.into(),
            t.resolved.into(),
            t.compliance_24h.into(),
        ]);
    }
    tables.push(trend);
    tables
}

/// The statistics' tables.
pub fn statistics_tables(s: &FaultStatistics, lang: Lang) -> Vec<Table> {
    let named = |name: &'static str, header: &str, list: &[averias_store::NamedCount]| {
        let mut t = Table::new(name, lang, &[header, "report-description", "report-faults"]);
        for c in list {
            t.row(vec![
                c.key.clone().into(),
                describe(lang, name, &c.key, &c.label).into(),
                c.count.into(),
            ]);
        }
        t.key_column = true;
        t
    };
    let mut repeats = Table::new(
        "repetidas_30_dias",
        lang,
        &[
            "report-line",
            "report-account",
            "report-fault",
            "report-previous_fault",
            "report-days_apart",
        ],
    );
    for r in &s.repeat_faults {
        repeats.row(vec![
            r.msisdn.clone().into(),
            r.account.clone().into(),
            r.ticket.clone().into(),
            r.previous_ticket.clone().into(),
            Cell::Num(r.days_apart),
        ]);
    }
    vec![
        named(
            "cuentas_recurrentes",
            "report-account",
            &s.recurring_accounts,
        ),
        named("cuentas_principales", "report-account", &s.top_accounts),
        named("por_modelo", "report-device", &s.by_model),
        named("por_tipo", "report-fault_type", &s.by_fault_type),
        repeats,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_chart_has_a_title_in_both_languages() {
        for name in TABLES.iter().chain(super::super::CHARTS.iter()) {
            assert!(TABLES.contains(name), "{name} is not listed in TABLES");
            for lang in [Lang::Es, Lang::En] {
                let id = format!("table-{name}");
                assert_ne!(text(lang, &id), id, "{id} in {lang:?}");
            }
        }
    }

    #[test]
    fn every_header_and_metric_is_a_catalog_message_in_both_languages() {
        // Every `report-…` id this file names is in the catalog in both
        // languages: a table never shows an id, nor Spanish in English.
        let source = include_str!("tables.rs");
        let ids: Vec<&str> = source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| s.starts_with("report-"))
            .collect();
        assert!(ids.len() > 40, "found {} ids", ids.len());
        for id in ids {
            let (es, en) = (text(Lang::Es, id), text(Lang::En, id));
            assert!(es != id && en != id, "{id}: {es} / {en}");
        }
    }
}
