//! What a search asks the store and what it gets back (issue 23). The
//! words and digits come read by `averias-search`; the store turns them
//! into each database's index query.

use averias_domain::{AccountId, Status, TicketId};
use chrono::{DateTime, Utc};

use crate::TicketScope;

/// How well a ticket matches, best first. Within a rank, the ticket
/// indexed last (reported last) comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchRank {
    /// Its number is the query (`AV-2026-62`, or `62` for any year).
    Number = 0,
    /// Its title holds every word of the query.
    Title = 1,
    /// Its text holds every word and its identifiers every digit run.
    Text = 2,
}

impl SearchRank {
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    pub fn from_u8(n: u8) -> Option<SearchRank> {
        [SearchRank::Number, SearchRank::Title, SearchRank::Text]
            .into_iter()
            .find(|r| r.as_u8() == n)
    }
}

/// Where a page of tickets starts: after this rank and document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchPosition {
    pub rank: SearchRank,
    pub doc: i64,
}

/// A ticket search.
#[derive(Debug, Clone)]
pub struct TicketSearch {
    pub query: averias_search::Query,
    /// Whose tickets the caller may see (R-ACCESS-1).
    pub scope: TicketScope,
    /// Whether internal text (internal notes and files) may match.
    pub internal: bool,
    pub status: Vec<Status>,
    /// Reported at or after.
    pub from: Option<DateTime<Utc>>,
    /// Reported before.
    pub to: Option<DateTime<Utc>>,
    pub after: Option<SearchPosition>,
    pub limit: i64,
}

/// One ticket found.
#[derive(Debug, Clone)]
pub struct TicketHit {
    pub position: SearchPosition,
    pub id: TicketId,
    pub number: String,
    pub title: String,
    pub status: Status,
    pub account_id: Option<AccountId>,
    pub account_name: Option<String>,
    pub reported_at: DateTime<Utc>,
    /// Texts the snippet may come from, most telling first: description,
    /// resolution, the notes the caller may read (newest first), file names.
    pub texts: Vec<String>,
}

/// One line found by its digits.
#[derive(Debug, Clone)]
pub struct LineHit {
    pub msisdn: String,
    pub account_id: AccountId,
    pub account_number: String,
    pub account_name: String,
}
