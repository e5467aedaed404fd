//! The languages Averías speaks to people: Spanish, the procedure's own and
//! the default, and English. A contact's preference, a console session and a
//! report's language are this type, never a bare `"es"`/`"en"` string.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A language a person can be addressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish: the procedure's language and what anyone gets by default.
    #[default]
    Es,
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The ISO 639-1 code stored and shown in the API (`es`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language of an ISO 639-1 code; `None` for any other.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language of a stored preference, Spanish when it names none we
    /// speak (a contact imported with another language still gets mail).
    pub fn or_default(code: &str) -> Lang {
        Lang::parse(code).unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_anything_else_is_spanish() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::or_default("fr"), Lang::Es);
        assert_eq!(Lang::or_default("en"), Lang::En);
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
    }
}
