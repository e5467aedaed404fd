//! `/api/v1/weekly-reports` and `/api/v1/fault-statistics`: the weekly
//! fault report (R-REPORT-1) as JSON, as CSV one table at a time, or as an
//! XLSX workbook; the report's figures for any range; and the statistics
//! product development reads (R-REPORT-2). Computed from the live tables, so
//! the current week is always up to date.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiQuery, Caller};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use averias_i18n::Lang;
use averias_services::ServiceError;
use averias_services::report::{self, Table};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(stored_list))
        .routes(routes!(stored))
        .routes(routes!(weekly))
        .routes(routes!(weekly_table))
        .routes(routes!(weekly_xlsx))
        .routes(routes!(weekly_chart))
        .routes(routes!(weekly_pdf))
        .routes(routes!(range))
        .routes(routes!(statistics))
}

fn attachment(content_type: &'static str, filename: String, body: Vec<u8>) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The language of a download's headers.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `es` (default) or `en`.
    lang: Option<String>,
}

impl LangQuery {
    /// The asked language, Spanish when none is asked.
    fn lang(&self) -> Result<Lang, ApiError> {
        match self.lang.as_deref() {
            None => Ok(Lang::Es),
            Some(code) => Lang::parse(code).ok_or_else(|| {
                ServiceError::invalid("invalid_lang", "lang", format!("'{code}' is not es or en"))
                    .into()
            }),
        }
    }
}

fn table_named<'a>(tables: &'a [Table], name: &str) -> Result<&'a Table, ApiError> {
    tables.iter().find(|t| t.name == name).ok_or_else(|| {
        let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
        ServiceError::invalid(
            "unknown_table",
            "table",
            format!("no table '{name}'; the tables are {}", names.join(", ")),
        )
        .into()
    })
}

/// The weekly report of an ISO week (`2026-W48`, or `current`): every
/// figure beside the previous week's, and a 12-week trend. CSM, product
/// development, customer-service management and admins.
#[utoipa::path(get, path = "/api/v1/weekly-reports/{week}", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48, or current")),
    responses((status = 200, body = Object, description = "The weekly report"), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn weekly(
    State(app): State<App>,
    caller: Caller,
    Path(week): Path<String>,
) -> ApiResult<Json<Value>> {
    let report = app
        .services
        .reports
        .weekly_report_of(&caller.0, &week)
        .await?;
    let tables: Vec<&str> = report::weekly_tables(&report, Lang::Es)
        .iter()
        .map(|t| t.name)
        .collect();
    let mut body = json!(report);
    body["tables"] = json!(tables);
    Ok(Json(body))
}

/// One table of the weekly report as CSV (every row, no cap).
#[utoipa::path(get, path = "/api/v1/weekly-reports/{week}/tables/{table}", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48, or current"),
        ("table" = String, Path, description = "Table name, as listed in the report's `tables`"), LangQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn weekly_table(
    State(app): State<App>,
    caller: Caller,
    Path((week, table)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Response> {
    let report = app
        .services
        .reports
        .weekly_report_of(&caller.0, &week)
        .await?;
    let week = report.week;
    let tables = report::weekly_tables(&report, q.lang()?);
    let name = table.trim_end_matches(".csv");
    let text = report::csv(table_named(&tables, name)?)
        .map_err(|e| ApiError::internal("cannot write the CSV table", e))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        format!("{week}-{name}.csv"),
        text.into_bytes(),
    ))
}

/// The weekly report as an XLSX workbook: one sheet per table.
#[utoipa::path(get, path = "/api/v1/weekly-reports/{week}/xlsx", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48, or current"), LangQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn weekly_xlsx(
    State(app): State<App>,
    caller: Caller,
    Path(week): Path<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Response> {
    let report = app
        .services
        .reports
        .weekly_report_of(&caller.0, &week)
        .await?;
    let week = report.week;
    let bytes = report::workbook(&report::weekly_tables(&report, q.lang()?))
        .map_err(|e| ApiError::internal("cannot write the XLSX workbook", e))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("reporte-averias-{week}.xlsx"),
        bytes,
    ))
}

/// A range.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// The report's figures and the same-length range before it.
#[derive(Debug, Serialize)]
struct RangeBody {
    current: averias_services::weekly_report::Figures,
    previous: averias_services::weekly_report::Figures,
}

