//! The console's language: which one a request is answered in, and `Tr`, what
//! templates call to put a message of the catalog (`averias-i18n`,
//! `locales/<lang>/console.ftl`) on the page: `{{ tr.t("queue-title") }}`.

use axum::http::HeaderMap;

use averias_i18n::Arg;
pub use averias_i18n::Lang;

/// The cookie that remembers the language a person chose.
pub const LANG_COOKIE: &str = "averias_lang";

/// The `lang` cookie, else the browser's preference (`Accept-Language`,
/// q-values honoured), else Spanish.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(headers);
    if let Some(lang) = jar
        .get(LANG_COOKIE)
        .map(|c| c.value())
        .and_then(Lang::parse)
    {
        return lang;
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Es, averias_i18n::negotiate)
}

/// What templates call to translate.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The message `id` (shown as the id itself when missing; the catalog
    /// test forbids that).
    pub fn t(&self, id: &str) -> String {
        averias_i18n::text(self.0, id)
    }

    /// The message `id` with its variables filled.
    pub fn t_with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        averias_i18n::text_with(self.0, id, args)
    }

    /// What a page shows for a code of the procedure: `label("channel",
    /// "fleet_line")` is the catalog's `channel-fleet_line`. People never
    /// read the codes themselves; the API keeps them.
    pub fn label(&self, area: &str, code: &str) -> String {
        self.t(&format!("{area}-{code}"))
    }

    /// A stage, with the second-level group holding it when one does
    /// ("Escalada a segundo nivel · COR").
    pub fn stage(&self, stage: averias_domain::Stage) -> String {
        use averias_domain::Stage;
        let name = self.label("stage", stage.as_str());
        match stage {
            Stage::Escalated(g) | Stage::LinkedToIncident(g) => {
                format!("{name} · {}", self.label("role", g.as_str()))
            }
            _ => name,
        }
    }

    /// The page's language code, for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let mut h = HeaderMap::new();
        h.insert("accept-language", "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(lang_of(&h), Lang::En);
        h.insert("cookie", format!("{LANG_COOKIE}=es").parse().unwrap());
        assert_eq!(lang_of(&h), Lang::Es);
        assert_eq!(Tr(Lang::En).t("login-submit"), "Sign in");
        assert_eq!(Tr(Lang::Es).t("login-submit"), "Entrar");
    }
}
