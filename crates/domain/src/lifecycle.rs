//! The ticket lifecycle as a state machine: given where a ticket is, what is
//! asked and by which role, [`decide`] answers the new position or a typed
//! refusal. Nothing else in the system may change a ticket's status or stage.

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use crate::role::{Role, SecondLevel};
use crate::ticket::{Position, Stage, Status, TicketKind};

/// A step of the procedure that moves a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "group")]
pub enum Action {
    /// CSM takes the ticket from its queue and starts the attention protocol (R-TRIAGE-1).
    StartWork,
    /// CSM solved it at first level (R-TRIAGE-2), or confirms a returned solution.
    Resolve,
    /// CSM classifies it as a point fault: repair at a center (R-TRIAGE-3, R-TRIAGE-5).
    ClassifyPointFault,
    /// CSM escalates it to the second-level group of its fault type (R-TRIAGE-4).
    Escalate(SecondLevel),
    /// The second-level group hands its solution back to CSM (R-TRIAGE-4).
    ReturnSolution,
    /// A center certifies the repair and tells CSM (R-REPAIR-2, R-REPAIR-4).
    CertifyRepair,
    /// Hang the fault on a mass incident owned by that group (R-TRIAGE-6).
    LinkToIncident(SecondLevel),
    /// Take the fault off its mass incident; it returns to CSM.
    UnlinkFromIncident,
    /// The parent incident was resolved, so this child is too (R-TRIAGE-6).
    ResolveWithIncident,
    /// The owning group (or CSM) resolves a mass incident (R-TRIAGE-6).
    ResolveIncident,
    /// The customer does not accept the resolution: back to CSM.
    RejectResolution,
    /// CSM closes a resolved ticket (R-CLOSE-1).
    Close,
    /// The ticket is withdrawn, with a reason.
    Cancel,
}

impl Action {
    /// Every action, second-level variants expanded; for exhaustive tests.
    pub fn all() -> Vec<Action> {
        let mut v = vec![
            Action::StartWork,
            Action::Resolve,
            Action::ClassifyPointFault,
            Action::ReturnSolution,
            Action::CertifyRepair,
            Action::UnlinkFromIncident,
            Action::ResolveWithIncident,
            Action::ResolveIncident,
            Action::RejectResolution,
            Action::Close,
            Action::Cancel,
        ];
        for g in SecondLevel::ALL {
            v.push(Action::Escalate(g));
            v.push(Action::LinkToIncident(g));
        }
        v
    }

    /// Stable name for the API, the audit log and error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::StartWork => "start_work",
            Action::Resolve => "resolve",
            Action::ClassifyPointFault => "classify_point_fault",
            Action::Escalate(_) => "escalate",
            Action::ReturnSolution => "return_solution",
            Action::CertifyRepair => "certify_repair",
            Action::LinkToIncident(_) => "link_to_incident",
            Action::UnlinkFromIncident => "unlink_from_incident",
            Action::ResolveWithIncident => "resolve_with_incident",
            Action::ResolveIncident => "resolve_incident",
            Action::RejectResolution => "reject_resolution",
            Action::Close => "close",
            Action::Cancel => "cancel",
        }
    }

    /// Roles that may ever take this action, whatever the ticket.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::StartWork
            | Action::Resolve
            | Action::ClassifyPointFault
            | Action::Escalate(_)
            | Action::Close => &[Csm],
            Action::ReturnSolution => &[Cor, Sigis, Gsac],
            Action::CertifyRepair => &[InstallationCenter],
            Action::LinkToIncident(_)
            | Action::UnlinkFromIncident
            | Action::ResolveWithIncident
            | Action::ResolveIncident => &[Csm, Cor, Sigis, Gsac],
            Action::RejectResolution => &[Customer, SalesConsultant, Teleservice, Csm, Integration],
            Action::Cancel => &[Csm, Customer, Integration],
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Escalate(g) | Action::LinkToIncident(g) => write!(f, "{} ({g})", self.as_str()),
            _ => f.write_str(self.as_str()),
        }
    }
}

/// Why the procedure refuses an action. Nothing changes when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// The role may never take this action (HTTP 403).
    #[error("role {role} may not {action}")]
    RoleMayNot { role: Role, action: Action },
    /// The role may take the action, but not on a ticket owned by another group (HTTP 403).
    #[error("role {role} may not {action} a ticket held by {owner}")]
    NotOwner {
        role: Role,
        action: Action,
        owner: &'static str,
    },
    /// The action makes no sense from where the ticket is (HTTP 409).
    #[error("cannot {action} a {kind} ticket that is {status} at stage {stage}")]
    IllegalTransition {
        action: Action,
        kind: TicketKind,
        status: Status,
        stage: Stage,
    },
}

