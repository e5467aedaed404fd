//! A search box's text, read once ([`Query::parse`]) and written for each
//! database: an FTS5 match expression for SQLite, a `tsquery` for
//! PostgreSQL. Both say the same thing about the same stored terms (see
//! `document.rs`), which is what makes one corpus give one answer.

use crate::document::is_stop_word;
use crate::identifiers::ticket_number;
use crate::words::{fold, stem, words};

/// Shortest start of a word searched as a prefix ("se" finds "señal").
const MIN_PREFIX: usize = 2;
/// Longest start looked for: a longer one is cut to it ("reparac" looks
/// for words starting "repar"). SQLite keeps prefix indexes of 2 to 5
/// characters; a longer prefix would make it merge every matching word's
/// list before returning the first hit (30 ms instead of 0.2 ms at a
/// million tickets, BENCHMARKS.md).
const MAX_PREFIX: usize = 5;

/// One word of a query: its stem, and for the last word typed, the folded
/// beginning that may still grow ("señ" → any word starting "sen").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub stem: String,
    pub prefix: Option<String>,
}

/// What a query asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words every hit contains (in the columns the caller may read).
    pub words: Vec<QueryWord>,
    /// Runs of four or more digits every hit's identifiers contain.
    pub digits: Vec<String>,
    /// A whole ticket number typed (`av-2026-62`): that ticket first.
    pub ticket: Option<(u16, u64)>,
    /// Bare digits short enough to be a ticket's sequence (`62`,
    /// `000062`): the tickets of that sequence first, of any year.
    pub sequence: Option<u64>,
}

/// Which stored words a query may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// Titles only (the first rank).
    Title,
    /// Title and what the customer may read.
    Public,
    /// Everything, internal notes too (operator staff).
    All,
}

