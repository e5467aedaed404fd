//! The weekly fault report in the console (R-REPORT-1/2): any ISO week's
//! tables in the page's language, its charts, and the downloads. Charts and
//! files come from the API's own report endpoints, which accept the
//! console's session for reads.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render};
use super::session::Signed;
use crate::App;
use averias_services::report;

struct HtmlTable {
    name: &'static str,
    /// What the table shows, in the page's language.
    title: String,
    /// Where the same table downloads as CSV, if it does.
    csv: Option<String>,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn html_tables(
    tr: Tr,
    tables: Vec<report::Table>,
    csv: impl Fn(&str) -> Option<String>,
) -> Vec<HtmlTable> {
    tables
        .into_iter()
        .map(|t| HtmlTable {
            name: t.name,
            title: tr.label("table", t.name),
            csv: csv(t.name),
            // A machine key beside its description is the files' (CSV,
            // XLSX); the page shows the description.
            columns: t
                .columns
                .into_iter()
                .skip(usize::from(t.key_column))
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .skip(usize::from(t.key_column))
                        .map(|c| c.text())
                        .collect()
                })
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ui/reports.html")]
struct ReportsPage {
    tr: Tr,
    chrome: Chrome,
    week: String,
    in_progress: bool,
    charts: &'static [&'static str],
    tables: Vec<HtmlTable>,
}

#[derive(Debug, Deserialize, Default)]
pub struct WeekQuery {
    #[serde(default)]
    week: Option<String>,
}

pub async fn page(State(app): State<App>, s: Signed, Query(q): Query<WeekQuery>) -> Response {
    let week = q
        .week
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| "current".to_owned());
    let r = match app
        .services
        .reports
        .weekly_report_of(&s.caller.actor, &week)
        .await
    {
        Ok(r) => r,
        Err(e) => return error_page(s.tr, &e),
    };
    let week = r.week.to_string();
    let lang = s.tr.lang();
    let tables = html_tables(s.tr, report::weekly_tables(&r, s.tr.0), |name| {
        Some(format!(
            "/api/v1/weekly-reports/{week}/tables/{name}?lang={lang}"
        ))
    });
    render(&ReportsPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        week,
        in_progress: r.in_progress,
        charts: report::CHARTS,
        tables,
    })
}

#[derive(Template)]
#[template(path = "ui/statistics.html")]
struct StatisticsPage {
    tr: Tr,
    chrome: Chrome,
    from: String,
    to: String,
    error: Option<String>,
    tables: Vec<HtmlTable>,
}

#[derive(Debug, Deserialize, Default)]
pub struct RangeQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// Fault statistics for product development (R-REPORT-2) over a range of
/// days in the operator's zone (default: the last 90 days).
pub async fn statistics(
    State(app): State<App>,
    s: Signed,
    Query(q): Query<RangeQuery>,
) -> Response {
    let zone = app.services.reports.settings.zone;
    let today = app.services.now().with_timezone(&zone).date_naive();
    let day = |v: Option<&str>, default: chrono::NaiveDate| {
        v.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or(default)
    };
    let from = day(q.from.as_deref(), today - chrono::Days::new(90));
    let to = day(q.to.as_deref(), today);
    let start = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(zone).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
    };
    let (Some(a), Some(b)) = (start(from), start(to + chrono::Days::new(1))) else {
        return error_page(
            s.tr,
            &averias_services::ServiceError::invalid("invalid_range", "from", "no such day"),
        );
    };
    let (tables, error) = match app
        .services
        .reports
        .fault_statistics(&s.caller.actor, a, b)
        .await
    {
        Ok(stats) => (
            html_tables(s.tr, report::statistics_tables(&stats, s.tr.0), |_| None),
            None,
        ),
        Err(e @ averias_services::ServiceError::Invalid { .. }) => {
            (Vec::new(), Some(e.in_words(s.tr.0)))
        }
        Err(e) => return error_page(s.tr, &e),
    };
    render(&StatisticsPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        from: from.to_string(),
        to: to.to_string(),
        error,
        tables,
    })
}
