//! Search (issue 23): one box for tickets, accounts and lines, with what
//! each role may see (R-ACCESS-1) applied inside the queries: a customer
//! finds its own account's faults and their public notes, a consultant
//! its accounts', a center the faults booked at it, operator staff
//! everything, internal notes included.
//!
//! Hits come in one order, page after page: accounts, then lines, then
//! tickets (by rank: number, title, text; newest first within a rank).
//! The cursor names where the last page stopped, so paging goes as deep
//! as the hits do, each page at the cost of the first.

use std::sync::Arc;

use averias_domain::{AccountId, Actor, Role, Status, TicketId, Visibility};
use averias_search::Query;
pub use averias_search::Snippet;
use averias_store::{
    AccountFilter, DirectoryStore, SearchPosition, SearchRank, SearchStore, TicketScope,
    TicketSearch,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use crate::{ServiceError, ServiceResult};

/// Longest query read, in characters.
pub const MAX_QUERY: usize = 200;
/// Most hits on one page.
pub const MAX_LIMIT: i64 = 100;
/// Characters of a snippet.
const SNIPPET_WIDTH: usize = 160;

/// What a search may find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchKind {
    Account,
    Line,
    Ticket,
}

impl SearchKind {
    pub const ALL: [SearchKind; 3] = [SearchKind::Account, SearchKind::Line, SearchKind::Ticket];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Account => "account",
            SearchKind::Line => "line",
            SearchKind::Ticket => "ticket",
        }
    }

    pub fn parse(s: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A search as asked.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    /// Empty: every kind.
    pub kinds: Vec<SearchKind>,
    /// Tickets in these statuses only (empty: any).
    pub status: Vec<Status>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// One thing found.
#[derive(Debug, Clone)]
pub enum SearchHit {
    Account {
        id: AccountId,
        number: String,
        name: String,
    },
    Line {
        msisdn: String,
        account_id: AccountId,
        account_number: String,
        account_name: String,
    },
    Ticket {
        id: TicketId,
        number: String,
        title: String,
        status: Status,
        account_id: Option<AccountId>,
        account_name: Option<String>,
        reported_at: DateTime<Utc>,
        rank: SearchRank,
        /// `[start, end)` in characters of the title's matching words.
        title_highlights: Vec<(usize, usize)>,
        snippet: Option<Snippet>,
    },
}

impl SearchHit {
    pub fn kind(&self) -> SearchKind {
        match self {
            SearchHit::Account { .. } => SearchKind::Account,
            SearchHit::Line { .. } => SearchKind::Line,
            SearchHit::Ticket { .. } => SearchKind::Ticket,
        }
    }
}

/// A page of hits.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// Where the next page starts; `None` on the last.
    pub next_cursor: Option<String>,
    /// The query is a whole ticket number and the caller may see that
    /// ticket: screens open it directly.
    pub ticket_number: Option<String>,
}

/// Where a page starts, inside the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    Accounts { offset: i64 },
    Lines { after: String },
    Tickets(SearchPosition),
}

impl Position {
    fn kind(&self) -> SearchKind {
        match self {
            Position::Accounts { .. } => SearchKind::Account,
            Position::Lines { .. } => SearchKind::Line,
            Position::Tickets(_) => SearchKind::Ticket,
        }
    }

    fn encode(&self) -> String {
        let plain = match self {
            Position::Accounts { offset } => format!("a{offset}"),
            Position::Lines { after } => format!("l{after}"),
            Position::Tickets(p) => format!("t{}.{}", p.rank.as_u8(), p.doc),
        };
        URL_SAFE_NO_PAD.encode(plain)
    }

    fn decode(cursor: &str) -> Option<Position> {
        let plain = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
        let (tag, rest) = plain.split_at_checked(1)?;
        match tag {
            "a" => Some(Position::Accounts {
                offset: rest.parse().ok().filter(|n| *n >= 0)?,
            }),
            "l" if !rest.is_empty() => Some(Position::Lines {
                after: rest.to_owned(),
            }),
            "t" => {
                let (rank, doc) = rest.split_once('.')?;
                Some(Position::Tickets(SearchPosition {
                    rank: SearchRank::from_u8(rank.parse().ok()?)?,
                    doc: doc.parse().ok()?,
                }))
            }
            _ => None,
        }
    }
}

