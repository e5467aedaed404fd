//! How Averías reads text for search, in one place for both databases
//! (issue 23): the index and the queries of SQLite and PostgreSQL are fed
//! the same terms, so one corpus finds the same things on both.
//!
//! - [`fold`]: lowercase without accents ("El Ávila" and "el avila" meet);
//! - [`terms`]: the Spanish word forms of a text ("reparación",
//!   "reparaciones" and "reparar" share one);
//! - [`identifiers`]: ticket numbers, phone lines, IMEIs and account
//!   numbers in any written form, reduced to their digits;
//! - [`TicketText::index`]: what the index stores for one ticket;
//! - [`Query`]: a search box's text, written as FTS5 and as `tsquery`;
//! - [`snippet`]: the piece of a hit shown under it, matches marked.

mod document;
mod identifiers;
mod query;
mod snippet;
mod words;

pub use document::{IndexedTicket, TicketText, index_identifiers, index_terms, is_stop_word};
pub use identifiers::{Identifier, identifiers, msisdn_digits, ticket_number};
pub use query::{Columns, Query, QueryWord};
pub use snippet::{Snippet, marks, snippet};
pub use words::{fold, is_word_char, stem, terms, words};
