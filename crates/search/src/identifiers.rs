//! Identifiers as people write them: ticket numbers in any case or by
//! their last digits, phone lines in national (`0416…`) or international
//! (`+58 416…`) form, IMEIs and account numbers, each reduced to digits so
//! a search by any four or more of them finds it.

/// Venezuela's country code, which the national form drops for a `0`.
const COUNTRY: &str = "58";

/// What a piece of a query may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// A whole ticket number (`AV-2026-000062`, any case).
    Ticket { year: u16, seq: u64 },
    /// Four or more digits: the end of a ticket number, part of a line,
    /// an IMEI, an account.
    Digits(String),
}

/// A whole ticket number in any case and spacing: `av-2026-000062`,
/// `AV 2026 62`. The sequence may be written without its zeros. Read by
/// the domain's own loose reading (`TicketNumber::read_loosely`), with
/// spaces taken for dashes; bare digits are not a whole number here.
pub fn ticket_number(text: &str) -> Option<(u16, u64)> {
    let typed = text.trim();
    if typed.is_empty() || typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let dashed = typed.split_whitespace().collect::<Vec<_>>().join("-");
    // Any year works: the text names its own.
    let n = averias_domain::TicketNumber::read_loosely(&dashed, 0)?;
    Some((u16::try_from(n.year()).ok()?, n.seq()))
}

/// A phone line's digits in international form: `0416-100 0000`,
/// `+58 416 1000000` and `584161000000` all give `584161000000`.
pub fn msisdn_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        // National: 0 + area/operator code + number.
        11 if digits.starts_with('0') => Some(format!("{COUNTRY}{}", &digits[1..])),
        // Without the 0: 416 + 7 digits.
        10 if !digits.starts_with('0') => Some(format!("{COUNTRY}{digits}")),
        12 if digits.starts_with(COUNTRY) => Some(digits),
        _ => None,
    }
}

/// What a query names besides words: whole ticket numbers, and runs of
/// four or more digits (a line written `0416-1000` is one run: its
/// separators do not split it).
pub fn identifiers(query: &str) -> Vec<Identifier> {
    if let Some((year, seq)) = ticket_number(query) {
        return vec![Identifier::Ticket { year, seq }];
    }
    let mut out = Vec::new();
    for piece in query.split_whitespace() {
        if let Some((year, seq)) = ticket_number(piece) {
            out.push(Identifier::Ticket { year, seq });
            continue;
        }
        // Digits joined by the separators people write in numbers.
        let joined = piece.trim_matches(|c: char| !c.is_ascii_digit() && c != '+');
        if joined
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.()/".contains(c))
        {
            let digits: String = joined.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 4 {
                // A whole national line is looked up in its stored form.
                let digits = msisdn_digits(&digits)
                    .filter(|_| digits.starts_with('0'))
                    .unwrap_or(digits);
                out.push(Identifier::Digits(digits));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_are_read_in_any_case_and_spacing() {
        assert_eq!(ticket_number("av-2026-000062"), Some((2026, 62)));
        assert_eq!(ticket_number(" AV 2026 62 "), Some((2026, 62)));
        assert_eq!(ticket_number("AV-2026-000062"), Some((2026, 62)));
        assert_eq!(ticket_number("AV-26-62"), None);
        assert_eq!(ticket_number("avería 62"), None);
    }

    #[test]
    fn lines_in_national_or_international_form_meet() {
        for written in [
            "0416-100 0000",
            "+58 416 1000000",
            "584161000000",
            "4161000000",
        ] {
            assert_eq!(
                msisdn_digits(written).as_deref(),
                Some("584161000000"),
                "{written}"
            );
        }
        assert_eq!(msisdn_digits("1234"), None);
    }

    #[test]
    fn queries_name_tickets_and_runs_of_digits() {
        assert_eq!(
            identifiers("av-2026-000062"),
            [Identifier::Ticket {
                year: 2026,
                seq: 62
            }]
        );
        assert_eq!(
            identifiers("0416 sin señal 000062"),
            [
                Identifier::Digits("0416".into()),
                Identifier::Digits("000062".into())
            ]
        );
        assert_eq!(
            identifiers("línea 0416-1000000"),
            [Identifier::Digits("584161000000".into())]
        );
        assert_eq!(identifiers("62 señal"), []);
    }
}