impl Query {
    /// Reads a query as typed.
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        let typed_on = !text.ends_with(char::is_whitespace);
        let text = text.trim();
        if let Some(whole) = ticket_number(text) {
            q.ticket = Some(whole);
            return q;
        }
        if !text.is_empty() && text.len() <= 6 && text.bytes().all(|b| b.is_ascii_digit()) {
            q.sequence = text.parse().ok().filter(|n| *n > 0);
        }
        let mut typed: Vec<String> = Vec::new();
        // Still typing: the last word may be a beginning, if the text ends
        // in it (not in a space, not in a number).
        let mut ends_in_word = false;
        for piece in text.split_whitespace() {
            ends_in_word = false;
            if let Some(n) = ticket_number(piece) {
                q.ticket.get_or_insert(n);
                continue;
            }
            let number = piece.trim_matches(|c: char| !c.is_ascii_digit() && c != '+');
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let is_number = !number.is_empty()
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || "+-.()/".contains(c));
            if is_number && digits.len() >= 4 {
                q.digits.push(digits);
                continue;
            }
            let found = words(piece);
            ends_in_word = !found.is_empty();
            typed.extend(found);
        }
        let last_open = ends_in_word && typed_on;
        let count = typed.len();
        for (i, w) in typed.iter().enumerate() {
            let folded = fold(w);
            if is_stop_word(&folded) {
                continue;
            }
            let prefix = (last_open && i + 1 == count && folded.chars().count() >= MIN_PREFIX)
                .then(|| folded.chars().take(MAX_PREFIX).collect());
            q.words.push(QueryWord {
                stem: stem(w),
                prefix,
            });
        }
        q
    }

    /// Whether the query asks for anything at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.digits.is_empty()
            && self.ticket.is_none()
            && self.sequence.is_none()
    }

    /// Whether words or digits can find hits in the index (a lone ticket
    /// number or short sequence is looked up directly).
    pub fn searches_index(&self) -> bool {
        !self.words.is_empty() || !self.digits.is_empty()
    }

    /// The words as an FTS5 expression over the given columns of the
    /// `title, body, internal` table, or `None` without words.
    pub fn fts5_words(&self, columns: Columns) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let filter = match columns {
            Columns::Title => "{title}",
            Columns::Public => "{title body}",
            Columns::All => "{title body internal}",
        };
        let parts: Vec<String> = self
            .words
            .iter()
            .map(|w| match &w.prefix {
                Some(p) => format!("(\"{}\" OR \"{p}\"*)", w.stem),
                None => format!("\"{}\"", w.stem),
            })
            .collect();
        Some(format!("{filter} : ({})", parts.join(" AND ")))
    }

    /// The digits as an FTS5 expression for the trigram table of
    /// identifiers: each a substring.
    pub fn fts5_digits(&self) -> Option<String> {
        if self.digits.is_empty() {
            return None;
        }
        let parts: Vec<String> = self.digits.iter().map(|d| format!("\"{d}\"")).collect();
        Some(format!("{{idents}} : ({})", parts.join(" AND ")))
    }

    /// The words as a PostgreSQL `tsquery` (for `to_tsquery('simple', …)`)
    /// over a vector weighted A (title), B (public text), D (internal).
    pub fn tsquery(&self, columns: Columns) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let weights = match columns {
            Columns::Title => ":A",
            Columns::Public => ":AB",
            Columns::All => "",
        };
        let parts: Vec<String> = self
            .words
            .iter()
            .map(|w| match &w.prefix {
                Some(p) => {
                    let star = if weights.is_empty() {
                        ":*".to_owned()
                    } else {
                        format!(":*{}", &weights[1..])
                    };
                    format!("('{}'{weights} | '{p}'{star})", w.stem)
                }
                None => format!("'{}'{weights}", w.stem),
            })
            .collect();
        Some(parts.join(" & "))
    }

    /// `LIKE` patterns for the identifiers column, one per digit run.
    pub fn like_digits(&self) -> Vec<String> {
        self.digits.iter().map(|d| format!("%{d}%")).collect()
    }

    /// Whether a stored (folded) word is one this query looks for: the
    /// snippet marks it.
    pub fn matches_word(&self, word: &str) -> bool {
        let folded = fold(word);
        let stemmed = stem(word);
        self.words.iter().any(|w| {
            w.stem == stemmed || w.prefix.as_deref().is_some_and(|p| folded.starts_with(p))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_digits_and_numbers_are_told_apart() {
        let q = Query::parse("Sin señal 0416-100 AV-2026-62");
        assert_eq!(q.ticket, Some((2026, 62)));
        assert_eq!(q.digits, ["0416100"]);
        assert_eq!(q.words.len(), 2);
        assert_eq!(q.words[0].stem, "sin");
        assert_eq!(q.words[0].prefix, None);
        // The number came last: "señal" was followed by a space.
        assert_eq!(q.words[1].prefix, None);
    }

    #[test]
    fn the_last_word_typed_is_also_a_beginning() {
        let q = Query::parse("reparac");
        assert_eq!(q.words[0].prefix.as_deref(), Some("repar"));
        let q = Query::parse("señ");
        assert_eq!(q.words[0].prefix.as_deref(), Some("sen"));
        let q = Query::parse("reparación ");
        assert_eq!(q.words[0].prefix, None);
        assert_eq!(Query::parse("de la").words, []);
    }

    #[test]
    fn short_bare_digits_name_a_sequence() {
        assert_eq!(Query::parse("62").sequence, Some(62));
        assert_eq!(Query::parse("000062").sequence, Some(62));
        assert_eq!(Query::parse("000062").digits, ["000062"]);
        assert_eq!(Query::parse("4161000000").sequence, None);
    }

    #[test]
    fn both_dialects_say_the_same() {
        let q = Query::parse("llamadas señ");
        assert_eq!(
            q.fts5_words(Columns::Public).unwrap(),
            "{title body} : (\"llam\" AND (\"sen\" OR \"sen\"*))"
        );
        assert_eq!(
            q.tsquery(Columns::Public).unwrap(),
            "'llam':AB & ('sen':AB | 'sen':*AB)"
        );
        assert_eq!(
            q.tsquery(Columns::All).unwrap(),
            "'llam' & ('sen' | 'sen':*)"
        );
    }
}
