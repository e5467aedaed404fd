//! Words: folding and Spanish stemming.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, accents and the tilde of ñ removed: what a person typing
/// without them still means ("ÁVILA", "Ávila", "avila" → "avila";
/// "señal" → "senal").
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a character is part of a word. Rust's "alphanumeric" also
/// takes letters drawn as symbols (circled ⓐ, squared 🄰, negative 🅐), which
/// SQLite's tokenizer splits words at: left in, a query word would become
/// two index tokens (a phrase, which the index cannot answer).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c as u32, 0x24B6..=0x24E9 | 0x1F130..=0x1F189)
}

/// The words of a text as written, lowercased (accents kept: the stemmer
/// reads them), split at anything that is not a letter or a digit.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn spanish() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Spanish))
}

/// One word's Spanish stem, folded: the form the index keeps and a query
/// looks for. Words of digits are kept whole.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.chars().any(|c| c.is_ascii_digit()) {
        return fold(&lower);
    }
    fold(&spanish().stem(&with_suffix_accent(&lower)))
}

/// Snowball's Spanish suffixes carry their accents ("-ación"), so a word
/// typed without them ("reparacion") would keep its suffix and miss
/// "reparación". The singular "-ción"/"-sión", the accented suffixes
/// people drop most, get theirs back before stemming.
fn with_suffix_accent(word: &str) -> std::borrow::Cow<'_, str> {
    for (bare, accented) in [("cion", "ción"), ("sion", "sión")] {
        if let Some(head) = word.strip_suffix(bare) {
            return format!("{head}{accented}").into();
        }
    }
    word.into()
}

/// The terms of a text: each word's stem, in order, repeats kept (a
/// ranking counts them).
pub fn terms(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("El Ávila"), "el avila");
        assert_eq!(fold("SEÑAL"), "senal");
        assert_eq!(fold("Pingüino ÇA"), "pinguino ca");
    }

    #[test]
    fn spanish_word_forms_meet() {
        let forms = [
            "reparación",
            "reparaciones",
            "reparar",
            "Reparado",
            "REPARACION",
            "reparacion",
        ];
        let stems: Vec<String> = forms.iter().map(|w| stem(w)).collect();
        assert!(stems.iter().all(|s| s == &stems[0]), "{stems:?}");
        assert_eq!(stem("señal"), stem("senal"));
        assert_eq!(stem("señales"), stem("senal"));
        assert_eq!(stem("comunicacion"), stem("comunicaciones"));
        assert_eq!(stem("teléfono"), stem("telefonos"));
        assert_ne!(stem("señal"), stem("llamada"));
    }

    #[test]
    fn text_splits_into_words_at_punctuation() {
        assert_eq!(
            words("Sin señal (celda CCS-041), desde hoy."),
            ["sin", "señal", "celda", "ccs", "041", "desde", "hoy"]
        );
        assert_eq!(terms("llamadas caídas").len(), 2);
        // Letters drawn as symbols split words, as the index's tokenizer does.
        assert_eq!(words("aⓐb 🅐x"), ["a", "b", "x"]);
    }
}
