//! The weekly report and the statistics as tables (one per subject, with
//! Spanish headers), and those tables as CSV (one file per table, no row
//! cap) and XLSX (one sheet per table, bold frozen header row). The figures
//! come from [`crate::weekly_report`].

mod charts;
mod pdf;
mod tables;
mod xlsx;

pub use pdf::pdf;

pub use charts::{CHARTS, chart};

pub use tables::{Cell, TABLES, Table, statistics_tables, weekly_tables};
pub use xlsx::workbook;

/// One table as CSV (RFC 4180, header row first, UTF-8).
pub fn csv(table: &Table) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&table.columns)?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::text))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
