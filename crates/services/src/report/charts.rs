//! The weekly report's charts as SVG, drawn server-side with plotters (SVG
//! backend only: the text is laid out by estimate and rendered by whatever
//! shows the picture): faults opened by type, the 12-week trend of opened
//! and resolved faults, and the 24-hour compliance of those weeks.

use averias_i18n::{Lang, text, text_with};
use plotters::prelude::*;

use crate::weekly_report::WeeklyReport;

/// The charts a report has, by the name its URL uses.
pub const CHARTS: &[&str] = &["por_tipo", "tendencia", "cumplimiento"];

const SIZE: (u32, u32) = (900, 420);
const BLUE: RGBColor = RGBColor(0x2f, 0x5d, 0x9e);
const ORANGE: RGBColor = RGBColor(0xd9, 0x6c, 0x1e);

/// The chart `name` of `report` as an SVG document with its words in
/// `lang`, or `None` for an unknown name.
pub fn chart(report: &WeeklyReport, name: &str, lang: Lang) -> Option<Result<String, String>> {
    let drawn = match name {
        "por_tipo" => by_fault_type(report, lang),
        "tendencia" => trend(report, lang),
        "cumplimiento" => compliance(report, lang),
        _ => return None,
    };
    Some(drawn.map_err(|e| e.to_string()))
}

type Drawn = Result<String, Box<dyn std::error::Error>>;

/// Bars: faults opened this week by fault type.
fn by_fault_type(r: &WeeklyReport, lang: Lang) -> Drawn {
    let rows: Vec<(String, i64)> = r
        .current
        .by_fault_type
        .iter()
        .map(|c| {
            let label = if c.label.is_empty() {
                c.key.clone()
            } else {
                c.label.clone()
            };
            (label, c.count)
        })
        .collect();
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        // Horizontal bars: fault type names are long, and read best on the left.
        let n = rows.len().max(1);
        let height = (120 + 44 * n as u32).max(SIZE.1);
        let root = SVGBackend::with_string(&mut svg, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                text_with(
                    lang,
                    "report-chart-by_fault_type",
                    &[("week", r.week.to_string().into())],
                ),
                ("sans-serif", 22),
            )
            .margin(16)
            .margin_right(40)
            .x_label_area_size(40)
            .y_label_area_size(300)
            .build_cartesian_2d(0..(max + max / 10 + 1), (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => {
                    rows.get(*i).map(|(l, _)| l.clone()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_desc(text(lang, "report-faults"))
            .draw()?;
        chart.draw_series(
            Histogram::horizontal(&chart)
                .style(BLUE.filled())
                .margin(8)
                .data(rows.iter().enumerate().map(|(i, (_, n))| (i, *n))),
        )?;
        root.present()?;
    }
    Ok(svg)
}

/// Lines: faults opened and resolved over the 12 weeks.
fn trend(r: &WeeklyReport, lang: Lang) -> Drawn {
    let weeks: Vec<String> = r.trend.iter().map(|t| t.week.to_string()).collect();
    let max = r
        .trend
        .iter()
        .map(|t| t.opened.max(t.resolved))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let last = weeks.len().saturating_sub(1).max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption(text(lang, "report-chart-trend"), ("sans-serif", 22))
            .margin(16)
            .margin_right(60)
            .x_label_area_size(50)
            .y_label_area_size(50)
            .build_cartesian_2d(0..last, 0..(max + max / 10 + 1))?;
        chart
            .configure_mesh()
            .x_labels(weeks.len())
            .x_label_formatter(&|i| weeks.get(*i).cloned().unwrap_or_default())
            .y_desc(text(lang, "report-faults"))
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                r.trend.iter().enumerate().map(|(i, t)| (i, t.opened)),
                BLUE.stroke_width(3),
            ))?
            .label(text(lang, "report-opened"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE.stroke_width(3)));
        chart
            .draw_series(LineSeries::new(
                r.trend.iter().enumerate().map(|(i, t)| (i, t.resolved)),
                ORANGE.stroke_width(3),
            ))?
            .label(text(lang, "report-resolved"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ORANGE.stroke_width(3)));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

/// Line: the 24-hour compliance of each week that resolved anything.
fn compliance(r: &WeeklyReport, lang: Lang) -> Drawn {
    let weeks: Vec<String> = r.trend.iter().map(|t| t.week.to_string()).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let last = weeks.len().saturating_sub(1).max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption(text(lang, "report-chart-compliance"), ("sans-serif", 22))
            .margin(16)
            .margin_right(60)
            .x_label_area_size(50)
            .y_label_area_size(50)
            .build_cartesian_2d(0..last, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_labels(weeks.len())
            .x_label_formatter(&|i| weeks.get(*i).cloned().unwrap_or_default())
            .y_desc("%")
            .draw()?;
        let points: Vec<(usize, f64)> = r
            .trend
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.compliance_24h.map(|c| (i, c)))
            .collect();
        // A line needs two weeks with resolutions; one week is its point alone.
        if points.len() >= 2 {
            chart.draw_series(LineSeries::new(
                points.iter().copied(),
                BLUE.stroke_width(3),
            ))?;
        }
        chart.draw_series(points.iter().map(|p| Circle::new(*p, 4, BLUE.filled())))?;
        root.present()?;
    }
    Ok(svg)
}
