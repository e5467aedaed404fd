//! The weekly fault report in the console (R-REPORT-1/2): any ISO week's
//! tables in the page's language, its charts, and the downloads. Charts and
//! files come from the API's own report endpoints, which accept the
//! console's session for reads.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::i18n::{Lang, Tr};
use super::pages::{Chrome, error_page, render};
use super::session::Signed;
use crate::App;
use crate::report;

struct HtmlTable {
    name: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
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
    let r = match app.services.weekly_report_of(&s.caller.actor, &week).await {
        Ok(r) => r,
        Err(e) => return error_page(s.tr, &e),
    };
    let mut tables = report::weekly_tables(&r);
    if s.tr.0 == Lang::En {
        tables = report::in_english(tables);
    }
    render(&ReportsPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        week: r.week.to_string(),
        in_progress: r.in_progress,
        charts: report::CHARTS,
        tables: tables
            .into_iter()
            .map(|t| HtmlTable {
                name: t.name,
                columns: t.columns,
                rows: t
                    .rows
                    .iter()
                    .map(|row| row.iter().map(|c| c.text()).collect())
                    .collect(),
            })
            .collect(),
    })
}