/// The weekly report's figures for any range (at most 400 days), beside the range before it.
#[utoipa::path(get, path = "/api/v1/fault-report", tag = "reports", params(RangeQuery),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn range(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Value>> {
    let (current, previous) = app
        .services
        .reports
        .range_report(&caller.0, q.from, q.to)
        .await?;
    Ok(Json(json!(RangeBody { current, previous })))
}

/// Fault statistics for product development (R-REPORT-2): recurring faults
/// per account, per make and model and per fault type; top accounts; faults
/// on a line with another in the 30 days before.
#[utoipa::path(get, path = "/api/v1/fault-statistics", tag = "reports", params(RangeQuery),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn statistics(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Value>> {
    let s = app
        .services
        .reports
        .fault_statistics(&caller.0, q.from, q.to)
        .await?;
    Ok(Json(json!(s)))
}

/// A kept report: its week and when it was generated.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoredReportRef {
    week: String,
    generated_at: DateTime<Utc>,
}

/// Weeks whose report was kept and mailed on the Monday after, newest first.
#[utoipa::path(get, path = "/api/v1/weekly-reports/stored", tag = "reports",
    responses((status = 200, body = Vec<StoredReportRef>), (status = 403, body = ErrorBody)))]
async fn stored_list(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<Json<Vec<StoredReportRef>>> {
    let list = app.services.reports.stored_reports(&caller.0).await?;
    Ok(Json(
        list.into_iter()
            .map(|(week, generated_at)| StoredReportRef { week, generated_at })
            .collect(),
    ))
}

/// A kept report, exactly as it was generated on the Monday after its week.
#[utoipa::path(get, path = "/api/v1/weekly-reports/stored/{week}", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48")),
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn stored(
    State(app): State<App>,
    caller: Caller,
    Path(week): Path<String>,
) -> ApiResult<Json<Value>> {
    let kept = app.services.reports.stored_report(&caller.0, &week).await?;
    Ok(Json(kept.body))
}

/// A chart of the weekly report as SVG: `por_tipo` (bars of faults opened
/// by fault type), `tendencia` (opened and resolved over 12 weeks),
/// `cumplimiento` (24-hour compliance over 12 weeks).
#[utoipa::path(get, path = "/api/v1/weekly-reports/{week}/charts/{chart}", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48, or current"),
        ("chart" = String, Path, description = "por_tipo, tendencia or cumplimiento"), LangQuery),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn weekly_chart(
    State(app): State<App>,
    caller: Caller,
    Path((week, chart)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Response> {
    let lang = q.lang()?;
    let report = app
        .services
        .reports
        .weekly_report_of(&caller.0, &week)
        .await?;
    let name = chart.trim_end_matches(".svg");
    let svg = report::chart(&report, name, lang)
        .ok_or_else(|| {
            ApiError::from(ServiceError::invalid(
                "unknown_chart",
                "chart",
                format!(
                    "no chart '{name}'; the charts are {}",
                    report::CHARTS.join(", ")
                ),
            ))
        })?
        .map_err(|e| ApiError::internal("cannot draw the chart", e))?;
    let mut response = svg.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    Ok(response)
}

/// The weekly report as a PDF for reading and forwarding: the tables as
/// text, then a page per chart. Spanish by default, English with `?lang=en`.
#[utoipa::path(get, path = "/api/v1/weekly-reports/{week}/pdf", tag = "reports",
    params(("week" = String, Path, description = "ISO week like 2026-W48, or current"), LangQuery),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn weekly_pdf(
    State(app): State<App>,
    caller: Caller,
    Path(week): Path<String>,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> ApiResult<Response> {
    let report = app
        .services
        .reports
        .weekly_report_of(&caller.0, &week)
        .await?;
    let week = report.week;
    let lang = q.lang()?;
    let tables = report::weekly_tables(&report, lang);
    // Setting a PDF is CPU work: off the request threads.
    let bytes = tokio::task::spawn_blocking(move || report::pdf(&report, &tables, lang))
        .await
        .map_err(|e| ApiError::internal("the PDF task failed", e))?
        .map_err(|e| ApiError::internal("cannot set the PDF", e))?;
    Ok(attachment(
        "application/pdf",
        format!("reporte-averias-{week}.pdf"),
        bytes,
    ))
}
