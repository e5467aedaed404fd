//! The console's search page (issue 23): the header's box on every page
//! leads here. Hits come grouped by kind (accounts, lines, tickets, in the
//! order the search gives them); a whole ticket number the caller may see
//! opens that ticket. Customers find their own faults the same way.

use askama::Template;
use averias_domain::Role;
use averias_services::search::{SearchHit, SearchKind, SearchRequest};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::chrome::Chrome;
use super::i18n::Tr;
use super::pages::{error_page, render, when};
use super::session::Signed;
use crate::App;
use averias_services::ServiceError;

/// Hits per page.
const PAGE: i64 = 25;

#[derive(Debug, serde::Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: Option<String>,
    /// One kind only (`ticket`, `account`, `line`), from "more of these".
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
}

/// A piece of a snippet: marked pieces are the words that matched.
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

pub struct TicketLine {
    number: String,
    title: Vec<Piece>,
    status_key: String,
    account: String,
    reported: String,
    snippet: Vec<Piece>,
}

pub struct AccountLine {
    number: String,
    name: String,
    /// Where a click goes: the intake with this account, for those who
    /// report faults.
    href: Option<String>,
}

pub struct LineLine {
    msisdn: String,
    account: String,
    /// The tickets naming this line.
    href: String,
}

#[derive(Template)]
#[template(path = "ui/search.html")]
struct SearchPage {
    tr: Tr,
    chrome: Chrome,
    q: String,
    kind: String,
    accounts: Vec<AccountLine>,
    lines: Vec<LineLine>,
    tickets: Vec<TicketLine>,
    /// The next page's address.
    next: Option<String>,
    /// Why nothing was searched (bad input), in the reader's language.
    problem: Option<String>,
    searched: bool,
}

fn address(pairs: &[(&str, &str)]) -> String {
    let query = serde_html_form::to_string(pairs).unwrap_or_default();
    format!("/ui/search?{query}")
}

/// A snippet's text cut at its marks.
pub fn pieces(s: &averias_services::search::Snippet) -> Vec<Piece> {
    let chars: Vec<char> = s.text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for &(start, end) in &s.highlights {
        if start < at || end > chars.len() {
            continue;
        }
        if start > at {
            out.push(Piece {
                text: chars[at..start].iter().collect(),
                mark: false,
            });
        }
        out.push(Piece {
            text: chars[start..end].iter().collect(),
            mark: true,
        });
        at = end;
    }
    if at < chars.len() {
        out.push(Piece {
            text: chars[at..].iter().collect(),
            mark: false,
        });
    }
    out
}

pub async fn page(State(app): State<App>, s: Signed, Query(p): Query<SearchParams>) -> Response {
    let q = p.q.clone().unwrap_or_default();
    let kind = p
        .kind
        .as_deref()
        .and_then(SearchKind::parse)
        .map(SearchKind::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut view = SearchPage {
        tr: s.tr,
        chrome: Chrome::of(&s),
        q: q.clone(),
        kind: kind.clone(),
        accounts: Vec::new(),
        lines: Vec::new(),
        tickets: Vec::new(),
        next: None,
        problem: None,
        searched: false,
    };
    if q.trim().is_empty() {
        return render(&view);
    }
    let request = SearchRequest {
        q: q.clone(),
        kinds: SearchKind::parse(&kind).into_iter().collect(),
        status: Vec::new(),
        from: None,
        to: None,
        limit: PAGE,
        cursor: p.cursor.clone(),
    };
    let found = match app.services.search.search(&s.caller.actor, &request).await {
        Ok(f) => f,
        Err(e @ ServiceError::Invalid { .. }) => {
            view.problem = Some(s.tr.t(&format!("refusal-{}", e.code())));
            return render(&view);
        }
        Err(e) => return error_page(s.tr, &e),
    };
    if let (Some(number), None) = (&found.ticket_number, &p.cursor) {
        return Redirect::to(&format!("/ui/tickets/{number}")).into_response();
    }
    view.searched = true;
    let zone = app.services.reports.settings.zone;
    let reports = matches!(
        s.caller.actor.role,
        Role::Teleservice | Role::Csm | Role::SalesConsultant
    );
    for hit in found.hits {
        match hit {
            SearchHit::Account { number, name, .. } => view.accounts.push(AccountLine {
                href: reports.then(|| format!("/ui/intake?q={}", number)),
                number,
                name,
            }),
            SearchHit::Line {
                msisdn,
                account_name,
                ..
            } => view.lines.push(LineLine {
                href: address(&[("kind", "ticket"), ("q", &msisdn)]),
                msisdn,
                account: account_name,
            }),
            SearchHit::Ticket {
                number,
                title,
                status,
                account_name,
                reported_at,
                title_highlights,
                snippet,
                ..
            } => view.tickets.push(TicketLine {
                number,
                title: pieces(&averias_services::search::Snippet {
                    text: title,
                    highlights: title_highlights,
                }),
                status_key: format!("status-{}", status.as_str()),
                account: account_name.unwrap_or_default(),
                reported: when(reported_at, zone),
                snippet: snippet.as_ref().map(pieces).unwrap_or_default(),
            }),
        }
    }
    view.next = found.next_cursor.map(|c| {
        address(&[
            ("q", q.as_str()),
            ("kind", kind.as_str()),
            ("cursor", c.as_str()),
        ])
    });
    render(&view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_cut_at_its_marks() {
        let s = averias_services::search::Snippet {
            text: "sin señal en El Ávila".into(),
            highlights: vec![(4, 9), (16, 21)],
        };
        let cut: Vec<(String, bool)> = pieces(&s).into_iter().map(|p| (p.text, p.mark)).collect();
        assert_eq!(
            cut,
            [
                ("sin ".to_owned(), false),
                ("señal".to_owned(), true),
                (" en El ".to_owned(), false),
                ("Ávila".to_owned(), true),
            ]
        );
    }
}
