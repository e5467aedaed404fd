//! `averias report weekly`: the weekly fault report to a file, as JSON, as
//! CSV (a directory with one file per table) or as an XLSX workbook, with a
//! spinner while the database is read.

use std::path::Path;

use anyhow::{Context, Result};
use averias_server::Services;
use averias_services::report;

/// What the report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    Pdf,
}

/// The language of the tables' headers (the command line's spelling of
/// [`averias_domain::Lang`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Es,
    En,
}

impl From<Lang> for averias_domain::Lang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Es => averias_domain::Lang::Es,
            Lang::En => averias_domain::Lang::En,
        }
    }
}

/// Writes the report of `week` (`2026-W48` or `current`) to `out`; returns
/// what was written, for the user.
pub async fn weekly(
    services: &Services,
    week: &str,
    format: Format,
    lang: Lang,
    out: &Path,
) -> Result<String> {
    let week = services
        .reports
        .report_week(week)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(format!("reading the tickets of {week}…"));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let started = std::time::Instant::now();
    let report = services
        .reports
        .build_weekly_report(week)
        .await
        .map_err(|e| anyhow::anyhow!("cannot build the report: {e}"))?;
    spinner.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&report)?;
            std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
        }
        Format::Pdf => {
            let bytes = report::pdf(&report, &tables(&report, lang), lang.into())
                .map_err(|e| anyhow::anyhow!("cannot set the PDF: {e}"))?;
            std::fs::write(out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
        }
        Format::Xlsx => {
            let bytes = report::workbook(&tables(&report, lang))?;
            std::fs::write(out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
        }
        Format::Csv => {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create directory {}", out.display()))?;
            for table in tables(&report, lang) {
                let path = out.join(format!("{}.csv", table.name));
                std::fs::write(&path, report::csv(&table)?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    Ok(format!(
        "weekly report {week} written to {} ({seconds:.2}s)",
        out.display()
    ))
}

fn tables(
    report: &averias_services::weekly_report::WeeklyReport,
    lang: Lang,
) -> Vec<report::Table> {
    report::weekly_tables(report, lang.into())
}