/// The search use case.
#[derive(Clone)]
pub struct Search {
    pub(crate) directory_store: Arc<dyn DirectoryStore>,
    pub(crate) search_store: Arc<dyn SearchStore>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").finish_non_exhaustive()
    }
}

/// The tickets `actor` may find (the same rule as its lists).
pub fn ticket_scope(actor: &Actor) -> ServiceResult<TicketScope> {
    Ok(match actor.role {
        Role::Customer => {
            TicketScope::Account(actor.account_id.ok_or_else(|| {
                ServiceError::Forbidden("this customer user has no account".into())
            })?)
        }
        Role::SalesConsultant => TicketScope::Consultant(actor.user_id),
        Role::InstallationCenter => {
            TicketScope::RepairQueue(actor.group.clone().ok_or_else(|| {
                ServiceError::Forbidden("this center user belongs to no center".into())
            })?)
        }
        _ => TicketScope::All,
    })
}

impl Search {
    /// One page of what `actor` may find for `request`.
    pub async fn search(
        &self,
        actor: &Actor,
        request: &SearchRequest,
    ) -> ServiceResult<SearchResults> {
        let q = request.q.trim();
        if q.is_empty() {
            return Err(ServiceError::invalid(
                "query_required",
                "q",
                "type something to search for",
            ));
        }
        if q.chars().count() > MAX_QUERY {
            return Err(ServiceError::invalid(
                "query_too_long",
                "q",
                format!("a search is at most {MAX_QUERY} characters"),
            ));
        }
        if !(1..=MAX_LIMIT).contains(&request.limit) {
            return Err(ServiceError::invalid(
                "invalid_limit",
                "limit",
                format!("limit is between 1 and {MAX_LIMIT}"),
            ));
        }
        let start = match request.cursor.as_deref() {
            None => None,
            Some(c) => Some(Position::decode(c).ok_or_else(|| {
                ServiceError::invalid(
                    "invalid_cursor",
                    "cursor",
                    "this cursor was not given by a search; start again without it",
                )
            })?),
        };
        let scope = ticket_scope(actor)?;
        let query = Query::parse(&request.q);
        // Status and dates are tickets' own: with them, only tickets.
        let ticket_filters =
            !request.status.is_empty() || request.from.is_some() || request.to.is_some();
        let mut kinds = if !request.kinds.is_empty() {
            request.kinds.clone()
        } else if ticket_filters {
            vec![SearchKind::Ticket]
        } else {
            SearchKind::ALL.to_vec()
        };
        // Text that reads as nothing (a lone accent, punctuation) names no
        // account; an empty name filter would list them all.
        if !averias_search::fold(q)
            .chars()
            .any(averias_search::is_word_char)
        {
            kinds.retain(|k| *k != SearchKind::Account);
        }
        kinds.sort_unstable();
        kinds.dedup();
        if let Some(p) = &start {
            kinds.retain(|k| *k >= p.kind());
        }
        // One more than asked: whether a next page exists.
        let want = request.limit + 1;
        let mut hits: Vec<(Position, SearchHit)> = Vec::new();
        for kind in kinds {
            let room = want - hits.len() as i64;
            if room <= 0 {
                break;
            }
            let from = start.clone().filter(|p| p.kind() == kind);
            match kind {
                SearchKind::Account => {
                    let offset = match from {
                        Some(Position::Accounts { offset }) => offset,
                        _ => 0,
                    };
                    hits.extend(self.accounts(actor, q, offset, room).await?);
                }
                SearchKind::Line => {
                    let after = match from {
                        Some(Position::Lines { after }) => Some(after),
                        _ => None,
                    };
                    // A line is named by one run of digits alone.
                    if let [digits] = query.digits.as_slice()
                        && query.words.is_empty()
                    {
                        hits.extend(self.lines(&scope, digits, after, room).await?);
                    }
                }
                SearchKind::Ticket => {
                    let after = match from {
                        Some(Position::Tickets(p)) => Some(p),
                        _ => None,
                    };
                    hits.extend(
                        self.tickets(actor, &scope, &query, request, after, room)
                            .await?,
                    );
                }
            }
        }
        let next_cursor = if hits.len() as i64 > request.limit {
            hits.truncate(request.limit as usize);
            hits.last().map(|(p, _)| p.encode())
        } else {
            None
        };
        let ticket_number = query.ticket.and_then(|(year, seq)| {
            let number = averias_domain::TicketNumber::new(i32::from(year), seq).to_string();
            hits.iter()
                .any(|(_, h)| matches!(h, SearchHit::Ticket { number: n, .. } if *n == number))
                .then_some(number)
        });
        Ok(SearchResults {
            hits: hits.into_iter().map(|(_, h)| h).collect(),
            next_cursor,
            ticket_number,
        })
    }

