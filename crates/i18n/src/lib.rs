//! The one catalog of the words Averías shows people, in Spanish and English:
//! the console (`console.ftl`), the notifications' messages
//! (`notifications.ftl`), the report tables and charts (`reports.ftl`) and
//! the refusals a person reads (`refusals.ftl`). The files are Fluent
//! (<https://projectfluent.org>), under `locales/<lang>/`, compiled into the
//! binary by `fluent-templates`; `tests/catalog.rs` checks that every message
//! exists in both languages and that every id the code uses is in them.
//!
//! Ids are `<area>-<name>` (`queue-title`, `refusal-slot_full`); Fluent
//! allows no dots in them.

use std::borrow::Cow;
use std::collections::HashMap;

pub use averias_domain::Lang;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static CATALOG = {
        locales: "./locales",
        fallback_language: "es",
        // Fluent wraps every placeable in Unicode isolation marks (U+2068,
        // U+2069) for mixed-direction text. Ours is left to right, and the
        // marks would land in mail subjects, CSV cells and form values (where
        // our own input check refuses them).
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ES: LanguageIdentifier = langid!("es");
static EN: LanguageIdentifier = langid!("en");

fn language_id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

/// A value put into a message: text, or a number (which Fluent's plural
/// rules can select on).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s.as_str()))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}

impl From<f64> for Arg<'_> {
    fn from(x: f64) -> Self {
        Arg::Number(x)
    }
}

/// The message `id` in `lang`. A missing id shows as itself, so a gap is
/// visible on screen rather than blank; `tests/catalog.rs` keeps there being
/// none.
pub fn text(lang: Lang, id: &str) -> String {
    CATALOG
        .try_lookup(language_id(lang), id)
        .unwrap_or_else(|| id.to_owned())
}

/// The message `id` in `lang` with its variables (`{ $field }`) filled.
pub fn text_with(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_ref()),
                Arg::Number(x) => FluentValue::from(*x),
            };
            (Cow::Owned((*name).to_owned()), value)
        })
        .collect();
    CATALOG
        .try_lookup_with_args(language_id(lang), id, &args)
        .unwrap_or_else(|| id.to_owned())
}

/// The language to answer a browser in, from its `Accept-Language` header
/// (`en-GB,en;q=0.9,es;q=0.5`): the first language we speak in the order of
/// A file's size as people read it (`1,2 MB` in Spanish, `1.2 MB` in
/// English), for pages and mails.
pub fn file_size(bytes: i64, lang: Lang) -> String {
    let (value, unit) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "MB")
    } else if bytes >= 1024 {
        (bytes as f64 / 1024.0, "KB")
    } else {
        return format!("{bytes} B");
    };
    let text = format!("{value:.1} {unit}");
    match lang {
        Lang::Es => text.replace('.', ","),
        Lang::En => text,
    }
}

/// the browser's preference (q-values), Spanish when it names none.
pub fn negotiate(accept_language: &str) -> Lang {
    // Tags come sorted by quality; `en-GB` is English, `es-VE` Spanish.
    accept_language::parse(accept_language)
        .iter()
        .find_map(|tag| Lang::parse(&tag.split('-').next()?.to_ascii_lowercase()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_read_as_each_language_writes_numbers() {
        assert_eq!(file_size(512, Lang::Es), "512 B");
        assert_eq!(file_size(1536, Lang::Es), "1,5 KB");
        assert_eq!(file_size(1536, Lang::En), "1.5 KB");
        assert_eq!(file_size(3 * 1024 * 1024, Lang::En), "3.0 MB");
    }

    #[test]
    fn accept_language_follows_the_browsers_preference_order() {
        assert_eq!(negotiate("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(negotiate("es-VE,es;q=0.9,en;q=0.8"), Lang::Es);
        // q-values, not position, give the order.
        assert_eq!(negotiate("es;q=0.2, en-US;q=0.9"), Lang::En);
        assert_eq!(negotiate("fr-FR,fr;q=0.9,en;q=0.5"), Lang::En);
        assert_eq!(negotiate("de"), Lang::Es);
        assert_eq!(negotiate(""), Lang::Es);
        assert_eq!(negotiate("*"), Lang::Es);
    }
}
