//! Identifiers: opaque UUIDs for rows, and the human ticket number that a
//! customer quotes on the phone and at the repair center (R-INTAKE-4).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::values::ValueError;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered identifier (UUIDv7), so inserts stay index-friendly.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A ticket row (fault or mass incident).
    TicketId
);
uuid_id!(
    /// A corporate customer account.
    AccountId
);
uuid_id!(
    /// A user of the system (agent, technician, customer contact, ...).
    UserId
);

/// The number a reporter is given at once, e.g. `AV-2026-000123`: a prefix,
/// the year the ticket was opened and a per-year sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketNumber {
    year: i32,
    seq: u64,
}

impl TicketNumber {
    /// The number for the `seq`-th ticket of `year`.
    pub fn new(year: i32, seq: u64) -> Self {
        Self { year, seq }
    }

    /// Year the ticket was opened.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Position of the ticket within its year.
    pub fn seq(&self) -> u64 {
        self.seq
    }
}

impl TicketNumber {
    /// A number as people type it: in any case (`av-2026-000062`), with
    /// its sequence unpadded (`AV-2026-62`), or only its last digits
    /// (`000062`, `62`), which name a ticket of `this_year`. `None` when it
    /// is none of these (a search term, then).
    pub fn read_loosely(input: &str, this_year: i32) -> Option<TicketNumber> {
        let typed = input.trim().to_ascii_uppercase();
        if !typed.is_empty() && typed.len() <= 7 && typed.bytes().all(|b| b.is_ascii_digit()) {
            let seq: u64 = typed.parse().ok()?;
            return (seq > 0).then(|| TicketNumber::new(this_year, seq));
        }
        let rest = typed
            .strip_prefix("AV-")
            .or_else(|| typed.strip_prefix("AV"))?;
        let (year, seq) = rest.split_once('-')?;
        if year.len() != 4
            || seq.is_empty()
            || seq.len() > 9
            || !year.bytes().all(|b| b.is_ascii_digit())
            || !seq.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(TicketNumber::new(year.parse().ok()?, seq.parse().ok()?))
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AV-{}-{:06}", self.year, self.seq)
    }
}

impl FromStr for TicketNumber {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::TicketNumber(s.to_owned());
        let rest = s.trim().strip_prefix("AV-").ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || seq.len() < 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Self {
            year: year.parse().map_err(|_| bad())?,
            seq: seq.parse().map_err(|_| bad())?,
        })
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<TicketNumber> for String {
    fn from(value: TicketNumber) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_print_and_parse_back() {
        let n = TicketNumber::new(2026, 123);
        assert_eq!(n.to_string(), "AV-2026-000123");
        for typed in [
            "av-2026-000123",
            " AV-2026-123 ",
            "000123",
            "123",
            "Av-2026-0000123",
        ] {
            assert_eq!(
                TicketNumber::read_loosely(typed, 2026),
                Some(n.clone()),
                "{typed}"
            );
        }
        for other in [
            "",
            "0",
            "señal",
            "AV-26-1",
            "12345678",
            "AV-2026-",
            "2001 sin señal",
        ] {
            assert_eq!(TicketNumber::read_loosely(other, 2026), None, "{other}");
        }
        assert_eq!("AV-2026-000123".parse::<TicketNumber>().unwrap(), n);
        assert_eq!(
            "AV-2026-1234567".parse::<TicketNumber>().unwrap().seq(),
            1_234_567
        );
    }

    #[test]
    fn malformed_ticket_numbers_are_refused() {
        for bad in [
            "",
            "AV-2026",
            "XX-2026-000001",
            "AV-26-000001",
            "AV-2026-12a456",
            "AV-2026-12",
        ] {
            assert!(
                bad.parse::<TicketNumber>().is_err(),
                "{bad} should not parse"
            );
        }
    }
}