    async fn accounts(
        &self,
        actor: &Actor,
        q: &str,
        offset: i64,
        limit: i64,
    ) -> ServiceResult<Vec<(Position, SearchHit)>> {
        let mut filter = AccountFilter {
            q: Some(q.to_owned()),
            consultant: None,
            limit,
            offset,
        };
        match actor.role {
            Role::SalesConsultant => filter.consultant = Some(actor.user_id),
            r if r.is_operator_staff() => {}
            // A customer has one account and is in it; centers and the
            // warehouse work on devices, not accounts.
            _ => return Ok(Vec::new()),
        }
        let page = self.directory_store.list_accounts(&filter).await?;
        Ok(page
            .items
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                (
                    Position::Accounts {
                        offset: offset + i as i64 + 1,
                    },
                    SearchHit::Account {
                        id: a.id,
                        number: a.number,
                        name: a.name,
                    },
                )
            })
            .collect())
    }

    async fn lines(
        &self,
        scope: &TicketScope,
        digits: &str,
        after: Option<String>,
        limit: i64,
    ) -> ServiceResult<Vec<(Position, SearchHit)>> {
        let found = self
            .search_store
            .search_lines(digits, scope, after.as_deref(), limit)
            .await?;
        Ok(found
            .into_iter()
            .map(|l| {
                (
                    Position::Lines {
                        after: l.msisdn.clone(),
                    },
                    SearchHit::Line {
                        msisdn: l.msisdn,
                        account_id: l.account_id,
                        account_number: l.account_number,
                        account_name: l.account_name,
                    },
                )
            })
            .collect())
    }

    async fn tickets(
        &self,
        actor: &Actor,
        scope: &TicketScope,
        query: &Query,
        request: &SearchRequest,
        after: Option<SearchPosition>,
        limit: i64,
    ) -> ServiceResult<Vec<(Position, SearchHit)>> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let search = TicketSearch {
            query: query.clone(),
            scope: scope.clone(),
            internal: actor.may_read(Visibility::Internal),
            status: request.status.clone(),
            from: request.from,
            to: request.to,
            after,
            limit,
        };
        let found = self.search_store.search_tickets(&search).await?;
        Ok(found
            .into_iter()
            .map(|t| {
                let snippet = averias_search::snippet(
                    t.texts.iter().map(String::as_str),
                    query,
                    SNIPPET_WIDTH,
                );
                (
                    Position::Tickets(t.position),
                    SearchHit::Ticket {
                        id: t.id,
                        number: t.number,
                        title_highlights: averias_search::marks(&t.title, query),
                        title: t.title,
                        status: t.status,
                        account_id: t.account_id,
                        account_name: t.account_name,
                        reported_at: t.reported_at,
                        rank: t.position.rank,
                        snippet,
                    },
                )
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_what_they_wrote_and_nothing_else() {
        for p in [
            Position::Accounts { offset: 20 },
            Position::Lines {
                after: "+584161000000".into(),
            },
            Position::Tickets(SearchPosition {
                rank: SearchRank::Text,
                doc: 123_456,
            }),
        ] {
            assert_eq!(Position::decode(&p.encode()), Some(p));
        }
        for bad in ["", "???", "dDMuMQ", "YS0x", "dDkuMQ"] {
            assert_eq!(Position::decode(bad), None, "{bad}");
        }
    }
}
