//! The piece of a hit's text shown under it, with the words that matched
//! marked. Marks are character offsets, not markup: each screen escapes
//! the text its own way and wraps the marked ranges.

use crate::query::Query;
use crate::words::is_word_char;

/// A short piece of text and where in it the query's words are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// `[start, end)` in characters of `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// Characters of context kept before the first match.
const LEAD: usize = 40;

/// The first of `texts` (in the order given: most telling first) that holds
/// a word of the query, cut to about `width` characters around it; without
/// any, the start of the first non-empty text, unmarked.
pub fn snippet<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    query: &Query,
    width: usize,
) -> Option<Snippet> {
    let mut first_text: Option<&str> = None;
    for text in texts {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        first_text.get_or_insert(text);
        let chars: Vec<char> = text.chars().collect();
        let marks = matching_words(&chars, query);
        if let Some(&(first, _)) = marks.first() {
            return Some(cut(&chars, &marks, first.saturating_sub(LEAD), width));
        }
    }
    let chars: Vec<char> = first_text?.chars().collect();
    Some(cut(&chars, &[], 0, width))
}

/// `[start, end)` in characters of each word of `text` the query looks
/// for (a hit's title, marked whole).
pub fn marks(text: &str, query: &Query) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    matching_words(&chars, query)
}

/// `[start, end)` of each word of `chars` the query looks for.
fn matching_words(chars: &[char], query: &Query) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let digits_hit = word.bytes().all(|b| b.is_ascii_digit())
            && query.digits.iter().any(|d| {
                (word.len() >= 3 && d.contains(word.as_str())) || word.contains(d.as_str())
            });
        if digits_hit || query.matches_word(&word) {
            out.push((start, i));
        }
    }
    out
}

/// The window `[from, from + width)`, moved to word boundaries, with an
/// ellipsis where text was cut, and the marks inside it shifted.
fn cut(chars: &[char], marks: &[(usize, usize)], from: usize, width: usize) -> Snippet {
    let mut start = from.min(chars.len());
    // Start at a word: back to the space before, if one is near.
    // Start at a word: back to the space before it if near (or to the
    // text's start), else on to the next word.
    if start > 0 {
        start = match chars[..start].iter().rposition(|c| c.is_whitespace()) {
            Some(space) if start - space < 15 => space + 1,
            None if start < 15 => 0,
            _ => chars[start..]
                .iter()
                .position(|c| c.is_whitespace())
                .map_or(start, |space| start + space + 1),
        };
    }
    let mut end = (start + width).min(chars.len());
    // End at a word, if one ends past the middle.
    if end < chars.len()
        && let Some(space) = chars[start..end].iter().rposition(|c| c.is_whitespace())
        && space > width / 2
    {
        end = start + space;
    }
    let mut text = String::new();
    let lead = if start > 0 {
        text.push('…');
        1
    } else {
        0
    };
    text.extend(
        chars[start..end]
            .iter()
            .map(|c| if c.is_whitespace() { ' ' } else { *c }),
    );
    if end < chars.len() {
        text.push('…');
    }
    let highlights = marks
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - start + lead, e - start + lead))
        .collect();
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.highlights
            .iter()
            .map(|(a, b)| chars[*a..*b].iter().collect())
            .collect()
    }

    #[test]
    fn the_matching_words_are_marked_in_their_written_form() {
        let q = Query::parse("reparacion senal");
        let s = snippet(
            [
                "",
                "Pedimos la reparación urgente: la línea no tiene señal.",
            ],
            &q,
            200,
        )
        .unwrap();
        assert_eq!(marked(&s), ["reparación", "señal"]);
        assert!(!s.text.starts_with('…'));
        // Near the start, the text starts whole.
        let s = snippet(
            ["Las líneas de la sede principal no tienen señal hoy"],
            &Query::parse("senal"),
            200,
        )
        .unwrap();
        assert!(s.text.starts_with("Las "), "{}", s.text);
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let long = format!(
            "{} la celda CCS-041 cayó {}",
            "palabra ".repeat(40),
            "otra ".repeat(40)
        );
        let s = snippet([long.as_str()], &Query::parse("celda"), 80).unwrap();
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert_eq!(marked(&s), ["celda"]);
        assert!(s.text.chars().count() <= 82);
    }

    #[test]
    fn without_a_word_match_the_text_starts_unmarked() {
        let s = snippet(["", "Línea sin servicio"], &Query::parse("0416"), 80).unwrap();
        assert_eq!(s.text, "Línea sin servicio");
        assert!(s.highlights.is_empty());
        assert_eq!(snippet(["  "], &Query::parse("x"), 80), None);
    }
}
