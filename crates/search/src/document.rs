//! What the index keeps of one ticket: its words in three columns (title,
//! what the customer may read, what only staff read) and its identifiers
//! as digits. Both databases store exactly these strings; SQLite's FTS5
//! and PostgreSQL's `tsvector` only split them at spaces, so the
//! normalisation is this file's alone.

use crate::identifiers::msisdn_digits;
use crate::words::{fold, stem, words};

/// Function words too common to narrow a search: left out of the index
/// and of queries alike (a query of only these finds nothing).
const STOP_WORDS: &[&str] = &[
    "a", "al", "de", "del", "e", "el", "en", "es", "la", "las", "lo", "los", "o", "para", "por",
    "que", "se", "su", "sus", "u", "un", "una", "y",
];

/// Whether a folded word is left out of the index and of queries.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// A ticket's text as the index reads it, gathered by the store.
#[derive(Debug, Clone, Default)]
pub struct TicketText<'a> {
    pub number: &'a str,
    pub title: &'a str,
    /// What a customer of the account may read: description, public notes,
    /// resolution, reporter, public attachment names.
    pub public: Vec<&'a str>,
    /// What only staff read: internal notes, internal attachment names.
    pub internal: Vec<&'a str>,
    /// Lines, IMEIs, the account number, the reporter's phone.
    pub identifiers: Vec<&'a str>,
}

/// The strings stored for one ticket: space-separated index terms per
/// column, and its identifiers' digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedTicket {
    pub title: String,
    pub body: String,
    pub internal: String,
    pub idents: String,
}

/// The index terms of a text: each word's Spanish stem, and the folded
/// word itself where it differs (so a prefix typed so far, "reparac",
/// still meets "reparación", whose stem is "repar").
pub fn index_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        let folded = fold(&w);
        if is_stop_word(&folded) {
            continue;
        }
        let stemmed = stem(&w);
        push_word(&mut out, &stemmed);
        if folded != stemmed {
            push_word(&mut out, &folded);
        }
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The digits by which a ticket may be searched: its number (year and
/// sequence), each identifier in every written form (a line national and
/// international), and runs of four or more digits in the public text (a
/// line quoted in the description).
pub fn index_identifiers<'a>(
    number: &str,
    identifiers: impl IntoIterator<Item = &'a str>,
    public_text: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let digits_of = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let number = digits_of(number);
    if !number.is_empty() {
        out.push(number);
    }
    let push_forms = |digits: String, out: &mut Vec<String>| {
        if digits.len() < 4 {
            return;
        }
        if let Some(international) = msisdn_digits(&digits) {
            let national = format!("0{}", &international[2..]);
            out.push(international);
            out.push(national);
        } else {
            out.push(digits);
        }
    };
    for id in identifiers {
        push_forms(digits_of(id), &mut out);
    }
    for text in public_text {
        for run in digit_runs(text) {
            push_forms(run, &mut out);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert(d.clone()));
    out.join(" ")
}

/// Runs of digits as people write numbers (`0416-100.00.00` is one run),
/// four digits or longer.
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty()
            && "-. /()".contains(c)
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            // A separator inside a number: keep reading the same run.
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs.retain(|r| r.len() >= 4);
    runs
}

impl TicketText<'_> {
    /// The strings the index stores for this ticket.
    pub fn index(&self) -> IndexedTicket {
        let join = |parts: &[&str]| -> String {
            parts
                .iter()
                .map(|p| index_terms(p))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        IndexedTicket {
            title: index_terms(self.title),
            body: join(&self.public),
            internal: join(&self.internal),
            idents: index_identifiers(
                self.number,
                self.identifiers.iter().copied(),
                std::iter::once(self.title).chain(self.public.iter().copied()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn terms_keep_stems_and_folded_words_without_function_words() {
        assert_eq!(
            index_terms("Reparación de la línea"),
            "repar reparacion line linea"
        );
        assert_eq!(index_terms("Sin señal"), "sin senal");
    }

    #[test]
    fn identifiers_carry_every_written_form() {
        let idents = index_identifiers(
            "AV-2026-000062",
            ["+584161000000", "356938035643809", "CTA-0042"],
            ["Llamar al 0212-555.12.34, piso 3"],
        );
        assert_eq!(
            idents,
            "2026000062 584161000000 04161000000 356938035643809 0042 582125551234 02125551234"
        );
    }

    #[test]
    fn a_ticket_keeps_internal_words_apart() {
        let text = TicketText {
            number: "AV-2026-000001",
            title: "Sin señal",
            public: vec!["La línea no recibe llamadas"],
            internal: vec!["Revisar celda CCS-041"],
            identifiers: vec![],
        };
        let doc = text.index();
        assert_eq!(doc.title, "sin senal");
        assert!(doc.body.contains("llam"), "{}", doc.body);
        assert!(doc.internal.contains("celd"), "{}", doc.internal);
        assert!(!doc.body.contains("celd"));
        assert_eq!(doc.idents, "2026000001");
    }
}
