//! Tables of the weekly report and of the fault statistics.

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

/// A named table: file name (CSV) and sheet name (XLSX), headers, rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &'static str, columns: &[&str]) -> Self {
        Self {
            name,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
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
        ("Averías abiertas", c.counts.opened.into()),
        ("Averías resueltas", c.counts.resolved.into()),
        ("Resueltas en 24 horas", c.counts.resolved_within_24h.into()),
        ("Cumplimiento 24 horas (%)", c.compliance_24h.into()),
        ("Averías cerradas", c.counts.closed.into()),
        ("Pendientes al cierre", c.backlog_at_end.into()),
        (
            "Tiempo de resolución, mediana (h)",
            hours(c.time_to_resolve.median_seconds),
        ),
        (
            "Tiempo de resolución, p90 (h)",
            hours(c.time_to_resolve.p90_seconds),
        ),
        (
            "Tiempo de resolución, máximo (h)",
            hours(c.time_to_resolve.max_seconds),
        ),
        ("Reportes rechazados por deuda", refused.into()),
        ("Escalamientos disparados", c.escalations_fired.into()),
        ("Incidentes masivos", (c.incidents.len() as i64).into()),
        (
            "Averías de clientes en incidentes",
            c.incident_customers.into(),
        ),
        (
            "Reparaciones certificadas",
            c.repairs
                .by_center
                .iter()
                .map(|(_, n, _)| n)
                .sum::<i64>()
                .into(),
        ),
        ("Equipos de respaldo usados", c.backup_units_used.into()),
        (
            "Reposiciones solicitadas",
            c.repairs.replenishments_requested.into(),
        ),
        (
            "Reposiciones despachadas",
            c.repairs.replenishments_shipped.into(),
        ),
        (
            "Reposiciones recibidas",
            c.repairs.replenishments_received.into(),
        ),
        ("Mantenimientos programados", c.maintenance.works.into()),
        ("Avisos a tiempo", c.maintenance.on_time.into()),
        (
            "Avisos de emergencia (tardíos)",
            c.maintenance.emergency.into(),
        ),
        ("Avisos vencidos sin enviar", c.maintenance.overdue.into()),
        ("Objeciones de clientes", c.maintenance.objections.into()),
    ]
}

/// Counts by key in two windows, keys in order of first appearance.
fn compare(
    name: &'static str,
    header: &str,
    current: &[averias_store::NamedCount],
    previous: &[averias_store::NamedCount],
) -> Table {
    let mut t = Table::new(name, &[header, "Descripción", "Semana", "Semana anterior"]);
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
            label.into(),
            count(current, key).into(),
            count(previous, key).into(),
        ]);
    }
    t
}

