//! How Averías reads text for search, in one place for both databases
//! (issue 23): the index and the queries of SQLite and PostgreSQL are fed
//! the same terms, so one corpus finds the same things on both.
//!
//! - [`fold`]: lowercase without accents ("El Ávila" and "el avila" meet);
//! - [`terms`]: the Spanish word forms of a text ("reparación",
//!   "reparaciones" and "reparar" share one);
//! - [`identifiers`]: ticket numbers, phone lines, IMEIs and account
//!   numbers in any written form, reduced to their digits.

mod identifiers;
mod words;

pub use identifiers::{Identifier, identifiers, msisdn_digits, ticket_number};
pub use words::{fold, stem, terms, words};