/// The position the ticket moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub stage: Stage,
}

impl Outcome {
    fn at(status: Status, stage: Stage) -> Result<Outcome, ()> {
        Ok(Outcome { status, stage })
    }
}

/// Decides whether `role` may take `action` on a ticket at `from`, and where
/// the ticket goes. Role first (403), then legality (409), then ownership
/// (403): a stranger learns nothing about the ticket's state.
pub fn decide(from: Position, action: Action, role: Role) -> Result<Outcome, Refusal> {
    if !action.roles().contains(&role) {
        return Err(Refusal::RoleMayNot { role, action });
    }
    let outcome = transition(from, action).map_err(|()| Refusal::IllegalTransition {
        action,
        kind: from.kind,
        status: from.status,
        stage: from.stage,
    })?;
    check_owner(from, action, role)?;
    Ok(outcome)
}

/// The transition table, without roles.
fn transition(from: Position, action: Action) -> Result<Outcome, ()> {
    use Stage as S;
    use Status::*;
    use TicketKind::*;

    let Position {
        kind,
        status,
        stage,
    } = from;
    let open = matches!(status, Acknowledged | InProgress);
    match (kind, action) {
        (Fault, Action::StartWork) if status == Acknowledged && stage == S::WithCsm => {
            Outcome::at(InProgress, S::WithCsm)
        }
        (Fault, Action::Resolve) if open && matches!(stage, S::WithCsm | S::SolutionReturned) => {
            Outcome::at(Resolved, S::Resolved)
        }
        (Fault, Action::ClassifyPointFault) if open && stage == S::WithCsm => {
            Outcome::at(Pending, S::AwaitingRepair)
        }
        (Fault, Action::Escalate(g))
            if open && matches!(stage, S::WithCsm | S::SolutionReturned) =>
        {
            Outcome::at(InProgress, S::Escalated(g))
        }
        (Fault, Action::ReturnSolution)
            if status == InProgress && matches!(stage, S::Escalated(_)) =>
        {
            Outcome::at(InProgress, S::SolutionReturned)
        }
        (Fault, Action::CertifyRepair) if status == Pending && stage == S::AwaitingRepair => {
            Outcome::at(Resolved, S::Repaired)
        }
        (Fault, Action::LinkToIncident(g))
            if open && matches!(stage, S::WithCsm | S::Escalated(_) | S::SolutionReturned) =>
        {
            Outcome::at(InProgress, S::LinkedToIncident(g))
        }
        (Fault, Action::UnlinkFromIncident | Action::ResolveWithIncident)
            if status == InProgress && matches!(stage, S::LinkedToIncident(_)) =>
        {
            if action == Action::UnlinkFromIncident {
                Outcome::at(InProgress, S::WithCsm)
            } else {
                Outcome::at(Resolved, S::Resolved)
            }
        }
        (Incident, Action::ResolveIncident)
            if status == InProgress && matches!(stage, S::Escalated(_)) =>
        {
            Outcome::at(Resolved, S::Resolved)
        }
        (Fault, Action::RejectResolution) if status == Resolved => {
            Outcome::at(InProgress, S::WithCsm)
        }
        (_, Action::Close) if status == Resolved => Outcome::at(Closed, S::Closed),
        (_, Action::Cancel) if matches!(status, Acknowledged | InProgress | Pending | Held) => {
            Outcome::at(Cancelled, S::Cancelled)
        }
        _ => Err(()),
    }
}

/// Ownership rules that depend on the ticket as well as the role.
fn check_owner(from: Position, action: Action, role: Role) -> Result<(), Refusal> {
    let owner = from.stage.group();
    let refuse = || {
        Err(Refusal::NotOwner {
            role,
            action,
            owner,
        })
    };
    match action {
        // Only the group the fault was escalated to hands a solution back.
        Action::ReturnSolution if role.second_level() != escalated_to(from.stage) => refuse(),
        // Incidents and their children are handled by their owning group or CSM.
        Action::ResolveIncident | Action::UnlinkFromIncident | Action::ResolveWithIncident
            if role != Role::Csm && role.second_level() != escalated_to(from.stage) =>
        {
            refuse()
        }
        // A customer (or a system speaking for one) may withdraw a report
        // only before CSM starts on it.
        Action::Cancel if role != Role::Csm && from.status != Status::Acknowledged => refuse(),
        // Only CSM cancels an incident; customers own no incidents.
        Action::Cancel if role != Role::Csm && from.kind == TicketKind::Incident => refuse(),
        _ => Ok(()),
    }
}

fn escalated_to(stage: Stage) -> Option<SecondLevel> {
    match stage {
        Stage::Escalated(g) | Stage::LinkedToIncident(g) => Some(g),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