/// The weekly report's tables.
pub fn weekly_tables(r: &WeeklyReport) -> Vec<Table> {
    let (c, p) = (&r.current, &r.previous);
    let mut summary = Table::new(
        "resumen",
        &[
            "Indicador",
            &r.week.to_string(),
            &r.week.previous().to_string(),
        ],
    );
    for ((metric, now), (_, before)) in summary_lines(c).into_iter().zip(summary_lines(p)) {
        summary.row(vec![metric.into(), now, before]);
    }
    let mut tables = vec![
        summary,
        compare(
            "por_tipo",
            "Tipo de falla",
            &c.by_fault_type,
            &p.by_fault_type,
        ),
        compare("por_canal", "Canal", &c.by_channel, &p.by_channel),
        compare("por_nivel", "Nivel", &c.by_level, &p.by_level),
    ];
    let mut groups = Table::new(
        "por_grupo",
        &[
            "Grupo que resolvió",
            "Resueltas",
            "En 24 horas",
            "Cumplimiento (%)",
            "Mediana (h)",
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
        &[
            "Centro",
            "Reparaciones certificadas",
            "Equipos de respaldo usados",
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
    let mut refused = Table::new("rechazos_deuda", &["Moneda", "Reportes", "Deuda total"]);
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
        &[
            "Incidente",
            "Título",
            "Grupo",
            "Averías asociadas",
            "Cuentas afectadas",
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
        &[
            "Trabajo",
            "Inicio",
            "Aviso límite",
            "Aviso enviado",
            "Retraso (h)",
            "Cuentas",
            "Objeciones",
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
        &[
            "Semana",
            "Abiertas",
            "Resueltas",
            "Cumplimiento 24 horas (%)",
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
pub fn statistics_tables(s: &FaultStatistics) -> Vec<Table> {
    let named = |name: &'static str, header: &str, list: &[averias_store::NamedCount]| {
        let mut t = Table::new(name, &[header, "Descripción", "Averías"]);
        for c in list {
            t.row(vec![
                c.key.clone().into(),
                c.label.clone().into(),
                c.count.into(),
            ]);
        }
        t
    };
    let mut repeats = Table::new(
        "repetidas_30_dias",
        &[
            "Línea",
            "Cuenta",
            "Avería",
            "Avería anterior",
            "Días entre ambas",
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
        named("cuentas_recurrentes", "Cuenta", &s.recurring_accounts),
        named("cuentas_principales", "Cuenta", &s.top_accounts),
        named("por_modelo", "Equipo", &s.by_model),
        named("por_tipo", "Tipo de falla", &s.by_fault_type),
        repeats,
    ]
}

/// A table's headers and the summary's metric names in English (the table
/// names, which are file and sheet names, stay as they are).
pub fn in_english(mut tables: Vec<Table>) -> Vec<Table> {
    for t in &mut tables {
        for c in &mut t.columns {
            *c = english(c).to_owned();
        }
        if t.name == "resumen" {
            for row in &mut t.rows {
                if let Some(Cell::Text(metric)) = row.first_mut() {
                    *metric = english(metric).to_owned();
                }
            }
        }
    }
    tables
}

fn english(es: &str) -> &str {
    match es {
        "Abiertas" => "Opened",
        "Avería anterior" => "Previous fault",
        "Avería" => "Fault",
        "Averías abiertas" => "Faults opened",
        "Averías asociadas" => "Faults attached",
        "Averías cerradas" => "Faults closed",
        "Averías de clientes en incidentes" => "Customer faults on incidents",
        "Averías resueltas" => "Faults resolved",
        "Averías" => "Faults",
        "Aviso enviado" => "Notice sent",
        "Aviso límite" => "Latest notice",
        "Avisos a tiempo" => "Notices on time",
        "Avisos de emergencia (tardíos)" => "Emergency (late) notices",
        "Avisos vencidos sin enviar" => "Notices overdue, not sent",
        "Canal" => "Channel",
        "Centro" => "Center",
        "Cuenta" => "Account",
        "Cuentas afectadas" => "Accounts affected",
        "Cuentas" => "Accounts",
        "Cumplimiento (%)" => "Compliance (%)",
        "Cumplimiento 24 horas (%)" => "24-hour compliance (%)",
        "Descripción" => "Description",
        "Deuda total" => "Total debt",
        "Días entre ambas" => "Days apart",
        "En 24 horas" => "Within 24 hours",
        "Equipo" => "Device",
        "Equipos de respaldo usados" => "Backup units used",
        "Escalamientos disparados" => "Escalations fired",
        "Grupo que resolvió" => "Resolving group",
        "Grupo" => "Group",
        "Incidente" => "Incident",
        "Incidentes masivos" => "Mass incidents",
        "Indicador" => "Metric",
        "Inicio" => "Start",
        "Línea" => "Line",
        "Mantenimientos programados" => "Planned maintenance works",
        "Mediana (h)" => "Median (h)",
        "Moneda" => "Currency",
        "Nivel" => "Level",
        "Objeciones de clientes" => "Customer objections",
        "Objeciones" => "Objections",
        "Pendientes al cierre" => "Open at week end",
        "Reparaciones certificadas" => "Repairs certified",
        "Reportes rechazados por deuda" => "Reports refused for debt",
        "Reportes" => "Reports",
        "Reposiciones despachadas" => "Replenishments shipped",
        "Reposiciones recibidas" => "Replenishments received",
        "Reposiciones solicitadas" => "Replenishments requested",
        "Resueltas en 24 horas" => "Resolved within 24 hours",
        "Resueltas" => "Resolved",
        "Retraso (h)" => "Delay (h)",
        "Semana anterior" => "Previous week",
        "Semana" => "Week",
        "Tiempo de resolución, mediana (h)" => "Time to resolve, median (h)",
        "Tiempo de resolución, máximo (h)" => "Time to resolve, max (h)",
        "Tiempo de resolución, p90 (h)" => "Time to resolve, p90 (h)",
        "Tipo de falla" => "Fault type",
        "Trabajo" => "Work",
        "Título" => "Title",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spanish_header_has_an_english_one() {
        // Every literal header and metric of this file is in the dictionary:
        // an English table shows no Spanish word by accident.
        let source = include_str!("tables.rs");
        let body = source.split("fn english(").next().unwrap_or_default();
        for literal in body.split('"').skip(1).step_by(2) {
            let is_text = literal.chars().next().is_some_and(char::is_uppercase);
            if is_text && !literal.contains('{') {
                assert_ne!(english(literal), literal, "no English for '{literal}'");
            }
        }
    }
}
