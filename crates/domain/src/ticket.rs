//! Ticket vocabulary: TMF621 status, the procedure stage beside it, channel,
//! severity and kind. A `Position` is the pair (status, stage) the state
//! machine works on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::role::SecondLevel;

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire and database name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} '{}'; expected one of {}",
                        stringify!($name).to_lowercase(),
                        s,
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

/// Shared with other vocabularies of the crate (repair states...).
pub(crate) use string_enum;

string_enum!(
    /// TMF621 `TroubleTicketStatusType`.
    Status {
        Acknowledged => "acknowledged",
        InProgress => "inProgress",
        Pending => "pending",
        Held => "held",
        Resolved => "resolved",
        Closed => "closed",
        Cancelled => "cancelled",
        Rejected => "rejected",
    }
);

impl Status {
    /// Closed, cancelled and rejected tickets never change again.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled | Status::Rejected)
    }

    /// Whether the attention clock (R-SLA-1) has stopped in this status.
    pub fn stops_attention_clock(self) -> bool {
        matches!(
            self,
            Status::Resolved | Status::Closed | Status::Cancelled | Status::Rejected
        )
    }
}

string_enum!(
    /// How a fault reached us (R-INTAKE-1).
    Channel {
        Phone => "phone",
        FleetLine => "fleet_line",
        Email => "email",
        Portal => "portal",
        Api => "api",
    }
);

string_enum!(
    /// Impact of the fault; a fault type has a default, an agent may change it.
    Severity {
        Critical => "critical",
        Major => "major",
        Minor => "minor",
    }
);

string_enum!(
    /// A customer's fault, or a network incident that many faults hang on (R-TRIAGE-6).
    TicketKind {
        Fault => "fault",
        Incident => "incident",
    }
);

string_enum!(
    /// Who may read a note (R-INFORM-2: customers never see internal notes).
    Visibility {
        Public => "public",
        Internal => "internal",
    }
);

/// Where a ticket is in the procedure, beside its TMF status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Queued to or being triaged by CSM (R-INTAKE-6, R-TRIAGE-1).
    WithCsm,
    /// With a second-level group (R-TRIAGE-4), or a mass incident owned by it.
    Escalated(SecondLevel),
    /// Second level handed its solution back; CSM confirms it (R-TRIAGE-4 → R-TRIAGE-2).
    SolutionReturned,
    /// Point fault: the customer takes the device to a center (R-TRIAGE-5).
    AwaitingRepair,
    /// Hanging on a mass incident owned by a second-level group (R-TRIAGE-6).
    LinkedToIncident(SecondLevel),
    /// A center certified the repair and told CSM (R-REPAIR-2, R-REPAIR-4).
    Repaired,
    /// Solved by CSM, second level or a mass incident (R-TRIAGE-2).
    Resolved,
    /// Closed by CSM (R-CLOSE-1).
    Closed,
    /// Cancelled with a reason.
    Cancelled,
}

impl Stage {
    /// Every stage, second-level variants expanded.
    pub fn all() -> Vec<Stage> {
        let mut v = vec![
            Stage::WithCsm,
            Stage::SolutionReturned,
            Stage::AwaitingRepair,
        ];
        for g in SecondLevel::ALL {
            v.push(Stage::Escalated(g));
            v.push(Stage::LinkedToIncident(g));
        }
        v.extend([
            Stage::Repaired,
            Stage::Resolved,
            Stage::Closed,
            Stage::Cancelled,
        ]);
        v
    }

    /// The stage name stored and shown (the group travels separately).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::WithCsm => "with_csm",
            Stage::Escalated(_) => "escalated",
            Stage::SolutionReturned => "solution_returned",
            Stage::AwaitingRepair => "awaiting_repair",
            Stage::LinkedToIncident(_) => "linked_to_incident",
            Stage::Repaired => "repaired",
            Stage::Resolved => "resolved",
            Stage::Closed => "closed",
            Stage::Cancelled => "cancelled",
        }
    }

    /// The queue that owns the ticket at this stage. CSM owns every ticket
    /// end to end except while a second-level group works on it.
    pub fn group(self) -> &'static str {
        match self {
            Stage::Escalated(g) | Stage::LinkedToIncident(g) => g.as_str(),
            _ => "csm",
        }
    }

    /// The role whose people work the ticket at this stage and may own it
    /// (take it, be assigned it): CSM's agents, or the second-level group's.
    pub fn working_role(self) -> crate::role::Role {
        match self {
            Stage::Escalated(g) | Stage::LinkedToIncident(g) => g.role(),
            _ => crate::role::Role::Csm,
        }
    }

    /// Rebuilds a stage from its stored name and group.
    pub fn from_parts(stage: &str, group: &str) -> Result<Stage, String> {
        let second = || group.parse::<SecondLevel>();
        Ok(match stage {
            "with_csm" => Stage::WithCsm,
            "escalated" => Stage::Escalated(second()?),
            "solution_returned" => Stage::SolutionReturned,
            "awaiting_repair" => Stage::AwaitingRepair,
            "linked_to_incident" => Stage::LinkedToIncident(second()?),
            "repaired" => Stage::Repaired,
            "resolved" => Stage::Resolved,
            "closed" => Stage::Closed,
            "cancelled" => Stage::Cancelled,
            other => {
                return Err(format!(
                    "unknown stage '{other}'; expected one of with_csm, escalated, solution_returned, awaiting_repair, linked_to_incident, repaired, resolved, closed, cancelled"
                ));
            }
        })
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a ticket the state machine decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    pub kind: TicketKind,
    pub status: Status,
    pub stage: Stage,
}

impl Position {
    /// Where a newly reported fault starts: acknowledged, queued to CSM (R-INTAKE-6).
    pub fn new_fault() -> Self {
        Self {
            kind: TicketKind::Fault,
            status: Status::Acknowledged,
            stage: Stage::WithCsm,
        }
    }

    /// Where a new mass incident starts: in progress at its second-level group.
    pub fn new_incident(owner: SecondLevel) -> Self {
        Self {
            kind: TicketKind::Incident,
            status: Status::InProgress,
            stage: Stage::Escalated(owner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_through_their_stored_parts() {
        for stage in Stage::all() {
            assert_eq!(
                Stage::from_parts(stage.as_str(), stage.group()).unwrap(),
                stage
            );
        }
    }

    #[test]
    fn statuses_use_tmf621_names() {
        assert_eq!(Status::InProgress.as_str(), "inProgress");
        assert_eq!("inProgress".parse::<Status>().unwrap(), Status::InProgress);
        assert!("in_progress".parse::<Status>().is_err());
        assert_eq!(Status::ALL.len(), 8);
    }
}
