//! `GET /api/v1/search`: one search across tickets, accounts and lines
//! (issue 23), with each role's view (R-ACCESS-1) and cursor paging.

use averias_domain::Status;
use averias_services::search::{SearchHit, SearchKind, SearchRequest};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiQuery, Caller, parse_field};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};

pub(super) fn router() -> OpenApiRouter<App> {
    OpenApiRouter::new().routes(routes!(search))
}

/// What to search for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words (any case, with or without accents, any Spanish form; the last
    /// one may be a beginning), a ticket number (`av-2026-62`, `62`), or
    /// four or more digits of a line, IMEI or ticket number.
    q: String,
    /// Comma-separated kinds: `ticket`, `account`, `line` (default all).
    kind: Option<String>,
    /// Comma-separated ticket statuses (TMF names), e.g. `acknowledged,inProgress`.
    status: Option<String>,
    /// Tickets reported at or after this instant (RFC 3339).
    from: Option<chrono::DateTime<chrono::Utc>>,
    /// Tickets reported before this instant (RFC 3339).
    to: Option<chrono::DateTime<chrono::Utc>>,
    /// Hits per page, 1..=100 (default 20).
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A piece of a hit's text with the matching words marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnippetBody {
    pub text: String,
    /// `[start, end)` of each match, in characters (Unicode scalar values) of `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitBody {
    /// `ticket`, `account` or `line`.
    pub kind: &'static str,
    /// Ticket or account id; for a line, its number.
    pub id: String,
    /// Ticket number, account number, or the line's number.
    pub number: String,
    /// Ticket title, account name, or the line's account name.
    pub title: String,
    /// Tickets: TMF status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Tickets and lines: the account's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Tickets and lines: the account's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// Tickets: when reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Tickets: `number` (the query is its number), `title` (every word in
    /// the title) or `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<&'static str>,
    /// Tickets: `[start, end)` in characters of `title`'s matching words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_highlights: Option<Vec<[usize; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<SnippetBody>,
}

/// A page of hits: accounts, then lines, then tickets (best rank first,
/// newest first within a rank).
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchBody {
    pub hits: Vec<SearchHitBody>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Present when the query is a whole ticket number the caller may see.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_number: Option<String>,
}

impl From<SearchHit> for SearchHitBody {
    fn from(h: SearchHit) -> Self {
        let kind = h.kind().as_str();
        match h {
            SearchHit::Account { id, number, name } => SearchHitBody {
                kind,
                id: id.to_string(),
                number,
                title: name,
                status: None,
                account_id: None,
                account_name: None,
                reported_at: None,
                rank: None,
                title_highlights: None,
                snippet: None,
            },
            SearchHit::Line {
                msisdn,
                account_id,
                account_number: _,
                account_name,
            } => SearchHitBody {
                kind,
                id: msisdn.clone(),
                number: msisdn,
                title: account_name.clone(),
                status: None,
                account_id: Some(account_id.to_string()),
                account_name: Some(account_name),
                reported_at: None,
                rank: None,
                title_highlights: None,
                snippet: None,
            },
            SearchHit::Ticket {
                id,
                number,
                title,
                status,
                account_id,
                account_name,
                reported_at,
                rank,
                title_highlights,
                snippet,
            } => SearchHitBody {
                kind,
                id: id.to_string(),
                number,
                title,
                status: Some(status.as_str().to_owned()),
                account_id: account_id.map(|a| a.to_string()),
                account_name,
                reported_at: Some(reported_at),
                rank: Some(match rank {
                    averias_store::SearchRank::Number => "number",
                    averias_store::SearchRank::Title => "title",
                    averias_store::SearchRank::Text => "text",
                }),
                title_highlights: Some(title_highlights.into_iter().map(|(a, b)| [a, b]).collect()),
                snippet: snippet.map(|s| SnippetBody {
                    text: s.text,
                    highlights: s.highlights.into_iter().map(|(a, b)| [a, b]).collect(),
                }),
            },
        }
    }
}

/// The request as the service takes it.
pub(crate) fn request(q: SearchQuery) -> ApiResult<SearchRequest> {
    let mut kinds = Vec::new();
    for k in q.kind.iter().flat_map(|k| k.split(',')).map(str::trim) {
        if k.is_empty() {
            continue;
        }
        kinds.push(SearchKind::parse(k).ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_kind",
                format!("kind '{k}' is not ticket, account or line"),
            )
            .with_details(serde_json::json!({"field": "kind"}))
        })?);
    }
    let mut status = Vec::new();
    for s in q.status.iter().flat_map(|s| s.split(',')).map(str::trim) {
        if !s.is_empty() {
            status.push(parse_field::<Status>(s, "status", "invalid_status")?);
        }
    }
    Ok(SearchRequest {
        q: q.q,
        kinds,
        status,
        from: q.from,
        to: q.to,
        limit: q.limit.unwrap_or(20),
        cursor: q.cursor,
    })
}

/// Search tickets, accounts and lines.
///
/// Matching: case and accents do not matter, Spanish word forms meet
/// ("reparación", "reparaciones", "reparar"), the last word may be a
/// beginning ("señ"); every word must match. Ticket text covers the
/// title, description, notes (internal ones for operator staff only),
/// resolution, reporter and file names. Digits match ticket numbers by
/// their last digits, lines in national or international form, IMEIs.
/// Each role finds only what it may see.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn search(
    State(app): State<App>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchBody>> {
    let found = app.services.search.search(&caller.0, &request(q)?).await?;
    Ok(Json(SearchBody {
        hits: found.hits.into_iter().map(Into::into).collect(),
        next_cursor: found.next_cursor,
        ticket_number: found.ticket_number,
    }))
}
