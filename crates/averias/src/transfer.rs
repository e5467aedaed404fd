//! `averias export FILE` and `averias import installation FILE`: move a whole
//! installation (every table, every history row) between databases, for
//! example from SQLite to PostgreSQL when an operator outgrows one machine.
//!
//! The file is JSON Lines: a header line, then one line per row,
//! `{"table": "...", "row": {...}}`, tables in foreign-key order, then one
//! line per attachment's bytes, `{"blob": "<sha256>", "hex": "..."}`
//! (checked against their hash on import).

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use averias_services::attachments::Attachments;
use averias_store::Store;
use averias_store::dump::TABLES;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

const FORMAT: &str = "averias-export";
const VERSION: i64 = 1;
const BATCH: i64 = 5_000;

fn bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Writes every table of `store` to `path`, then the bytes of every live
/// attachment from `files`; returns the number of rows.
pub async fn export(store: &dyn Store, files: &Attachments, path: &Path) -> Result<u64> {
    let mut counts = serde_json::Map::new();
    let mut total = 0;
    for t in TABLES {
        let n = store.count_rows(t).await?;
        counts.insert(t.name.into(), n.into());
        total += n as u64;
    }
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    writeln!(
        out,
        "{}",
        json!({"format": FORMAT, "version": VERSION, "backend": store.backend(), "rows": counts})
    )?;
    let bar = bar(total);
    let mut blobs: Vec<String> = Vec::new();
    for t in TABLES {
        bar.set_message(t.name);
        let mut offset = 0;
        loop {
            let rows = store.export_rows(t, offset, BATCH).await?;
            for row in &rows {
                writeln!(out, "{}", json!({"table": t.name, "row": row}))?;
                if t.name == "attachments"
                    && row["deleted_at"].is_null()
                    && let Some(sha) = row["sha256"].as_str()
                    && !blobs.iter().any(|b| b == sha)
                {
                    blobs.push(sha.to_owned());
                }
            }
            bar.inc(rows.len() as u64);
            if (rows.len() as i64) < BATCH {
                break;
            }
            offset += BATCH;
        }
    }
    bar.set_message("attachments' bytes");
    for sha in &blobs {
        match files.export_blob(sha).await? {
            Some(hex) => writeln!(out, "{}", json!({"blob": sha, "hex": hex}))?,
            None => {
                tracing::warn!(sha256 = %sha, "an attachment's bytes are missing; exported without them")
            }
        }
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(total)
}

/// Loads an export into an empty, migrated `store`, attachments' bytes
/// into `files`; returns the number of rows.
pub async fn import(store: &dyn Store, files: &Attachments, path: &Path) -> Result<u64> {
    // Seeded tables (the default calendars) are replaced, not refused.
    for t in TABLES.iter().filter(|t| t.on_conflict.is_none()) {
        if store.count_rows(t).await? > 0 {
            bail!(
                "the target database already holds {} rows; import an installation only into an empty database",
                t.name
            );
        }
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let header: Value = serde_json::from_str(&lines.next().context("the export file is empty")??)?;
    if header["format"] != FORMAT || header["version"] != VERSION {
        bail!(
            "{} is not an averias export (version {VERSION})",
            path.display()
        );
    }
    let expected: u64 = header["rows"]
        .as_object()
        .map_or(0, |m| m.values().filter_map(Value::as_u64).sum());
    let bar = bar(expected);
    let mut current: Option<usize> = None;
    let mut batch: Vec<Value> = Vec::new();
    let mut imported = 0;
    for (n, line) in lines.enumerate() {
        let line = line?;
        let mut item: Value =
            serde_json::from_str(&line).with_context(|| format!("line {} is not JSON", n + 2))?;
        if let (Some(sha), Some(hex)) = (item["blob"].as_str(), item["hex"].as_str()) {
            files
                .import_blob(sha, hex)
                .await
                .with_context(|| format!("line {}: attachment bytes", n + 2))?;
            continue;
        }
        let name = item["table"].as_str().unwrap_or_default().to_owned();
        let index = TABLES
            .iter()
            .position(|t| t.name == name)
            .with_context(|| format!("line {}: unknown table '{name}'", n + 2))?;
        if current != Some(index) || batch.len() as i64 >= BATCH {
            if let Some(i) = current {
                store
                    .import_rows(&TABLES[i], &batch)
                    .await
                    .with_context(|| format!("importing {}", TABLES[i].name))?;
                imported += batch.len() as u64;
                bar.inc(batch.len() as u64);
                batch.clear();
            }
            current = Some(index);
            bar.set_message(TABLES[index].name);
        }
        batch.push(item["row"].take());
    }
    if let Some(i) = current {
        store
            .import_rows(&TABLES[i], &batch)
            .await
            .with_context(|| format!("importing {}", TABLES[i].name))?;
        imported += batch.len() as u64;
    }
    bar.finish_and_clear();
    if imported != expected {
        bail!("the export announced {expected} rows but held {imported}");
    }
    // The search index is not exported: it is rebuilt from what came in.
    store
        .index_missing()
        .await
        .context("indexing the imported tickets for search")?;
    Ok(imported)
}
