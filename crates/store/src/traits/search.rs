//! Search (issue 23): the index kept beside the tickets and the queries
//! over it, with lines found by their digits.

use async_trait::async_trait;

use crate::*;

#[async_trait]
pub trait SearchStore: Send + Sync + std::fmt::Debug {
    /// Up to `search.limit` tickets after `search.after`, best rank first,
    /// then last indexed first; each with the texts a snippet may use.
    async fn search_tickets(&self, search: &TicketSearch) -> StoreResult<Vec<TicketHit>>;

    /// Lines whose international or national number contains `digits`,
    /// of the accounts `scope` may see, in number order after `after`.
    async fn search_lines(
        &self,
        digits: &str,
        scope: &TicketScope,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<LineHit>>;

    /// Indexes every ticket that has no search document yet (a database
    /// from before search, an import), in report order; returns how many.
    async fn index_missing(&self) -> StoreResult<u64>;
}
