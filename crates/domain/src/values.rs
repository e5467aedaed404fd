//! Validated values parsed once at the edge: MSISDN, IMEI and email.
//! Anything that holds one of these types has already been checked.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a value did not parse. The message is shown to API users.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    #[error(
        "'{0}' is not a valid MSISDN: use international format (+58 416 1234567) or national (0416-1234567)"
    )]
    Msisdn(String),
    #[error("'{0}' is not a valid IMEI: it must be 15 digits with a correct check digit")]
    Imei(String),
    #[error("'{0}' is not a valid email address")]
    Email(String),
    #[error("'{0}' is not a ticket number like AV-2026-000123")]
    TicketNumber(String),
}

impl ValueError {
    /// The machine-readable code (`invalid_msisdn`…), as the API and the
    /// catalog's refusals name it.
    pub fn code(&self) -> &'static str {
        match self {
            ValueError::Msisdn(_) => "invalid_msisdn",
            ValueError::Imei(_) => "invalid_imei",
            ValueError::Email(_) => "invalid_email",
            ValueError::TicketNumber(_) => "invalid_ticket_number",
        }
    }
}

/// A mobile line number in E.164 form, stored as `+` followed by digits.
///
/// National Venezuelan numbers (`0416…`, 11 digits) are accepted and turned
/// into `+58416…`, since that is how agents type them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Msisdn(String);

impl Msisdn {
    /// The E.164 string, `+` included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Msisdn {
    type Err = ValueError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::Msisdn(raw.to_owned());
        let trimmed = raw.trim();
        let (international, body) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(body.len());
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(bad()),
            }
        }
        let e164 = if international {
            digits
        } else if digits.len() == 11 && digits.starts_with('0') {
            format!("58{}", &digits[1..])
        } else if digits.starts_with("58") {
            digits
        } else {
            return Err(bad());
        };
        if !(10..=15).contains(&e164.len()) || e164.starts_with('0') {
            return Err(bad());
        }
        Ok(Self(format!("+{e164}")))
    }
}

impl TryFrom<String> for Msisdn {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Msisdn> for String {
    fn from(value: Msisdn) -> Self {
        value.0
    }
}

impl fmt::Display for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 15-digit IMEI whose last digit is the Luhn check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Imei(String);

impl Imei {
    /// The 15 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Luhn check digit for a 14-digit body; lets demo data and tests
    /// build valid IMEIs.
    pub fn check_digit(body: &str) -> u8 {
        let sum: u32 = body
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 0 {
                    let x = d * 2;
                    if x > 9 { x - 9 } else { x }
                } else {
                    d
                }
            })
            .sum();
        ((10 - sum % 10) % 10) as u8
    }

    /// A valid IMEI from a 14-digit body (the check digit is appended).
    pub fn from_body(body: &str) -> Result<Self, ValueError> {
        format!("{body}{}", Self::check_digit(body)).parse()
    }
}

impl FromStr for Imei {
    type Err = ValueError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::Imei(raw.to_owned());
        let digits: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        if digits.len() != 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if Self::check_digit(&digits[..14]) != digits.as_bytes()[14] - b'0' {
            return Err(bad());
        }
        Ok(Self(digits))
    }
}

impl TryFrom<String> for Imei {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Imei> for String {
    fn from(value: Imei) -> Self {
        value.0
    }
}

impl fmt::Display for Imei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, checked for shape only (one `@`, a dotted domain):
/// deliverability is the mail server's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The address as given, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = ValueError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let s = raw.trim();
        let ok = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValueError::Email(raw.to_owned()))
        }
    }
}

impl TryFrom<String> for Email {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_and_international_msisdns_normalise_to_e164() {
        for raw in [
            "04161234567",
            "0416-123.45.67",
            "+58 416 1234567",
            "584161234567",
        ] {
            assert_eq!(
                raw.parse::<Msisdn>().unwrap().as_str(),
                "+584161234567",
                "{raw}"
            );
        }
    }

    #[test]
    fn garbage_msisdns_are_refused() {
        for raw in [
            "",
            "abc",
            "0416123",
            "+58416123456789012",
            "0416123456x",
            "12345678901",
        ] {
            assert!(raw.parse::<Msisdn>().is_err(), "{raw} should not parse");
        }
    }

    #[test]
    fn imei_check_digit_is_enforced() {
        // 49015420323751 + check digit 8 is the textbook example.
        assert_eq!(Imei::check_digit("49015420323751"), 8);
        assert!("490154203237518".parse::<Imei>().is_ok());
        assert!("490154203237517".parse::<Imei>().is_err());
        assert!("49015420323751".parse::<Imei>().is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!("ana@empresa.com.ve".parse::<Email>().is_ok());
        for raw in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "ana@localhost",
            "a b@x.com",
            "a@b@c.com",
        ] {
            assert!(raw.parse::<Email>().is_err(), "{raw} should not parse");
        }
    }

    proptest! {
        #[test]
        fn every_body_gets_a_valid_imei(body in "[0-9]{14}") {
            let imei = Imei::from_body(&body).unwrap();
            prop_assert!(imei.as_str().parse::<Imei>().is_ok());
        }

        #[test]
        fn a_changed_digit_breaks_the_imei(body in "[0-9]{14}", pos in 0usize..14, delta in 1u8..10) {
            let imei = Imei::from_body(&body).unwrap();
            let mut bytes = imei.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(changed.parse::<Imei>().is_err());
        }
    }
}
