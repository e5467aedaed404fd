//! What Averías reads from TMF621's free-string attributes. The
//! specification types `severity`, `ticketType`, `priority` and `channel` as
//! free strings, and clients send their own words (`"High"`, `"device"`);
//! the words are kept as sent and echoed back (`ticket_client_values`), and
//! Averías takes its own severity, kind, fault type and channel from them by
//! the tables below (also in the README's TMF621 section). A word it does not
//! know is no error: the ticket gets the documented default.

use averias_domain::{Channel, Severity};
use averias_store::FaultType;

/// Averías's severity for a client's `severity` (or `priority`) word, case
/// and spacing ignored; `None` for a word not in the table, which leaves the
/// severity to the fault type's default (else `minor`), as at the desk.
///
/// | client's word | severity |
/// |---|---|
/// | critical, urgent, emergency, blocker, highest, very high, 1 | critical |
/// | major, high, serious, 2 | major |
/// | minor, medium, moderate, normal, low, lowest, very low, trivial, 3, 4, 5 | minor |
pub(super) fn severity(word: &str) -> Option<Severity> {
    let word = normalized(word);
    Some(match word.as_str() {
        "critical" | "urgent" | "emergency" | "blocker" | "highest" | "veryhigh" | "1" => {
            Severity::Critical
        }
        "major" | "high" | "serious" | "2" => Severity::Major,
        "minor" | "medium" | "moderate" | "normal" | "low" | "lowest" | "verylow" | "trivial"
        | "3" | "4" | "5" => Severity::Minor,
        _ => return None,
    })
}

/// What a client's `ticketType` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TicketTypeWord {
    /// A mass incident (`incident`, `massIncident`, `outage`): opened by
    /// second-level groups in the native API, not through TMF621.
    Incident,
    /// A customer's fault, of this fault type of the catalog when the word
    /// names one (its code or its name, case ignored).
    Fault(Option<String>),
}

/// Reads a `ticketType` word against the fault-type catalog.
pub(super) fn ticket_type(word: &str, catalog: &[FaultType]) -> TicketTypeWord {
    let n = normalized(word);
    if matches!(
        n.as_str(),
        "incident" | "massincident" | "networkincident" | "outage"
    ) {
        return TicketTypeWord::Incident;
    }
    let fault_type = catalog
        .iter()
        .filter(|f| f.active)
        .find(|f| normalized(&f.code) == n || normalized(&f.name) == n)
        .map(|f| f.code.clone());
    TicketTypeWord::Fault(fault_type)
}

/// Averías's channel for a client's `channel` name or id; `api` for any
/// other (the ticket came through the API).
pub(super) fn channel(word: &str) -> Channel {
    match normalized(word).as_str() {
        "phone" | "telephone" | "call" | "callcenter" | "626" | "*626" => Channel::Phone,
        "fleetline" | "fleet" => Channel::FleetLine,
        "email" | "mail" => Channel::Email,
        "portal" | "web" | "selfservice" => Channel::Portal,
        _ => Channel::Api,
    }
}

/// Lower case, without spaces, hyphens or underscores: `Very High`,
/// `very-high` and `VERY_HIGH` are one word.
fn normalized(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use averias_domain::SecondLevel;

    #[test]
    fn the_conformance_kits_words_are_read_and_unknown_ones_are_left_to_the_default() {
        assert_eq!(severity("High"), Some(Severity::Major));
        assert_eq!(severity("Low"), Some(Severity::Minor));
        assert_eq!(severity("CRITICAL"), Some(Severity::Critical));
        assert_eq!(severity("very high"), Some(Severity::Critical));
        assert_eq!(severity("whatever"), None);
        let catalog = vec![FaultType {
            code: "no-signal".into(),
            name: "Sin señal".into(),
            default_severity: Severity::Major,
            second_level: SecondLevel::Cor,
            active: true,
        }];
        assert_eq!(ticket_type("device", &catalog), TicketTypeWord::Fault(None));
        assert_eq!(
            ticket_type("No_Signal", &catalog),
            TicketTypeWord::Fault(Some("no-signal".into()))
        );
        assert_eq!(
            ticket_type("sin señal", &catalog),
            TicketTypeWord::Fault(Some("no-signal".into()))
        );
        assert_eq!(ticket_type("Outage", &catalog), TicketTypeWord::Incident);
        assert_eq!(channel("Email"), Channel::Email);
        assert_eq!(channel("CRM"), Channel::Api);
    }
}
