//! The weekly report as a PDF, for reading and forwarding: its tables set as
//! text (selectable, so `pdftotext` and screen readers get the figures),
//! then one page per chart, the SVG charts drawn as vectors. Set with krilla
//! and the embedded DejaVu Sans, so no system font is needed.

use std::sync::Arc;

use averias_i18n::Lang;
use krilla::Document;
use krilla::geom::{Point, Size, Transform};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::charts::{CHARTS, chart};
use super::tables::{Cell, Table};
use crate::weekly_report::WeeklyReport;

/// DejaVu Sans (see `assets/fonts/README.md`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// A4 in points.
const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 40.0;
const LINE: f32 = 13.0;
const TEXT_SIZE: f32 = 8.5;

/// One line of text on a page: size, and cells at their x positions.
struct Line {
    size: f32,
    cells: Vec<(f32, String)>,
}

impl Line {
    fn text(size: f32, text: impl Into<String>) -> Self {
        Self {
            size,
            cells: vec![(MARGIN, text.into())],
        }
    }
}

/// The report's bytes in `lang`: its title, `tables` (already in `lang`)
/// and the charts.
pub fn pdf(report: &WeeklyReport, tables: &[Table], lang: Lang) -> Result<Vec<u8>, String> {
    let title = averias_i18n::text(lang, "report-document_title");
    let font =
        Font::new(Arc::new(FONT.to_vec()).into(), 0).ok_or("the embedded font does not load")?;
    let mut lines = vec![
        Line::text(16.0, format!("{title} {}", report.week)),
        Line::text(
            TEXT_SIZE,
            format!(
                "{} – {} ({}) · {}",
                report.current.from.to_rfc3339(),
                report.current.to.to_rfc3339(),
                report.zone,
                report.generated_at.to_rfc3339()
            ),
        ),
        Line::text(TEXT_SIZE, ""),
    ];
    for table in tables {
        lines.extend(table_lines(table, lang));
    }
    let mut document = Document::new();
    let per_page = ((PAGE.1 - 2.0 * MARGIN) / LINE) as usize;
    for page_lines in lines.chunks(per_page.max(1)) {
        let mut page = document.start_page_with(page_settings()?);
        let mut surface = page.surface();
        for (i, line) in page_lines.iter().enumerate() {
            let y = MARGIN + LINE * (i as f32 + 1.0);
            for (x, text) in &line.cells {
                if !text.is_empty() {
                    surface.draw_text(
                        Point::from_xy(*x, y),
                        font.clone(),
                        line.size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    let options = svg_options();
    for name in CHARTS {
        let svg = chart(report, name, lang)
            .ok_or("a listed chart is missing")?
            .map_err(|e| format!("chart {name}: {e}"))?;
        let tree =
            usvg::Tree::from_str(&svg, &options).map_err(|e| format!("chart {name}: {e}"))?;
        let width = PAGE.0 - 2.0 * MARGIN;
        let height = width * tree.size().height() / tree.size().width();
        let size = Size::from_wh(width, height).ok_or("an empty chart")?;
        let mut page = document.start_page_with(page_settings()?);
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(MARGIN, MARGIN));
        surface.draw_svg(&tree, size, SvgSettings::default());
        surface.pop();
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

/// An A4 page.
fn page_settings() -> Result<PageSettings, String> {
    Ok(PageSettings::new(
        Size::from_wh(PAGE.0, PAGE.1).ok_or("an empty page")?,
    ))
}

/// The fonts the charts' text is set in: the embedded one, as every generic family.
fn svg_options() -> usvg::Options<'static> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(FONT.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    fonts.set_serif_family("DejaVu Sans");
    usvg::Options {
        fontdb: Arc::new(fonts),
        ..Default::default()
    }
}

/// A table as lines: its title, its header, its rows, a blank line. Columns
/// share the page's width; text longer than its column is cut with "…". A
/// machine key beside its description is left to the files (CSV, XLSX).
fn table_lines(table: &Table, lang: Lang) -> Vec<Line> {
    let skip = usize::from(table.key_column);
    let n = table.columns.len().saturating_sub(skip).max(1);
    let width = PAGE.0 - 2.0 * MARGIN;
    // The first column holds names; give it more room.
    let first = if n > 1 { width * 0.4 } else { width };
    let rest = if n > 1 {
        (width - first) / (n - 1) as f32
    } else {
        0.0
    };
    let x = |i: usize| {
        if i == 0 {
            MARGIN
        } else {
            MARGIN + first + rest * (i - 1) as f32
        }
    };
    let room = |i: usize| if i == 0 { first } else { rest };
    // About 0.55 em per character in DejaVu Sans.
    let fit = |text: &str, i: usize| {
        let chars = ((room(i) - 6.0) / (TEXT_SIZE * 0.55)).max(3.0) as usize;
        if text.chars().count() > chars {
            let mut cut: String = text.chars().take(chars - 1).collect();
            cut.push('…');
            cut
        } else {
            text.to_owned()
        }
    };
    let row = |cells: Vec<String>| Line {
        size: TEXT_SIZE,
        cells: cells
            .iter()
            .enumerate()
            .map(|(i, c)| (x(i), fit(c, i)))
            .collect(),
    };
    let title = averias_i18n::text(lang, &format!("table-{}", table.name));
    let mut lines = vec![Line::text(11.0, title)];
    lines.push(row(table.columns.iter().skip(skip).cloned().collect()));
    for r in &table.rows {
        lines.push(row(r.iter().skip(skip).map(Cell::text).collect()));
    }
    lines.push(Line::text(TEXT_SIZE, ""));
    lines
}
